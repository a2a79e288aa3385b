"""May the bot speak? The header-only part of the guard (DESIGN.md, "When the bot speaks").

``automation_reasons`` returns every reason to stay silent that the post's own headers give; an empty
tuple means "may speak" as far as headers go. History (seen, grace period, caps, breaker, human replies)
and content (only quoted a question) are judged elsewhere. Pure: no IO, no clock.

Automation is judged by the *author's* headers, not the list's: copies from our own list carry our
List-Id and ``Precedence: list``, and are the normal input.
"""

from __future__ import annotations

import re

from listbot.config import Settings
from listbot.model import Post

_NULL_SENDERS = re.compile(r"^(mailer-daemon|postmaster)$", re.IGNORECASE)
_AUTOMATED_LOCAL = re.compile(
    r"^(owner-.+|.+-owner|.+-request|listserv|majordomo|mailman|no-?reply(\W.*)?|do-?not-?reply(\W.*)?|"
    r"bounces?(\+.*)?|.+-bounces?(\+.*)?|mailer-daemon|postmaster)$",
    re.IGNORECASE,
)
_SUPPRESS = {"all", "oof", "autoreply"}
_BAD_PRECEDENCE = {"bulk", "junk", "auto_reply"}
_LIST_TAGS = r"^\s*(?:\[[^\]]*\]\s*)*"
_OOO_START = re.compile(
    _LIST_TAGS + r"(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|auto[- ]?response|"
    r"autosvar|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence\s*(du bureau|:|$)|"
    r"respuesta autom[áa]tica|fuera de la oficina|resposta autom[áa]tica|risposta automatica|fuori ufficio|"
    r"automatisch antwoord|afwezig|afwezigheid|fr[åa]nvaro|automatiskt svar|on vacation|"
    r"away from (the |my )?(office|desk)|vacation (reply|notice|message))\b",
    re.IGNORECASE,
)
_OOO_ANYWHERE = re.compile(
    r"\b(out of (the )?office|abwesenheitsnotiz|automatic reply|r[ée]ponse automatique)\s*[:(\-]"
    r"|\((out of (the )?office|away|on vacation|auto-?reply)\)",
    re.IGNORECASE,
)


def _bare(address: str) -> str:
    inside = re.search(r"<([^<>]*)>", address)
    return (inside.group(1) if inside else address).strip().lower()


def _local(address: str) -> str:
    return address.rpartition("@")[0] if "@" in address else address


def automated_address(address: str) -> bool:
    """An address that belongs to software, not a person: list software, bounces, no-reply, the postmaster."""
    return bool(_AUTOMATED_LOCAL.match(_local(_bare(address))))


def declared_automatic(post: Post) -> tuple[tuple[str, str], ...]:
    """(header, value) for each header in which a message says it was sent by a program.

    Auto-Submitted other than "no" (RFC 3834), X-Auto-Response-Suppress All/OOF/AutoReply, X-Autoreply and
    X-Autorespond (their value as written, "present" when empty), Precedence bulk/junk/auto_reply.
    """
    found: list[tuple[str, str]] = []
    for value in post.header("auto-submitted"):
        kind = value.split(";")[0].strip().lower()
        if kind and kind != "no":
            found.append(("auto-submitted", kind))
    for value in post.header("x-auto-response-suppress"):
        flags = {flag.strip().lower() for flag in re.split(r"[,;\s]+", value) if flag.strip()}
        found.extend(("x-auto-response-suppress", flag) for flag in sorted(flags & _SUPPRESS))
    for name in ("x-autoreply", "x-autorespond"):
        if post.header(name):
            found.append((name, post.header(name)[0].strip() or "present"))
    for value in post.header("precedence"):
        if value.strip().lower() in _BAD_PRECEDENCE:
            found.append(("precedence", value.strip().lower()))
    return tuple(found)


def automation_reasons(post: Post, settings: Settings) -> tuple[str, ...]:
    """Every header-level reason not to answer this post; () when headers allow an answer."""
    bot = settings.bot
    own = bot.own_addresses
    reasons: list[str] = []

    # Sent by the bot itself.
    if any(_bare(value) in own for value in post.header("x-loop")):
        reasons.append("from the bot itself (X-Loop)")
    local, _, domain = post.message_id.lower().partition("@")
    if local.startswith("listbot.") and domain == bot.domain:
        reasons.append("from the bot itself (Message-ID)")
    if post.author in own or post.from_addr.lower() in own:
        reasons.append(f"from the bot itself (From: {post.author or post.from_addr})")

    # Bounces and the null sender.
    if post.envelope_sender == "":
        reasons.append("bounce: null sender (Return-Path: <>)")
    if post.content_type == "multipart/report":
        reasons.append("bounce: multipart/report")
    if _NULL_SENDERS.match(_local(post.author)) or _NULL_SENDERS.match(_local(post.from_addr.lower())):
        reasons.append(f"bounce: from {post.author or post.from_addr}")
    if post.header("x-failed-recipients"):
        reasons.append("bounce: X-Failed-Recipients")

    # Automatic messages by their own account.
    for name, value in declared_automatic(post):
        if name == "x-auto-response-suppress":
            reasons.append(f"x-auto-response-suppress: {'OOF' if value == 'oof' else value.capitalize()}")
        else:
            reasons.append(f"{name}: {value}")
    if _OOO_START.search(post.subject) or _OOO_ANYWHERE.search(post.subject):
        reasons.append("out-of-office subject")

    # The sender (the real author behind list rewriting) looks like a robot.
    author = post.author or post.from_addr.lower()
    if author and automated_address(author) and not _NULL_SENDERS.match(_local(author)):
        if _local(author).endswith("-dmarc-request"):
            reasons.append(f"sender looks automated: {author} (list rewriting hid the real author)")
        else:
            reasons.append(f"sender looks automated: {author}")

    # Another list's copy: only our own list's id is normal input; no List-Id (direct mail) is fine.
    if post.list_id and post.list_id != settings.list.list_id:
        reasons.append(f"list-id of another list: {post.list_id}")

    return tuple(dict.fromkeys(reasons))


def is_automated(post: Post, settings: Settings) -> bool:
    """True when any header-level reason says the bot must not answer."""
    return bool(automation_reasons(post, settings))
