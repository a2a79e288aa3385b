"""Calls for submissions: is a post a call, and what does it ask for by when. Pure: no IO, no clock.

``extract(post) -> CallInfo`` reads the author's own words (``post.new_text``) plus any *forwarded*
message in the body (a forwarded call is the author's content; a quoted reply is not). The deadline
comes from the date grammar in ``listbot.dates`` and a score for each candidate date from the words in
the clause before it: "due", "deadline", "extended to" count for it; "notification", "registration",
"held", "from" count against it. When no candidate is clearly the deadline we say so rather than
guess (a wrong deadline in the digest is worse than "date not announced").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from listbot.dates import OFFSET, DateMatch, find_dates, resolve_year, time_and_zone
from listbot.model import CallInfo, Deadline, Post

# -- reading the author's content --------------------------------------------------------------------

_FORWARD_MARKERS = re.compile(
    r"^[ \t]*(?:-{4,}\s*Forwarded message\s*-{4,}|Begin forwarded message:|-{4,}\s*Original Message\s*-{4,}"
    r"|-{3,}\s*Weitergeleitete Nachricht\s*-{3,}|-{3,}\s*Message transféré\s*-{3,})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,200}?(?:\n[^\n]{0,200}?)?\bwrote:|[^\n]{0,200}\b(?:schrieb|a écrit|escribió|skrev|"
    r"schreef|ha scritto|escreveu)\s*:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FWD_SUBJECT = re.compile(r"^\s*(?:\[[^\]]*\]\s*)*(?:fwd?|fw|tr|wg)\s*:", re.IGNORECASE)


def forwarded_sections(post: Post) -> list[str]:
    """The forwarded messages in the body, unquoted: the author's content by adoption.

    A forward marker counts only when it is not itself inside a quoted reply (a reply that quotes a
    forward is still a reply). "-----Original Message-----" counts only when the subject says Fwd/FW.
    """
    body = post.body_text or ""
    sections: list[str] = []
    first_quote = _QUOTE_HEADER.search(body)
    limit = first_quote.start() if first_quote else len(body)
    for marker in _FORWARD_MARKERS.finditer(body):
        if marker.start() >= limit:
            break
        if "original message" in marker.group(0).lower() and not _FWD_SUBJECT.match(post.subject or ""):
            continue
        line_start = body.rfind("\n", 0, marker.start()) + 1
        if body[line_start : marker.start()].lstrip().startswith(">"):
            continue
        rest = body[marker.end() :]
        inner_quote = _QUOTE_HEADER.search(rest)
        if inner_quote:
            rest = rest[: inner_quote.start()]
        lines = [re.sub(r"^(?:>\s?)+", "", line) for line in rest.splitlines()]
        sections.append("\n".join(lines).strip())
        break  # nested forwards are inside the first one
    return [s for s in sections if s]


def content_of(post: Post) -> str:
    """The text a call is read from: the subject, the author's new text, and forwarded sections."""
    own_subject = not post.is_reply or bool(_FWD_SUBJECT.match(post.subject or ""))
    parts = [post.topic or post.subject or "" if own_subject else "", post.new_text or ""]
    new_norm = _squash(post.new_text or "")
    for section in forwarded_sections(post):
        probe = _squash(section)[:200]
        if probe and probe in new_norm:
            continue  # the reader already kept the forwarded text as new text
        parts.append(section)
    return _normalise("\n\n".join(parts))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*_]{1,2}(?=\w)|(?<=\w)[*_]{1,2}", "", text)  # *bold* and _underline_ markers
    return text


# -- scoring candidate dates -----------------------------------------------------------------------

# (pattern, weight): positive words say "this is when submissions close", negative ones say "another date".
CUES: tuple[tuple[str, float], ...] = (
    (r"deadlines?|closing date|cut-?off(?: date)?", 3.0),
    (r"due(?: date)?", 3.0),
    (r"no later than", 3.0),
    (r"must be (?:received|submitted|postmarked|sent|in)", 3.0),
    (r"postmarked", 2.5),
    (r"extended(?: (?:to|until|through|till))?", 3.0),
    (r"new date", 2.5),
    (r"clos(?:es|ing|e)(?: (?:on|at))?", 2.5),
    (r"submi(?:t|ssions?|tted|tting)", 2.0),
    (r"send (?:your|us|in|them|it)", 1.5),
    (r"apply|applications?", 1.5),
    (r"accepted (?:until|through|till)", 2.5),
    (r"accepting|(?:still|keep|continue to|continuing to) (?:taking|accepting|take|accept)", 2.0),
    (r"(?:e-?mail|write to|send|send (?:it |them )?to|contact|reach|tell) me|let me know", 2.0),
    (r"until|till|through|thru", 1.5),
    (r"on or before|before", 1.5),
    (r"by", 1.5),
    (r"last day", 2.5),
    (r"nominat(?:e|ions?)", 1.0),
    (r"abstracts?|proposals?|essays?|manuscripts?|papers?", 0.8),
    # against
    (r"notif(?:ication|ications|ied|ies|y)", -5.0),
    (r"accept(?:ance|ances)|decisions?|accepted (?:on|by)", -4.0),
    (r"early[ -]?bird|registration|register(?:ed)?|rsvp", -5.0),
    (r"hotel|room block|reservations?|lodging|accommodations?", -5.0),
    (r"(?:will )?(?:be )?held|takes? place|will take place|convenes?|gather", -4.0),
    (r"meeting|congress|conference|symposium|retreat|intensive|webinar|workshop|session|summit", -1.5),
    (r"announce[ds]?|winners?|awarded|presented at|published|publication|appear", -3.0),
    (r"opens?|opening|begins?|starts?|starting|available from|launch(?:es)?", -3.0),
    (r"wrote|posted|was sent|were sent", -4.0),
    (r"dues|payment|refunds?|cancell?ation|fees?", -4.0),
    (r"slides|handouts|disclosures?|evaluations?|surveys?|questionnaires?|cme|ballots?|votes?", -4.0),
    (r"date:|dated|sent:", -5.0),
    (r"event|ceremony|dinner|reception|call on|zoom", -2.0),
    (r"reviews?|reviewers?'?|comments|feedback|edits|revisions?|final versions?|camera[- ]ready", -2.0),
    # paperwork asked of people already chosen or already members is an errand, not a submission
    (
        r"numbers|counts|headshots?|agenda items?|paperwork|receipts|invoices|w-?9s?|attendance"
        r"|availability",
        -3.0,
    ),
    # what follows acceptance is not the call's deadline: "if accepted, full chapters are due Dec 1"
    (
        r"(?:if|once|when) (?:your |the |a )?\w+ (?:is|are|has been|have been) accepted|upon acceptance"
        r"|after acceptance",
        -5.0,
    ),
    (r"(?:will|'ll) (?:\w+ )?(?:receive|hear)", -3.0),  # what the reader gets by then, not what they send
)
_CUE_RE = [
    (re.compile(r"(?<![a-z])(?:" + p.replace(" ", r"\s+") + r")(?![a-z])", re.IGNORECASE), w) for p, w in CUES
]
# Words right before a date that make it the old or the start date ("extended from Feb 1", "originally Feb 1").
_JUST_BEFORE_NEG = re.compile(
    r"(?:\bfrom|\boriginally(?: (?:due|set for|scheduled for))?|\bwas|\bprevious(?:ly)?(?: due)?|\bold deadline"
    r"(?: of| was)?|\binstead of|\bformerly|\bsince|\bbetween|\bstarting|\bbeginning)"
    r"(?:\s+(?:on|the))?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_JUST_BEFORE_POS = re.compile(
    r"(?:deadline(?: date)?(?: is| of| now| has been)?(?: extended)?(?: to| until)?|due(?: date)?(?: is| on| by)?"
    r"|extended(?: (?:to|until|through|till))?|no later than|by|until|through|on or before|closes?(?: on)?"
    r"|(?:due|by|until|through) (?:this|next|this coming|on)"
    r"|(?:closing|cut-?off) date(?: is| of)?"
    r"|new deadline(?: is| of)?)\s*[:,\-]?\s*(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|midnight|noon"
    r"|cob|eod|close of business|end of (?:the )?day)\s*\w{0,9}\s*(?:on\s+)?)?$",
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
            r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|dr|mr|ms|st|no|vs)\.$",
            stripped,
            re.IGNORECASE,
        )
    if len(stripped) < 45:  # a heading, a table row, a list item: not wrapped prose
        return not stripped.endswith(":")
    return False


def _clause_bounds(text: str, start: int) -> int:
    """Where the clause holding position `start` begins: a sentence end, ';', a blank line, a list item,
    or a line that is not wrapped prose. A label line ending in ':' belongs to what follows it."""
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > 1:
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        prev = text[prev_start : line_start - 1]
        current = text[line_start:start]
        if re.match(r"\s*(?:[-*\u2022>]|\d{1,2}[.)])\s", current) or _line_ends_clause(prev):
            break
        line_start = prev_start
    segment = text[line_start:start]
    cut = 0
    for m in re.finditer(r"(?<!\.)[.!?;](?=\s+|$)|\s[-|]\s(?=[A-Z])", segment):  # "...." leaders go on
        # a period right after a month abbreviation ("Feb. 5") or a title ("Dr.") is not a sentence end
        if re.search(
            r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|a\.m|p\.m|[ap]m|dr|mr|ms|st|no|vs)"
            r"|\b[A-Z])\.$",
            segment[: m.end()],
            re.IGNORECASE,
        ):
            continue
        cut = m.end()
    return line_start + cut


def score_dates(text: str, dates: list[DateMatch], posted: date | None) -> list[Candidate]:
    """Score each date as the submission deadline from the words in its clause."""
    out: list[Candidate] = []
    explicit = [d for d in (resolve_year(f, posted) for f in dates if f.relative is None) if d is not None]
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
        cue_text = own
        if prev_end is not None and not any(r.search(own) for r, _ in _CUE_RE):
            cue_text = text[clause_start:prev_end]  # inherit, but with a connecting "to"/"and" only
            if not re.fullmatch(
                r"\s*(?:,?\s*(?:-|to|until|through|thru|till|and now|now)\s*)", own, re.IGNORECASE
            ):
                cue_text = ""
        cues = _cues_in(cue_text)
        for position, word, weight in cues:
            distance = len(re.findall(r"\w+", cue_text[position:]))  # words between cue and date
            factor = 1.0 if distance <= 6 else (0.6 if distance <= 15 else 0.35)
            if -2.0 < weight < 0 and distance > 6:
                factor = 0.3  # "the meeting" far back in the clause says little about this date
            score += weight * factor
            reasons.append(f"{word!r}{weight:+.1f}")
        label = _row_label(text, found, clause_start)
        for _, word, weight in _cues_in(label):
            # a key-dates row that starts with its date: "15 January 2027 - abstract deadline"
            score += weight
            reasons.append(f"{word!r}{weight:+.1f} (row label)")
        after = text[found.end : found.end + 50].split("\n", 1)[0]
        if re.match(
            r"\s*[,:]?\s*(?:is|will be|was)?\s*(?:the\s+)?(?:submission\s+)?(?:deadline|due date)",
            after,
            re.IGNORECASE,
        ):
            score += 3.0
            reasons.append("'deadline' after")
        if re.match(r"\s*(?:deadline|closes)", after, re.IGNORECASE):
            score += 1.0
        tail = before[-60:]
        if _JUST_BEFORE_NEG.search(tail):
            score -= 6.0
            reasons.append("old/start date")
        elif _JUST_BEFORE_POS.search(tail):
            score += 1.5
            reasons.append("cue right before")
        # "extended from Feb 1 to Mar 1": the date after "to" is the new one
        if (
            prev_end is not None
            and re.fullmatch(r"\s*,?\s*(?:to|until)\s*", own, re.IGNORECASE)
            and re.search(r"extend|moved|postpone|push", text[clause_start:prev_end], re.IGNORECASE)
        ):
            score += 3.0
            reasons.append("extension's new date")
        if re.search(OFFSET, own, re.IGNORECASE):
            # "abstracts close a week before the meeting on May 5": May 5 is the anchor, not the deadline
            score -= 5.0
            reasons.append("an anchor a deadline is reckoned from")
        if _in_question(text, found.end):
            score -= 4.0
            reasons.append("asked about, in a question")
        if _THEIR_DEADLINE.search(own) and _ASKS_ME.search(text):
            # "STFM's deadline is Aug 24, so email me by Friday": the member's own date is the reader's
            score -= 3.0
            reasons.append("another body's deadline")
        if re.search(
            r"(?:pushed back|moved|postponed|delayed) (?:to|until)\s*$", before, re.IGNORECASE
        ) and re.search(r"\b(?:deadline|due date|due|submissions?)\b", before, re.IGNORECASE):
            # "the deadline ... has been pushed back to 4/29"; "the meeting moved to May 5" is not a deadline
            score += 4.5
            reasons.append("deadline moved to")
        if found.relative is not None:
            score -= 0.5  # an explicit date elsewhere is the better witness
        if found.is_range:
            score -= 3.0
            reasons.append("a span of days")
        if re.match(
            r"\s*(?:-|to|through|thru)\s*(?:\w+\.?\s+)?\d", text[found.end : found.end + 20], re.IGNORECASE
        ):
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


# -- detection ---------------------------------------------------------------------------------------

_SUBMIT_NOUNS = (
    r"(?:papers?|proposals?|abstracts?|submissions?|workshops?|presentations?|posters?|nominations?|entries|"
    r"articles?|essays?|manuscripts?|contributions?|applications?|applicants|presenters?|speakers?|"
    r"co-?leaders?|leaders?|facilitators?|reviewers?|stories|reflections?|pieces?|chapters?|case reports?|"
    r"narratives?|poems?|vignettes?|participants? for (?:a |our )?(?:panel|symposium))"
)
DETECT: tuple[tuple[str, float, str], ...] = (
    (r"\bcalls? for " + r"(?:\w+[ -]){0,3}" + _SUBMIT_NOUNS, 4.0, "call for ..."),
    (r"\bcall for (?:papers|proposals|abstracts|submissions|entries|nominations|applications)\b", 1.0, ""),
    (
        r"\b(?:request|requests) for (?:proposals|applications|abstracts|submissions)\b",
        4.0,
        "request for ...",
    ),
    (r"\bcfp\b|\brfp\b", 3.0, "CFP"),
    (
        r"\b(?:now |currently )?(?:accepting|welcom(?:e|es|ing)|invit(?:e|es|ing)|seek(?:s|ing)?|solicit(?:s|ing)?"
        r"|looking for|encourag(?:e|es|ing))\b[^.\n]{0,60}?\b" + _SUBMIT_NOUNS,
        3.0,
        "solicitation",
    ),
    (
        r"\b(?:submit|send)\b[^.\n]{0,40}?\b(?:your|an?|the|their)\b[^.\n]{0,30}?\b" + _SUBMIT_NOUNS,
        2.5,
        "submit your ...",
    ),
    (r"\b(?:essay|writing|poetry|art) (?:contest|competition|prize|award)\b", 1.5, "essay contest"),
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
        r"\bdeadline\b[^.\n]{0,40}\b(?:extended|extension)\b|\b(?:extended|extends|extending)\b[^.\n]{0,40}"
        r"\bdeadline\b|\bdeadline extension\b",
        3.0,
        "deadline extended",
    ),
    (
        r"\b(?:abstracts?|proposals?|submissions?|essays?|entries|applications?|nominations?|articles?|"
        r"manuscripts?)\b[^.\n]{0,30}\b(?:(?:are|is) (?:due|welcome|invited|sought)|close[sd]?)\b",
        3.0,
        "... are due",
    ),
    (
        r"\b(?:proposals?|submissions?|abstracts?|papers?|presenters?|co-?presenters?|co-?leaders?|leaders?|speakers?|"
        r"contributors?|contributions?|articles?|essays?|pieces|stories|topics|entries|nominations?|volunteers|"
        r"facilitators?|authors?|panelists?|photos|photographs|memories|videos|pictures|images)\s+"
        r"(?:are\s+|is\s+)?(?:wanted|sought|needed|welcome|invited)\b",
        3.0,
        "... wanted",
    ),
    (r"\b(?:letters?|statements?|expressions?) of interest\b", 2.5, "letters of interest"),
    (
        r"\b(?:open|accepting|collecting|taking)\s+(?:for\s+)?(?:submissions|proposals|pieces|contributions|entries|"
        r"nominations|applications|abstracts|essays|articles)\b",
        3.0,
        "open for submissions",
    ),
    (
        r"\bif you(?:'d| would) like to (?:propose|lead|present|submit|contribute|co-?lead|nominate|apply)\b|"
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
    (
        r"\b(?:congratulations|congrats)\b|\bwinners? (?:(?:is|are)(?! (?:invited|asked|eligible|expected|notified|"
        r"entitled|welcome|published|announced (?:at|in|on|by|during)))|was|were|announced|has been)\b|"
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
        r"\b(?:dues|renew (?:your )?membership|membership renewal|survey|questionnaire|rsvp)\b",
        -2.5,
        "dues/survey/RSVP",
    ),
    (
        r"\b(?:unsubscribe digest|digest of open calls|calls for submissions digest|sent automatically by listbot)\b",
        -20.0,
        "the bot's own digest",
    ),
    (
        r"\b(?:thank you|thanks) (?:to all|everyone|all) who (?:submitted|applied|sent)\b|\bsubmissions? (?:are|is|"
        r"have been) (?:now )?closed\b|\bno longer accepting\b",
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
        r"\b(?:were|have been|has been) (?:selected|chosen|elected)\b|\belection results\b",
        -4.0,
        "selection announced",
    ),
)
_DETECT_RE = [(re.compile(p, re.IGNORECASE), w, why) for p, w, why in DETECT]
_NOT_RE = [(re.compile(p, re.IGNORECASE), w, why) for p, w, why in NOT_A_CALL]
_EXTENSION_RE = re.compile(
    r"\b(?:deadline|due date)\b[^.\n]{0,60}\b(?:extended|extension|moved|postponed|pushed back)\b|"
    r"\b(?:extended|extending|extends)\b[^.\n]{0,40}\b(?:deadline|due date|until|to|through)\b|"
    r"\bnew deadline\b|\bdeadline extension\b|\bextended deadline\b|\bmore time\b[^.\n]{0,30}\bsubmi",
    re.IGNORECASE,
)
_PERSONAL_SEEK = re.compile(
    r"\b(?:i am|i'm|we are|we're|i have been|i've been)\s+(?:\w+\s+){0,3}(?:seeking|looking for)\s+(?:a|an)\s+"
    r"(?:co-?leader|co-?facilitator|partner|colleague)\b",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\A\s*(?:(?:hi|hello|dear|greetings)\b[^\n]*\n+)?\s*(?:(?:a |one )?quick question|(?:a )?question (?:about|on|re)\b"
    r"|i have a question|does anyone know|can anyone (?:tell|confirm|clarify)|has anyone|do you know)\b",
    re.IGNORECASE,
)
_AUTO_HEADERS = ("auto-submitted", "x-loop", "x-autoreply", "x-autorespond", "precedence")


def detection_score(post: Post, text: str, deadline: Candidate | None = None) -> tuple[float, list[str]]:
    """How strongly the text reads as a call for submissions, and why.

    The phrases of a call ("call for proposals", "co-leaders wanted", "letters of interest") count,
    and so does a date that reads as a submission deadline next to a request to send something.
    """
    score = 0.0
    reasons: list[str] = []
    for regex, weight, why in _DETECT_RE:
        if regex.search(text):
            score += weight
            if why:
                reasons.append(f"+{weight:g} {why}")
    for regex, weight, why in _NOT_RE:
        hits = regex.findall(text)
        if hits:
            score += weight
            reasons.append(f"{weight:g} {why}")
    evidence = deadline is not None and deadline.score >= 3.0
    if evidence:
        assert deadline is not None
        score += 2.0
        reasons.append("+2 a date reads as the deadline")
        if _ACTION_RE.search(deadline.clause):
            score += 1.5
            reasons.append("+1.5 ... asked to send/submit by it")
    own = post.new_text or ""
    if "?" in own and _ASKING.search(own) and not _EXTENSION_RE.search(own):
        score -= 5.0
        reasons.append("-5 a question about a call, not a call")
    if _PERSONAL_SEEK.search(text) and not re.search(r"\bcall for\b|\bapplications?\b", text, re.IGNORECASE):
        score -= 4.0
        reasons.append("-4 a member seeking a partner, not a call")
    if post.is_reply and not _FWD_SUBJECT.match(post.subject or ""):
        # a reply counts only when it restates the call: an extension, or a reminder with its deadline
        if _EXTENSION_RE.search(post.new_text or "") or evidence:
            reasons.append("a reply that extends or repeats a call")
        else:
            score -= 6.0
            reasons.append("-6 a reply without an extension or a deadline")
    for name in _AUTO_HEADERS:
        for value in post.header(name):
            v = value.strip().lower()
            if name == "auto-submitted" and v and v != "no":
                score -= 20.0
                reasons.append("-20 Auto-Submitted")
            elif name == "x-loop" or name.startswith("x-auto"):
                score -= 20.0
                reasons.append(f"-20 {name}")
            elif name == "precedence" and v in ("bulk", "junk", "auto_reply"):
                score -= 3.0
                reasons.append(f"-3 Precedence: {v}")
    return score, reasons


_ACTION_RE = re.compile(
    r"\b(?:send|sent|submit\w*|upload|propos\w*|e-?mail|write|apply|nominat\w*|contribut\w*|due|accept\w*|"
    r"letters?|abstracts?|proposals?|essays?|entries|pieces|manuscripts?|deadline|closes?)\b",
    re.IGNORECASE,
)


DETECT_THRESHOLD = 3.0


# -- title, kind, organisation, link, eligibility ------------------------------------------------------

_TITLE_PREFIX = re.compile(
    r"^\s*(?:(?:\[[^\]]*\]|re|fwd?|fw|aw|tr|wg|reminder|friendly reminder|final reminder|last call|final call|"
    r"last chance|deadline extended|extended|extension|new deadline|updated?|urgent|announcement|"
    r"important|save the date|now open|one week left|\d+ days? left)\s*[:!\-]+\s*|\[[^\]]*\]\s*)+",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(
    r"\s*[\-(:|]+\s*(?:deadline (?:extended|approaching)[^)]*|reminder|extended|last call|final reminder)\)?\s*$",
    re.IGNORECASE,
)


def title_of(post: Post, text: str) -> str | None:
    title = post.topic or post.subject or ""
    for _ in range(3):
        title = _TITLE_PREFIX.sub("", title)
        title = _TITLE_SUFFIX.sub("", title)
    title = re.sub(r"\s+", " ", title).strip(" -:|")
    if len(title) >= 6 and re.search(r"[A-Za-z]{3}", title):
        return title[:160]
    m = re.search(r"(?im)^.*\bcalls? for\b.*$", text)
    if m:
        return re.sub(r"\s+", " ", m.group(0)).strip()[:160]
    return None


KINDS: tuple[tuple[str, str], ...] = (
    ("essay", r"\bessay\b|\bwriting (?:contest|competition|prize)"),
    ("newsletter", r"\bnewsletter\b|\bbalint in brief\b|\bbulletin\b"),
    ("journal", r"\bjournal\b|\bspecial issue\b|\bmanuscripts?\b|\bpeer[- ]review"),
    (
        "leadership",
        r"\bco-?leaders?\b|\bleadership\b|\bfacilitators?\b|\bboard\b|\bcommittee\b|\bnominations?\b",
    ),
    ("congress", r"\bcongress\b|\binternational balint\b|\bibf\b"),
    (
        "meeting",
        r"\bmeeting\b|\bconference\b|\bsymposium\b|\bworkshops?\b|\bposters?\b|\bpresentations?\b|"
        r"\bforum\b|\bretreat\b|\bintensive\b|\bsummit\b",
    ),
)


def kind_of(title: str | None, text: str) -> str:
    """The kind of call, judged on the title first, then on the text."""
    for source in (title or "", text):
        for kind, pattern in KINDS:
            if re.search(pattern, source, re.IGNORECASE):
                return kind
    return "other"


KNOWN_ORGS: tuple[tuple[str, str], ...] = (
    (r"\bAmerican Balint Society\b|\bABS\b", "American Balint Society"),
    (r"\bInternational Balint Federation\b|\bIBF\b", "International Balint Federation"),
    (
        r"\bBalint Society (?:of (?:Great Britain|the UK)|\(UK\)|UK)\b|\bUK Balint Society\b",
        "The Balint Society (UK)",
    ),
    (r"\bSociety of Teachers of Family Medicine\b|\bSTFM\b", "Society of Teachers of Family Medicine"),
    (r"\bAmerican Academy of Family Physicians\b|\bAAFP\b", "American Academy of Family Physicians"),
    (r"\bAmerican Psychiatric Association\b", "American Psychiatric Association"),
)
_ORG_RE = re.compile(
    r"\b(?:the\s+)?((?:[A-Z][A-Za-z'&.-]+\s+)(?:(?:of|for|and|in|on|the|[A-Z][A-Za-z'&.-]+)\s+){0,6}"
    r"(?:Society|Federation|Association|Academy|College|Institute|Foundation|Journal|Council|Network|"
    r"University|Center|Centre)(?:\s+(?:of|for)\s+(?:[A-Z][A-Za-z'&.-]+\s*){1,4})?)"
)


def organisation_of(text: str) -> str | None:
    """The organisation named first (the subject comes first in the text; signatures come last)."""
    hits = [(m.start(), name) for pattern, name in KNOWN_ORGS for m in [re.search(pattern, text)] if m]
    if hits:
        return min(hits)[1]
    m = _ORG_RE.search(text)
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else None


_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_LINK_GOOD = re.compile(
    r"submi|call|cfp|abstract|proposal|essay|contest|apply|applica|nominat|guideline|author|form|portal|"
    r"easychair|oxfordabstracts|openwater|surveymonkey|forms\.gle|docs\.google\.com/forms|jotform",
    re.IGNORECASE,
)
_LINK_BAD = re.compile(
    r"unsubscribe|listserv|mailman|/archives?/|signoff|list-manage|zoom\.us|mailto:|facebook|twitter|linkedin|"
    r"instagram|hotel|marriott|hilton|hyatt|booking|register|registration|donate|/privacy",
    re.IGNORECASE,
)


def link_of(text: str) -> str | None:
    """The most relevant URL: a submission page over a homepage, https over http, near a call word."""
    best: tuple[float, int, str] | None = None
    for index, m in enumerate(_URL_RE.finditer(text)):
        url = m.group(0).rstrip(".,;:!?*>")
        if url.lower().startswith("www."):
            url = "https://" + url
        score = 0.0
        if url.lower().startswith("https://"):
            score += 1.0
        if _LINK_GOOD.search(url):
            score += 2.0
        if _LINK_BAD.search(url):
            score -= 3.0
        context = text[max(0, m.start() - 120) : m.start()]
        if re.search(
            r"submi|apply|proposal|abstract|details|information|guidelines|more|form|portal|here",
            context,
            re.IGNORECASE,
        ):
            score += 1.0
        if re.search(r"regist|hotel|book|zoom|unsubscribe", context[-60:], re.IGNORECASE):
            score -= 1.5
        key = (score, -index, url)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < -1.0:
        return None
    return best[2]


_ELIGIBLE_RE = re.compile(
    r"[^.\n]*\b(?:open to|eligib(?:le|ility)|who (?:are|is) (?:currently )?(?:enrolled|in training)|"
    r"(?:residents|students|fellows|trainees|members) (?:are|may|can) (?:be )?(?:eligible|apply|enter)"
    r"|restricted to|limited to)\b[^.\n]*",
    re.IGNORECASE,
)


def eligibility_of(text: str) -> str | None:
    m = _ELIGIBLE_RE.search(text)
    if not m:
        return None
    sentence = re.sub(r"\s+", " ", m.group(0)).strip(" -*")
    return sentence[:200] or None


# -- putting it together -------------------------------------------------------------------------------


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
            if later is not best and later.score >= best.score - 2.0 and later.day > best.day:
                best = later
                notes.append("extension: took the later date")
        elif top_rival.score >= best.score - 0.5:
            # two dates equally likely: several deadlines (e.g. one per track) -> take the earliest, flagged
            notes.append(f"also {top_rival.day.isoformat()} scored {top_rival.score:.1f}")
    return best, notes


def _mask(text: str) -> str:
    """URLs and addresses blanked out (same length): their digits and words are not dates or cues."""
    text = _URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\S+@\S+\.\w+", lambda m: " " * len(m.group(0)), text)


def extract(post: Post) -> CallInfo:
    """Read one post: is it a call for submissions, and its title, kind, deadline, link."""
    text = content_of(post)
    masked = _mask(text)
    posted = post.date.date() if post.date else None
    extended = bool(_EXTENSION_RE.search(masked))
    cands = score_dates(masked, find_dates(masked), posted)
    chosen, notes = choose_deadline(cands, extended)
    score, reasons = detection_score(post, masked, chosen)
    is_call = score >= DETECT_THRESHOLD
    if not is_call:
        return CallInfo(is_call=False, confidence=0.0, reasons=tuple([f"call score {score:.1f}", *reasons]))
    deadline: Deadline | None = None
    confidence = min(0.6, 0.3 + score / 20)
    if chosen is not None:
        at, zone = None, None
        # the subject may say "due 15 January" and the body "15 January 2027, 23:59 CET": same day, more said
        same_day = sorted(
            (c for c in cands if c.day == chosen.day and c.score > -3.0),
            key=lambda c: (c is not chosen, c.found.start),
        )
        for cand in same_day:
            t, z = time_and_zone(masked, cand.found.start, cand.found.end)
            if (t, z) != (None, None) and (at is None or (zone is None and z is not None)):
                at, zone = t, z
                if z is not None or t is not None and cand is chosen:
                    break
        deadline = Deadline(day=chosen.day, at=at, timezone=zone)
        reasons.append(
            f"deadline {chosen.day.isoformat()} from {chosen.found.text!r} ({chosen.score:.1f}: "
            f"{', '.join(chosen.reasons) or 'no cue'})"
        )
        confidence += 0.25 if chosen.score >= 4.0 else 0.1
        if notes:
            confidence -= 0.15
            reasons.extend(notes)
    else:
        reasons.extend(notes)
    title = title_of(post, text)
    link = link_of(text)
    if link:
        confidence += 0.1
    if title:
        confidence += 0.05
    confidence = max(0.0, min(1.0, confidence))
    return CallInfo(
        is_call=True,
        title=title,
        kind=kind_of(title, text),
        organisation=organisation_of(text),
        deadline=deadline,
        extended=extended,
        link=link,
        eligibility=eligibility_of(text),
        confidence=round(confidence, 2),
        reasons=tuple([f"call score {score:.1f}", *reasons]),
    )


def as_json(info: CallInfo, file: str) -> dict[str, object]:
    """The `listbot calls extract --json` object (DESIGN.md), then extra keys."""
    d = info.deadline
    return {
        "file": file,
        "is_call": info.is_call,
        "title": info.title,
        "deadline": d.day.isoformat() if d else None,
        "deadline_time": d.at.strftime("%H:%M") if d and d.at else None,
        "timezone": d.timezone if d else None,
        "link": info.link,
        "kind": info.kind,
        "organisation": info.organisation,
        "extended": info.extended,
        "eligibility": info.eligibility,
        "confidence": info.confidence,
        "reasons": list(info.reasons),
    }
