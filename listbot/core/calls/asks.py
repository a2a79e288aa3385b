"""What a post asks of its reader: to send work, or only to give time, apply for a job, run an errand. Pure.

A call for submissions asks people to *send work*: abstracts, essays, articles, proposals, nominations with
a dossier, applications to present or co-lead. Many posts that look like calls ask something else:

- **time**: reviewers, judges, graders, volunteers, session chairs ("if you'd be willing to judge");
- **a job**: a position with a start date, a salary, interviews ("applications close November 30");
- **an errand**: paperwork by a date from people already members or already chosen (a supervision log,
  dues, CME claims, ballots, receipts, evaluation forms);

and some only talk about calls:

- **a record**: minutes, a committee report, a newsletter's news section;
- **a closed call**: "submissions closed on Friday", "the deadline has passed".

``asks_of`` finds the direct asks (the imperative "send your piece", the first person "we invite
abstracts", the reader addressed "if you'd like to present", the work itself "essays should be emailed to")
and sorts each by what it asks for; ``not_a_call`` turns the post's form and asks into the one reason it is
not a call, or None. A post that asks for work anywhere is judged as a call by ``detect``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

# -- what is asked for ------------------------------------------------------------------------------

# the people who bring the work a call asks for
PEOPLE = (
    r"presenters?|co-?presenters?|speakers?|panelists?|facilitators?|co-?leaders?|leaders?|co-?leader pairs?|co-?leads?|"
    r"authors?|contributors?|columnists?|writers?"
)
# the work a call asks for (and the people who bring it)
THINGS = (
    r"abstracts?|proposals?|papers?|essays?|articles?|pieces?|manuscripts?|submissions?|entries|entry|"
    r"(?:book|film|movie) reviews?|"
    r"stor(?:y|ies)|reflections?|vignettes?|posters?|workshops?|presentations?|talks?|pitch(?:es)?|"
    r"letters?|drafts?|nominations?|dossiers?|statements?|outlines?|descriptions?|summar(?:y|ies)|"
    r"paragraphs?|columns?|recaps?|photos?|photographs?|videos?|materials?|contributions?|chapters?|"
    r"poems?|narratives?|commentar(?:y|ies)|modules?|episodes?|(?:case |brief )?reports?|titles?|blog posts?|"
    r"studies|(?:original )?research|cases|scenarios|write-?ups?|blurbs?|syllab(?:us|i|uses)|reading lists?|tips|"
    r"handouts?|exercises?|pages?|sentences|pearls?|haikus?|one-liners?|drawings?|tip|clips?|(?:voice )?memos?"
    r"|pictures?"
    r"|recordings?|images?|pics|paras?|noms|quotes|testimonials|texts"
)
WORK = THINGS + "|" + PEOPLE
# people asked to give their time, not to bring work
TIME = (
    r"(?:peer[- ])?reviewers?|judges?|graders?|raters?|scorers?|evaluators?|volunteers?|"
    r"(?:session )?(?<!['\u2019]s )chairs?|"  # (not "The Chaplain's Chair", a column's name)
    r"moderators?|(?:room )?hosts?|ushers?|greeters?|marshals?|timekeepers?|note-?takers?|proctors?|mentors?|"
    r"helpers?|ambassadors?|proofreaders?|consultants?|join (?:the|our) (?:[\w-]+ ){0,3}(?:committee|board|council|panel)|(?:board|council|committee|officer) elections?|(?:faculty )?examiners?|standardi[sz]ed patients?|preceptors?|(?:consulting|associate|contributing|section) editors?|editorial board(?: members?)?|members?(?=\s*(?:$|who\b|to\b|for\b|of\b|from\b|[,.;:(]))|(?:review|judging|selection|scoring|grading) (?:panel|committee|team)s?|"
    r"(?:new |committee |board |council )members?|"
    r"panels? of (?:judges|reviewers|readers|graders)|(?:open |vacant |at-large )seats?|seats? (?:open(?:ing)?|available)\b|(?:committee|board|council) seats?|seats on the (?:[\w-]+ ){0,3}(?:committee|board|council)"
)
# what people already members, or already chosen, send by a date
ERRAND = (
    r"logs?|dues|fees?|payments?|claims?|ballots?|votes?|receipts?|reimbursements?|invoices?|evaluations?|evals?|"
    r"(?:evaluation|reimbursement|availability|registration|consent|disclosure|reviewer interest) forms?|"
    r"(?:visa |travel )?(?:invitation|support) letters?|letters? of invitation|visa (?:letters?|applications?)|"
    r"requests?|"
    r"paperwork|attendance|availability|headshots?|slides|disclosures?|registrations?|rsvps?|w-?9s?|"
    r"timesheets?|renewals?|credentialing|certificates?|transcripts?|cme|ce credits?|credits?|hours|subscriptions?|"
    r"attestations?|documentation|verifications?|self-assessments?|memberships?|surveys?|questionnaires?|"
    r"licen[cs]es?|expense reports?|numbers|counts|agenda items?|invoices?|(?:re)?certification|scores|ratings|"
    r"(?:annual|activity|progress) reports?|profiles?|enrol(?:l?ments?)?|enroll(?:ing)?"
)
# what a job application is made of
JOB_PAPERS = r"cv|c\.v\.|curriculum vitae|r[ée]sum[ée]|cover letter"

_WORK_RE = re.compile(r"\b(?:" + WORK + r")\b", re.IGNORECASE)
_PEOPLE_RE = re.compile(r"\b(?:" + PEOPLE + r")\b", re.IGNORECASE)
THINGS_RE = re.compile(r"\b(?:" + THINGS + r")\b", re.IGNORECASE)
# (not in the possessive: "the book reviewers' column" names a column)
_TIME_RE = re.compile(r"\b(?:" + TIME + r")\b(?!['\u2019](?:s\b)?\s*[a-z])", re.IGNORECASE)
_ERRAND_RE = re.compile(r"\b(?:" + ERRAND + r")\b", re.IGNORECASE)
_JOB_RE = re.compile(r"\b(?:" + JOB_PAPERS + r")(?![a-z])", re.IGNORECASE)

# -- how it is asked --------------------------------------------------------------------------------

# a request put as a question: "Would you consider sending us a photo of the room?"
CONSIDER_SENDING = r"consider (?:sending|submitting|writing|sharing|offering|proposing|contributing)"

_SEND = (
    r"send|submit|e-?mail|upload|share|propose|offer|nominate|forward|complete|renew|pay|claim|return|have(?=\s+your\b)"
    r"|write|draft|toss|get(?=\s+(?:your\s+|the\s+|a\s+|an\s+)?[\w-]+\s+to\s+(?:me|us\b|the\s+(?:editors?|committee"
    r"|organi[sz]ers)\b|\s{3,}))|reply (?:to (?:me|us) |off-?list |directly )?with"
    r"|fill (?:out|in)|sign|file|turn in"
    r"|" + CONSIDER_SENDING
)
# the people of a list a writer addresses as a group
ADDRESSED = (
    r"(?:other\s+|fellow\s+|experienced\s+|newer\s+)?(?:leaders|members|colleagues|folks|residents|faculty"
    r"|readers|trainees|fellows|clinicians)|those\s+of\s+you(?:\s+[\w-]+){0,6}?|you\s+all|y'all|all\s+of\s+you"
)
# asks whose object follows the verb: the imperative, the first person, a body in its own name
_ASK_AFTER: tuple[re.Pattern[str], ...] = (
    # "please send your piece", "send me a title", "If that's you, send a statement", "to submit a poster"
    re.compile(
        r"(?:^|[.!?:;,\n(][\"\u201d')]*\s*|\s-+\s+|(?<!\bwe )(?<!\bi )\b(?:please|kindly|just|simply|then|and|can|could|would"
        r"|should|must|may|you|(?:forget|hesitate|remember) to)\s+"
        r"|\b(?:you|them|everyone|anyone|all|members|residents|colleagues|students|trainees|people|us|"
        r"invited|encouraged|welcome)\s+to\s+"
        # the hesitant invitation: "I wonder if anyone might be willing to write a few paragraphs"
        r"|\b(?:might|would|could)\s+be\s+(?:willing|inclined)\s+to\s+"
        # the list's people asked by name: "Could leaders send me a paragraph" (not "Could anyone send me
        # articles?", a member asking for reading)
        r"|\b(?:could|would|can|will|might)\s+(?:" + ADDRESSED + r")\s+(?:please\s+)?"
        r"|\b(?:could|can|may|might)\s+(?:i|we)\s+(?:please\s+)?(?=have\b))"  # "Could I have your pieces by ..."
        r"(?:"
        + _SEND
        + r")\b(?!\s+you\b)(?P<object>[^.!?;\n]{0,80})",  # "(they'll) send you the draft": the reader gets it
        re.IGNORECASE | re.MULTILINE,
    ),
    # the first person, now: "we invite abstracts", "we're looking for vignettes", "we'd be glad of pieces"
    re.compile(
        r"\b(?:we|i)(?:'re|'m|'d| are| am| would| do| also| now| particularly| especially| warmly| very| still"
        # "I'll take submissions through the 20th" (not "we'll invite presenters in March": a plan)
        r"|(?:'ll| will) (?:keep|continue|still be)|(?:'ll| will)(?=\s+(?:take|accept|welcome)\b)){0,3}"
        r"\s+(?:keep |continue |still )?"
        r"(?:invit\w*|welcom\w*|seek\w*|solicit\w*|looking for|after|could use|collat\w*|compil\w*|assembl\w*"
        r"|(?:be )?(?:very |so )?(?:delighted|happy|glad|pleased|thrilled) to (?:include|feature|publish|print|receive"
        r"|read|consider)"
        r"|(?:putting|pulling) together|rounding up|(?:like|love|want) to (?:run|feature|include"
        r"|publish|print|collect|gather|receive|compile)|lov(?:e|ing)|like|collect\w*|gather\w*|"
        # "we ask for a reflection of around 500 words", "we request a one-page proposal"
        r"ask(?:ing)? for|request(?:ing)?|"
        r"tak(?:e|ing)|accept(?!ed)\w*|recruit\w*|need|want|encourag\w*|hop(?:e|ing) for|be (?:very )?(?:glad|grateful)"
        r" (?:of|for)|hop(?:e|ing) to (?:gather|collect|get|receive|include|feature|publish|see|hear))\b"
        r"(?P<object>[^.!?;\n]{0,80})",
        re.IGNORECASE,
    ),
    # a body asking in its own name: "the journal invites manuscripts", "the committee needs reviewers"
    re.compile(
        r"\b(?:invites|welcomes|seeks|solicits|needs|accepts|takes|(?:still )?(?:has|have) (?:space|room) for"
        # "the newsletter editors would love to publish short reflections"
        r"|would (?:love|like|be (?:very |so )?(?:glad|happy|delighted|pleased)) to (?:publish|print|receive|feature"
        r"|include|consider|collect)"
        r"|(?:is|are|and am|and are) (?:now |still |always )?(?:inviting"
        r"|seeking|soliciting|looking for|recruiting|collecting|gathering|taking))\b(?P<object>[^.!?;\n]{0,80})",
        re.IGNORECASE,
    ),
    # the subject left out, as written in a hurry: "need poster proposals for ...", "- still want stories",
    # "Still taking case summaries for the packet"
    re.compile(
        r"(?:^|(?<=[.!?;:])\s+|\s[-\u2014]+\s*)(?:still\s+|urgently\s+|really\s+|now\s+)?"
        r"(?:need|want|looking for|seeking|taking|accepting|collecting)\b"
        r"(?P<object>[^.!?;\n]{0,80})",
        re.IGNORECASE | re.MULTILINE,
    ),
)
# the work, then where it goes, after a comma or a dash: "a piece -- 300 words on your first group, to me by EOW"
_WORK_THEN_TO_ME = re.compile(
    r"\b(?:(?:an?|one|\d+)\s+)?(?:[\w-]+\s+){0,2}(?:pieces?|essays?|stor(?:y|ies)|reflections?|poems?|vignettes?"
    r"|paragraphs?|sentences|abstracts?|proposals?|write-?ups?|\d[\d,]*\s*(?:words|wds?))\b[^.!?\n]{0,60}?(?:,|\s[-\u2014]+)\s*"
    r"to (?:me|us)\b",
    re.IGNORECASE,
)
# work asked for a publication: "anyone have pics from the intensive for the newsletter?"
_HAVE_FOR = re.compile(
    r"\b(?:does\s+)?(?:anyone|anybody|any of you|someone)\s+(?:have|has|got)\s+(?P<object>[^.!?;\n]{1,80}?)\s+for\s+"
    r"(?:the|our|my|a|this)\s+(?:[\w-]+\s+){0,2}(?:newsletter|journal|blog|website|issue|anthology|brochure|packet"
    r"|column|collection|book|volume|podcast|slideshow|exhibit)\b",
    re.IGNORECASE,
)
# asked to read others' work: "could you review 8-10 proposals?", "help us score the essays": time
_TIME_ASK = re.compile(
    r"\b(?:please|can you|could you|would you|will you|help us|to|and)\s+(?:help\s+)?(?:review|judge|grade|score"
    r"|rate|evaluate|rank|read and (?:score|rank|rate))\b(?P<object>[^.!?;\n]{0,60})",
    re.IGNORECASE,
)
# "your welcome packet", "the welcome reception": "welcome" that names a thing, not work that is welcome
_WELCOME_THING = (
    r"(?:packets?|packs?|kits?|letters?|e-?mails?|messages?|notes?|receptions?|dinners?|lunch(?:es)?|breakfasts?"
    r"|sessions?|remarks|address|bags?|videos?|calls?|meetings?|party|parties|events?|tables?|desks?|booklets?"
    r"|pages?|committees?)\b"
)
# asks whose object comes first: "essays should be emailed to", "letters are welcome", "reviewers needed"
# (each is the words after the object: the object is the up to 80 characters before them, in the same
# clause; see _objects_before; "(?<!\s)\s+" is "\s+" tried once per run of spaces, not from each space)
_ASK_BEFORE: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:should|must|can|may|needs? to|ha(?:ve|s) to)\s+(?:be\s+)?(?:sent|submitted|e-?mailed|"
        r"uploaded|received|reach(?:es)? (?:us|me|the))\b",
        re.IGNORECASE,
    ),
    re.compile(
        # ("than I needed": a pronoun's verb, not the work's)
        r"(?<!\s)(?<!\bI)(?<!\bwe)(?<!\byou)(?<!\bthey)\s+(?:(?:are|is)\s+(?:very\s+|most\s+|warmly\s+|always\s+|also\s+"
        r"|all\s+)?"
        r"(?:welcome|invited|sought|wanted|needed|accepted)|(?:always\s+|very\s+|most\s+)?welcome(?!\s+"
        + _WELCOME_THING
        + r")"
        r"|wanted|needed|sought)\b",
        re.IGNORECASE,
    ),
    # "an outline of a chapter by the 1st March would be grand"
    re.compile(
        r"(?<!\s)\s+would be (?:very |most |really )?(?:great|grand|lovely|wonderful|ideal|perfect|welcome"
        r"|appreciated|helpful)\b",
        re.IGNORECASE,
    ),
)
# a request that ends "please": "title plus two lines, by end of next week please." (object first, as above)
_PLEASE = re.compile(r"(?<!\s)\s+please(?=\s*[.!]|\s*$|\s*(?:--|\u2014|-\s))", re.IGNORECASE | re.MULTILINE)
# an errand's own verbs: "please renew by January 31", "vote by Friday"; with no noun they are weak (they
# decide only where they set the post's deadline)
_ERRAND_VERBS = re.compile(
    r"(?:^|[.!?:;,\n(]\s*|\b(?:please|kindly|and|to|you|must|should)\s+)(?:renew|pay|vote|register|rsvp"
    r"|confirm (?:your )?(?:attendance|registration|spot|place)|sign up to (?:attend|help|volunteer))\b",
    re.IGNORECASE | re.MULTILINE,
)
# what is due, said of the thing: "dues are due January 31", "the deadline to claim credit": these tell an
# errand (or a job, or time) apart; of work they only repeat a call ("essays are due February 5" in a report)
_DUE: tuple[re.Pattern[str], ...] = (
    re.compile(  # the words after the object, as in _ASK_BEFORE
        r"(?<!\s)\s+(?:(?:(?:are|is)\s+)?(?:due|payable)|(?:must|should) be (?:completed|paid"
        r"|renewed|filed|claimed|returned|turned in))\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bdeadline (?:for|to (?:submit|file|claim|complete|renew|pay|return)) (?:your |the |all )?"
        r"(?P<object>[^.!?;\n]{0,60})",
        re.IGNORECASE,
    ),
    # "call for reviewers" asks for time; "call for proposals" is a call's name, said in reports too
    re.compile(r"\bcalls? for (?P<object>[^.!?;\n]{0,60})", re.IGNORECASE),
)
# the reader addressed: "if you'd like to present", "who would be willing to chair", "to be considered";
# each names a verb, which says what is asked
_READER: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:if you(?:'re| are)|anyone) (?:thinking|considering) (?:about |of )?(?P<thinking>submitting|proposing"
        r"|presenting|writing|applying|nominating|entering)\b",
        r"\b(?:interested in|volunteer to|sign up to) (?P<ing>[\w-]+)",
        r"\b(?:if you|who|would you|are you|anyone)\b(?:(?!\b(?:we|i)\b)[^.!?;\n]){0,40}?\b(?:likes?|wants?|wish(?:es)?|willing"
        r"|interested|able"
        r"|happy|keen)\b[^.!?;\n]{0,30}?\bto\s+(?P<verb>[\w-]+)(?P<rest>(?:\s+[\w-]+){0,3})",
        r"\b(?:people|someone|somebody|colleagues|members|folks|a few of you|two of you) (?:who can |willing )?to "
        r"(?P<people>[\w-]+)",
        r"\b(?:is|are) welcome to (?P<welcome>[\w-]+)",
        r"\bif you can (?P<can>[\w-]+)",
        # (not for a status: "to be considered for accreditation")
        r"\b(?P<considered>to be considered)\b(?!\s+for\s+(?:\w+\s+)?(?:accreditation|credential\w*|certification"
        r"|membership|promotion|renewal|tenure|the (?:post|position|job)))",
        # "if any of you ... would write a short update"
        r"\bif (?:any of )?you\b[^.!?;\n]{0,60}?\bwould (?P<verb>write|send|share|contribute|submit|offer)\b",
        # "nominate themselves or another member to serve on the committee"
        r"\bnominate (?:themselves|yourself|yourselves|oneself|a colleague|another member|someone|others?)\b"
        r"[^.!?;\n]{0,40}?\bto (?P<verb>[\w-]+)",
    )
)
_WORK_VERBS = frozenset(
    "write propose present lead co-lead colead submit contribute offer share apply nominate send pitch enter "
    "tell draft co-present copresent co-author coauthor co-write".split()
)
_TIME_VERBS = frozenset(
    "judg judge review grade grad chair moderate moderat volunteer host serve mentor staff score read critique "
    "proofread".split()
)
# where the noun phrase an ask names ends, and where a clause starts
_PHRASE_END = re.compile(
    r"\s(?:to|for|by|with|of|about|at|on|in|into|via|through|as|that|which|who|whose|from|if|so|before|within"
    r"|until|than|should|must|can|may|are|is|will|would)\b(?!-)|[,(:\u2014]|\s-+\s|--",  # ("at-large": no "at")
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.!?;:\u2014]|--|\s-\s", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|not|never|nothing|none)\b|n't\b", re.IGNORECASE)


@dataclass(frozen=True)
class Ask:
    """One direct ask in a post: what it asks for, and the words that ask."""

    kind: str  # "work" | "time" | "job" | "errand"
    phrase: str
    at: tuple[int, int] = (0, 0)  # where it is in the text
    strong: bool = True  # False: a verb without its noun ("renew by"), deciding only next to the deadline
    reported: bool = False  # a body asking in its own name ("the journal takes manuscripts"), as news can say


# the name of a body: "the Membership & Outreach Committee", "our CME Committee"
_BODY_NAME = re.compile(
    r"(?<=\b(?:the|our|his|her) )(?:[\w-]+\s+(?:&\s+|and\s+)?){1,4}(?=(?:committee|board|council|task force|section)\b)",
    re.IGNORECASE,
)


_HEAD_NOUN = re.compile(r"[\w-]+(?=[\s.,;:!?)]*$)")  # a noun phrase's last word: its head


def kind_of_phrase(phrase: str) -> str | None:
    """What a noun phrase asks for: an errand or job papers first, then people's time, then work.

    "proposal graders" are people giving time; "a CV and letter" a job application; "your reviewer interest
    form" an errand; "a 150-word statement" work.
    """
    named = _BODY_NAME.sub("", phrase)  # "the Membership Committee": a body's name asks no errand
    errand = _ERRAND_RE.search(named)
    head = _HEAD_NOUN.search(named)
    if errand and not (
        head
        and errand.end() <= head.start()
        and THINGS_RE.fullmatch(head.group(0))
        and not re.search(
            r"\b(?:per|for|of|in|on|to|from|with|by|at|and|or)\b|\d", named[errand.end() : head.start()]
        )
    ):
        # "Honorary Membership nominations": the errand's word names the kind, the work is the head noun
        return "errand"
    if _JOB_RE.search(named):
        return "job"
    if _TIME_RE.search(phrase) or _TIME_RE.search(named):
        return "time"
    if _WORK_RE.search(phrase):
        return "work"
    return None


def _head(text: str) -> str:
    """The noun phrase at the start of `text`: up to a preposition, a comma, a bracket or a dash."""
    m = _PHRASE_END.search(text)
    return text[: m.start()] if m else text


def unwrap(text: str) -> str:
    """Prose wrapped at ~72 columns joined into lines (a newline becomes a space: positions stay the same).

    A line is joined to the next when it is long (wrapped prose) and does not end with ":"; lists, blank
    lines and short lines (headings, table rows) stay as they are.
    """
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        joined = (
            len(line.strip()) >= 40
            and not line.rstrip().endswith(":")
            and nxt.strip() != ""
            and not re.match(r"\s*(?:[-*\u2022>]|\d{1,2}[.)])\s", nxt)
        )
        out.append(line + (" " if joined else "\n"))
    return "".join(out)[: len(text)]


@lru_cache(maxsize=4)  # a post the call model holds is read twice: the same text's asks are found once
def asks_of(text: str) -> tuple[Ask, ...]:
    """Every direct ask in the text, sorted by what it asks for (asks that name nothing are left out)."""
    text = unwrap(text)
    found: list[Ask] = []
    for pattern in _ASK_AFTER:
        for m in pattern.finditer(text):
            if _told(text, m.start()) or _negated_before(text, m.start()):
                continue
            if pattern is _ASK_AFTER[2] and text[sentence_at(text, m.start(), m.end())[1] :].startswith("?"):
                continue  # "Does anyone know a journal that takes personal essays like this?": asked about
            obj = m.group("object")
            if obj.strip() in ("", ":"):
                obj = _first_item(text, m.end())  # "What we're looking for:" and a list
            obj = _QUOTED_TITLE.sub("title", obj)  # 'a few more "What I wish I'd known as an intern" pieces'
            carried = _CARRIED.match(obj)
            if carried:  # "write to me by 10/2 with a few sentences": what the message carries is the object
                obj = obj[carried.end() :]
            kind = kind_of_phrase(_head(obj))
            if kind is None and _WRITE_SOMETHING.search(m.group(0)):
                kind = "work"  # "If you can write something over the weekend and send it to me"
            if kind is None and _IN_WORDS.search(obj) and not _ABOUT_ONESELF.search(obj):
                kind = "work"  # "Send a verbatim (up to about 4,000 words, with your reflection)": writing
            if kind == "work" and _COMPILING.search(m.group(0)) and _OWN_PRODUCT.match(_head(obj).strip()):
                kind = None  # "I compile a short report on the list's traffic": the writer's own
            if kind == "time" and _TO_WORK.search(obj[len(_head(obj)) :]):
                kind = "work"  # "a few volunteers to write short pieces"
            elif (
                kind == "work"
                and _PEOPLE_RE.search(_head(obj))
                and _first_task(obj[len(_head(obj)) :]) == "time"
            ):
                kind = "time"  # "experienced leaders who will be at the congress to chair sessions"
            if kind == "errand" and _COMPILING.search(m.group(0)[: m.start("object") - m.start()]):
                kind = None  # "we're putting together the annual report": the writers' own work, no errand
            if kind:
                found.append(Ask(kind, _squash(m.group(0)), m.span(), reported=pattern is _ASK_AFTER[2]))
    for m in _TIME_ASK.finditer(text):
        if (
            kind_of_phrase(_head(m.group("object"))) == "work"
        ):  # "review 8-10 proposals", not "review the rules"
            found.append(Ask("time", _squash(m.group(0)), m.span()))
    for m in _ERRAND_VERBS.finditer(text):
        start, end = sentence_at(text, m.start(), m.end())
        if not _WORK_RE.search(text[start:end]):  # "submit your abstract by March 1 and register by April 1"
            found.append(Ask("errand", _squash(m.group(0)), m.span(), strong=False))
    stated = [(p, True, True) for p in (*_ASK_BEFORE, _PLEASE)] + [
        (_DUE[0], True, False),
        (_DUE[1], False, False),
        (_DUE[2], False, False),
    ]
    for pattern, object_first, asks_work in stated:
        for start, end, clause in (
            _objects_before(pattern, text) if object_first else _objects_after(pattern, text)
        ):
            if object_first:  # the object is the clause before the verb
                starts = list(_CLAUSE_START.finditer(clause))
                clause = clause[starts[-1].end() :] if starts else clause
            head = _head(clause.strip())
            if _NEGATED.search(clause if pattern is _PLEASE else head):  # "no more entries, please"
                continue  # "no preparation beyond reading the abstracts is needed"
            kind = kind_of_phrase(head)
            if kind is None and pattern is not _PLEASE:
                # a list of what is welcome: "Old photos, programs, letters, recordings and your own written
                # recollections ... are all welcome" (its first item may be cut off at the clause's width)
                kind = next(
                    (
                        k
                        for part in re.split(r",|\band\b", clause)
                        if (k := kind_of_phrase(_head(part.strip())))
                    ),
                    None,
                )
            words = clause.strip().split()
            if not asks_work and kind == "time" and words and _WORK_RE.fullmatch(words[-1].strip(",;:")):
                kind = "work"  # "Mentor of the Year nominations are due": the nominations are what is due
            if kind is None and _ERRAND_RE.search(clause):
                kind = "errand"  # "portfolios for the spring credentialing cycle are due March 1"
            if kind == "work" and _PEOPLE_RE.search(head) and _TAKE_PART.match(text, end):
                kind = "time"  # "Any leader or co-leader is welcome to respond": to a survey, not with work
            elif kind == "time" and _INVITED.search(text, start, end) and _TO_SEND_WORK.match(text, end):
                # "members of affiliated societies are warmly invited to enter" (the essay prize); not
                # "reviewers are of course welcome to submit their own work as well", said in passing
                kind = "work"
            if kind == "work" and not asks_work:
                continue  # "essays are due February 5" repeats a call; it asks nobody
            if kind:
                found.append(Ask(kind, _squash(text[start:end]), (start, end)))
    for m in (m for pattern in _READER for m in pattern.finditer(text)):
        if _negated_before(text, m.start()):
            continue  # "I don't want people to write ..."
        g = m.groupdict()
        if g.get("considered"):
            found.append(Ask("work", _squash(m.group(0)), m.span()))
            continue
        if g.get("thinking"):
            found.append(Ask("work", _squash(m.group(0)), m.span()))
            continue
        verb = (g.get("verb") or g.get("welcome") or g.get("can") or g.get("people") or "").lower()
        if g.get("ing"):
            verb = re.sub(r"ing$", "", g["ing"].lower())
            verb = {
                "writ": "write",
                "shar": "share",
                "serv": "serve",
                "scor": "score",
                "propos": "propose",
            }.get(verb, verb)
        if verb == "be":
            # "willing to be observed", "interested to be a reviewer"; "happy to be a buddy" gives time
            rest = g.get("rest") or ""
            kind = kind_of_phrase(rest) or (
                "time"
                if re.match(r"\s+(?:an?|one|part|on|at|there|available|involved)\b", rest, re.I)
                else "work"
            )
        elif verb == "join":
            # "to join the Awards Committee" gives time ("to join a joint workshop" asks nothing)
            kind = "time" if kind_of_phrase("join" + (g.get("rest") or "")) == "time" else None
        else:
            kind = "work" if verb in _WORK_VERBS else "time" if verb in _TIME_VERBS else None
        if kind:
            found.append(Ask(kind, _squash(m.group(0)), m.span()))
    for m in _PRONOUN_SEND.finditer(text):
        # "Poems, short essays, drawings ... Send to me by the 1st": what is sent was named just before
        start, end = sentence_at(text, m.start(), m.end())
        # the sentence and the two or three before it, or its own words after ("get it to me by the weekend:
        # two or three sentences on a poem")
        named = text[max(0, start - NAMED_BEFORE) : end]
        kind = "work" if _WORK_RE.search(named) else None
        before = re.sub(r"\([^()\n]*\)", "", text[max(0, start - NAMED_BEFORE) : m.start()])  # not asides
        if (
            kind
            and not _WORK_RE.search(text[m.end() : end])
            and _last_end(_ERRAND_RE, before) > _last_end(_WORK_RE, before)
        ):
            kind = None  # "we need a W-9 by October 30. Please send it to finance@...": the errand named last
        if re.search(
            r"\b(?:i|we)(?:'ll|'d| will| would| can| could)\s+$",
            text[max(0, m.start() - 12) : m.start()],
            re.I,
        ):
            kind = None  # "I'll send it over": the writer sends
        if kind and not _negated_before(
            text, m.start()
        ):  # "don't send them to me", not "no patients, please"
            found.append(Ask(kind, _squash(m.group(0)), m.span()))
    for m in _IF_YOU_HAVE.finditer(text):
        obj = m.group("object")
        kind = kind_of_phrase(_head(obj))
        if kind is None and re.match(r"(?:one|some|any)\b", obj, re.IGNORECASE):
            # "If you have one: a one-page write-up"; "one" of what the post named before
            start, _ = sentence_at(text, m.start(), m.end())
            kind = "work" if _WORK_RE.search(text[max(0, start - NAMED_BEFORE) : m.end() + 80]) else None
        if kind == "work":  # "If anyone has a clinical teaching pearl sitting around"
            found.append(Ask(kind, _squash(m.group(0)), m.span()))
    for m in _WORK_BY.finditer(text):
        if kind_of_phrase(_head(m.group("object"))) == "work":  # "Entries by this Friday, to me."
            found.append(Ask("work", _squash(m.group(0)), m.span()))
    for m in _SIGN_UP.finditer(text):  # "To sign up, use the form ... and tick the mornings you're available"
        found.append(Ask("time", _squash(m.group(0)), m.span()))
    for m in _TO_SERVE.finditer(text):  # "... and would like to serve, please submit a letter of interest"
        found.append(Ask("time", _squash(m.group(0)), m.span()))
    for m in _WORK_TO_ME.finditer(text):
        found.append(Ask("work", _squash(m.group(0)), m.span()))
    for m in _WORK_THEN_TO_ME.finditer(text):
        if not _negated_before(text, m.start()):  # "a piece -- 300 words on your first group, to me by EOW"
            found.append(Ask("work", _squash(m.group(0)), m.span()))
    for m in _HAVE_FOR.finditer(text):
        if kind_of_phrase(_head(m.group("object"))) == "work":
            found.append(Ask("work", _squash(m.group(0)), m.span()))
    found = [_for_a_seat(text, a) for a in found]
    for m in _LEADING_ASK.finditer(text):
        if (
            kind_of_phrase(_head(m.group("object"))) == "work"
        ):  # "Collecting one-liners on ... for the slideshow."
            found.append(Ask("work", _squash(m.group(0)), m.span()))
    return tuple(found)


_WORK_LEAD = (
    r"(?:[\w-]+\s+){0,2}(?:entr(?:y|ies)|pieces?|submissions?|abstracts?|proposals?|essays?|drafts?|nominations?"
    r"|photos?|poems?|stor(?:y|ies)|reflections?|write-ups?|scripts?|vignettes?|cases?|haikus?|pearls?|one-liners?"
    r"|paragraphs?|paras?)"
)
# a sentence led by the work that goes to the writer: "Scripts to me by Wednesday 5pm", "Entries to me in
# the next two weeks", "Nominations are a name plus a short letter sent to me by the end of the month"
_WORK_TO_ME = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))" + _WORK_LEAD + r"\b[^.!?\n]{0,160}?\b(?:to me|to us|my way)\b",
    re.IGNORECASE | re.MULTILINE,
)
# people welcome to take part, not to bring work
_TAKE_PART = re.compile(
    r"\s+to\s+(?:respond|reply|answer|attend|join|participate|take part|come|fill|complete|vote|listen|observe)\b",
    re.IGNORECASE,
)
# people asked to send work: "members are invited to enter", "residents are encouraged to submit"
_TO_SEND_WORK = re.compile(
    r"\s+to\s+(?:enter|submit|send|propose|write|contribute|nominate)\b", re.IGNORECASE
)
_INVITED = re.compile(r"\b(?:invited|encouraged)\b", re.IGNORECASE)
# writing asked for without naming its form
_WRITE_SOMETHING = re.compile(
    r"\b(?:write|draft|jot down|pen)\s+(?:up\s+)?(?:something|anything|a few lines|a line or two|a little something)\b",
    re.IGNORECASE,
)
# a message that carries the work: "write to me (by 10/2) with", "email us with", "get in touch with"
_CARRIED = re.compile(
    r"\s*(?:(?:to\s+)?(?:me|us|the\s+editors?|the\s+committee)\b)?(?:\s+(?:by|before)\s+[^.!?;\n]{1,25}?)?\s+with\s+"
    r"(?!(?:any\s+)?(?:questions?|queries|thoughts)\b)",
    re.IGNORECASE,
)
# a title in quotation marks inside a noun phrase: its words are not the phrase's
_QUOTED_TITLE = re.compile(r"[\"\u201c][^\"\u201c\u201d\n]{1,80}[\"\u201d]")
# a thing measured in words is writing
_IN_WORDS = re.compile(
    # "1,000 words", "300-500 words", "three or four hundred words", "a few hundred words"
    r"\b(?:\d[\d,]*\s*(?:-\s*\d[\d,]*\s*)?|(?:[a-z]+\s+(?:or\s+[a-z]+\s+)?)?(?:hundred|thousand)\s+)(?:words|wds?)\b",
    re.IGNORECASE,
)
# a few words about oneself come with an offer of time as with a call ("a short bio (100 words or so)")
_ABOUT_ONESELF = re.compile(
    r"\bbio(?:graph\w*|s)?\b|\babout (?:yourself|you|your background)\b", re.IGNORECASE
)
# what a writer compiles for the list themselves
_OWN_PRODUCT = re.compile(
    r"(?:an?|the|my|our|this)\s+(?:[\w-]+\s+){0,2}(?:report|summary|digest|list|round-?up|overview)\b",
    re.IGNORECASE,
)
_COMPILING = re.compile(r"\b(?:putting|pulling) together|\bcompil\w*|\bassembl\w*|\bcollat\w*", re.IGNORECASE)
# a slot to fill: "To sign up, use the form", "sign up here by March 5", "sign-up sheet"
_SIGN_UP = re.compile(
    r"\bto sign up\b|\bsign(?:-| )?up (?:here|at|by|using|via|through|on (?:the|our))\b|\bsign-?up (?:sheet|form|link)\b",
    re.IGNORECASE,
)
# the reader offering service: "would like to serve", "willing to serve on", "interested in serving as"
_TO_SERVE = re.compile(
    r"\b(?:like|love|willing|want|wish|interested|able|happy|keen|glad)\s+(?:in\s+|to\s+)serv(?:e|ing)\b",
    re.IGNORECASE,
)
# an ask with its subject left out, at a sentence's start: "Collecting one-liners on the best teaching moment"
_LEADING_ASK = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))(?:now\s+)?(?:collecting|gathering|seeking|soliciting|looking for|accepting"
    r"|inviting|requesting)\b(?P<object>[^.!?;\n]{0,80})",
    re.IGNORECASE | re.MULTILINE,
)


# standing for a seat: an election's nominations, statements and bios ask for service, not work
_ELECTION = re.compile(
    r"\b(?:elections?|candidates?|run for|ballot|slate|(?:board|council|committee|at-large) seats?)\b",
    re.IGNORECASE,
)


def _for_a_seat(text: str, ask: Ask, topic: str = "") -> Ask:
    """Nominations, statements or bios asked for in a sentence about an election, or in a thread whose
    `topic` is one: time (service)."""
    if ask.kind != "work" or not re.search(
        r"\bnominat\w*|\bstatements?\b|\bbios?\b", ask.phrase, re.IGNORECASE
    ):
        return ask
    start, end = sentence_at(text, *ask.at)
    return replace(ask, kind="time") if _ELECTION.search(f"{topic}\n{text[start:end]}") else ask


def in_an_election(topic: str, text: str, asks: tuple[Ask, ...]) -> tuple[Ask, ...]:
    """The asks of a post in a thread about an election ("Re: Call for candidates: 2027 Board election"):
    its nominations, statements and bios stand for a seat."""
    if not _ELECTION.search(topic):
        return asks
    return tuple(_for_a_seat(text, a, topic) for a in asks)


NAMED_BEFORE = 300  # how far back "send them to me" looks for what "them" is

# a send with no noun of its own: "send to me by the 1st", "get them to me", "toss it my way"
_PRONOUN_SEND = re.compile(
    r"\b(?:send|get|toss|e-?mail|forward|pass|drop|shoot)\s+(?:it|them|one|yours|those|these)?\s*"
    r"(?:my way|to me|to us|over to me|along to me|over|to (?:her|him|them)(?=\s+at\b))\b|"
    # "get it to x@example.org by ..." (the address, or its blanks where addresses are masked)
    r"\b(?:send|get|e-?mail|forward)\s+(?:it|them|yours)\s+to(?=\s+[\w.+-]+@[\w-]+\.|\s*\n?[ \t]{6,})|"
    r"\bkeep (?:them|those|these|'em|\u2019em) coming\b"
    # "send it - a week from today latest", "send it anytime"
    r"|\bsend (?:it|them|'em)(?=\s*(?:[-\u2014,;!]|$|by\b|before\b|asap\b|any ?time\b|whenever\b))"
    r"|(?:^|(?<=[.!?]\s))to (?:me|us) by\b"  # "short poems about the work ... (line) to me by the 20th pls"
    r"|\b(?:(?:i|we)(?:'d| would)? )?need (?:them|it|these|those|yours)(?: back)? by\b",
    re.IGNORECASE,
)
# "if anyone has a pearl sitting around", "if you have a case you'd share"
_IF_YOU_HAVE = re.compile(
    r"\bif (?:anyone|you|any of you|someone)(?: all)? (?:has|have|'ve) (?:got )?(?P<object>(?:an?|any|one|some)\b[^.!?;\n]{0,60})",
    re.IGNORECASE,
)
# a sentence that is only the work and its date: "Entries by this Friday, to me."
_WORK_BY = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))(?P<object>(?:(?!(?:we|i|they|you|he|she|it|received|got|had|have|has|were|was"
    r"|sent|submitted|accepted|reviewed|read)\b)[\w-]+\s+){0,3}(?:entries|pieces|submissions|abstracts|proposals"
    r"|essays|drafts|nominations|photos|poems|stories|reflections|write-ups))\s+(?:by|before|due)\b",
    re.IGNORECASE | re.MULTILINE,
)


# "a statement of interest", "letters of interest", nominations: how people put themselves (or others)
# forward, for a role that gives time (a committee, the reviewers) as for work (to co-lead a workshop, an award)
_INTEREST = re.compile(
    r"\b(?:statements?|letters?|expressions?|notes?) of interest\b|\b(?:self-)?nominations?\b", re.IGNORECASE
)


def interest_follows(found: tuple[Ask, ...]) -> tuple[Ask, ...]:
    """A statement of interest asks for what the post's other asks ask for: time when they ask for time and
    nothing else asks for work ("join the program committee ... send a statement of interest by Jan 15").
    So do people named after a request for time: they are who may give it ("the committee needs a reviewer
    pool -- leaders, co-leaders and experienced members are all welcome").
    ``found``: all the post's asks, its subject's (``subject_asks``) and its text's (``asks_of``)."""
    first_time = min((a.at[0] for a in found if a.kind == "time"), default=None)
    interest = [
        a
        for a in found
        if a.kind == "work"
        and (
            _INTEREST.search(a.phrase)
            or first_time is not None
            and (first_time < a.at[0] or re.search(r"\bwelcome\b", a.phrase, re.IGNORECASE))
            and _PEOPLE_RE.search(a.phrase)
            and not THINGS_RE.search(a.phrase)
        )
    ]
    other_work = any(a.kind == "work" and a not in interest for a in found)
    if not interest or other_work or not any(a.kind == "time" for a in found):
        return found
    return tuple(replace(a, kind="time") if a in interest else a for a in found)


def _objects_before(after: re.Pattern[str], text: str, width: int = 80) -> Iterator[tuple[int, int, str]]:
    """Each match of "(?P<object>[^.!?;\\n]{0,width}?)" + `after`, as (start, end, object), found from the
    words after the object back to it.

    The same matches as that pattern's ``finditer``, in linear time: a pattern that starts with a free
    prefix is tried from every position of the text, which on a long line of prose costs seconds.
    """
    position = 0
    while (m := after.search(text, position)) is not None:
        stop = max(text.rfind(c, position, m.start()) for c in ".!?;\n")  # the object stays in its clause
        start = max(position, m.start() - width, stop + 1)
        yield start, m.end(), text[start : m.start()]
        position = m.end()


def _objects_after(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int, str]]:
    """Each match of `pattern` (its object after the words that ask) as (start, end, object)."""
    for m in pattern.finditer(text):
        yield m.start(), m.end(), m.group("object")


def subject_asks(subject: str) -> tuple[Ask, ...]:
    """A subject naming people to give time is the post's ask: "IBF 2027: volunteers to chair sessions",
    "Peer reviewers for the special issue" (each part of the subject is read for the noun it starts with)."""
    found = []
    parts = re.split(r"\s*(?::|--|\u2014|\u2013|\s-\s|\||\+|&)\s*", subject)
    for part in parts:
        # "Board election timeline", "election results": news of an election, asking nobody to stand
        # ("ABS members welcome to present": people asked to bring work)
        if (
            kind_of_phrase(_head(part)) == "time"
            and not _ELECTION_NEWS.search(part)
            and not _TO_WORK.search(part)
        ):
            found.append(Ask("time", _squash(part), (0, len(subject))))
    if not found and len(parts) > 1 and kind_of_phrase(_head(subject)) == "time":
        found.append(Ask("time", _squash(subject), (0, len(subject))))  # "Join the Membership & Outreach ..."
    return tuple(found)


_ELECTION_NEWS = re.compile(
    r"\belections?\s+(?:timeline|schedule|results?|dates?|update|news|calendar|reminder)\b", re.IGNORECASE
)


_TO_WORK = re.compile(
    r"\s+(?:to|who (?:can|will|would)|willing to) (?:\w+ )?(?:write|present|lead|co-lead|submit|share|contribute"
    r"|propose|offer|respond to (?:our|the|this|a) call)\b",
    re.IGNORECASE,
)


_INFINITIVE = re.compile(r"\bto\s+(?P<verb>[a-z-]+)", re.IGNORECASE)


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of `pattern` in `text` ends (-1: none)."""
    return max((m.end() for m in pattern.finditer(text)), default=-1)


def _first_task(text: str) -> str | None:
    """What people are asked to do, by the first infinitive naming a task: "to chair sessions" is time,
    "to present a case" work; None when no infinitive names one ("to the congress")."""
    for m in _INFINITIVE.finditer(text):
        verb = m.group("verb").lower()
        if verb in _WORK_VERBS:
            return "work"
        if verb in _TIME_VERBS or verb == "help":  # "co-facilitators to help run small groups"
            return "time"
    return None


def _first_item(text: str, end: int) -> str:
    """The first non-empty line after `end`, without its bullet: the first thing a list asks for."""
    for line in text[end : end + 300].splitlines()[1:]:
        if line.strip():
            return re.sub(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s*", "", line)
    return ""


def _told(text: str, start: int) -> bool:
    """Is the ask at `start` told rather than made: "we will invite presenters in March"."""
    before = text[max(0, start - 30) : start]
    return bool(
        re.search(r"\b(?:will|'ll|plan(?:s|ned)? to|expect(?:s|ed)? to|intend(?:s|ed)? to)\s*$", before)
    )


# a negation of the verb in the ask's own clause ("with no patients, please send" negates nothing; "If you
# haven't sent yours yet, please get it to me" neither: the comma ends its reach)
_NEGATION_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer|\bno need to)\b[^.!?;,\n]{0,30}$", re.IGNORECASE
)
_NOT_NEGATED = re.compile(r"(?:not?|n't)\s+(?:forget|hesitate|miss|delay|wait|be shy)\b", re.IGNORECASE)


def _negated_before(text: str, start: int) -> bool:
    """Is the ask at `start` negated in its clause: "it isn't fair to ask more people to write proposals",
    "I don't want people to write" (but "don't forget to send", "do not hesitate to submit" ask)."""
    negation = _NEGATION_BEFORE.search(text, max(0, start - 40), start)
    return negation is not None and not _NOT_NEGATED.match(text, negation.start())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:80]


# -- what kind of post it is --------------------------------------------------------------------------

# a job posting: two of these families (a call for co-leaders has none of them, or one)
_JOB_SIGNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:hiring|to hire|job posting|job opening|position description|the position|this position|vacanc(?:y|ies)"
        r"|(?:paid |summer |graduate )?internships?"
        r"|(?:is|are) recruiting (?:a|an|two|three|four|five|six|seven|eight|ten|\d)\b|recruiting (?:a|an) (?:full|part)"
        r"|(?:search|searching) for an?|post-?doctoral (?:fellowship|position|fellow)s?"
        r"|(?:faculty|staff|director|coordinator|psychologist|physician|clinician|manager|fellow|residency|fellowship"
        r"|training) positions?"
        r"|positions? (?:is|are) (?:open|available)|join our (?:faculty|team|department|practice)|employment"
        r"|posts? of (?:an? )?(?:senior|junior|assistant|associate|consultant|lecturer|professor|resident|registrar"
        r"|psychologist|psychiatrist|counsell?or|therapist))\b",
        r"\b(?:full[- ]time|part[- ]time|\d?\.\d+ fte|fte|sessional|\d+ hours(?:/| per )week|permanent post"
        r"|fixed[- ]term|tenure[- ]track|tenure (?:of )?\d+ years?|locum|contract basis|on contract|contract position"
        r"|independent contractor)\b",
        r"\b(?:salary|salaried|stipend(?:s|ed)?|compensation|plus benefits|benefits package|competitive benefits|per annum"
        r"|paid posts?|(?:rank|salary|pay) (?:is )?commensurate)\b",
        r"\bstart(?:ing)? date\b|\bstart(?:s|ing) (?:in |on )?(?:january|february|march|april|may|june|july|august|september"
        r"|october|november|december)(?: \d{1,2},?)? \d{4}\b",
        r"\binterviews?\b(?:\s*:|\s+(?:will|are|in|during|take|for|on|the week|to (?:follow|be held)))",
        r"\b(?:cv|curriculum vitae|r[ée]sum[ée]|cover letter|letter of application)(?![a-z])",
        r"\bright to work\b|/careers?\b|/jobs?\b|\bjobs? (?:portal|board|site)\b|\bequal opportunity employer\b|\b(?:eligible|suitable|shortlisted)"
        r" candidates\b|\battested copies\b|\b(?:required|preferred|minimum)"
        r" qualifications\b|(?m:^)\s*qualifications\s*:",
    )
)
_JOB_NAMED = re.compile(
    r"\b(?:job (?:posting|opening|opportunity|announcement)|(?:we are|we're|is|are) (?:now )?hiring|vacancy"
    r"|position (?:available|open)|open position|faculty opening|career opportunity"
    r"|post-?doctoral (?:fellowship|position)s?)\b",
    re.IGNORECASE,
)
_MINUTES = re.compile(r"\bminutes\b|\bmeeting notes\b", re.IGNORECASE)
# a record of what happened: minutes, notes, a report, an update, a newsletter's news
RECORD_SUBJECT = re.compile(
    r"\b(?:(?<!\d )minutes|meeting notes|notes from|report|news and notes|news & notes|(?:committee|board) update"
    r"|update from|recap|highlights|(?:meeting|board|committee) summary|summary of|in this issue|news from|round-?up"
    r"|president's (?:message|letter|column|report)|from the (?:president|chair)(?:'s desk)?"
    r"|(?:issue|edition|newsletter|bulletin) is (?:now )?(?:out|here|online|live|available)|this week (?:on|in|at)"
    r"|weekly (?:summary|digest|round-?up)|(?:19|20)\d\d in review|year in review)\b|^\s*summary\s*:",
    re.IGNORECASE,
)
# "Case Report Competition", "photos for the annual report": a report that is the work, or what it is for
_REPORT_AS_WORK = re.compile(
    r"\b(?:case |for (?:the|our|an?|this year's) (?:[\w-]+ )?)reports?$", re.IGNORECASE
)
_RECORD_OPENING = re.compile(
    r"\A\s*(?:[^\n]{0,40}\n+\s*)?(?:minutes of|here is what's inside|(?:the |our )?(?:monthly |weekly |quarterly )?newsletter of"
    r"|[^\n]{0,40}\ba weekly summary\b|[^\n]{0,40}\b(?:notes|highlights) from\b|(?:a )?summary of|here is (?:a |the |our )?(?:brief |short )?"
    r"[\w ]{0,40}\breport\b|a (?:quick |brief |short )?update from|(?:a |our |the )?(?:annual |quarterly )?"
    r"[\w ]{0,30}committee report)",
    re.IGNORECASE,
)
_RECORD_MARKS = re.compile(
    r"^\s*(?:present|attendees|absent|regrets)\s*:|\brespectfully submitted\b|^\s*next (?:meeting|call)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# a call announced as closed
_CLOSED = re.compile(
    r"\b(?:submissions?|abstract submission|proposal submissions?|the call|the (?:[\w-]+ )?portal|the contest|nominations"
    r"|applications|entries|(?:proposal|submission|nomination|application|abstract|call) (?:window|period)"
    r"|the (?:[\w-]+ ){0,3}(?:competition|contest|prize|window)|(?:our|this|my) call|calls? for (?:abstracts|proposals|papers"
    r"|submissions|essays|entries|pieces|nominations|poems|stories|workshops|posters|presentations|articles|vignettes"
    r"|chapters|reflections))\b"
    r"(?:[^.\n]|\n(?![ \t]*\n)){0,120}?\b(?:(?:is|are|has|have|was|were)\s+(?:now\s+)?(?:been\s+)?closed"
    r"|closed\s+(?:on|last|yesterday|at|this|over)\b|closed\s+\w+day\b|closed(?=[ \t]*(?:\n|$|[,;:!(\u2013\u2014]|-)))"
    r"|\b(?:the\s+)?(?:extended\s+)?deadline\s+(?:has\s+)?passed\b"
    r"|\bportal is (?:now )?closed\b|\bclosed to (?:new |further )?(?:entries|submissions|proposals|nominations)\b|\bno longer accept(?:ing)?\b|\bcan(?:'t|not) accept late\b"
    r"|\b(?:please )?(?:don't|do not) send (?:any )?(?:more|further)\b|\b(?:i'm|i am|we're|we are) (?:now )?closing (?:submissions|the call"
    r"|entries|it)\b|\bhold (?:any|all) (?:further|more|other)\b|\b(?:we|i)(?:'ve| have)? (?:received|got) (?:all|enough|plenty)\b"
    r"|\b(?:more|all) than (?:i|we) need(?:ed)?\b|\bno more (?:are |is )?needed\b"
    r"|\b(?:the )?deadline was (?:yesterday|last \w+|on \w+day)\b"
    r"|\b(?:contest|call|competition|submission period|submission window) (?:has|is) (?:now )?(?:ended|over)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Form:
    """What a post is, besides what it asks: a job posting, a record, a closed call."""

    job: tuple[str, ...] = ()  # the job signs found
    job_named: bool = False  # the post names itself a job posting ("we are hiring", "job opening")
    record: str | None = None  # why it reads as a record
    minutes: bool = False  # ... and the record is a meeting's minutes (its subject says so, or its marks)
    closed: str | None = None  # the words that close the call
    closed_at: tuple[int, int] = (0, 0)  # where they are in the text


def form_of(subject: str, body: str, text: str, topic: str = "") -> Form:
    """The post's form: `subject` its own subject, `body` the author's new words, `text` all it is read from;
    `topic` a reply's thread subject, which still says a job is a job ("Re: Behavioral health faculty
    position": "we're extending by two weeks: applications now close April 3")."""
    job = tuple(m.group(0) for p in _JOB_SIGNS for m in [p.search(text) or p.search(topic)] if m)
    job_named = bool(_JOB_NAMED.search(subject) or _JOB_NAMED.search(body))
    record, minutes = None, False
    said = next(
        (m for m in RECORD_SUBJECT.finditer(subject) if not _REPORT_AS_WORK.search(subject, 0, m.end())),
        None,
    )
    if said:
        record = f"the subject says {said.group(0)!r}"
        minutes = bool(_MINUTES.search(said.group(0)))
    elif _RECORD_OPENING.search(body):
        record = "it opens as a record"
    elif len(_RECORD_MARKS.findall(body)) >= 2:
        record, minutes = "it has a record's marks (present:, respectfully submitted, next meeting:)", True
    closed = _CLOSED.search(re.sub(r"(?<!\n)\n(?!\n)", " ", text))  # wrapped lines read as one (same offsets)
    if closed is None:
        return Form(job=job, job_named=job_named, record=record, minutes=minutes)
    return Form(
        job=job,
        job_named=job_named,
        record=record,
        minutes=minutes,
        closed=closed.group(0),
        closed_at=closed.span(),
    )


SENTENCE_CHARS = 2_000
"""A sentence is looked for at most this many characters either side of its words: no sentence is
longer, and a post of one endless line is not read from its start for every ask in it."""
_SENTENCE_START = re.compile(r"[.!?](?=\s)|\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: from the last sentence end or blank line to the next, at most
    SENTENCE_CHARS either side."""
    first = max(0, start - SENTENCE_CHARS)
    before = [m.end() for m in _SENTENCE_START.finditer(text, first, start)]
    last = min(len(text), end + SENTENCE_CHARS)
    after = _SENTENCE_END.search(text, end, last)
    return (before[-1] if before else first, after.start() if after else last)


def not_a_call(
    form: Form,
    asks: tuple[Ask, ...],
    extensions: Sequence[tuple[int, int]] = (),
    deadline_at: Sequence[tuple[int, int]] | None = None,
    subject_end: int = 0,
    named_call: bool = True,
) -> str | None:
    """The reason a post is not a call, judged on its form and its asks; None when none applies.

    A post that asks for work is judged on its phrases (``detect``), except a job posting, which is never
    a call. An extension (`extensions`: where the text announces one) restates a call: it lifts "closed"
    unless it is the closed words themselves ("the extended deadline passed"). A record is no call unless it
    asks for work: the extensions it reports are news ("went in before STFM's extended deadline"). An ask
    for time or for an errand decides only where it sets the post's deadline (`deadline_at`: the sentences naming
    its day), is in its subject (the text's first `subject_end` characters), or when the post names no deadline:
    "Call for workshops ... the deadline for early-bird registration is March 1 ... proposals close
    February 1" is a call whose deadline is not the errand's. In a post that names no call in a call's
    words (`named_call` False: "I need four more judges ... email me by Monday"), an ask for time decides
    wherever it is.
    """
    if len(form.job) >= 2:
        return f"a job posting ({', '.join(repr(s) for s in form.job[:3])})"
    start, end = form.closed_at
    asked_after = any(
        a.kind == "work" and a.at[0] >= end for a in asks
    )  # "... is closed. Now: essays for ..."
    if form.closed and not asked_after and not any(s < start or e > end for s, e in extensions):
        return f"a call announced as closed ({form.closed!r})"
    if form.minutes:
        return f"minutes: their asks are action items for the people named ({form.record})"
    work = [a for a in asks if a.kind == "work"]
    if form.record and work and all(a.reported for a in work):
        return f"a record that reports calls ({form.record}: {work[0].phrase!r})"
    if work:
        return None
    if form.job_named:
        return "a job posting (it says so)"

    def decides(ask: Ask) -> bool:
        if ask.kind in ("time", "errand") and ask.strong and not named_call:
            return True  # no work asked for, no call named: a request for time or an errand decides anywhere
        if ask.at[0] < subject_end:
            return True
        if deadline_at is None:
            return ask.strong
        return any(ask.at[0] < e and s < ask.at[1] for s, e in deadline_at)

    # a CV asked for with work ("a short letter describing your group experience and your CV") is a job
    # application only when something else in the post is a job's: else it applies to co-lead or present
    employment = form.job_named or any(not _JOB_RE.fullmatch(sign) for sign in form.job)
    deciding = [
        a for a in asks if decides(a) and (a.kind != "job" or employment or not THINGS_RE.search(a.phrase))
    ]
    for kind, why in (
        ("time", "asks for time, not work"),
        ("job", "asks for a job application, not work"),
        ("errand", "an errand by a date, not a call"),
    ):
        ask = next((a for a in deciding if a.kind == kind), None)
        if ask is not None:
            return f"{why} ({ask.phrase!r})"
    if form.record:
        return f"a record that mentions calls, asking nothing ({form.record})"
    return None
