"""The text a call is read from: the subject, the author's new words, and any forwarded message.

A forwarded call is the author's content by adoption; a quoted reply is not. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from listbot.core.subjects import is_forward, is_reply
from listbot.model import Post

_FORWARD_MARKERS = re.compile(
    r"^[ \t]*(?:-{4,}\s*Forwarded message\s*-{4,}|Begin forwarded message:|-{4,}\s*Original Message\s*-{4,}"
    r"|-{3,}\s*Weitergeleitete Nachricht\s*-{3,}|-{3,}\s*Message transféré\s*-{3,}"
    r"|_{20,}(?=[ \t]*\n[ \t]*From:))[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,200}?(?:\n[^\n]{0,200}?)?\bwrote:|[^\n]{0,200}\b(?:schrieb|a écrit|escribió|skrev|"
    r"schreef|ha scritto|escreveu)\s*:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


MAX_CHARS = 20_000
"""A call is read from at most this many characters of a post's text (the longest call in the corpora is
under 2,000, a long call for papers ~10,000): whatever the size or shape of a post, reading it for a call
takes a bounded time. The rest is not read, and the call's reasons say so."""
SUBJECT_CHARS = 1_000
"""... and from at most this many of its subject (a header line is at most 998 characters)."""


def bounded(post: Post) -> tuple[Post, tuple[str, ...]]:
    """The post as far as it is read for calls, and what was left unread ("only the first ..."): its new
    text and body cut at MAX_CHARS characters, its subject at SUBJECT_CHARS."""
    caps = []
    if len(post.new_text) > MAX_CHARS or len(post.body_text) > MAX_CHARS:
        caps.append(f"only the first {MAX_CHARS:,} characters were read for calls")
    if len(post.subject) > SUBJECT_CHARS or len(post.topic) > SUBJECT_CHARS:
        caps.append(f"only the first {SUBJECT_CHARS:,} characters of the subject were read for calls")
    if not caps:
        return post, ()
    cut = replace(
        post,
        new_text=post.new_text[:MAX_CHARS],
        body_text=post.body_text[:MAX_CHARS],
        subject=post.subject[:SUBJECT_CHARS],
        topic=post.topic[:SUBJECT_CHARS],
    )
    return cut, tuple(caps)


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
        if (
            "original message" in marker.group(0).lower() or marker.group(0).lstrip().startswith("_")
        ) and not (is_forward(post.subject)):
            continue  # Outlook puts these above the message a reply quotes, too
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
    if not sections and is_forward(post.subject):
        # Outlook forwards with no rule above the message: "From: ...", "Sent: ...", ... "Subject: ..."
        block = _HEADER_BLOCK.search(body, 0, limit)
        if block is not None:
            rest = body[block.start() :]
            inner_quote = _QUOTE_HEADER.search(rest)
            sections.append((rest[: inner_quote.start()] if inner_quote else rest).strip())
    return [s for s in sections if s]


_HEADER_BLOCK = re.compile(r"^From:[^\n]{1,300}\n(?:Sent|Date):[^\n]{1,200}\n", re.MULTILINE)


def quoted_part(post: Post) -> str:
    """The message a reply quotes, unquoted ("> " removed): what a reply that extends a call extends."""
    lines = [line for line in (post.body_text or "").splitlines() if line.lstrip().startswith(">")]
    return "\n".join(re.sub(r"^\s*(?:>\s?)+", "", line) for line in lines)[:MAX_CHARS]


# where the author's words end for good: a quote, a forward, a quoted message's headers, a rule above a footer
_QUOTE_OR_FORWARD = re.compile(
    _QUOTE_HEADER.pattern
    + "|"
    + _FORWARD_MARKERS.pattern
    + r"|^[ \t]*>|^[ \t]*(?:from|sent|to|subject|date|cc)[ \t]*:|^[ \t]*[-_=#*]{5,}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_POSTSCRIPT = re.compile(r"^[ \t]*p\.?\s?s\.?(?:[:\-]|\s)", re.IGNORECASE | re.MULTILINE)
_DEADLINE_LINE = re.compile(
    r"^[^\n]{0,80}\b(?:deadline|due|closes)\b[^\n]{0,80}$", re.IGNORECASE | re.MULTILINE
)
TAIL_CHARS = 2_000


def after_sign_off(post: Post) -> list[str]:
    """What the author wrote below the sign-off that the new text leaves out: a postscript ("P.S. Deadline
    is Oct 2"), and a signature's line naming a deadline ("Winter issue deadline: Friday, November 20").

    Read from where the new text ends in the body, at most TAIL_CHARS on, and not into a quote or forward.
    """
    body, position = post.body_text or "", 0
    for line in (post.new_text or "").splitlines():
        if line.strip():
            found = body.find(line.strip(), position)
            if found < 0:
                return []  # the new text is not the body's words as written: nothing to align
            position = found + len(line.strip())
    if not position:
        return []
    tail = body[position : position + TAIL_CHARS]
    stop = _QUOTE_OR_FORWARD.search(tail)
    tail = tail[: stop.start()] if stop else tail
    ps = _POSTSCRIPT.search(tail)
    if ps:
        end = re.search(r"\n[ \t]*\n", tail[ps.start() :])
        return [tail[ps.start() : ps.start() + end.start() if end else len(tail)].strip()]
    return [m.group(0).strip() for m in _DEADLINE_LINE.finditer(tail)][:2]


def content_of(post: Post) -> str:
    """The text a call is read from: the subject, the author's new text, and forwarded sections, at most
    MAX_CHARS characters (what is cut is the end; `bounded` cuts the post's fields first)."""
    own_subject = not is_reply(post) or is_forward(post.subject)
    parts = [post.topic or post.subject or "" if own_subject else "", post.new_text or ""]
    new_norm = _squash(post.new_text or "")
    for section in forwarded_sections(post):
        probe = _squash(section)[:200]
        if probe and probe in new_norm:
            continue  # the reader already kept the forwarded text as new text
        parts.append(section)
    return normalise("\n\n".join(parts))[:MAX_CHARS]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*_]{1,2}(?=\w)|(?<=\w)[*_]{1,2}", "", text)  # *bold* and _underline_ markers
    return text


# A line that starts an item of a newsletter, digest or roundup: a numbered item ("3.", "2)", "(4)", "#5"), a
# heading in capitals ("WRITE FOR THE BALINT CIRCLE"), one set off by marks ("=== News ==="), or a rule.
_ITEM_START = re.compile(
    r"^[ \t]*(?:\(?\d{1,2}[.)][ \t]+\S|#\d{1,2}\b|[=*#~_-]{2,}[ \t]*(?:[A-Za-z][^\n]{0,70})?$"
    r"|(?=[^\n]*[A-Z]{2})[A-Z0-9][A-Z0-9 \t'&:/,.()!?+-]{3,70}$)",
    re.MULTILINE,
)
# A post that says at its start that it is a list of news: its paragraphs are its items.
_NEWS = re.compile(
    r"\b(?:newsletter|digest|bulletin|update|roundup|round-up|news|announcements|reminders|this week|this month)\b",
    re.IGNORECASE,
)
_NEWS_HEAD = 200
MIN_ITEMS = 5  # a post is read item by item when it has at least this many
MAX_ITEMS = 30  # ... and at most this many of its items are read
_MIN_ITEM_CHARS = 40  # a shorter item (a heading alone, "Dear members,") is not read by itself


def items_of(text: str) -> list[str]:
    """The items of a post that is a list of news (a newsletter, a digest, a roundup), in order: its numbered
    or headed sections when it has at least MIN_ITEMS, else, when its start says it is news, its paragraphs;
    [] for a post that is one piece (fewer than MIN_ITEMS items of at least _MIN_ITEM_CHARS). At most
    MAX_ITEMS."""
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    if len(starts) >= MIN_ITEMS:
        cuts = [0, *starts, len(text)]
    elif _NEWS.search(text[:_NEWS_HEAD]):
        cuts = [0, *(m.end() for m in re.finditer(r"\n[ \t]*\n", text)), len(text)]
    else:
        return []
    items = [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
    items = [item for item in items if len(item) >= _MIN_ITEM_CHARS]
    return items[:MAX_ITEMS] if len(items) >= MIN_ITEMS else []
