"""The text a call is read from: the subject, the author's new words, and any forwarded message.

A forwarded call is the author's content by adoption; a quoted reply is not. Pure.
"""

from __future__ import annotations

import re

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
    """The text a call is read from: the subject, the author's new text, and forwarded sections."""
    own_subject = not is_reply(post) or is_forward(post.subject)
    parts = [post.topic or post.subject or "" if own_subject else "", post.new_text or ""]
    new_norm = _squash(post.new_text or "")
    for section in forwarded_sections(post):
        probe = _squash(section)[:200]
        if probe and probe in new_norm:
            continue  # the reader already kept the forwarded text as new text
        parts.append(section)
    return normalise("\n\n".join(parts))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*_]{1,2}(?=\w)|(?<=\w)[*_]{1,2}", "", text)  # *bold* and _underline_ markers
    return text
