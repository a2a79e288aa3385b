"""Which date in a call is its submission deadline. Pure: ``posted`` (the post's date) is an argument.

Every date the grammar in ``listbot.core.dates`` finds is scored by the words in the clause before it:
"due", "deadline", "extended to" count for it; "notification", "registration", "held", "from" count
against it. ``choose_deadline`` takes the best only when it is clearly the deadline: a wrong deadline in
the digest is worse than "date not announced".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from listbot.core.calls.asks import ADDRESSED, CONSIDER_SENDING, THINGS
from listbot.core.dates import OFFSET, DateMatch, resolve_year

EVENT_WEIGHT = -1.5  # an event named near a date: more likely the event's day than a deadline
ERRAND_WEIGHT = -3.0
# paperwork asked of people already chosen or already members (a detail of what is asked when it follows "and")
_ERRANDS = (
    r"numbers|counts|headshots?|agenda items?|paperwork|receipts|invoices|w-?9s?|attendance|availability"
)
# (pattern, weight): positive words say "this is when submissions close", negative ones say "another date".
CUES: tuple[tuple[str, float], ...] = (
    (
        r"deadlines?|closing date|cut-?off(?: date)?|last date (?:for|of) (?:the )?(?:receipt|submission|entries|entry"
        r"|abstracts?|applications?|proposals?|nominations?)",
        3.0,
    ),
    (r"due(?: date)?", 3.0),
    (r"no later than", 3.0),
    (r"(?:must|should) be (?:received|submitted|postmarked|sent|in|e-?mailed|uploaded)", 3.0),
    # "poster proposals must arrive by 31 January", "should reach us no later than"
    (r"(?:must|should|needs? to|ha(?:s|ve) to) (?:arrive|reach (?:us|me|the \w+))", 3.0),
    (r"postmarked", 2.5),
    (r"extended(?: (?:to|until|through|till))?", 3.0),
    # "we're extending poster abstracts to Fri 4/16" (not "extending the deadline by a week, to": "deadline" speaks)
    (r"extend(?:ing|s)?\b(?:(?!deadline|\bby\b)[^.\n]){0,40}\b(?:to|until|through|till)", 3.0),
    (r"new date", 2.5),
    (r"->|=>|\u2192|\u27f6", 3.0),  # "Deadline change: 3/22 -> 4/5": the date the arrow points to
    # "we've moved it to the 23rd", "so pushing it to mon the 7th"
    (
        r"(?:mov|push|shift)(?:ed|ing) (?:it|this|the (?:deadline|cut-?off|due date|closing date))(?: back)? to",
        3.0,
    ),
    # "The deadline ..., previously 5 March, is now Friday, 12 March"
    (r"(?:is|are) now", 1.0),
    (r"(?:clos(?:es|ing|e)|shut(?:s|ting)?(?: down)?)(?: (?:on|at))?", 2.5),
    (r"submi(?:t|ssions?|tted|tting)", 2.0),
    (r"send(?: (?:your|us|in|them|it))?", 1.5),
    (r"apply|applications?", 1.5),
    (r"accepted (?:until|through|till)", 2.5),
    (r"(?:is|are|remains?|stays?|will be|still|be kept) open (?:until|through|till|thru)", 2.5),
    # "we'll keep the spring issue open through Friday of next week"
    (
        r"(?:keep(?:s|ing)?|leav(?:e|es|ing)|hold(?:s|ing)?) (?:[\w'’-]+ ){0,4}open (?:until|through|till|thru)",
        2.5,
    ),
    (r"accepting|(?:still|keep|continue to|continuing to) (?:taking|accepting|take|accept)", 2.0),
    (r"(?:e-?mail|write to|send|send (?:it |them )?to|contact|reach|tell) me|let me know", 2.0),
    (r"to (?:me|us),?", 1.5),  # "1 paragraph to me, wed 3/17 noon CT"
    (r"until|till|til|through|thru", 1.5),  # "poems welcome til March 20"
    # "EOD tmrw", "COB thurs": the end of a working day is said of a deadline
    (r"eod|cob|close of business|end of (?:the )?(?:business |working )?day", 2.0),
    (r"on or before|before", 1.5),
    (r"by", 1.5),
    (r"last day|last call(?: for [\w-]+)?", 2.5),  # "Last call for posters - Monday noon ET"
    (r"aim(?:ing)? for|ideally(?: by)?", 2.5),  # "Aim for the end of next week if you can"
    (r"nominat(?:e|ions?)", 1.0),
    (r"abstracts?|proposals?|essays?|manuscripts?|papers?", 0.8),
    # against
    (r"notif(?:ication|ications|ied|ies|y)", -5.0),
    (r"accept(?:ance|ances)|decisions?|accepted (?:on|by)", -4.0),
    (r"early[ -]?bird|registration|register(?:ed)?|rsvp|enrol(?:l?ment)?|enroll(?:ment|ing)?", -5.0),
    (r"hotel|room block|reservations?|lodging|accommodations?", -5.0),
    (r"(?:will )?(?:be )?held|takes? place|will take place|convenes?|gather", -4.0),
    (
        r"meeting|congress|conference|symposium|retreat|intensive|webinar|workshop|session|summit",
        EVENT_WEIGHT,
    ),
    (r"announce[ds]?|winners?|awarded|presented at|published|publication|appear", -3.0),
    # a step before the call's deadline, which nobody has to take
    (r"optional|pre-?submission|informal (?:enquir\w*|inquir\w*)", -3.0),
    (
        # (not "open for submissions through April 30": the window's end)
        r"opens?(?!\s+(?:now|today|already|(?:for\s+[\w-]+\s+)?(?:through|thru|until|till)\b))|opening|begins?"
        r"|starts?|starting|available from|launch(?:es)?",
        -3.0,
    ),
    (r"wrote|posted|was sent|were sent|(?:we|i)(?:'ve| have| had)? received", -4.0),  # not "must be received"
    (r"dues|payment|refunds?|cancell?ation|fees?", -4.0),
    (r"slides|handouts|disclosures?|evaluations?|surveys?|questionnaires?|cme|ballots?|votes?", -4.0),
    (r"date:|dated|sent:", -5.0),
    # the plan that changed: "the form was supposed to close today, but ... we'll keep it open until Sunday"
    (
        r"(?:was|were) (?:supposed|meant|scheduled|set|going|due) to|(?:originally|initially) (?:due|set|scheduled)"
        # "extending the deadline (it was yesterday, June 30) by one week"
        r"|\((?:it|which) was(?: yesterday| today| last \w+)?,?",
        -3.0,
    ),
    (r"event|ceremony|dinner|reception|call on|zoom", -2.0),
    # work to bring to a meeting is due by it: "send a pitch ahead of our call on Thursday"
    (
        r"(?:ahead of|in advance of|in time for) our (?:[\w-]+ ){0,2}(?:call|meeting|session)(?: on)?",
        5.0,
    ),
    # what the chosen send back later: "Revised manuscripts due: 15 January 2027" (not a "revised deadline")
    (
        r"reviews?|reviewers?'?|comments|feedback|edits|revisions?|final versions?|camera[- ]ready"
        r"|revised(?! (?:deadline|due date|closing date|date|cut-?off))",
        -2.0,
    ),
    # paperwork asked of people already chosen or already members is an errand, not a submission
    (_ERRANDS, ERRAND_WEIGHT),
    # what follows acceptance is not the call's deadline: "if accepted, full chapters are due Dec 1"
    (
        r"(?:if|once|when) (?:your |the |a )?\w+ (?:is|are|has been|have been) accepted|upon acceptance"
        r"|after acceptance|(?:will )?then be due|would (?:then )?be due|thereafter|following (?:acceptance|notification|selection)"
        r"|after (?:notification|selection)"
        # a later step for the chosen: "the editors will invite full papers ...; invited full papers will be due"
        r"|invited (?:full |final )?(?:papers|chapters|manuscripts|articles|submissions|proposals|applications)"
        # "Authors of accepted abstracts will be invited to submit full papers by March 1"
        r"|(?:will|would) be (?:invited|asked) to (?:submit|send|write|prepare)|(?:authors|those) of accepted",
        -5.0,
    ),
    # what the reader gets by then, not what they send
    (r"(?:will|'ll) (?:\w+ )?(?:receive|hear)|hear (?:back )?from us", -3.0),
    # how soon the editors answer: "we read them on a rolling basis and usually reply within two weeks"
    (r"(?:usually|typically|normally|generally|always|try to) (?:reply|respond|answer|get back)", -3.0),
    # what the writers will do by then: "we'll send decisions by", "I will confirm by", "I can get it to the
    # editor on Monday"
    (
        r"(?:we|i|they)(?:'ll| will| shall| can) (?:\w+ )?(?:send|let|confirm|notify|decide|get back|choose|select"
        r"|get (?:it|them|these|everything) to|pass (?:it|them) (?:on|to)|forward (?:it|them))"
        r"|(?:we|i)(?:'d| would) like to submit|(?:we|i) (?:want|hope|plan|intend|need) to submit",  # their own
        -3.0,
    ),
)
_CUE_RE = [
    (re.compile(r"(?<![a-z])(?:" + p.replace(" ", r"\s+") + r")(?![a-z])", re.IGNORECASE), w) for p, w in CUES
]
# Words right before a date that make it the old or the start date ("extended from Feb 1", "originally Feb 1").
_JUST_BEFORE_NEG = re.compile(
    r"(?:\bfrom|\boriginally(?: (?:due|set for|scheduled for))?|\bwas|\bprevious(?:ly)?(?: due)?|\bold deadline"
    r"|\b(?:original|previous|old|former) (?:deadline|due date|closing date)(?: was| of)?"
    r"(?: of| was)?|\binstead of|\bformerly|\bsince|\bbetween|\bstarting|\bbeginning"
    # "were due this Wednesday, September 16"; "was supposed to close tomorrow, Friday April 10"
    r"|\b(?:was|were)\s+(?:due|(?:supposed|meant|set|scheduled)\s+to\s+(?:close|be\s+due|end))(?:\s+(?:on|by))?"
    r"(?:\s+(?:this|tomorrow|today))?)"
    r"(?:\s+(?:on|at|the))?\s*[:,]?\s*$",  # ("originally due at the end of this month")
    re.IGNORECASE,
)
# a two-step call: a first step asked for, then the full work from those selected
_FIRST_STEP = re.compile(
    r"\bletters? of intent\b|\bLOIs?\b|\bpre-?proposals?\b|\bexpressions? of interest\b|\bshort-?list"
    r"|\binvit(?:ations?|ed) to (?:submit|send|write) (?:a |the )?full\b",  # "Invitations to submit full pieces"
    re.IGNORECASE,
)
_FULL_WORK = re.compile(
    r"\bfull (?:proposals?|papers?|applications?|manuscripts?|chapters?|submissions?|pieces?|articles?|essays?)\b",
    re.I,
)
# work being collected, just before a span: "collecting proposals over the next two weeks"
_COLLECTING = re.compile(
    r"\b(?:collect|accept|tak|gather|receiv|welcom)(?:e|es|ed|ing)?\s+(?:[\w-]+\s+){0,3}?(?:"
    + THINGS
    + r")\s*$",
    re.IGNORECASE,
)
# after a date, an arrow to the new one: "Deadline change: 3/22 -> 4/5"
_ARROW = re.compile(r"\s*(?:->|=>|\u2192|\u27f6)\s*\S")
# after a date: the deadline it was ("Today was supposed to be the deadline ... one more week")
_WAS_THE_DEADLINE = re.compile(
    r"\s*[,:]?\s*(?:was|were|would have been|had been)\s+(?:(?:supposed|meant|set|scheduled)\s+to\s+be\s+)?"
    r"(?:the\s+|our\s+)?(?:original\s+|old\s+)?(?:deadline|due date|closing date|cut-?off|last day)\b",
    re.IGNORECASE,
)
# "the abstract deadline for the Research Day (the morning before the national meeting) is Friday": the
# sentence's subject is the deadline, the date what it is, whatever the words between say
_THE_DEADLINE_IS = re.compile(
    r"\bdeadline\b(?:[^.\n;:!?]|\n(?!\s*\n)){0,160}?\b(?:is|will be|falls on)\s+(?:on\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_JUST_BEFORE_POS = re.compile(
    r"(?:deadline(?: date)?(?: is| of| now| has been)?(?: extended)?(?: to| until)?|due(?: date)?(?: is| on| by)?"
    r"|(?:extended|prolonged|postponed)(?:\s+(?:to|until|through|till))?|no later than|by|until|till|til|through|thru"
    r"|on or before|eod|cob|close of business"
    r"|(?:deadline|due date|closing date) for [^:\n]{1,40}:"
    r"|(?:closes?|closing|shuts?)(?: on)?"
    r"|(?:due|by|until|through) (?:this|next|this coming|on)"
    r"|(?:closing|cut-?off) date(?: is| of)?"
    r"|(?:is|are)\s+now"
    r"|(?:new|revised|updated|extended) deadline(?: is| of)?)\s*(?:[:,\-]|\.{2,}|\u2026+)?\s*(?:(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|\d{1,2}:\d\d|(?:12\s+)?(?:midnight|noon)"
    r"|midday|cob|eod|close of business|end of (?:the )?day)\s*\w{0,9}(?:\s+time)?\s*(?:\([^)\n]{0,30}\)\s*)?,?\s*(?:on\s+)?)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


# A call that says it has no deadline: "on a rolling basis", "there is no deadline", "open until filled".
# The explicit ones ("no deadline", "no closing date") win over any date the post names (that date is
# another call's, or another step's); the others only say why no date was found.
NO_DEADLINE = re.compile(
    r"\b(?:don't|do not|won't)\s+(?:work\s+to|have|set|use|impose)\s+(?:a\s+|any\s+)?(?:(?:fixed|firm|hard|strict)\s+)?"
    r"deadlines?\b|"
    r"\bno (?:fixed |firm |hard |strict |real |set |closing |submission )?(?:deadline|closing date|cut-?off(?: date)?"
    r"|end date)\b"
    r"(?!\s+(?:extension|has been|is|was|yet)\b)|\bno (?:fixed|firm|set|hard) date\b|\bopen (?:until|till) (?:filled|all \w+ (?:are|have been) (?:filled|taken)"
    r"|we(?:'ve| have)? fill(?:ed)? (?:it|them|the \w+)|it(?:'s| is) full)\b",
    re.IGNORECASE,
)
OPEN_ENDED = re.compile(
    (
        r"\b(?:on a rolling basis|rolling (?:basis|submissions?|deadline)|on an ongoing basis|standing call"
        r"|(?:welcome|accepted|considered|read|submit(?:ted)?) (?:at )?any ?time|at any time|whenever (?:you|they)"
        r"|as they (?:come|arrive)|(?:my way|to me|to us) (?:whenever|any ?time)"
        r"|send (?:(?:it|them|one|yours|something|pieces|me) )?(?:whenever|any ?time)"
        r"|all year(?: round| long)?|year-round|(?:any ?time|whenever)(?: is|'s) (?:fine|ok|okay|good|great)"
        # "we will keep accepting pieces until we have enough", "submissions are rolling", "always open"
        r"|(?:collecting|accepting|taking|reading|continue) (?:\w+ ){0,6}until (?:we|i) have enough"
        r"|until (?:the (?:\w+ ){0,2})?(?:volume|issue|anthology|collection|book|page) is (?:full|filled)"
        r"|(?:submissions|entries|pieces|proposals) are rolling|(?:column|call|page|door) is always open"
        r"|first[- ]come,? first[- ]served)\b"
    )
    .replace(" ?", r"\s*")
    .replace(" ", r"\s+"),  # "on a rolling\nbasis": text wrapped at ~72 columns
    re.IGNORECASE,
)


@dataclass
class Candidate:
    found: DateMatch
    day: date
    score: float
    clause: str
    reasons: list[str] = field(default_factory=list)


def _line_ends_clause(line: str) -> bool:
    """Does a line end its clause, or does the next line continue it (text wrapped at ~72 columns)?"""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[-1] in ".!?;":
        return not re.search(
            r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|dr|mr|ms|st|no|vs|[ap]\.m)\.$",
            stripped,
            re.IGNORECASE,
        )
    if len(stripped) < 45:  # a heading, a table row, a list item: not wrapped prose
        return not stripped.endswith(":")
    return False


CLAUSE_CHARS = 1_000
"""A clause speaks for a date from at most this many characters before it (the longest clause in the
corpora is ~400): a page of prose with no sentence end, as a hostile post has, is not read back to its
start for every date in it."""
_CLAUSE_END = re.compile(r"(?<!\.)[.!?;](?=\s+|$)|\s[-|]\s(?=[A-Z])")  # "...." leaders go on
# a period right after a month abbreviation ("Feb. 5") or a title ("Dr.") is not a sentence end
_NOT_AN_END = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|a\.m|p\.m|[ap]m|dr|mr|ms|st|no|vs)|\b[A-Z])\.$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022>]|\d{1,2}[.)])\s")


def _clause_bounds(text: str, start: int) -> int:
    """Where the clause holding position `start` begins: a sentence end, ';', a blank line, a list item,
    or a line that is not wrapped prose, and at most CLAUSE_CHARS back. A label line ending in ':'
    belongs to what follows it."""
    limit = max(0, start - CLAUSE_CHARS)
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > max(1, limit):
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        prev = text[prev_start : line_start - 1]
        if not prev.strip() and text[limit:prev_start].rstrip().endswith(":"):
            # "... has been extended to:" + a blank line + the date set apart: the label still leads it
            line_start = prev_start
            continue
        if _LIST_ITEM.match(text, line_start, start) or _line_ends_clause(prev):
            break
        line_start = prev_start
    line_start = max(line_start, limit)
    cut = line_start
    for m in _CLAUSE_END.finditer(text, line_start, start):
        # the abbreviation is looked for in the few characters before the period (\b sees further back)
        if not _NOT_AN_END.search(text, max(line_start, m.end() - 8), m.end()):
            cut = m.end()
    return cut


# a time of day and its zone between a cue and its date ("the deadline is 17:00 UK time on Friday 30th
# October") say when on that day: they do not put the cue further from the date
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?|h|hrs)(?![a-z])|\b\d{1,2}:\d\d\b|\b(?:noon|midday|midnight)\b"
    r"|\b(?:uk|us|eastern|pacific|central|mountain|london|local|[a-z]{1,4}t)\s+time\b"
    r"|\b(?:et|pt|ct|mt|est|edt|pst|pdt|cst|cdt|gmt|bst|utc|cet|cest|aoe)\b",
    re.IGNORECASE,
)


def _words_between(text: str) -> int:
    """The words between a cue and its date, not counting a time of day and its zone."""
    return len(re.findall(r"\w+", _TIME_OF_DAY.sub(" ", text)))


def score_dates(text: str, dates: list[DateMatch], posted: date | None) -> list[Candidate]:
    """Score each date as the submission deadline from the words in its clause."""
    out: list[Candidate] = []
    # dates written with their weekday ("Tuesday, March 2"): what a bare "Tuesday" elsewhere may name (a span
    # of days is an event's, not the day a weekday names; "by January 25" without its weekday is another date
    # than "by next Monday" in the same post)
    explicit = [
        d
        for d in (
            resolve_year(f, posted)
            for f in dates
            if f.relative is None and not f.is_range and f.weekday is not None
        )
        if d is not None
    ]
    first_step = _FIRST_STEP.search(text) is not None
    # "Three weeks to go: ... due the 30th": the date (a meeting's span of days names none)
    names_a_date = any(d.relative is None and not d.is_range for d in dates)
    for index, found in enumerate(dates):
        day = resolve_year(found, posted)
        if day is None:
            continue
        if found.relative in ("weekday", "next-weekday") and posted is not None:
            # "due Tuesday" in the subject, "Tuesday, March 2" in the body: the explicit date names it
            named = [d for d in explicit if d.weekday() == found.weekday and 0 <= (d - posted).days <= 13]
            if named and day not in named:
                day = min(named)
        clause_start = _clause_bounds(text, found.start)
        before = text[clause_start : found.start]
        # only the words since the previous date in the same clause speak for this one, unless that
        # stretch is silent ("extended from Feb 1 to Mar 1": "to" continues the first date's cue)
        prev_end = max(
            (d.end for d in dates[:index] if d.end <= found.start and d.end > clause_start), default=None
        )
        own = before if prev_end is None else text[prev_end : found.start]
        reasons: list[str] = []
        score = 0.0
        cue_text, cue_from = own, clause_start if prev_end is None else prev_end
        if prev_end is not None and not any(r.search(own) for r, _ in _CUE_RE):
            # inherit, but with a connecting "to"/"and" only
            cue_text, cue_from = text[clause_start:prev_end], clause_start
            if not re.fullmatch(
                r"\s*(?:,?\s*(?:-|to|until|through|thru|till|and now|now)(?:\s+the)?\s*)", own, re.IGNORECASE
            ):
                cue_text = ""
        cues = _cues_in(cue_text)
        line_start = text.rfind("\n", 0, found.start) + 1
        work_row = bool(_WORK_ROW.match(text, line_start, found.start))
        for position, word, weight in cues:
            if work_row and weight == EVENT_WEIGHT and cue_from + position >= line_start:
                continue  # "Workshop and seminar proposals due .... Jan 15": the row names the work, no event
            distance = _words_between(cue_text[position:])
            factor = 1.0 if distance <= 6 else (0.6 if distance <= 15 else 0.35)
            if -2.0 < weight < 0 and distance > 6:
                factor = 0.3  # "the meeting" far back in the clause says little about this date
            before_cue = cue_text[:position]
            if re.fullmatch(_ERRANDS, word) and (
                re.search(r"\band (?:your |the |a )?$", before_cue)
                or before_cue.count("(") > before_cue.count(")")
                and ")" in cue_text[position:]
            ):
                # "a short note about your experience and your availability", "a write-up (setting, numbers
                # of students)": a detail of what is asked
                factor = 0.0
                continue
            score += weight * factor
            reasons.append(f"{word!r}{weight:+.1f}")
        label = _row_label(text, found, clause_start)
        for _, word, weight in _cues_in(label):
            # a key-dates row that starts with its date: "15 January 2027 - abstract deadline"
            score += weight
            reasons.append(f"{word!r}{weight:+.1f} (row label)")
        if work_row:
            score += 2.5
            reasons.append("a key-dates row naming the work")
        if first_step and _FULL_WORK.search(before[-80:]):
            # "a letter of intent by next Wednesday ...; full proposals will be due February 15": the full
            # work is the second step, asked of those the first step selects
            score -= 3.0
            reasons.append("the second step")
        after = text[found.end : found.end + 50].split("\n", 1)[0]
        if _WAS_THE_DEADLINE.match(_wrapped_on(text, found.end)) or _ARROW.match(after):
            score -= 6.0
            reasons.append("old/start date")
        elif re.match(
            # "Sunday night is the cutoff", "tomorrow is the last day to send me your vignettes"
            r"(?:\s+(?:night|evening|morning|afternoon|noon|midnight|eod|cob))?"
            r"\s*[,:]?\s*(?:is|will be|was)?\s*(?:the\s+)?(?:real\s+|final\s+|hard\s+)?(?:submission\s+)?"
            r"(?:deadline|due date|cut-?off(?:\s+date)?|closing date|latest|(?:last|final) (?:day|chance|call)\b)",
            after,
            re.IGNORECASE,
        ):
            score += 3.0
            reasons.append("'deadline' after")
            if re.search(
                r"\b(?:last|final) day (?:to|for) (?:send|submit|apply|enter|nominate|get)", after, re.I
            ):
                score += 1.5  # "tomorrow is the last day to send me your vignettes": sent by it
                reasons.append("asked to send by it")
        if re.match(r"\s*(?:deadline|closes)", after, re.IGNORECASE):
            score += 1.0
        if re.match(
            r"\s*(?:eod|cob|close of business|end of (?:the )?(?:business |working )?day)\b", after, re.I
        ):
            # "please send it tomorrow EOD", "Friday COB": the end of a working day is said of a deadline
            score += 2.0
            reasons.append("'EOD' after")
        if (
            found.relative == "days"
            and (
                re.search(r"\b(?:left|remaining|to go)$", found.text, re.IGNORECASE)
                or re.search(r"\b(?:have|has|get)\s+$", text[max(0, found.start - 12) : found.start], re.I)
            )
            and not names_a_date
        ):
            # "two days left to send a proposal", "you now have ten more days", in a post that names no date:
            # the time left says "deadline" as plainly as "due" (and so outweighs the discount of a date
            # counted from the post)
            score += 3.5
            reasons.append("the time left")
        if re.match(
            r"\s*[,(]?\s*(?:at\s+the\s+(?:very\s+)?latest|or\s+(?:before|sooner|earlier))\b",
            _wrapped_on(text, found.end),  # "in three weeks' time at the\nlatest"
            re.IGNORECASE,
        ):
            score += 2.5
            reasons.append("'at the latest' after")
        step = _BEFORE_THE_DEADLINE.search(before)
        if step and not re.fullmatch(r"[\s,:(-]*(?:(?:is|was|of|on)\s+)?(?:the\s+)?", before[step.end() :]):
            # "we're happy to look at a draft before the deadline if you send it by Wednesday": a step
            # before the deadline, which is another date
            score -= 3.0
            reasons.append("a step before the deadline")
        elif _OPTIONAL_STEP.match(_rest_of_sentence(text, found.end)):
            # "send drafts to me by Sep 18 if you'd like feedback": a step before the deadline, not it
            score -= 3.0
            reasons.append("an optional step")
        if found.relative == "days" and _EXTENDED_BY_SPAN.search(text, max(0, found.start - 40), found.start):
            # "we are extending it by another week": how much more time, not a date counted from the post
            score -= 6.0
            reasons.append("the span of an extension")
        if _date_alone(text, clause_start, found):
            # "Friday week, if that works for people." "By the 3rd, please." "Tomorrow EOD."
            score += 2.5
            reasons.append("a sentence that is only the date")
        if found.text.lower().startswith("within"):
            score += 3.0  # "within 10 days of this message" says nothing but a limit
            reasons.append("'within'")
        elif found.text.lower().startswith(("over", "during", "this")):
            score += 1.5  # "write something over the weekend": when to do the work, if it is asked for
            reasons.append("a span for the work")
            if _COLLECTING.search(before[-80:]):
                score += 1.5  # "we'll be collecting proposals over the next two weeks": the call's window
                reasons.append("the window for the work")
        elif found.relative is not None and _COUNTED_FROM_THE_POST.search(found.text):
            # "send an abstract six weeks from today": a writer counts days from the post to set a limit
            score += 2.0
            reasons.append("counted from the post")
        if found.weekday is not None and found.relative is None and day.weekday() != found.weekday:
            score -= 2.0
            reasons.append("the weekday does not agree")
        tail = before[-60:]
        if _JUST_BEFORE_NEG.search(tail):
            score -= 6.0
            reasons.append("old/start date")
        elif _JUST_BEFORE_POS.search(tail):
            score += 1.5
            reasons.append("cue right before")
        elif _THE_DEADLINE_IS.search(before[-240:]):
            score += 1.5
            reasons.append("the deadline is this date")
        if _EXTENDED_TO.search(before):
            # "we have extended the deadline for late-breaking workshop proposals to Monday, October 12"
            score += 3.0
            reasons.append("extended to")
        # "extended from Feb 1 to Mar 1": the date after "to" is the new one
        if (
            prev_end is not None
            and re.fullmatch(r"\s*,?\s*(?:to|until)(?:\s+the)?\s*", own, re.IGNORECASE)
            and re.search(r"extend|moved|postpone|push", text[clause_start:prev_end], re.IGNORECASE)
        ):
            score += 3.0
            reasons.append("extension's new date")
        if re.search(OFFSET, own, re.IGNORECASE):
            # "abstracts close a week before the meeting on May 5": May 5 is the anchor, not the deadline
            score -= 5.0
            reasons.append("an anchor a deadline is reckoned from")
        if _POLITE_ASK.search(text, clause_start, found.start):
            # "Could you send whatever you can share a week from Friday?": a request to send, by that date
            score += 1.5
            reasons.append("asked to send by it")
        elif _in_question(text, found.end):
            score -= 4.0
            reasons.append("asked about, in a question")
        if _THEIR_DEADLINE.search(own) and _ASKS_ME.search(text):
            # "STFM's deadline is Aug 24, so email me by Friday": the member's own date is the reader's
            score -= 3.0
            reasons.append("another body's deadline")
        if re.search(
            r"(?:pushed(?: back| out)?|moved(?: back)?|postponed|delayed|bumped) (?:to|until)\s*$",
            before,
            re.IGNORECASE,
        ) and re.search(r"\b(?:deadline|due date|due|submissions?)\b", before, re.IGNORECASE):
            # "the deadline ... has been pushed (back) to 4/29"; "the meeting moved to May 5" is not a deadline
            score += 4.5
            reasons.append("deadline moved to")
        if found.relative is not None:
            score -= 0.5  # an explicit date elsewhere is the better witness
        if found.is_range:
            score -= 3.0
            reasons.append("a span of days")
        if _SPAN_END.match(text, found.end, found.end + 30):
            # the start of a span "April 22 - April 25" or "May 3 to May 5"
            if not re.search(r"extend|moved|postpone", before, re.IGNORECASE):
                score -= 3.0
                reasons.append("start of a span")
        line_start = text.rfind("\n", 0, found.start) + 1
        if text[line_start : found.start].lstrip().startswith(">"):
            score -= 10.0
            reasons.append("quoted")
        if posted is not None and day < posted - timedelta(days=1):
            score -= 10.0
            reasons.append("before the post")
        out.append(Candidate(found, day, score, before.strip()[-80:], reasons))
    return out


# the end of a span after a date: "April 22 - 25", "May 3 to May 5", "Mon - Fri 9"; not "Friday - max 250 words"
_SPAN_END = re.compile(
    r"\s*(?:-|to|through|thru)\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\.?,?\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:words?|pages?|minutes?|mins?|hours?|slides?|%|-?words?))",
    re.IGNORECASE,
)


_EXTENDED_BY_SPAN = re.compile(
    r"\b(?:extend\w*|push\w*(?:\s+back)?|postpon\w*|added|adding|giv\w+)(?:\s+(?:it|them|the\s+[\w-]+))?\s+(?:by\s+)?$",
    re.IGNORECASE,
)


def _date_alone(text: str, clause_start: int, found: DateMatch) -> bool:
    """Is the date a sentence of its own ("Friday week, if that works for people.", "By the 3rd, please.")?"""
    if not _DATE_ALONE_BEFORE.fullmatch(text, clause_start, found.start):
        return False
    before = text[:clause_start].rstrip()
    starts_sentence = not before or before[-1] in ".!?:" or text[len(before) : clause_start].count("\n") >= 2
    return starts_sentence and bool(_DATE_ALONE_AFTER.match(text, found.end))


# an extension's new date, however long the name of what is extended
_EXTENDED_TO = re.compile(
    # "we're extending the co-leader application deadline (it was yesterday, June 30) by one week, to Tuesday"
    r"(?:\b(?:extend(?:ed|ing)|prolong(?:ed|ing)|(?:mov|push)(?:ed|ing))\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:deadline|due date|closing date"
    r"|submissions?)\b[^.!?]{0,80}?"
    # "the deadline that was tomorrow (October 9) has been pushed back one week, to the 16th"
    r"|\b(?:deadline|due date|closing date)\b[^.!?]{0,120}?\b(?:extended|prolonged|moved|pushed(?: back| out)?|postponed)\b"
    r"[^.!?]{0,30}?)\b(?:to|until|through|till)(?:\s+the)?\s*:?\s*$",
    re.IGNORECASE,
)
# a sentence that is only a date: what comes before it in its sentence, and after it
# (written in a hurry: "COB thurs", "by Mon 2/1 pls", "a week from today latest", at the end of a line)
_DATE_ALONE_BEFORE = re.compile(
    r"\s*(?:(?:by|before|ideally by|aim for|cob|eod|no later than)\s+)?", re.IGNORECASE
)
_DATE_ALONE_AFTER = re.compile(
    r"\s*(?:eod|cob|end of day|close of business)?\s*(?:,?\s*(?:if (?:that works|you can|possible|at all possible)"
    r"(?: for (?:people|you|everyone|you all))?|please|pls|plz|ideally|at the latest|latest|thx|thanks"
    r"|(?:is|'s) (?:fine|ok|okay|plenty|great)))?"
    r"\s*(?:[.!]|[ \t]*(?:\n|$))",
    re.IGNORECASE,
)


# a key-dates row whose label names what is sent: "Chapter proposals (500-word abstract):  March 1, 2027"
_WORK_ROW = re.compile(
    r"[ \t]*(?:[-*\u2022]\s*)?(?:[\w-]+\s+){0,3}(?:abstracts?|proposals?|submissions?|papers?|entries|nominations?"
    r"|applications?|manuscripts?|essays?|posters?|write-?ups?|pieces|reflections?|vignettes?|articles?|chapters?"
    r"|poems?)\b[^:\n]{0,60}?(?::|\.{2,}|\u2026+)[ \t]*$",
    re.IGNORECASE,
)


# a request put as a question: "Could you send your scenarios two weeks from today?"
_POLITE_ASK = re.compile(
    r"\b(?:(?:could|would|can|will) (?:you|" + ADDRESSED + r")|(?:could|can|may) i (?:ask|invite) you to)"
    r" (?:please |kindly |all )?"
    r"(?:send|submit|e-?mail|share|forward|upload|write"
    r"|get (?:it|them|these|those|this|yours) to)\b"
    r"|\b(?:could|can|may) (?:i|we) (?:please )?have (?:your|some|a few|any)\b"  # "Could I have your pieces by ...?"
    # "maybe you could send something to me in the next two weeks?", "Would you consider sending ..."
    r"|\b(?:you|anyone|any of you) (?:could|might) (?:perhaps |please )?(?:send|submit|e-?mail|share|write)\b"
    r"|\b" + CONSIDER_SENDING + r"\b"
    # "Could anyone who is willing send me a vignette by the end of next week?"
    r"|\b(?:could|would|can|will|might) (?:anyone|someone|any of you)\b(?:\s+[\w'-]+){0,4}?\s+(?:please\s+)?"
    r"(?:send|submit|e-?mail|share|write)\b",
    re.IGNORECASE,
)


# a span a writer counts from the post: "in three weeks", "two weeks from today", "10 days after this message",
# "a week from Friday"
_COUNTED_FROM_THE_POST = re.compile(
    r"^in\s|\b(?:from|after|of)\s+(?:today|now|tomorrow|(?:the\s+date\s+of\s+|receipt\s+of\s+)?(?:this|my|the)\s+"
    r"(?:message|e-?mail|post(?:ing)?|note|announcement))\b"
    r"|\b(?:from|after)\s+(?:this\s+(?:coming\s+)?|next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)


def _row_label(text: str, found: DateMatch, clause_start: int) -> str:
    """The label after a date that starts a list or table row ("15 Jan 2027 - abstract deadline"), or ""."""
    line_start = text.rfind("\n", 0, found.start) + 1
    if clause_start > line_start or not re.fullmatch(
        r"\s*(?:(?:[-*\u2022|]|\d{1,2}[.)])\s*)?", text[line_start : found.start]
    ):
        return ""
    line_end = text.find("\n", found.end)
    rest = text[found.end : line_end if line_end >= 0 else len(text)]
    m = re.match(r"\s*(?:[-:|\u2013\u2014]|\.{2,})\s*(?P<label>[A-Za-z][^\n]{0,80})$", rest)
    return m.group("label") if m else ""


_BEFORE_THE_DEADLINE = re.compile(
    r"\b(?:before|ahead of|prior to|in advance of)\s+the\s+(?:[\w-]+\s+)?(?:deadline|due date|closing date)\b",
    re.IGNORECASE,
)
_OPTIONAL_STEP = re.compile(
    r"[^.!?;\n]{0,40}?\b(?:if you(?:'d| would)? (?:like|want|wish) (?:\w+ ){0,2}(?:feedback|comments|input|a review|"
    r"a read)|(?:this step )?is optional|(?:is )?not required)\b",
    re.IGNORECASE,
)


def _wrapped_on(text: str, end: int) -> str:
    """The 50 characters after a date, its paragraph's line breaks read as spaces (a wrapped line goes on)."""
    return re.split(r"\n\s*\n", text[end : end + 50], maxsplit=1)[0].replace("\n", " ")


def _rest_of_sentence(text: str, end: int) -> str:
    stop = re.search(r"[.!?;](?:\s|$)|\n\s*\n", text[end : end + 200])
    return text[end : end + (stop.start() if stop else 200)]


_THEIR_DEADLINE = re.compile(
    r"\b[A-Z][A-Za-z&]+'s\s+(?:own\s+)?(?:\w+\s+)?(?:deadline|due date)\b|\btheir (?:own )?deadline\b"
)
_ASKS_ME = re.compile(r"\b(?:e-?mail|send|write to|contact|tell|let) me\b", re.IGNORECASE)


def _in_question(text: str, end: int) -> bool:
    """Does the sentence holding a date end with a question mark ("can she submit before Jan 11?")

    The sentence ends at . ! ? or a blank line, or with its line when that line is not wrapped prose
    ("Deadline: Jan 15" then "Questions? Write to me" on the next line is no question).
    """
    line_start = text.rfind("\n", 0, end) + 1
    position = end
    while position < min(len(text), end + 300):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        stop = re.search(r"[.!?](?=\s|$)", text[position:line_end])
        if stop:
            return stop.group(0) == "?"
        line = text[line_start:line_end]
        if _line_ends_clause(line) and not re.search(
            r"(?:,|\b(?:and|or|but|that|would|to|the|a|of))\s*$", line
        ):
            return False
        position = line_start = line_end + 1
    return False


def _cues_in(text: str) -> list[tuple[int, str, float]]:
    hits: list[tuple[int, int, str, float]] = []
    for regex, weight in _CUE_RE:
        for m in regex.finditer(text):
            hits.append((m.start(), m.end(), m.group(0).lower(), weight))
    # the longest cue wins where cues overlap ("no later than" over "by"...)
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, str, float]] = []
    last_end = -1
    for s, e, word, weight in hits:
        if s < last_end:
            continue
        kept.append((s, word, weight))
        last_end = e
    return kept


# "the deadline has been extended by two weeks": the new deadline is the old one moved on
EXTENDED_BY = re.compile(
    r"\b(?:extend\w*|push\w*(?: back)?|mov\w*|postpon\w*|giv\w+|added|adding|keep\w*|kept|hold\w*)"
    r"(?:[^.\n]|\n(?!\s*\n)){0,140}?"
    r"(?:\bby\s+(?:an?\s+)?(?:(?P<n>\d{1,2}|one|two|three|four|five|six|seven|ten|fourteen|an?|a few)\s+"
    r"(?:more\s+|extra\s+|additional\s+)?)?"
    r"|\b(?P<n2>\d{1,2}|one|two|three|four|five|six|seven|ten|fourteen|an?|another)\s+(?:more\s+|extra\s+"
    r"|additional\s+|further\s+)?)"
    r"(?P<unit>days?|weeks?|hours?)\b(?![^.\n]{0,30}?\b(?:to|until|through|till)\s+\w+\s+\d)",
    re.IGNORECASE,
)
_COUNT = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
}


def _extension_days(m: re.Match[str]) -> int:
    """The days an ``EXTENDED_BY`` match adds ("by one week": 7; "a few days": 0, not said)."""
    if (m.group("n") or "").lower() == "a few":
        return 0
    raw = (m.group("n") or m.group("n2") or "one").lower()
    raw = "one" if raw == "another" else raw
    count = int(raw) if raw.isdigit() else _COUNT.get(raw, 0)
    if m.group("unit").lower().startswith("h"):  # "extended by 72 hours": by the day they run out
        return -(-count // 24)
    return count * (7 if m.group("unit").lower().startswith("w") else 1)


def _moved(old: Candidate, days: int, m: re.Match[str], whose: str) -> tuple[Candidate, list[str]]:
    moved = Candidate(
        old.found, old.day + timedelta(days=days), max(old.score, 4.0), old.clause, [*old.reasons]
    )
    moved.reasons.append(f"moved {days} days on from {whose}{old.day.isoformat()} ({m.group(0)!r})")
    return moved, [f"extension by {days} days: {old.day.isoformat()} -> {moved.day.isoformat()}"]


def moved_from(text: str, old: Candidate) -> tuple[Candidate | None, list[str]]:
    """ "We've decided to give one more week", in reply to a call whose deadline was ``old``: that deadline
    moved on by the span the text names; None when it names none."""
    m = EXTENDED_BY.search(text)
    days = _extension_days(m) if m is not None else 0
    if m is None or days <= 0:
        return None, []
    return _moved(old, days, m, "the quoted call's ")


def moved_by(
    text: str, cands: list[Candidate], chosen: Candidate | None
) -> tuple[Candidate | None, list[str]]:
    """ "Extended by one week" with no new date written: the old deadline it names, moved on.

    The old deadline is the date in the extension's sentence, else the one the post calls old ("the original
    deadline was ..."). Nothing changes when the post writes the new date ("by one week, to Friday 29
    January", "by one week. The new deadline is Friday, February 19").
    """
    for m in EXTENDED_BY.finditer(text):  # the first that names its old date ("pushed back a week" in a
        days = _extension_days(m)  # subject, then "a week from the original date of Sept 18" in the text)
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n\n", 0, m.start())) + 1
        stop = re.search(r"[.!?](?:\s|$)|\n\s*\n", text[m.end() :])
        end = m.end() + (stop.start() if stop else len(text))
        near = [c for c in cands if start <= c.found.start < end and c.found.relative is None]
        if any(
            c.found.start > m.end()
            and re.match(r"[\s,]*(?:to|until|through|till|:)\s", text[m.end() : c.found.start])
            for c in near
        ):
            return chosen, []  # "by one week, to Friday 29 January": the new date, written out
        near = [
            c
            for c in near
            if c.found.start < m.start()
            or re.search(
                r"\bbeyond\b|\bfrom (?:the |our )?(?:original|old|current|previous)\b",
                text[m.end() : c.found.start],
            )
        ]
        # the old date: in the extension's sentence, or said to be old elsewhere ("the original deadline was
        # ...") when no date reads as the new one
        pool = near or [
            c for c in cands if "old/start date" in c.reasons and (chosen is None or chosen.day == c.day)
        ]
        if days > 0 and len({c.day for c in pool}) == 1:
            return _moved(max(pool, key=lambda c: c.score), days, m, "")
    return chosen, []


def choose_deadline(cands: list[Candidate], extended: bool) -> tuple[Candidate | None, list[str]]:
    """The candidate that is the deadline, or None when none is clearly so."""
    positive = [c for c in cands if c.score >= 2.0]
    if not positive:
        return None, ["no date reads as the deadline"]
    positive.sort(key=lambda c: (-c.score, c.found.start))
    best = positive[0]
    distinct = {c.day for c in positive}
    notes: list[str] = []
    if len(distinct) > 1:
        rivals = [c for c in positive[1:] if c.day != best.day]
        top_rival = rivals[0]
        if extended:
            # an extension names old and new dates: the new one is the later of those with an extension cue
            marked = [c for c in positive if any("extend" in r or "extension" in r for r in c.reasons)]
            later = max(marked or positive, key=lambda c: (c.day, c.score))
            # "EXTENDED to Oct 23" over a body that still says October 9: the cue right before the date says
            # which it is, whatever the body's own cues weigh
            direct = later in marked and "cue right before" in later.reasons
            if later is not best and (direct or later.score >= best.score - 2.0) and later.day > best.day:
                best = later
                notes.append("extension: took the later date")
        elif top_rival.score >= best.score - 0.5:
            # two dates equally likely: several deadlines (e.g. one per track) -> take the earliest, flagged
            notes.append(f"also {top_rival.day.isoformat()} scored {top_rival.score:.1f}")
    return best, notes
