"""The review queue: what waits for a moderator, and what a moderator's decision does.

Three kinds of item: a held answer (``answer``: the bot was unsure, or the list runs in review mode), a
``disputed`` answer (a member said it did not help), and an uncertain ``call`` for submissions. Every
decision is taken once: the item is closed at the version the moderator saw, in the same transaction as
what it does, so a double click or two moderators at once never send twice (the second gets Conflict).
Each decision is audited and teaches the matcher (``listbot.app.learning``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from listbot import render
from listbot.app import access, learning
from listbot.app import calls as app_calls
from listbot.config import Config
from listbot.core.decide import waits_because
from listbot.errors import ListbotError
from listbot.model import CallRow, Decision
from listbot.store import OutMessage, ReviewRow, Store
from listbot.store.posts import PostRow

AnswerAction = Literal["send", "send-other", "drop"]
CallAction = Literal["accept", "correct", "drop"]
DropReason = Literal["not-faq", "wrong-faq", "human-answered", "other"]
DROP_REASONS: dict[str, str] = {
    "not-faq": "not an FAQ question",
    "wrong-faq": "wrong FAQ",
    "human-answered": "a person already answered",
    "other": "other",
}


class Conflict(ListbotError):
    """The item was decided or changed since the moderator saw it; nothing was done."""


@dataclass(frozen=True)
class ReviewItem:
    """One item of the queue with what a moderator needs to decide it."""

    row: ReviewRow
    post: PostRow | None
    answer: OutMessage | None  # the held (or sent, for a dispute) answer
    call: CallRow | None

    @property
    def id(self) -> int:
        return self.row.id

    def answer_text(self) -> str:
        if self.answer is None:
            return ""
        from email import message_from_bytes
        from email.policy import default

        body = message_from_bytes(self.answer.message, policy=default).get_body(("plain",))
        return body.get_content() if body is not None else ""


def why_it_waits(config: Config, item: ReviewItem) -> str | None:
    """An answer item's reason to wait for a moderator, in a moderator's words (``decide.waits_because``);
    a call's is its review row's question."""
    if item.row.kind == "disputed":
        return "a member said the answer did not help"
    if item.row.kind != "answer" or item.post is None:
        return None
    settings = config.settings
    return waits_because(
        item.post.reasons, item.row.faq, item.row.score, settings.answers.answer_threshold, settings.mode
    )


def _item(store: Store, row: ReviewRow) -> ReviewItem:
    return ReviewItem(
        row=row,
        post=store.post_row(row.message_id),
        answer=store.outbox_get(row.outbox_key) if row.outbox_key else None,
        call=store.call_get(row.call_id) if row.call_id else None,
    )


def queue(store: Store) -> list[ReviewItem]:
    """Open items, oldest first."""
    return [_item(store, row) for row in store.reviews_open()]


def item(store: Store, review_id: int) -> ReviewItem | None:
    row = store.review_get(review_id)
    return None if row is None else _item(store, row)


def _open(store: Store, review_id: int, version: int | None) -> ReviewRow:
    row = store.review_get(review_id)
    if row is None:
        raise ListbotError(f"no review item {review_id}")
    if row.status != "open" or (version is not None and version != row.version):
        who = f" by {row.decided_by}" if row.decided_by else ""
        raise Conflict(f"review item {review_id} was already decided{who}; nothing was done twice")
    return row


def decide_answer(
    config: Config,
    store: Store,
    review_id: int,
    action: AnswerAction,
    moderator: str,
    now: datetime,
    *,
    version: int | None = None,
    faq: str | None = None,
    reason: DropReason | None = None,
) -> str:
    """Send as proposed, send another FAQ's answer, or do not answer (with a reason). Returns what was done."""
    entries = {e.id: e for e in config.faq_entries}
    with store.transaction():
        row = _open(store, review_id, version)
        if row.kind == "call":
            raise ListbotError(f"review item {review_id} is a call for submissions, not an answer")
        post = store.post_row(row.message_id)
        if action == "send-other":
            if faq not in entries:
                raise ListbotError(f"choose the FAQ to send instead (one of: {', '.join(entries)})")
        resolution = {"send": "sent", "send-other": "sent-other", "drop": "dropped"}[action]
        if action == "drop" and reason is None:
            reason = "other"
        if not store.review_close(
            row.id,
            row.version,
            resolution,
            moderator,
            now,
            reason=reason,
            faq=faq if action == "send-other" else None,
        ):
            raise Conflict(f"review item {review_id} was decided meanwhile; nothing was done twice")
        done = _carry_out(config, store, row, post, action, faq, reason, now)
        store.audit(
            moderator,
            f"review.{action}",
            f"review:{row.id}",
            now,
            before={"kind": row.kind, "faq": row.faq, "message_id": row.message_id},
            after={"faq": faq or row.faq, "reason": reason, "done": done},
        )
        _teach(config, store, row, action, faq, reason, moderator, now)
    return done


def _carry_out(
    config: Config,
    store: Store,
    row: ReviewRow,
    post: PostRow | None,
    action: AnswerAction,
    faq: str | None,
    reason: DropReason | None,
    now: datetime,
) -> str:
    bot = config.settings.bot
    if row.kind == "answer" and row.outbox_key:
        if action == "send":
            store.release(row.outbox_key, now)
            return f"the proposed answer ({row.faq}) goes out"
        if action == "send-other" and post is not None and faq is not None:
            entry = next(e for e in config.faq_entries if e.id == faq)
            links = access.feedback_links(config, row.outbox_key)
            message = render.compose_answer(
                config,
                post.post(),
                entry,
                Decision("answer", faq, None),
                now,
                feedback=links,
                key=row.outbox_key,
            )
            store.replace_held(row.outbox_key, message.as_bytes(), faq)
            store.release(row.outbox_key, now)
            return f"the answer of {faq} goes out instead of {row.faq}"
        store.drop_held(row.outbox_key, f"a moderator: {DROP_REASONS.get(reason or 'other', reason)}")
        return "no answer is sent"
    # a disputed answer went out already: only a correction can follow
    if action == "send-other" and post is not None and faq is not None:
        entry = next(e for e in config.faq_entries if e.id == faq)
        key = f"correction:{row.message_id}"
        links = access.feedback_links(config, key)
        message = render.compose_answer(
            config, post.post(), entry, Decision("answer", faq, None), now, feedback=links, key=key
        )
        store.enqueue(
            key,
            "answer",
            bot.envelope_sender,
            (post.author,),
            message.as_bytes(),
            now,
            author=post.author,
            faq=faq,
        )
        return f"the answer of {faq} goes to the member as a correction"
    return "the answer stands" if action == "send" else "nothing more is sent"


def _teach(
    config: Config,
    store: Store,
    row: ReviewRow,
    action: AnswerAction,
    faq: str | None,
    reason: DropReason | None,
    moderator: str,
    now: datetime,
) -> None:
    """Send as proposed / another FAQ: examples of the FAQ sent, the post's sentences that ask it
    (``learning.asked``). Another FAQ, when the sentence the bot matched is the one taught: a counter-example
    of the FAQ proposed too. Not an FAQ / wrong FAQ: a counter-example of the FAQ proposed."""
    if not row.question:
        return
    sent = row.faq if action == "send" else faq if action == "send-other" else None
    if sent is not None:
        matched = row.question if sent == row.faq else None
        taught = learning.asked(config, store, row.message_id, sent, matched) or (row.question,)
        for sentence in taught:
            learning.teach(config, store, sent, sentence, "example", moderator, "review", now, row.message_id)
        if row.faq and row.faq != sent and row.question in taught:  # this wording asks the FAQ sent, not it
            learning.teach(
                config, store, row.faq, row.question, "counter", moderator, "review", now, row.message_id
            )
    elif action == "drop" and reason in ("not-faq", "wrong-faq") and row.faq:
        learning.teach(
            config, store, row.faq, row.question, "counter", moderator, "review", now, row.message_id
        )


def decide_call(
    config: Config,
    store: Store,
    review_id: int,
    action: CallAction,
    moderator: str,
    now: datetime,
    *,
    version: int | None = None,
    values: dict[str, object] | None = None,
) -> str:
    """Accept an uncertain call as read, correct it (kept in calls.yaml, so reposts keep the correction),
    or drop it (``remove: true``: it never comes back)."""
    with store.transaction():
        row = _open(store, review_id, version)
        if row.kind != "call" or not row.call_id:
            raise ListbotError(f"review item {review_id} is not a call for submissions")
        call = store.call_get(row.call_id)
        if call is None:
            raise ListbotError(f"the call {row.call_id} is no longer in the register")
        resolution = {"accept": "accepted", "correct": "corrected", "drop": "dropped"}[action]
        if not store.review_close(row.id, row.version, resolution, moderator, now):
            raise Conflict(f"review item {review_id} was decided meanwhile; nothing was done twice")
    # calls.yaml is written outside the transaction: a failed write leaves the item closed but audited
    if action == "accept":  # listed as read; later posts about it still update it (an extension, say)
        store.call_save(replace(call, status="open", confidence=1.0, updated_at=now.replace(microsecond=0)))
        how = "listed as read"
    elif action == "correct":  # a moderator's entry in calls.yaml: it wins over what later posts say
        app_calls.add(
            config, store, {**app_calls.manual_values(call), **(values or {})}, now, actor=moderator
        )
        how = "corrected (kept in calls.yaml)"
    else:
        app_calls.remove(config, store, call.id, now, actor=moderator)
        how = "dropped (kept as remove: true in calls.yaml)"
    store.audit(
        moderator,
        f"review.call.{action}",
        f"call:{call.id}",
        now,
        before=app_calls.row_json(call),
        after=values,
    )
    return f"{call.id}: {how}"


def dispute(
    store: Store, answer_key: str, now: datetime, why: str = "a member said it did not help"
) -> int | None:
    """Put a sent answer in the queue as disputed (a member's "it did not help", by link or by mail).
    Its review id, or None when the answer is unknown or was disputed already."""
    out = store.outbox_get(answer_key)
    if out is None or out.kind != "answer":
        return None
    message_id = answer_key.split(":", 1)[1]
    post = store.post_row(message_id)
    review_id = store.review_add(
        "disputed",
        message_id,
        now,
        faq=out.faq,
        score=None,
        question=post.question if post else None,
        outbox_key=answer_key,
    )
    if review_id is not None:
        store.audit(out.author or "member", "review.dispute", f"review:{review_id}", now, after={"why": why})
    return review_id
