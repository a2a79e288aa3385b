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
    r"|-{3,}\s*Weitergeleitete Nachricht\s*-{3,}|-{3,}\s*Message transféré\s*-{3,})[ \t]*$",
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
        if "original message" in marker.group(0).lower() and not is_forward(post.subject):
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
