"""Subjects: the one list of reply and forward prefixes, and what is read from them. Pure.

Mail clients prefix a reply's subject in their own language ("Re:", "AW:", "SV:", "Antw:", "R:", "Rif:") and a
forward's ("Fwd:", "FW:", "WG:", "TR:", "Enc:"); some number them ("Re[2]:", "AW(3):"). Every rule that looks at
a subject's prefixes (the topic, is it a reply, is it a forward, a command in the subject, a call's title) builds
on the lists here.
"""

from __future__ import annotations

import re

from listbot.model import Post

REPLY_WORDS = ("re", "aw", "sv", "antw", "vs", "rif", "ref", "res", "r")
FORWARD_WORDS = ("fwd", "fw", "wg", "tr", "enc")
# one prefix, without the colon's trailing space: "Re:", "AW (2):", "Fwd[3]:"
PREFIX = r"(?:" + "|".join(REPLY_WORDS + FORWARD_WORDS) + r")\s*(?:\[\d+\]|\(\d+\))?\s*:"
LIST_TAGS = r"(?:\[[^\]]*\]\s*)*"  # "[BALINT-L] " and the like, before or between prefixes

_LIST_TAG = re.compile(r"\[[\w.\-]+(?:\s+\d+)?\]\s*")
_ANY_PREFIX = re.compile(r"^\s*" + PREFIX + r"\s*", re.IGNORECASE)
_REPLY_START = re.compile(r"^\s*(?:" + "|".join(REPLY_WORDS) + r"):", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*" + LIST_TAGS + r"(?:" + "|".join(FORWARD_WORDS) + r")\s*:", re.IGNORECASE)


def topic_of(subject: str) -> str:
    """The subject without list tags ("[BALINT-L]", anywhere) and repeated Re:/Fwd:/AW:/... prefixes."""
    topic = _LIST_TAG.sub("", subject)
    while True:
        shorter = _ANY_PREFIX.sub("", topic, count=1)
        if shorter == topic:
            break
        topic = shorter
    return " ".join(topic.split())


def is_reply(post: Post) -> bool:
    """A reply by its headers (In-Reply-To, References) or a subject that starts with a reply prefix."""
    return bool(post.in_reply_to or post.references) or bool(_REPLY_START.match(post.subject))


def is_forward(subject: str) -> bool:
    """Does the subject say Fwd:/FW:/WG:/TR: (after any list tags)?"""
    return bool(_FORWARD.match(subject or ""))


def reply_subject(topic: str) -> str:
    """The subject of a reply to a post with this topic: one "Re:", never "Re: Re:"."""
    return f"Re: {topic}" if topic else "Re: your question"
