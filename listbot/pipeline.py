"""The one place that decides: raw bytes in, a recorded Decision and queued mail out.

Every source (IMAP, LMTP, replay, demo) hands raw bytes and a source reference here. ``process``
reads the post, gathers its history from the store, lets the pure core decide, then records the post,
its decision and everything to send in ONE transaction, so a crash leaves either nothing or all of it.
Sending is the outbox's job; the idempotency key ``answer:<message-id>`` makes a second run a no-op.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from listbot import calls, digest, guard, register, render
from listbot.config import Config
from listbot.decide import decide
from listbot.match import Matcher
from listbot.model import CallInfo, Decision, History, Match, Post
from listbot.read import read_post
from listbot.store import Store

log = logging.getLogger(__name__)

# Commands to the bot other than subscriptions (listbot.digest.parse_command reads those): the whole
# subject, or the first word of a short first line ("Stop.", "approve - looks right").
_COMMAND = re.compile(r"^\s*(?:(?:re|aw|fwd?)\s*:\s*)*(?P<verb>stop|start|approve|help)\s*[.!]?\s*$", re.I)
_FIRST_WORD = re.compile(r"^\s*(?P<verb>stop|start|approve|help)\b", re.I)


def _bot_command(post: Post) -> tuple[str, str] | None:
    """(verb, what) of a command mailed to the bot, or None."""
    subscription = digest.parse_command(post)
    if subscription:
        return subscription
    found = _COMMAND.match(post.subject)
    if not found:
        first = next((line for line in post.new_text.splitlines() if line.strip()), "")
        found = _FIRST_WORD.match(first) if len(first.split()) <= 6 else None
    return (found["verb"].lower(), "") if found else None


@dataclass(frozen=True)
class Outcome:
    """What happened to one post: the decision, and the outbox keys it queued."""

    source_ref: str
    post: Post | None
    decision: Decision
    queued: tuple[str, ...] = ()
    call: CallInfo | None = None
    duplicate: bool = False
    notes: tuple[str, ...] = field(default=())

    def log_line(self) -> str:
        post = self.post
        parts = [
            f"message_id=<{post.message_id if post else '?'}>",
            f"action={self.decision.action}",
            f"faq={self.decision.faq or '-'}",
            "score=" + ("-" if self.decision.score is None else f"{self.decision.score:.2f}"),
        ]
        if self.queued:
            parts.append("queued=" + ",".join(self.queued))
        if self.call is not None and self.call.is_call:
            parts.append(f"call={self.call.title!r}")
        parts.append("reasons=" + " | ".join(self.decision.reasons + self.notes))
        return " ".join(parts)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Pipeline:
    def __init__(self, config: Config, store: Store, matcher: Matcher | None = None):
        self.config = config
        self.settings = config.settings
        self.store = store
        self.matcher = matcher or Matcher(config.faq_entries)
        self.entries = {e.id: e for e in config.faq_entries}

    # -- the pure part, usable without a store ----------------------------------------------------

    def judge(
        self,
        post: Post,
        history: History,
        now: datetime,
        match: Match | None = None,
        automation: tuple[str, ...] | None = None,
    ) -> Decision:
        """The decision for a post given its history: what ``listbot match`` shows."""
        if automation is None:
            automation = guard.automation_reasons(post, self.settings)
        if match is None:
            match = self.match(post)
        return decide(
            post, match, automation=automation, history=history, settings=self.settings.answers, now=now
        )

    def match(self, post: Post) -> Match:
        return self.matcher.match(post.new_text, subject=None if post.is_reply else post.topic)

    # -- the stateful part -------------------------------------------------------------------------

    def history(self, post: Post, faq: str | None, now: datetime) -> History:
        answers = self.settings.answers
        return History(
            seen=self.store.seen(post.message_id),
            answered_same_faq=faq is not None
            and self.store.answered(post.author, faq, now - timedelta(days=answers.grace_days)),
            author_answers_today=self.store.answers_to(post.author, now - timedelta(hours=24)),
            answers_in_window=self.store.answers_since(
                now - timedelta(minutes=answers.breaker.window_minutes)
            ),
            opted_out=self.store.is_subscribed(post.author, "optout"),
        )

    def process(self, raw: bytes, source_ref: str, now: datetime) -> Outcome:
        post = read_post(raw, self.settings.max_message_bytes)
        if self._addressed_to_bot(post):
            return self._command(post, source_ref, now)
        automation = guard.automation_reasons(post, self.settings)
        automated = bool(automation)
        call = None if automated else calls.extract(post)
        # The best FAQ is needed to ask the store the right history question: match once, decide twice.
        match = self.match(post)
        best = match.best.faq if match.best else None
        decision = self.judge(post, self.history(post, best, now), now, match, automation)
        if call is not None and call.is_call and decision.action != "ignore":
            decision = Decision(
                "ignore",
                decision.faq,
                decision.score,
                ("a call for submissions, not a question", *decision.reasons),
                decision.match,
            )
        notes: tuple[str, ...] = ()
        with self.store.transaction():
            if not self.store.record_post(post, decision, source_ref, now, automated=automated):
                return Outcome(
                    source_ref,
                    post,
                    Decision("ignore", None, None, ("seen before (same Message-ID)",)),
                    duplicate=True,
                )
            queued = self._queue(post, decision, now)
            if call is not None and call.is_call:
                seen = register.observe(self.store, post, call, now, self.settings.calls)
                notes = (f"call {seen.action}: {seen.call_id or '-'}", *seen.reasons)
                if seen.action == "review":
                    queued += self._call_review(post, call, seen, now)
        return Outcome(source_ref, post, decision, queued, call, notes=notes)

    def _call_review(
        self, post: Post, call: CallInfo, seen: register.Observation, now: datetime
    ) -> tuple[str, ...]:
        """An uncertain extraction goes to the moderators, not into the digest as fact."""
        deadline = call.deadline
        when = (
            "-"
            if deadline is None
            else " ".join(str(x) for x in (deadline.day, deadline.at or "", deadline.timezone or "") if x)
        )
        body = (
            f"listbot read this post as a call for submissions but is not sure enough to list it:\n\n"
            f"  From:     {post.author_name} <{post.author}>\n  Subject:  {post.subject}\n"
            f"  Title:    {call.title or '-'}\n  Deadline: {when}\n  Link:     {call.link or '-'}\n"
            f"  Register: {seen.call_id or '-'} ({'; '.join(seen.reasons) or 'uncertain'})\n\n"
            "To list it as read, or corrected, run on the listbot host:\n"
            f"  listbot calls add --id {seen.call_id or 'ID'} --title '...' --deadline YYYY-MM-DD\n"
            "To drop it: listbot calls remove ID\n"
        )
        bot = self.settings.bot
        key = f"call-review:{post.message_id}"
        msg = render.compose_notice(
            self.config, key, bot.moderators, f"[listbot review] call: {post.topic}"[:200], body, now
        )
        msg.replace_header("Auto-Submitted", "auto-generated")
        return (
            (key,)
            if self.store.enqueue(key, "review", bot.envelope_sender, bot.moderators, msg.as_bytes(), now)
            else ()
        )

    def drain_inbox(
        self,
        now_fn: Callable[[], datetime] = utcnow,
        limit: int = 100,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> list[Outcome]:
        """Process pending inbox rows in arrival order. A post that fails is kept with its error, never lost."""
        outcomes = []
        for item in self.store.pending_inbox(limit):
            now = now_fn()
            try:
                outcome = self.process(item.raw, item.source_ref, now)
            except Exception as exc:  # one bad post must not stop the others
                log.exception("cannot process %s; kept in the inbox with its error", item.source_ref)
                self.store.mark_inbox(item.id, now, error=f"{type(exc).__name__}: {exc}")
                continue
            self.store.mark_inbox(item.id, now)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return outcomes

    # -- what to queue -----------------------------------------------------------------------------

    def _queue(self, post: Post, decision: Decision, now: datetime) -> tuple[str, ...]:
        queued: list[str] = []
        mode = self.settings.mode
        bot = self.settings.bot
        if any(r.startswith("circuit breaker") for r in decision.reasons):
            queued += self._alert_breaker(now)
        if decision.action == "ignore" or decision.faq is None:
            return tuple(queued)
        entry = self.entries[decision.faq]
        answer = render.compose_answer(self.config, post, entry, decision, now)
        key = f"answer:{post.message_id}"
        held = decision.action == "review" or mode == "review"
        wait = timedelta(minutes=self.settings.answers.wait_minutes) if mode == "live" else timedelta(0)
        if self.store.enqueue(
            key,
            "answer",
            bot.envelope_sender,
            (post.author,),
            answer.as_bytes(),
            now,
            not_before=now + wait,
            author=post.author,
            faq=decision.faq,
            thread_id=post.thread_id,
            status="held" if held else "pending",
        ):
            queued.append(key)
        if held:
            review = render.compose_review(self.config, post, entry, decision, answer, now)
            review_key = f"review:{post.message_id}"
            if self.store.enqueue(
                review_key, "review", bot.envelope_sender, bot.moderators, review.as_bytes(), now
            ):
                queued.append(review_key)
        return tuple(queued)

    def _alert_breaker(self, now: datetime) -> list[str]:
        window = self.settings.answers.breaker.window_minutes
        bucket = int(now.timestamp() // (window * 60))
        key = f"alert:breaker:{bucket}"
        body = (
            f"The {self.settings.bot.name} stopped answering: more than "
            f"{self.settings.answers.breaker.max_answers} answers within {window} minutes.\n"
            "It answers again by itself when the window has passed. If the answers were wrong, switch\n"
            "mode to shadow in listbot.yaml and look at the log lines (action=answer) to see why.\n"
        )
        bot = self.settings.bot
        msg = render.compose_notice(
            self.config, key, bot.moderators, "[listbot] circuit breaker tripped", body, now
        )
        msg.replace_header("Auto-Submitted", "auto-generated")
        return (
            [key]
            if self.store.enqueue(key, "alert", bot.envelope_sender, bot.moderators, msg.as_bytes(), now)
            else []
        )

    # -- mail to the bot itself --------------------------------------------------------------------

    def _addressed_to_bot(self, post: Post) -> bool:
        """Direct mail to the bot (not a list copy): commands, approvals."""
        if post.list_id is not None:
            return False
        recipients = " ".join(post.header("to") + post.header("cc")).lower()
        return self.settings.bot.address in recipients

    def _command(self, post: Post, source_ref: str, now: datetime) -> Outcome:
        automation = guard.automation_reasons(post, self.settings)
        found = None if automation else _bot_command(post)
        if automation or not found:
            why = automation or ("mail to the bot without a known command",)
            verb, what = "", ""
        else:
            verb, what = found
            why = (f"command: {verb} {what}".strip(),)
        decision = Decision("ignore", None, None, why)
        bot = self.settings.bot
        queued: list[str] = []
        with self.store.transaction():
            if not self.store.record_post(post, decision, source_ref, now, automated=bool(automation)):
                return Outcome(source_ref, post, decision, duplicate=True)
            if not verb:
                return Outcome(source_ref, post, decision)
            reply = self._apply(verb, what, post, now)
            if reply:
                key = f"notice:{post.message_id}"
                msg = render.compose_notice(
                    self.config,
                    key,
                    (post.author,),
                    render.reply_subject(post.topic),
                    reply,
                    now,
                    in_reply_to=None if post.message_id.startswith("sha256:") else post.message_id,
                )
                if self.store.enqueue(
                    key, "notice", bot.envelope_sender, (post.author,), msg.as_bytes(), now
                ):
                    queued.append(key)
        return Outcome(source_ref, post, decision, tuple(queued))

    def _apply(self, verb: str, what: str, post: Post, now: datetime) -> str | None:
        """Carry out a command; the confirmation text, or None to stay silent."""
        author = post.author
        if verb == "approve":
            if author not in self.settings.bot.moderators:
                return None
            target = post.in_reply_to
            for held in self.store.held():
                review_id = render.message_id(
                    "review:" + held.key.removeprefix("answer:"), self.settings.bot.domain
                )
                if target and review_id.strip("<>") == target:
                    self.store.release(held.key, now)
                    return None
            return "listbot: no held answer matches that review message (already sent or expired)."
        if verb in ("stop", "start"):
            if verb == "stop":
                self.store.subscribe(author, "optout", now)
                return (
                    "You will get no more automatic answers from the list's FAQ assistant.\n"
                    'To have them again, send a message with the subject "start".\n'
                )
            self.store.unsubscribe(author, "optout")
            return "Automatic FAQ answers are on again for you.\n"
        if verb in ("subscribe", "unsubscribe") and what in ("digest", "reminders"):
            if verb == "subscribe":
                self.store.subscribe(author, what, now)
                return (
                    f"You are subscribed to the {what} of open calls for submissions.\n"
                    f'To stop, send a message with the subject "unsubscribe {what}".\n'
                )
            self.store.unsubscribe(author, what)
            return f"You are unsubscribed from the {what}.\n"
        return render.render_help(self.config)
