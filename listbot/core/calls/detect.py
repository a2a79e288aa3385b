"""Is a post a call for submissions? The phrases of a call, and of what only looks like one. Pure."""

from __future__ import annotations

import re

from listbot.core.calls.asks import RECORD_SUBJECT, Ask
from listbot.core.calls.content import quoted_part
from listbot.core.calls.deadlines import Candidate
from listbot.core.dates import NUMBER_WORDS
from listbot.core.guard import declared_automatic
from listbot.core.subjects import is_forward, is_reply
from listbot.model import Post

_SUBMIT_NOUNS = (
    r"(?:papers?|photos?|photographs?|co-?leads?|proposals?|abstracts?|submissions?|workshops?|presentations?|posters?|nominations?|entries|"
    r"articles?|essays?|manuscripts?|contributions?|applications?|applicants|presenters?|speakers?|"
    r"co-?leaders?|leaders?|facilitators?|stories|reflections?|pitch(?:es)?|pieces?|chapters?|case reports?|"
    r"narratives?|poems?|vignettes?|(?:book|film|movie) reviews?|participants? for (?:a |our )?(?:panel|symposium))"
)
# a character of a verb's object: anything but a sentence end or a preposition starting another phrase
_NO_PREPOSITION = r"(?:(?!\b(?:for|to|with|about|from|of|at|through|via|into)\b)[^.\n])"
DETECT: tuple[tuple[str, float, str], ...] = (
    # (not a meeting by telephone or video: "the peer supervision call for group leaders is moving")
    (
        r"(?<!supervision )(?<!consultation )(?<!zoom )(?<!phone )(?<!video )(?<!conference )(?<!check-in )"
        r"\bcalls? for " + r"(?:\w+[ -]){0,3}" + _SUBMIT_NOUNS,
        4.0,
        "call for ...",
    ),
    (r"\bcall for (?:papers|proposals|abstracts|submissions|entries|nominations|applications)\b", 1.0, ""),
    (
        r"\b(?:request|requests) for (?:proposals|applications|abstracts|submissions)\b",
        4.0,
        "request for ...",
    ),
    (r"\bcfp\b|\brfp\b", 3.0, "CFP"),
    (r"\b(?:last|final) call\b[^.\n]{0,40}?\b" + _SUBMIT_NOUNS, 4.0, "last call for ..."),
    (
        r"\b(?:now |currently )?(?:accepting|welcom(?:e|es|ing)|invit(?:e|es|ing)|seek(?:s|ing)?|solicit(?:s|ing)?"
        r"|looking for|encourag(?:e|es|ing)|collect(?:s|ing)|gather(?:s|ing)|recruit(?:s|ing)?)\b[^.\n]{0,60}?\b"
        + _SUBMIT_NOUNS,
        3.0,
        "solicitation",
    ),
    (  # the noun is what is sent: "submit questions for the presenters" sends no presenters
        r"\b(?:submit|send)\b"
        + _NO_PREPOSITION
        + r"{0,40}?\b(?:your|an?|the|their)\b"
        + _NO_PREPOSITION
        + r"{0,30}?\b"
        + _SUBMIT_NOUNS,
        2.5,
        "submit your ...",
    ),
    (
        r"\b(?:essay|writing|poetry|poem|haiku|art|photo|photography|video|story|caption) (?:contest|competition|prize"
        r"|award)\b",
        1.5,
        "essay contest",
    ),
    (
        r"\b(?:submission|abstract|proposal|application|nomination|entry|essay) (?:deadline|due date)\b",
        3.5,
        "submission deadline",
    ),
    (
        r"\bdeadline (?:for|to) (?:submit|submission|submissions|abstracts?|proposals?|applications?|apply|entries|"
        r"nominations?|essays?|articles?)\b",
        3.5,
        "deadline for submissions",
    ),
    (
        r"\b(?:deadline|closing date|last date)\b[^.\n]{0,40}\b(?:extended|extension)\b|\b(?:extended|extends"
        r"|extending|extend)\b[^.\n]{0,40}\b(?:deadline|closing date|last date)\b|\bdeadline extension\b",
        3.0,
        "deadline extended",
    ),
    (
        r"\b(?:abstracts?|proposals?|submissions?|essays?|entries|applications?|nominations?|articles?|"
        r"manuscripts?|papers|(?:brief )?reports)\b[^.\n]{0,30}\b(?:(?:are|is) (?:due|welcome|invited|sought)|close[sd]?)\b",
        3.0,
        "... are due",
    ),
    (
        r"(?<!\bno )(?<!\bnot )\b(?:proposals?|submissions?|abstracts?|papers?|presenters?|co-?presenters?|co-?leaders?"
        r"|leaders?|speakers?|contributors?|contributions?|articles?|essays?|pieces|stories|topics|entries|nominations?|"
        r"facilitators?|authors?|panelists?|photos|photographs|memories|videos|pictures|images)\s+"
        r"(?:are\s+|is\s+)?(?:wanted|sought|needed|welcome|invited)\b",  # ("No proposal is needed": none)
        3.0,
        "... wanted",
    ),
    (r"\b(?:letters?|statements?|expressions?) of interest\b", 2.5, "letters of interest"),
    (
        r"\b(?:open|accepting|collecting|taking)\s+(?:for\s+)?(?:submissions|proposals|pieces|contributions|entries|"
        r"nominations|applications|abstracts|essays|articles|pitches|stories|vignettes|letters|reflections|posters)\b"
        r"|\b(?:submissions|proposals|nominations|entries|abstracts) (?:(?:are|is) )?(?:now )?open\b(?!\s+(?:to|for)\b)",
        3.0,
        "open for submissions",
    ),
    (
        r"\bif you(?:'d| would) like to (?:propose|lead|present|submit|contribute|co-?lead|nominate|apply|write|offer)\b|"
        r"\bif you(?:'re| are) interested\b[^.\n]{0,60}\b(?:email|write|send|contact|let me know)\b",
        2.0,
        "if you'd like to propose",
    ),
    (
        r"\b(?:we(?:'d| would) love|we need|i(?:'d| would) love|we(?:'re| are) (?:collecting|inviting|seeking)|"
        r"we have room for)\b[^.\n]{0,60}\b(?:co-?presenters?|co-?leaders?|presenters|proposals|pieces|"
        r"reflections|poems|submissions|contributions|volunteers|leaders|sessions|stories|yours|videos?)\b",
        2.0,
        "we'd love ...",
    ),
    (r"\b(?:please|kindly)\s+(?:send|submit|upload|email|write)\b", 1.0, "please send"),
    (
        r"\b(?:are|is|were) (?:warmly |cordially )?invited to (?:submit|propose|send|apply|nominate|contribute|"
        r"present|lead|write)\b",
        3.0,
        "invited to submit",
    ),
    (r"\bspecial (?:issue|section)\b", 1.5, "special issue"),
    (
        r"\b(?:guidelines|instructions) for (?:authors|submission|submitters)\b|\bauthor guidelines\b",
        1.5,
        "author guidelines",
    ),
    (r"\bsubmission (?:portal|form|site|link|page|guidelines|requirements)\b", 2.0, "submission portal"),
    (r"\bword (?:limit|count)\b|\b\d{3,4}[ -]words?\b|\bwords or (?:less|fewer)\b", 1.0, "length limit"),
    (
        r"\bto apply\b|\bapply (?:by|before|now|here|online|at)\b|\binterested (?:candidates|applicants)\b",
        1.5,
        "to apply",
    ),
    (r"\bdeadline\b", 1.0, "deadline"),
    (r"\bsubmit\b|\bsubmissions?\b", 0.8, "submit"),
)
NOT_A_CALL: tuple[tuple[str, float, str], ...] = (
    (r"\bnothing (?:to|you need to|for you to) (?:submit|send|prepare|write)\b", -4.0, "nothing to submit"),
    (  # a call passed on only to warn about it
        # (not "please ignore this": "if you have already submitted, please ignore this reminder")
        r"\bnot relevant (?:to us|here|for (?:this|our) list)\b"
        r"|\bpredatory (?:journals?|conferences?|publishers?)\b|\bpay-to-(?:present|publish|play)\b"
        r"|\b(?:looks like|this is|it's|it is) (?:a |an )?(?:spam|scam|phishing)\b",
        -20.0,
        "passed on as a warning",
    ),
    (  # materials asked for the writer's own use: "This is only for my own program planning", "a syllabus I
        # could borrow"
        r"\b(?:only|just|purely|strictly|solely) for (?:my|our) own (?:use|program(?:me)?|planning|reference|teaching"
        r"|curriculum|learning|files)\b|\b(?:i|we) (?:won't|will not) (?:circulate|publish|share|distribute)"
        r"(?: or (?:circulate|publish|share|distribute))? anything\b|\b(?:i|we) (?:could|can|might) borrow\b",
        -5.0,
        "for the writer's own use",
    ),
    (
        # (congratulations to or on someone; not an aside: "(someone's baby arrived early -- congratulations,
        # Yusuf!)")
        r"\b(?:congratulations|congrats)(?:\s+(?:again|and|all|everyone|once more)){0,2}\s+(?:to|on)\b|\bwinners? (?:(?:is|are)(?! (?:invited|asked|eligible|expected|notified|"
        r"entitled|welcome|published|covered|paid|reimbursed|given|offered|required|funded|awarded|responsible"
        r"|announced (?:at|in|on|by|during)))|was|were|announced|has been)\b|"
        r"\b(?:is|are) (?:the|this year's) winners?\b|\bpleased to announce (?:the|that) (?:winner|recipient)",
        -5.0,
        "winners announced",
    ),
    (
        r"\bprogram(?:me)? (?:is |has been )?(?:now )?(?:posted|available|online|published|out)\b|\bschedule is (?:now )?"
        r"(?:posted|available|online)\b",
        -4.0,
        "program posted",
    ),
    (
        r"\b(?:out of (?:the )?office|auto(?:matic)?[- ]?reply|on (?:annual )?leave until|away from my desk|"
        r"limited access to (?:my )?e-?mail)\b",
        -8.0,
        "out of office",
    ),
    (r"\b(?:hotel|room block|reservations?|lodging|shuttle|parking)\b", -1.0, "logistics"),
    (
        r"\bregist(?:er|ration)\b[^.\n]{0,40}\b(?:open|now|closes|deadline|fee|rate)\b|\bearly[ -]?bird\b",
        -2.0,
        "registration",
    ),
    (
        r"\b(?:dues|renew (?:your )?membership|membership renewal|rsvp)\b|\b(?:we are|we're) surveying\b"
        r"|\b(?:complete|take|fill (?:out|in)|respond to|participate in|answer)\b[^.\n]{0,30}\b(?:survey|questionnaire)"
        r"|\b(?:survey|questionnaire) (?:takes|will take|link|closes)\b",
        -2.5,
        "dues/survey/RSVP",
    ),
    (
        r"\b(?:unsubscribe digest|digest of open calls|calls for submissions digest|sent automatically by listbot)\b"
        r"|\bmailing list submissions to\b|\btoday's topics:",
        -20.0,
        "the bot's own digest",
    ),
    (
        r"\b(?:thank you|thanks)(?: to)? (?:all|everyone|everybody|those)(?: of you)? who (?:submitted|applied|sent"
        r"|entered)\b|\bsubmissions? (?:are|is|"
        r"have been) (?:now )?closed\b|\bno longer (?:accepting|taking|collecting)\b"
        # "I've stopped collecting poems for the chapbook"
        r"|\b(?:i|we)(?:'ve| have)? (?:now |just )?(?:stopped|finished|ended|closed) (?:accepting|taking|collecting"
        r"|gathering)\b",
        -5.0,
        "closed / thanks for submitting",
    ),
    (r"\b(?:recording|slides) (?:is|are) (?:now )?(?:available|posted)\b", -3.0, "recording posted"),
    (
        r"\b(?:accepted presenters|dear presenters|(?:poster|workshop|session) presenters,|your accepted (?:posters?|"
        r"presentations?|workshops?|sessions?|abstracts?|proposals?|papers?)|if you are on the schedule|"
        r"your (?:accepted )?(?:presentation|workshop|poster) (?:has been|was) "
        r"accepted|slides and (?:handouts|disclosures)|disclosure forms?|cme (?:evaluation|credit)|evaluation form)\b",
        -4.0,
        "presenter logistics / evaluation",
    ),
    (r"\b(?:in memoriam|passed away|died peacefully|memorial service)\b", -5.0, "memorial notice"),
    (
        r"\b(?:when|if) you (?:post|send|share|announce) (?:a |your )?(?:call|cfp)\b"
        r"|\b(?:announcements|posts|notices) (?:of|about) calls\b|\bposting (?:calls|cfps)\b",
        -20.0,
        "advice on posting calls",
    ),
    (
        r"\bcalls? for\b[^.\n]{0,80}?\b(?:will|'ll|is going to|are going to) (?:go out|open|be (?:posted|sent|issued"
        r"|announced|released|circulated|out))\b",
        -5.0,
        "a call still to come",
    ),
    (
        r"\b(?:was|were|has been|have been|got)\s+accepted\s+(?:for|to|at|into|as)\b",
        -4.0,
        "an acceptance shared",
    ),
    (
        r"\b(?:were|have been|has been) (?:selected|chosen|elected)\b|\belection results\b",
        -4.0,
        "selection announced",
    ),
)
_DETECT_RE = [(re.compile(p, re.IGNORECASE), w, why) for p, w, why in DETECT]
_NOT_RE = [(re.compile(p, re.IGNORECASE), w, why) for p, w, why in NOT_A_CALL]
# how much more time: "a week", "another two weeks", "ten more days", "an extra week"
_MORE_TIME = (
    r"(?:an?(?:nother)?|"
    + NUMBER_WORDS
    + r"|\d{1,2}|an extra)\s+(?:more\s+|extra\s+)?(?:days?|weeks?|hours?)\b"
)
EXTENSION = re.compile(
    r"\b(?:deadline|due date|closing date|last date)\b[^.?!\n]{0,60}\b(?:extended|extension|moved|postponed|pushed back"
    r"|prolonged)\b|"
    r"\b(?:extend(?:ed|ing|s)?|push(?:ed|ing|es)?\s+back|postpon\w+)\s+the\s+(?:\w+\s+){0,2}(?:deadline|due date"
    r"|closing date|cut-?off|submission (?:window|period))\b|"
    r"\b(?:added|adding|add)\s+(?:an?(?:nother)?|an extra|\d{1,2}|"
    + NUMBER_WORDS
    + r")\s+(?:extra\s+|more\s+)?"
    r"(?:days?|weeks?)\b|"
    r"\b(?:extend\w*|push\w*(?: back)?|postpon\w*)\s+(?:it|this|that|them)\s+by\b|"
    r"\b(?:push\w*|mov\w*)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:deadline|due date)\s+back\b|"
    # "we've pushed it back a week", "we are moving the deadline one week"
    r"\b(?:mov|push|shift|bump)\w*\s+(?:it|this|that|them|the\s+(?:[\w-]+\s+)?deadline)\s+(?:back\s+|out\s+)?"
    r"(?:by\s+)?" + _MORE_TIME + r"|"
    r"\b(?:moved|pushed|shifted|extended|moving|pushing|shifting|extending)\s+(?:it|this|the\s+(?:deadline|cut-?off"
    r"|due date|closing date))\s+(?:back\s+)?to\b|"
    r"\b(?:extend(?:ing|ed|s)?|push(?:ed|ing|es)?\s+back|postpon\w+)\s+(?:(?:it|this|that|them)\s+)?(?:by\s+)?"
    + _MORE_TIME
    + r"|"
    r"\b(?:extended|extending|extends)\b[^.?!\n]{0,40}\b(?:deadline|due date|until|to|through)\b|"
    r"\bnew (?:deadline|last day|closing date|due date|cut-?off)\b|\bdeadline extension\b|\bextended deadline\b|"
    # "I'm holding the layout open for two more weeks", "we'll keep the form open another week"
    r"\b(?:hold\w*|keep\w*|kept|leav\w*|left)\s+(?:it|this|them|the\s+(?:[\w-]+\s+)?[\w-]+)\s+open\s+(?:for\s+)?"
    + _MORE_TIME
    + r"|"
    r"\b(?:deadline|due date|closing date)\b[^.?!\n]{0,60}?\b(?:is|are) now\b(?!\s+(?:past|closed|over|passed|gone)\b)|\bmore time\b[^.?!\n]{0,30}\bsubmi|"
    r"\b(?:giv\w+|grant\w*|you (?:now )?have)\b[^.?!\n]{0,30}\b(?:an? extra|another|one more|\w+ more|\w+ extra"
    r"|additional)"
    r"(?: (?:\d{1,2}|" + NUMBER_WORDS + r"))? (?:days?|weeks?)\b",
    re.IGNORECASE,
)
_PERSONAL_SEEK = re.compile(
    r"\b(?:i am|i'm|we are|we're|i have been|i've been)\s+(?:\w+\s+){0,3}(?:seeking|looking for)\s+(?:a|an)\s+"
    r"(?:co-?leader|co-?facilitator|partner|colleague)\b",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\A\s*(?:(?:hi|hello|dear|greetings)\b[^\n]*\n\s*)?(?:(?:a |one )?quick question|(?:a )?question (?:about|on|re)\b"
    r"|i have a question|(?:does )?anyone know|can anyone (?:tell|confirm|clarify)|has anyone|do you know)\b",
    re.IGNORECASE,
)


_WORK_NOUNS = re.compile(_SUBMIT_NOUNS, re.IGNORECASE)
_DUE_WORDS = re.compile(r"\b(?:due|deadline|submit\w*|calls? for)\b", re.IGNORECASE)
# a thread about a call: its subject or the message it quotes names a deadline, a call or its work
_CALL_WORDS = re.compile(r"\b(?:due|deadline|submit\w*|calls? for)|\b" + _SUBMIT_NOUNS, re.IGNORECASE)

# what someone else said: "a colleague told me it was extended" reports an extension, it announces none
_HEARSAY = re.compile(
    r"\b(?:told me|i(?:'ve| have)? heard|i read|apparently|rumou?r|someone said|was told|i was under the impression)\b",
    re.IGNORECASE,
)


# a subject in which a member asks the list: "Anyone gotten funding for resident groups?", "tips for a
# workshop proposal? mine's due Friday" (not a call's title put as a question: "What does Balint mean to you?")
_ASKS_THE_LIST = re.compile(
    r"\b(?:anyone|anybody|any(?:one)? (?:tips|advice|thoughts|suggestions|experience)|tips|advice|suggestions"
    r"|recommendations?|help with|question|where|how (?:do|can|does|did)|can i|is there|are there)\b[^?]{0,80}\?",
    re.IGNORECASE,
)
# a text whose first sentence (after a greeting line) is a question
_OPENS_WITH_QUESTION = re.compile(
    r"\A\s*(?:(?:hi|hello|dear|hey|greetings)\b[^\n]{0,60}\n\s*)?[^.!?\n]{3,200}(?:\n[^.!?\n]{1,200}){0,2}\?",
    re.IGNORECASE,
)


def unwrapped(text: str) -> str:
    """The text with its single line breaks as spaces (same length, same offsets): a wrapped sentence reads
    as one ("the deadline ... has been\npushed back")."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def announces_extension(text: str) -> bool:
    """Does the text announce an extension in its own voice (not in a question, not as hearsay)?"""
    return bool(extension_spans(text))


def extension_spans(text: str) -> list[tuple[int, int]]:
    """Where the text announces an extension in its own voice: not in a question, not as hearsay, not a
    reference to one ("before the extended December 4 deadline", "by the extended deadline")."""
    text = unwrapped(text)
    found = []
    for m in EXTENSION.finditer(text):
        if re.search(
            r"\b(?:by|before|after|until|since|at|missed|met)\s+the\s+$",
            text[max(0, m.start() - 20) : m.start()],
            re.I,
        ):
            continue
        start = max(
            text.rfind(".", 0, m.start()), text.rfind("?", 0, m.start()), text.rfind("\n\n", 0, m.start())
        )
        stop = re.search(r"[.!?](?:\s|$)|\n\s*\n", text[m.end() :])
        sentence = text[start + 1 : m.end() + (stop.end() if stop else len(text))]
        if sentence.rstrip().endswith("?") or _HEARSAY.search(sentence):
            continue
        found.append(m.span())
    return found


def detection_score(
    post: Post,
    text: str,
    deadline: Candidate | None = None,
    asks: tuple[Ask, ...] = (),
    open_ended: bool = False,
) -> tuple[float, list[str], bool]:
    """How strongly the text reads as a call for submissions, why, and whether it names a call in a call's
    own words ("call for proposals", "abstracts are due", "submission deadline": a phrase of weight 2.5 or
    more), not only a date and a request.

    The phrases of a call ("call for proposals", "co-leaders wanted", "letters of interest") count, and so
    do a direct ask for work (``asks``), a date that reads as a submission deadline next to a request to
    send something, and a call saying it has no deadline ("on a rolling basis").
    """
    score = 0.0
    reasons: list[str] = []
    work = next((a for a in asks if a.kind == "work"), None)
    if work is not None:
        score += 2.5
        reasons.append(f"+2.5 asks for work ({work.phrase!r})")
    if open_ended:
        score += 2.0
        reasons.append("+2 says it has no deadline (rolling)")
    own = post.new_text or ""
    own_extends = announces_extension(own)
    quoted = quoted_part(post) if is_reply(post) else ""
    named_call = False
    for regex, weight, why in _DETECT_RE:
        hit = regex.search(text) is not None
        named_call = named_call or hit and weight >= 2.5
        if why == "deadline extended":
            # an extension wrapped over two lines reads as one ("has therefore EXTENDED the / deadline"), as
            # extension_spans reads it (the other phrases stay within their line, where a wrapped line's
            # reach would join a member's "want to submit / something" to "a poster" further on); and it
            # counts only when announced ("they submitted before the extended December 4 deadline" is not)
            hit = (hit or regex.search(unwrapped(text)) is not None) and bool(extension_spans(text))
        if hit:
            score += weight
            if why:
                reasons.append(f"+{weight:g} {why}")
    for regex, weight, why in _NOT_RE:
        hits = regex.findall(text)
        if hits and why == "an acceptance shared" and work is not None:
            continue  # "our session was accepted ... I'm looking for a co-lead": the post asks for work
        if hits and why == "closed / thanks for submitting":
            closing = regex.search(text)
            if (
                closing
                and any(a.kind == "work" and a.at[0] >= closing.end() for a in asks)
                and not RECORD_SUBJECT.search(post.topic or post.subject)
            ):
                continue  # "thank you to everyone who sent stories! ... Send me a voice memo by Friday"
        if hits:
            score += weight
            reasons.append(f"{weight:g} {why}")
    evidence = deadline is not None and deadline.score >= 3.0
    # "send me a title and two lines by end of next week": a plain "by <date>" is a weaker cue than "due" or
    # "deadline", but next to a request for work it is the date to send it by
    asks_by_a_date = work is not None and deadline is not None and deadline.score >= 2.0
    if evidence:
        assert deadline is not None
        score += 2.0
        reasons.append("+2 a date reads as the deadline")
        if _ACTION_RE.search(deadline.clause):
            score += 1.5
            reasons.append("+1.5 ... asked to send/submit by it")
    elif asks_by_a_date:
        score += 1.0
        reasons.append("+1 asks for work and names a date to send it by")
    if "?" in own and _ASKING.search(own) and not own_extends:
        # (asking and asking for nothing: "Does anyone know whether the deadline ... is still 31/01/2027?")
        penalty = 5.0 if work is not None else 10.0
        score -= penalty
        reasons.append(f"-{penalty:g} a question about a call, not a call")
    if (
        is_reply(post)
        and work is None
        and _OPENS_WITH_QUESTION.match(own)
        and not own_extends
        and not any(r.endswith("a question about a call, not a call") for r in reasons)
    ):
        # "Does the Corner accept co-authored pieces? ... we'd like to submit before the deadline"
        score -= 5.0
        reasons.append("-5 a reply that asks a question about the call, not a call")
    if (
        not is_reply(post)
        and _ASKS_THE_LIST.search(post.topic or post.subject)
        and work is None
        and not own_extends
    ):
        # "Anyone gotten foundation funding for resident groups?", "tips for a workshop proposal? mine's due
        # Friday": a member asks the list, and the date is their own
        score -= 5.0
        reasons.append("-5 a subject that asks the list a question")
    if _PERSONAL_SEEK.search(text) and not re.search(
        # a call for, applications, or a written statement asked of who answers: an application to co-lead
        r"\bcall for\b|\bapplications?\b|\bstatements?\b|\bparagraphs?\b|\bletters? of (?:interest|intent)\b"
        r"|\b(?:note|line or two|few lines) (?:about|on|describing)\b|\bc\.?v\b|\br[ée]sum[ée]\b",
        text,
        re.IGNORECASE,
    ):
        score -= 4.0
        reasons.append("-4 a member seeking a partner, not a call")
    if (
        is_reply(post)
        and own_extends
        and (_WORK_NOUNS.search(f"{post.subject} {own}") or _DUE_WORDS.search(quoted))
    ):
        # "we've decided to give one more week for workshop proposals", in reply to the call
        score += 3.0
        reasons.append("+3 extends the call it replies to")
    if is_reply(post) and not is_forward(post.subject):
        # a reply counts only when it restates the call: an extension, or a reminder with its deadline; or
        # when it makes a call of its own: its author asks for work by a date
        about_a_call = _CALL_WORDS.search(f"{post.subject}\n{quoted}")
        # a word limit says written work is asked for: "short first-person accounts (up to 750 words)"
        limit = any(r.endswith(" length limit") for r in reasons)
        if own_extends or evidence and (about_a_call or limit or _WORK_NOUNS.search(own)):
            reasons.append("a reply that extends or repeats a call")
        elif asks_by_a_date:
            reasons.append("a reply that asks for work by a date")
        elif open_ended and (work is not None or named_call):
            reasons.append(
                "a reply that asks for work with no deadline"
            )  # "still taking cases on a rolling basis"
        else:
            score -= 6.0
            reasons.append("-6 a reply without an extension or a deadline")
    # a program's mail is no call, whatever it says (the pipeline's guard stops it first; this holds
    # for ``listbot calls extract`` too): the header rules are the guard's, the weights are ours
    declared = declared_automatic(post)
    for name, _ in declared:
        if name == "auto-submitted":
            score -= 20.0
            reasons.append("-20 Auto-Submitted")
    for _ in post.header("x-loop"):
        score -= 20.0
        reasons.append("-20 x-loop")
    for name, value in declared:
        if name in ("x-autoreply", "x-autorespond"):
            score -= 20.0
            reasons.append(f"-20 {name}")
        elif name == "precedence":
            score -= 3.0
            reasons.append(f"-3 Precedence: {value}")
    return score, reasons, named_call


_ACTION_RE = re.compile(
    r"\b(?:send|sent|submit\w*|upload|propos\w*|e-?mail|write|apply|nominat\w*|contribut\w*|due|accept\w*|"
    r"letters?|abstracts?|proposals?|essays?|entries|pieces|manuscripts?|deadline|closes?)\b",
    re.IGNORECASE,
)


DETECT_THRESHOLD = 3.0
