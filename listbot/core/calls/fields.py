"""The fields of a call: title, kind, organisation, link, eligibility. Pure."""

from __future__ import annotations

import re

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
    """The first sentence (up to a period or a line end) that says who may submit."""
    m = _ELIGIBLE_RE.search(text)
    if not m:
        return None
    # the sentence around the words, found by looking for its ends (a pattern with a free prefix, as
    # "[^.\n]*\bopen to", is tried from every position: quadratic on a long line)
    start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    end = min((i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
    sentence = re.sub(r"\s+", " ", text[start:end]).strip(" -*")
    return sentence[:200] or None
