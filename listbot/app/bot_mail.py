"""Mail addressed to the bot itself (not a list copy): subscriptions, stop/start, approvals, help, "did not help".

Anyone on the internet can write to the bot and a From header is free to forge, so (SECURITY.md):

- a subscription starts only when the address confirms a one-use code mailed to it (double opt-in); one
  confirmation per address while its code lives, however often it is asked for;
- ``approve`` needs the review mail's one-use code, a From among the moderators, and, when
  ``security.authserv_id`` is set, proof of the From's domain in the trusted Authentication-Results header;
  a refused approve changes nothing and is recorded with why;
- replies (confirmations, help, notices) go out at most ``security.replies_per_address_per_day`` times per
  address and ``security.replies_per_hour`` in all, never to automatic or null senders, and never when the
  trusted Authentication-Results says SPF and DMARC both fail. ``stop`` still takes effect without a reply.

The command is read by ``listbot.core.mailcommands``; here it is carried out, in one transaction with the
post's record, and every reply goes through the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from listbot import render
from listbot.app import access, review
from listbot.config import Config, Settings
from listbot.core import guard, mailcommands, trust
from listbot.core.mailcommands import MailCommand
from listbot.core.subjects import reply_subject
from listbot.core.trust import Authentication
from listbot.model import Decision, Outcome, Post
from listbot.store import Store

log = logging.getLogger(__name__)


def addressed_to_bot(post: Post, settings: Settings) -> bool:
    """Direct mail to the bot (not a list copy): commands, approvals."""
    if post.list_id is not None:
        return False
    recipients = " ".join(post.header("to") + post.header("cc")).lower()
    return settings.bot.address in recipients


@dataclass(frozen=True)
class Applied:
    """What a command did: the reply to send (if any), its subject, and reasons for the record."""

    reply: str | None = None
    subject: str | None = None
    reasons: tuple[str, ...] = ()


def handle(config: Config, store: Store, post: Post, source_ref: str, now: datetime) -> Outcome:
    """Carry out the mail's command, decide whether to reply, record it all in one transaction."""
    settings = config.settings
    automation = guard.automation_reasons(post, settings)
    command = None if automation else mailcommands.parse(post)
    auth = trust.authentication(post, settings.security.authserv_id)
    queued: list[str] = []
    with store.transaction():
        if store.seen(post.message_id):
            decision = Decision("ignore", None, None, ("seen before (same Message-ID)",))
            return Outcome(source_ref, post, decision, duplicate=True)
        if automation:
            reasons: tuple[str, ...] = automation
        elif command is None:
            reasons = ("mail to the bot without a known command",)
        else:
            applied = apply(config, store, command, post, auth, now)
            reasons = (f"command: {command}", *applied.reasons)
            if applied.reply:
                allowed, why = may_reply(config, store, post, auth, now)
                if allowed:
                    key = f"notice:{post.message_id}"
                    msg = render.compose_notice(
                        config,
                        key,
                        (post.author,),
                        applied.subject or reply_subject(post.topic),
                        applied.reply,
                        now,
                        in_reply_to=None if post.message_id.startswith("sha256:") else post.message_id,
                    )
                    bot = settings.bot
                    if store.enqueue(key, "notice", bot.envelope_sender, (post.author,), msg.as_bytes(), now):
                        queued.append(key)
                else:
                    reasons += (f"no reply: {why}",)
                    log.warning("mail to the bot from %s (%s): no reply: %s", post.author, command, why)
        decision = Decision("ignore", None, None, reasons)
        store.record_post(post, decision, source_ref, now, automated=bool(automation))
    return Outcome(source_ref, post, decision, tuple(queued))


def may_reply(
    config: Config, store: Store, post: Post, auth: Authentication, now: datetime
) -> tuple[bool, str]:
    """May the bot answer this sender? Counts the reply when it may (backscatter caps, RFC 3834 section 2)."""
    security = config.settings.security
    if not post.author or post.envelope_sender == "":
        return False, "null sender"
    if auth.forged:
        return False, f"the trusted Authentication-Results shows SPF and DMARC failing ({auth.why})"
    if (
        store.events_since(f"reply:{post.author}", now - timedelta(days=1))
        >= security.replies_per_address_per_day
    ):
        return False, f"already {security.replies_per_address_per_day} replies to {post.author} today"
    if store.events_since("reply:*", now - timedelta(hours=1)) >= security.replies_per_hour:
        return False, f"the hourly cap of {security.replies_per_hour} replies is reached"
    store.event(f"reply:{post.author}", now)
    store.event("reply:*", now)
    return True, ""


def apply(
    config: Config, store: Store, command: MailCommand, post: Post, auth: Authentication, now: datetime
) -> Applied:
    """Carry out a command."""
    author = post.author
    verb = command.verb
    if verb == "approve":
        return Applied(reasons=(approve(config, store, command, post, auth, now),))
    if verb == "unhelpful":
        answer_key = _answer_replied_to(config, store, post)
        if answer_key is None:
            return Applied(render.render_help(config), reasons=("not a reply to an answer of the bot",))
        review.dispute(store, answer_key, now, why="the member replied that it did not help")
        return Applied("Thank you. A moderator will look at your question and the answer you got.\n")
    if verb == "stop":
        store.subscribe(author, "optout", now)
        return Applied(
            "You will get no more automatic answers from the list's FAQ assistant.\n"
            'To have them again, send a message with the subject "start".\n'
        )
    if verb == "start":
        store.unsubscribe(author, "optout")
        return Applied("Automatic FAQ answers are on again for you.\n")
    if verb == "subscribe" and command.what is not None:
        return request_subscription(config, store, author, command.what, now)
    if verb == "unsubscribe" and command.what is not None:
        store.unsubscribe(author, command.what)
        return Applied(f"You are unsubscribed from the {command.what}.\n")
    if verb == "confirm" and command.token:
        confirmed = confirm(store, command.token, now)
        if confirmed is None:
            return Applied(reasons=("confirmation code unknown, used or expired",))
        address, kind = confirmed
        return Applied(
            f"{address} is subscribed to the {kind} of open calls for submissions.\n"
            f'To stop, send a message with the subject "unsubscribe {kind}".\n',
            reasons=(f"confirmed: {address} subscribed to the {kind}",),
        )
    return Applied(render.render_help(config))


# -- subscriptions: double opt-in ------------------------------------------------------------------------


def request_subscription(config: Config, store: Store, address: str, kind: str, now: datetime) -> Applied:
    """A confirmation code mailed to the address; one per address while it lives."""
    if store.is_subscribed(address, kind):
        return Applied(f"You are subscribed to the {kind} already.\n", reasons=("already subscribed",))
    if store.tokens_live(f"subscribe:{kind}", address, now):
        return Applied(reasons=("a confirmation for this address is pending: no second mail",))
    code = access.new_token()
    days = access.CONFIRMATION_DAYS
    store.token_add(
        access.token_hash(code), f"subscribe:{kind}", address, now, now + timedelta(days=days), kind
    )
    console = config.settings.console
    link = (
        f"\nor open this link and press the button:\n\n  {console.base_url}/confirm/{code}\n"
        if console.enabled
        else ""
    )
    text = (
        f"Someone, probably you, asked for the {kind} of open calls for submissions of {config.settings.list.name}\n"
        f"to be mailed to {address}.\n\n"
        f"To confirm, reply to this message (keep the subject: it carries the code){link}\n"
        f"The code works once, for {days} days. If you did not ask for this, ignore this message: nothing\n"
        "starts without your confirmation.\n"
    )
    subject = f"Confirm the {config.settings.list.name} {kind} (confirm {code})"
    return Applied(text, subject, reasons=(f"confirmation mailed to {address}",))


def confirm(store: Store, code: str, now: datetime) -> tuple[str, str] | None:
    """Spend a subscription's confirmation code: (address, kind) subscribed, or None (unknown, used, expired)."""
    row = store.token_get(access.token_hash(code))
    if row is None or not row.purpose.startswith("subscribe:"):
        return None
    if store.token_use(row.hash, row.purpose, now) is None:
        return None
    kind = row.purpose.split(":", 1)[1]
    store.subscribe(row.address, kind, now)
    store.audit(row.address, "subscribers.confirm", f"{kind}:{row.address}", now)
    return row.address, kind


# -- approvals ------------------------------------------------------------------------------------------


def approve(
    config: Config, store: Store, command: MailCommand, post: Post, auth: Authentication, now: datetime
) -> str:
    """Release a held answer by mail, when every check holds; what happened, for the record and the log."""
    refused = _refusal(config, store, command, post, auth, now)
    if refused:
        log.warning("approve by mail from %s refused: %s", post.author, refused)
        return f"approve refused: {refused}"
    row = store.token_use(access.token_hash(command.token or ""), "approve", now)
    assert row is not None  # checked in _refusal, in this transaction
    item = store.review_get(int(row.subject))
    assert item is not None
    try:
        done = review.decide_answer(config, store, item.id, "send", post.author, now, version=item.version)
    except review.Conflict as exc:
        return f"approve refused: {exc}"
    log.info("approve by mail from %s: review item %d: %s", post.author, item.id, done)
    return f"approved review item {item.id}: {done}"


def _refusal(
    config: Config, store: Store, command: MailCommand, post: Post, auth: Authentication, now: datetime
) -> str | None:
    settings = config.settings
    if post.author not in settings.bot.moderators:
        return f"{post.author or 'the sender'} is not a moderator"
    if not command.token:
        return "no approval code (the review mail's subject carries it: reply keeping the subject)"
    row = store.token_get(access.token_hash(command.token))
    if row is None or row.purpose != "approve":
        return "the approval code is unknown"
    if row.used_at is not None:
        return "the approval code was used already"
    if row.expires_at <= now:
        return "the approval code has expired; decide in the console"
    item = store.review_get(int(row.subject))
    if item is None or item.status != "open":
        return "the held answer was decided already"
    if post.in_reply_to:
        referred = _review_replied_to(config, store, post.in_reply_to)
        if referred is not None and referred != item.id:
            return "the approval code belongs to another held answer than the review mail replied to"
    if settings.security.authserv_id and not auth.proves_from:
        return f"the From is not proven by {settings.security.authserv_id} ({auth.why})"
    return None


def _review_replied_to(config: Config, store: Store, in_reply_to: str) -> int | None:
    """The review item whose review mail has this Message-ID."""
    domain = config.settings.bot.domain
    for item in store.reviews_open(limit=10_000):
        if render.message_id(f"review:{item.message_id}", domain).strip("<>") == in_reply_to:
            return item.id
    return None


def _answer_replied_to(config: Config, store: Store, post: Post) -> str | None:
    """The outbox key of the bot's answer this mail replies to (by its Message-ID), if it is one."""
    domain = config.settings.bot.domain
    for ref in (*post.references, post.in_reply_to or ""):
        for key in (f"answer:{ref}", f"correction:{ref}"):
            if post.in_reply_to and render.message_id(key, domain).strip("<>") == post.in_reply_to:
                out = store.outbox_get(key)
                if out is not None and out.recipients == (post.author,):
                    return key
    return None
