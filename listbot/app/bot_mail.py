"""Mail addressed to the bot itself (not a list copy): subscriptions, stop/start, approvals, help.

The command is read by ``listbot.core.mailcommands``; here it is carried out and recorded in one
transaction with the post, and the confirmation (if any) goes through the outbox like every other mail.
"""

from __future__ import annotations

from datetime import datetime

from listbot import render
from listbot.app import review
from listbot.config import Config, Settings
from listbot.core import guard, mailcommands
from listbot.core.mailcommands import MailCommand
from listbot.core.subjects import reply_subject
from listbot.model import Decision, Outcome, Post
from listbot.store import Store


def addressed_to_bot(post: Post, settings: Settings) -> bool:
    """Direct mail to the bot (not a list copy): commands, approvals."""
    if post.list_id is not None:
        return False
    recipients = " ".join(post.header("to") + post.header("cc")).lower()
    return settings.bot.address in recipients


def handle(config: Config, store: Store, post: Post, source_ref: str, now: datetime) -> Outcome:
    """Record the mail, carry out its command, queue the confirmation."""
    settings = config.settings
    automation = guard.automation_reasons(post, settings)
    command = None if automation else mailcommands.parse(post)
    why = automation or (
        (f"command: {command}",) if command else ("mail to the bot without a known command",)
    )
    decision = Decision("ignore", None, None, why)
    bot = settings.bot
    queued: list[str] = []
    with store.transaction():
        if not store.record_post(post, decision, source_ref, now, automated=bool(automation)):
            return Outcome(source_ref, post, decision, duplicate=True)
        if command is None:
            return Outcome(source_ref, post, decision)
        reply = apply(config, store, command, post, now)
        if reply:
            key = f"notice:{post.message_id}"
            msg = render.compose_notice(
                config,
                key,
                (post.author,),
                reply_subject(post.topic),
                reply,
                now,
                in_reply_to=None if post.message_id.startswith("sha256:") else post.message_id,
            )
            if store.enqueue(key, "notice", bot.envelope_sender, (post.author,), msg.as_bytes(), now):
                queued.append(key)
    return Outcome(source_ref, post, decision, tuple(queued))


def apply(config: Config, store: Store, command: MailCommand, post: Post, now: datetime) -> str | None:
    """Carry out a command; the confirmation text, or None to stay silent."""
    settings = config.settings
    author = post.author
    verb = command.verb
    if verb == "approve":
        if author not in settings.bot.moderators:
            return None
        target = post.in_reply_to
        for held in store.held():
            review_mail = render.message_id("review:" + held.key.removeprefix("answer:"), settings.bot.domain)
            if target and review_mail.strip("<>") == target:
                item = store.review_of("answer", held.key.removeprefix("answer:"))
                if item is None:
                    store.release(held.key, now)
                else:
                    review.decide_answer(config, store, item.id, "send", author, now, version=item.version)
                return None
        return "listbot: no held answer matches that review message (already sent or expired)."
    if verb == "unhelpful":
        answer_key = _answer_replied_to(config, store, post)
        if answer_key is None:
            return render.render_help(config)
        review.dispute(store, answer_key, now, why="the member replied that it did not help")
        return "Thank you. A moderator will look at your question and the answer you got.\n"
    if verb == "stop":
        store.subscribe(author, "optout", now)
        return (
            "You will get no more automatic answers from the list's FAQ assistant.\n"
            'To have them again, send a message with the subject "start".\n'
        )
    if verb == "start":
        store.unsubscribe(author, "optout")
        return "Automatic FAQ answers are on again for you.\n"
    if verb in ("subscribe", "unsubscribe") and command.what is not None:
        what = command.what
        if verb == "subscribe":
            store.subscribe(author, what, now)
            return (
                f"You are subscribed to the {what} of open calls for submissions.\n"
                f'To stop, send a message with the subject "unsubscribe {what}".\n'
            )
        store.unsubscribe(author, what)
        return f"You are unsubscribed from the {what}.\n"
    return render.render_help(config)


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
