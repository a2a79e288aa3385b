"""The one place that decides: raw bytes in, a recorded Decision and queued mail out.

Every source (IMAP, LMTP, replay, demo) hands raw bytes and a source reference here. ``process``
reads the post, gathers its history from the store, lets the pure core decide, then records the post,
its decision and everything to send in ONE transaction, so a crash leaves either nothing or all of it.
Sending is the outbox's job; the idempotency key ``answer:<message-id>`` makes a second run a no-op.
Mail addressed to the bot itself (commands) is handled by ``listbot.app.bot_mail``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from listbot import render
from listbot.app import access, bot_mail, learning
from listbot.app import calls as register
from listbot.clock import Clock, utcnow
from listbot.config import Config
from listbot.core import calls, guard
from listbot.core.decide import decide
from listbot.core.match import Learned, Matcher
from listbot.core.read import read_post
from listbot.core.register import Observation
from listbot.core.subjects import is_reply
from listbot.model import CallInfo, Decision, History, Match, Outcome, Post
from listbot.store import Store, storage_fault

log = logging.getLogger(__name__)

__all__ = ["Outcome", "Pipeline", "Prepared"]


@dataclass(frozen=True)
class Prepared:
    """A post read and matched, before its history is asked (``Pipeline.prepare``)."""

    post: Post
    to_bot: bool = False  # mail to the bot itself: bot_mail handles it
    automation: tuple[str, ...] = ()
    call: CallInfo | None = None
    match: Match | None = None


class Pipeline:
    """``matcher``: a fixed one; without it, the matcher is built from the FAQ and the examples moderators
    taught (the store's ``learned`` table, plus ``taught``), and rebuilt before the next post whenever the
    table changes."""

    def __init__(
        self,
        config: Config,
        store: Store,
        matcher: Matcher | None = None,
        taught: Sequence[Learned] = (),
    ):
        self.config = config
        self.settings = config.settings
        self.store = store
        self.entries = {e.id: e for e in config.faq_entries}
        self.taught = tuple(taught)  # learned elsewhere (a scratch state replaying with the real one's)
        self._learned_version: tuple[int, int] | None = None
        self._fixed = matcher is not None
        self.matcher = matcher if matcher is not None else self._build_matcher()

    def _build_matcher(self) -> Matcher:
        self._learned_version = self.store.learned_version()
        learned = (*self.taught, *learning.learned_of(self.store))
        return Matcher(self.config.faq_entries, learned=learned)

    def refresh(self) -> None:
        """Take what moderators taught since the matcher was built (one cheap query when nothing changed)."""
        if not self._fixed and self.store.learned_version() != self._learned_version:
            self.matcher = self._build_matcher()

    # -- the pure part, usable without a store ----------------------------------------------------

    def judge(
        self,
        post: Post,
        history: History,
        now: datetime,
        match: Match | None = None,
        automation: tuple[str, ...] | None = None,
        is_call: bool = False,
    ) -> Decision:
        """The decision for a post given its history: what ``listbot match`` shows."""
        if automation is None:
            automation = guard.automation_reasons(post, self.settings)
        if match is None:
            match = self.match(post)
        return decide(
            post,
            match,
            automation=automation,
            history=history,
            settings=self.settings.answers,
            now=now,
            is_call=is_call,
        )

    def match(self, post: Post) -> Match:
        return self.matcher.match(post.new_text, subject=None if is_reply(post) else post.topic)

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

    def prepare(self, raw: bytes, post: Post | None = None, every_call: bool = True) -> Prepared:
        """What deciding a post needs that the store does not: read, automation, call, match. Pure (no
        store, no clock), so replay runs it in other processes while this one decides in order.

        ``every_call`` False (replay, which reports the FAQ decisions and not the register): a post is read
        for a call only where that can change its decision, i.e. where an FAQ scored at least the review
        threshold (a call is never answered; below that threshold the post is left alone either way). Reading
        calls is about half of preparing a post, and most posts are no question."""
        if post is None:
            post = read_post(raw, self.settings.max_message_bytes)
        if bot_mail.addressed_to_bot(post, self.settings):
            return Prepared(post, to_bot=True)
        automation = guard.automation_reasons(post, self.settings)
        match = self.match(post)
        decisive = match.best is not None and match.best.score >= self.settings.answers.review_threshold
        read_call = not automation and (every_call or decisive)
        call = calls.extract(post, self.settings.list.timezone) if read_call else None
        return Prepared(post, False, automation, call, match)

    def process(
        self,
        raw: bytes,
        source_ref: str,
        now: datetime,
        post: Post | None = None,
        prepared: Prepared | None = None,
    ) -> Outcome:
        """``post``: the raw bytes already read; ``prepared``: already prepared (by a matcher with the same
        FAQ and learned examples)."""
        started = time.perf_counter()
        self.refresh()
        if prepared is None:
            prepared = self.prepare(raw, post)
        post = prepared.post
        if prepared.to_bot:
            return bot_mail.handle(self.config, self.store, post, source_ref, now)
        automation, call, match = prepared.automation, prepared.call, prepared.match
        assert match is not None
        automated = bool(automation)
        is_call = call is not None and call.rules_call  # the FAQ side keeps the rules' reading
        # The best FAQ is needed to ask the store the right history question: match once, decide twice.
        best = match.best.faq if match.best else None
        decision = self.judge(post, self.history(post, best, now), now, match, automation, is_call)
        notes: tuple[str, ...] = ()
        with self.store.transaction():
            if not self.store.record_post(
                post,
                decision,
                source_ref,
                now,
                automated=automated,
                is_reply=is_reply(post),
                seconds=time.perf_counter() - started,
            ):
                return Outcome(
                    source_ref,
                    post,
                    Decision("ignore", None, None, ("seen before (same Message-ID)",)),
                    duplicate=True,
                )
            queued = self._queue(post, decision, now)
            if call is not None and (call.is_call or call.held):
                seen = register.observe(self.store, post, call, now, self.settings.calls)
                notes = (f"call {seen.action}: {seen.call_id or '-'}", *seen.reasons)
                if seen.action == "review":
                    queued += self._call_review(post, call, seen, now)
        return Outcome(source_ref, post, decision, queued, call, notes=notes)

    def drain_inbox(
        self,
        now_fn: Clock = utcnow,
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
                if storage_fault(exc):
                    raise  # the state file's fault, not the post's: it stays pending for the next round
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
        if decision.breaker:
            queued += self._alert_breaker(now)
        if decision.action == "ignore" or decision.faq is None:
            return tuple(queued)
        entry = self.entries[decision.faq]
        key = f"answer:{post.message_id}"
        answer = render.compose_answer(
            self.config, post, entry, decision, now, feedback=access.feedback_links(self.config, key)
        )
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
            best = decision.match.best if decision.match else None
            review_id = self.store.review_add(
                "answer",
                post.message_id,
                now,
                faq=decision.faq,
                score=decision.score,
                question=best.sentence if best else None,
                outbox_key=key,
            )
            code = access.approval_code(self.store, review_id, now) if review_id is not None else None
            review = render.compose_review(self.config, post, entry, decision, answer, now, approve_code=code)
            review_key = f"review:{post.message_id}"
            if self.store.enqueue(
                review_key, "review", bot.envelope_sender, bot.moderators, review.as_bytes(), now
            ):
                queued.append(review_key)
        return tuple(queued)

    def _to_moderators(self, key: str, kind: str, subject: str, body: str, now: datetime) -> tuple[str, ...]:
        bot = self.settings.bot
        msg = render.compose_notice(
            self.config, key, bot.moderators, subject, body, now, auto="auto-generated"
        )
        enqueued = self.store.enqueue(
            key,
            "alert" if kind == "alert" else "review",
            bot.envelope_sender,
            bot.moderators,
            msg.as_bytes(),
            now,
        )
        return (key,) if enqueued else ()

    def _call_review(self, post: Post, call: CallInfo, seen: Observation, now: datetime) -> tuple[str, ...]:
        """An uncertain extraction goes to the moderators, not into the digest as fact."""
        deadline = call.deadline
        when = (
            "-"
            if deadline is None
            else " ".join(
                x
                for x in (
                    deadline.day.isoformat(),
                    deadline.at.strftime("%H:%M") if deadline.at else "",
                    deadline.timezone or "",
                )
                if x
            )
        )
        why = "; ".join(seen.reasons) or "uncertain"
        where = "use the console's Review page, or " if self.settings.console.enabled else ""
        body = (
            "listbot is not sure this post is a call for submissions, so the digest does not list it yet:\n\n"
            f"  From:     {post.author_name} <{post.author}>\n  Subject:  {post.subject}\n"
            f"  Title:    {call.title or '-'}\n  Deadline: {when}\n  Link:     {call.link or '-'}\n"
            f"  Register: {seen.call_id or '-'}\n  Why:      {why}\n\n"
            f"{register.LIST_OR_DROP}\n"
            f"To list it as read or corrected, or to drop it, {where}run on the listbot host:\n"
            f"  listbot calls add --id {seen.call_id or 'ID'} --title '...' --deadline YYYY-MM-DD\n"
            f"  listbot calls remove {seen.call_id or 'ID'}\n"
        )
        subject = f"[listbot review] call: {post.topic}"[:200]
        if seen.call_id:
            # for a call, the review's question is the bot's: why it waits for a moderator
            self.store.review_add("call", post.message_id, now, call_id=seen.call_id, question=why)
        return self._to_moderators(f"call-review:{post.message_id}", "review", subject, body, now)

    def _alert_breaker(self, now: datetime) -> tuple[str, ...]:
        window = self.settings.answers.breaker.window_minutes
        bucket = int(now.timestamp() // (window * 60))
        body = (
            f"The {self.settings.bot.name} stopped answering: more than "
            f"{self.settings.answers.breaker.max_answers} answers within {window} minutes.\n"
            "It answers again by itself when the window has passed. If the answers were wrong, switch\n"
            "mode to shadow in listbot.yaml and look at the log lines (action=answer) to see why.\n"
        )
        return self._to_moderators(
            f"alert:breaker:{bucket}", "alert", "[listbot] circuit breaker tripped", body, now
        )
