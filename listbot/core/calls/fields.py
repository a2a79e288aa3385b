"""The fields of a call: title, kind, organisation, link, eligibility, the address to send the work to. Pure."""

from __future__ import annotations

import re

from listbot.core.calls.asks import unwrap
from listbot.core.guard import automated_address
from listbot.core.subjects import PREFIX
from listbot.model import Post

_TITLE_PREFIX = re.compile(
    r"^\s*(?:" + PREFIX + r"\s*|(?:\[[^\]]*\]|reminder|friendly reminder|final reminder|last call|final call|"
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


URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
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
    for index, m in enumerate(URL.finditer(text)):
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
    r"\b(?:open to|eligib(?:le|ility)|who (?:are|is) (?:currently )?(?:enrolled|in training)|"
    r"(?:residents|students|fellows|trainees|members) (?:are|may|can) (?:be )?(?:eligible|apply|enter)"
    r"|restricted to|limited to)\b",
    re.IGNORECASE,
)


def eligibility_of(text: str) -> str | None:
    """The first sentence (up to a full stop or a line end, prose wrapped over lines read as one line) that
    says who may submit."""
    text = unwrap(text)  # "open to residents and fellows in member\nprograms." is one sentence
    m = _ELIGIBLE_RE.search(text)
    if not m:
        return None
    # the sentence around the words, found by looking for its ends (a pattern with a free prefix, as
    # "[^.\n]*\bopen to", is tried from every position: quadratic on a long line); a full stop is one
    # followed by a space ("https://www.example.org" goes on)
    start = max(text.rfind(". ", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1, 0)
    stop = _SENTENCE_END.search(text, m.end())
    end = stop.start() if stop else len(text)
    sentence = re.sub(r"\s+", " ", text[start:end]).strip(" -*")
    if len(sentence) > 200:  # a long sentence ends at a word, and says it goes on
        sentence = sentence[: sentence.rfind(" ", 0, 200)].rstrip(" ,;-") + "\u2026"
    return sentence or None


_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n")
# an address in running text ("to program@example.org.", "<bib@example.com>", "mailto:x@example.net")
_EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?([a-z0-9][\w.+-]{0,63}@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})", re.I
)
# "x at example dot org", as people write an address to keep it from harvesters
_SPELLED = re.compile(
    r"(?<![\w.+-])([a-z0-9][\w.+-]{0,63})\s+(?:at|\[at\]|\(at\))\s+([a-z0-9-]+(?:\s+(?:dot|\[dot\]|\(dot\))\s+"
    r"[a-z0-9-]+)+)\b",
    re.I,
)
# besides the guard's software addresses, never where the work goes: a list ("balint-l@"), its commands
# ("...-leave@"), a bot
_LIST_OR_BOT = re.compile(
    r"^(?:[\w.+-]*-(?:l|leave|join|subscribe|unsubscribe|signoff|bot)|unsubscribe)@", re.I
)
# the words before an address that send the work there: a verb of sending or a noun of the work, then "to",
# "at", ":" or a bracket
_SEND_VERB = (
    r"send\w*|sent|submit\w*|e-?mail\w*|mail|forward\w*|return|direct\w*|address\w*|upload|attach\w*|due|reach"
    r"|appl(?:y|ying|ications?)|get"
)
_WORK = re.compile(
    r"\b(?:entr(?:y|ies)|submissions?|proposals?|abstracts?|manuscripts?|papers?|essays?|articles?|pieces?|"
    r"nominations?|applications?|statements?|letters? of (?:interest|intent)|reflections?|poems?|stories|"
    r"vignettes?|work|drafts?|files?|photos?|posters?|chapters?|pages?|paragraphs?|words|reports?|write-?ups?)\b",
    re.I,
)
_SEND = re.compile(rf"\b(?:{_SEND_VERB})\b|{_WORK.pattern}", re.I)
_LEADS_TO_IT = re.compile(
    r"(?:\bto|\bat|\bvia|\bby e-?mail|\breach|:|\(|<|\bmailto|->|\u2192"
    r"|\be-?mail(?:ing)?"  # "To apply, e-mail intensive@example.net with:", "or email workshops@... if"
    # "to the editorial mailbox, x@example.org"
    r"|\bto\s+(?:the|our|my)\s+(?:[\w-]+\s+){0,2}(?:mailbox|inbox|address|account|committee|editors?|office"
    r"|secretary|organi[sz]ers?|coordinator|team|chairs?)\s*[,:])\s*$",
    re.I,
)
# a list's label that says where: "* Where: posters@example.com", "Send to: ..."
_WHERE_LABEL = re.compile(
    r"(?:^|\n)\s*[-*\u2022]?\s*(?:where|to|send to|submit to|submissions? to)\s*:\s*$", re.I
)
# what an address is for when it is not the work: questions, help, registration, money
_OTHER_USE = re.compile(
    r"\b(?:questions?|queries|query|inquir\w*|enquir\w*|ask|contact|help|info(?:rmation)?|clarif\w*|"
    r"registration|register|hotel|booking|dues|invoices?|receipts?|payments?|refunds?|"
    r"unsubscribe|technical|trouble|problems?|rsvp"
    # a reading before the work is sent: "would like a second pair of eyes on a draft, write to me at"
    r"|(?:eyes|feedback|comments|look|read)\s+(?:on|at|over)\s+(?:a|an|your|the)\s+(?:[\w-]+\s+)?drafts?)\b",
    re.I,
)
# the author asks to be sent the work: "email me", "send it to me directly", "reply to me off-list"
_TO_ME = re.compile(
    r"(?:\b(?:e-?mail|send|submit|forward|write(?: to)?|reply(?: to me)?|get|drop|reach)\b(?:[^.?!\n]|\n(?!\s*\n)){0,60}?"
    r"|" + _WORK.pattern + r"\s+(?:go\s+)?to\s+(?=me\b)"  # "Essays to me directly, please."
    r"|(?:^|(?<=[.!?]\s))to\s+(?=me\b))"  # "To me by Oct 9."
    r"(?:\bme\b(?!\s+(?:know|if|with|for questions|and I))|\boff-?list\b|\bbackchannel\b|\bdirectly\b"
    r"|\bmy way\b)",  # "Send it my way whenever you're ready"
    re.I,
)

_NOT_BEFORE = re.compile(r"\b(?:don'?t|do not|never|not)\s*$", re.I)  # "Please don't send either to me"
_HEADER_LINE = re.compile(r"\s*>?\s*(?:from|to|cc|bcc|reply-to|sent|date|subject)\s*:", re.I)
# "Questions? Just reply to me.", "Informal enquiries about fit are welcome. Write to me off-list."
_QUESTION_BEFORE = re.compile(
    r"\bquestions?\b[^\n]{0,20}[?:]|\b(?:questions|enquiries|inquiries|queries)\b[^.?!]{0,40}[.?!]\s*$", re.I
)
# an address offered beside a form: "Upload via the Resources page or e-mail resources@example.org"
_OR_MAIL = re.compile(r"\bor\s+(?:by\s+)?e-?mail", re.I)
# a web form or portal that takes the work
_FORM = re.compile(
    r"\b(?:submi\w*|appl\w*|enter|upload)\b[^.\n]{0,80}\b(?:form|portal|website|online|link)\b|"
    r"https?://\S*(?:form|submi|portal|easychair|oxfordabstracts|openwater|jotform)|"
    r"\b(?:cannot|can't|won't|will not|do not|don't)\s+(?:accept|take|consider)\b[^.\n]{0,40}\bby e-?mail\b",
    re.I,
)


def _not_a_person(address: str) -> bool:
    return automated_address(address) or bool(_LIST_OR_BOT.search(address))


def _addresses(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), m.group(1).lower().rstrip(".")) for m in _EMAIL.finditer(text)]
    for m in _SPELLED.finditer(text):
        domain = re.sub(r"\s+(?:dot|\[dot\]|\(dot\))\s+", ".", m.group(2), flags=re.I)
        found.append((m.start(), m.end(), f"{m.group(1)}@{domain}".lower()))
    return sorted(found)


def _sentence_before(text: str, start: int) -> str:
    """The words before ``start`` in its sentence (a period, a question or a blank line ends one)."""
    head = text[max(0, start - 200) : start]
    cut = max(head.rfind(". "), head.rfind(".\n"), head.rfind("? "), head.rfind("! "), head.rfind("\n\n"))
    return head[cut + 1 :] if cut >= 0 else head


def _sentence_after(text: str, end: int) -> str:
    tail = text[end : end + 120]
    cut = min(
        (i for i in (tail.find(". "), tail.find(".\n"), tail.find("\n\n"), tail.find("? ")) if i >= 0),
        default=len(tail),
    )
    return tail[:cut]


def submit_to_of(text: str, author: str = "") -> str | None:
    """The e-mail address the call asks the work to be sent to: one the words before it send work to ("send
    your abstract to program@example.org", "Proposals are due June 1 to ...", "Submissions: ...") and that is
    not for questions, registration or money; else the author's own address when the call asks to be sent
    the work ("email me", "send it to me directly"); else None (a web form, or no address named)."""
    best: tuple[float, int, str] | None = None
    for index, (start, end, address) in enumerate(_addresses(text)):
        line = text[text.rfind("\n", 0, start) + 1 : start]
        if _not_a_person(address) or _HEADER_LINE.match(line):
            continue  # a list's or a robot's address; a forwarded message's From:, To: or Cc:
        before, after = _sentence_before(text, start), _sentence_after(text, end)
        tail = before[-70:]
        labelled = _WHERE_LABEL.search(text[max(0, start - 40) : start])
        if not labelled and not (_LEADS_TO_IT.search(tail.rstrip(" \t\n\"'")) and _SEND.search(before)):
            continue
        if (
            re.search(r"\be-?mail(?:ing)?\s*$", tail)
            and _FORM.search(text)
            and not _OR_MAIL.search(before[-50:])
        ):
            continue  # the work goes through a form: "e-mail moodie@... and we will open your submission"
        if _QUESTION_BEFORE.search(text[max(0, start - 80) : start]) and not _WORK.search(before):
            continue  # "Questions? Reply to this message or email events@example.com."
        score = 2.0 if _SEND.search(tail) else 1.0
        # the nearest words say what the address is for: "questions to", "for registration, email"; unless
        # the work is named nearer still ("Questions about bursaries (not proposals) should go to")
        other = [m.end() for m in _OTHER_USE.finditer(before[-60:])]
        if not other and _OTHER_USE.search(after[:40]):
            other = [-1]  # "... to jo@example.org with your questions"
        if other:
            work = [m.end() for m in _WORK.finditer(before[-60:])]
            if not work or max(work) <= max(other):  # (equal: the draft a reading is asked for)
                continue
            score -= 1.5
        key = (score, -index, address)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None:
        return best[2]
    if not author or "@" not in author or _not_a_person(author) or _FORM.search(text):
        return None  # a call with a web form: "reply to me" is for questions
    for m in _TO_ME.finditer(text):
        before = _sentence_before(text, m.start())[-60:]
        if not (
            _OTHER_USE.search(before)
            or _QUESTION_BEFORE.search(text[max(0, m.start() - 80) : m.start()])
            or _NOT_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        ):
            return author.lower()
    return None
