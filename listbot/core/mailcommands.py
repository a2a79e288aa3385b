"""Commands mailed to the bot: ``subscribe digest``, ``stop``, ``approve`` ... Pure: a Post in, a value out.

A command is the whole subject (after any Re:/Fwd: prefixes), or the first line of the author's new text
when that line is short: "Stop.", "approve - looks right", "unsubscribe reminders". Anything else is not a
command (the bot answers such mail with nothing, or with help when asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from listbot.core.subjects import PREFIX
from listbot.model import Post

Verb = Literal["subscribe", "unsubscribe", "stop", "start", "approve", "help", "unhelpful", "confirm"]
Kind = Literal["digest", "reminders"]

_PREFIXES = r"^\s*(?:" + PREFIX + r"\s*)*"
_SUBSCRIPTION = re.compile(
    _PREFIXES + r"(?P<verb>subscribe|unsubscribe)\s+(?P<what>digest|reminders?)\s*[.!]?\s*$", re.IGNORECASE
)
_WHOLE = re.compile(_PREFIXES + r"(?P<verb>stop|start|approve|help)\s*[.!]?\s*$", re.IGNORECASE)
_FIRST_WORD = re.compile(r"^\s*(?P<verb>stop|start|approve|help)\b", re.IGNORECASE)
# a member's reply to an answer saying it missed: "Wrong.", "This did not help", "not what I asked"
_UNHELPFUL = re.compile(
    r"^\s*(?:(?:no|sorry|hmm|unfortunately)[,.!]?\s+)?(?:wrong(?:\s+(?:answer|faq|one))?|not\s+helpful|(?:(?:this|that|it)"
    r"\s+)?(?:did\s*n[o']?t|does\s*n[o']?t|didnt|doesnt)\s+(?:really\s+)?(?:help|answer\s+(?:my|the)\s+question)|"
    r"(?:that'?s|this\s+is|it'?s)\s+not\s+(?:what\s+i\s+(?:asked|meant)|my\s+question|helpful))\b",
    re.IGNORECASE,
)
_VERBS: dict[str, Verb] = {"stop": "stop", "start": "start", "approve": "approve", "help": "help"}
FIRST_LINE_WORDS = 6  # a longer first line is a message, not a command


# a code is URL-safe base64 and may start or end with "-": the separator before it is spaces, ":" or "=", or a
# dash with a space after it, and the code runs to the end of its characters (a "\b" there would cut a code
# ending in "-" short, and a separator class with "-" would eat one starting with it)
_CODE = r"(?:[\s:=]+|\s*-\s+)([A-Za-z0-9_\-]{32,64})(?![A-Za-z0-9_\-])"
_CONFIRM = re.compile(r"\bconfirm" + _CODE, re.IGNORECASE)
_APPROVE_CODE = re.compile(r"\bapprove" + _CODE, re.IGNORECASE)


@dataclass(frozen=True)
class MailCommand:
    verb: Verb
    what: Kind | None = None  # for subscribe / unsubscribe
    token: str | None = None  # confirm: the code mailed to the address; approve: the review mail's code

    def __str__(self) -> str:
        text = f"{self.verb} {self.what}" if self.what else self.verb
        return text + (" (with a code)" if self.token else "")


def _first_line(post: Post) -> str:
    return next((line for line in (post.new_text or "").splitlines() if line.strip()), "")


def parse(post: Post) -> MailCommand | None:
    """The command a mail to the bot carries, or None."""
    first = _first_line(post)
    for text in (post.subject or "", first):
        found = _SUBSCRIPTION.match(text)
        if found:
            what: Kind = "reminders" if found["what"].lower().startswith("reminder") else "digest"
            return MailCommand("unsubscribe" if found["verb"].lower() == "unsubscribe" else "subscribe", what)
    for text in (post.subject or "", first):
        confirm = _CONFIRM.search(text)
        if confirm:
            return MailCommand("confirm", token=confirm.group(1))
    found = _WHOLE.match(post.subject)
    if not found and len(first.split()) <= FIRST_LINE_WORDS:
        found = _FIRST_WORD.match(first)
    if not found:
        if post.in_reply_to and len(first.split()) <= 2 * FIRST_LINE_WORDS and _UNHELPFUL.match(first):
            return MailCommand("unhelpful")  # only a reply can say an answer missed
        return None
    verb = _VERBS[found["verb"].lower()]
    if verb == "approve":  # the code travels in the subject or in the quoted review mail
        code = next(
            (m.group(1) for t in (post.subject, post.body_text) if (m := _APPROVE_CODE.search(t or ""))), None
        )
        return MailCommand("approve", token=code)
    return MailCommand(verb)
