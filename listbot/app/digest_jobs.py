"""Sending the digest and the reminders: the ledger around the core's planners.

- exactly one digest per period across restarts: the period is claimed in the ``digests`` table in the
  same transaction that enqueues the message (outbox key ``digest:<name>:<period>``) and marks it sent;
- never an empty digest: an empty period claims nothing and sends nothing;
- catch-up: a period whose fire time passed less than ``digest.catch_up_hours`` ago and that was never
  claimed is sent late (the scheduler runs ``send_digest`` once at start);
- reminders: one combined mail a day, each (call, days-before) pair claimed once in the ``reminders`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from listbot import render
from listbot.app import access, calls
from listbot.config import Config
from listbot.core.digest import Digest, last_fire, period_of, plan_digest, plan_reminders
from listbot.store import Store

Status = Literal["queued", "empty", "already", "late", "not due", "no recipients", "disabled"]


@dataclass(frozen=True)
class SendResult:
    status: Status
    period: str | None
    key: str | None = None  # the period's key; each recipient's message is "<key>:<address>"
    count: int = 0  # calls in it
    recipients: int = 0


def recipients(config: Config, store: Store) -> tuple[str, ...]:
    """The digest's recipients: the fixed ones in listbot.yaml, then the subscribers."""
    fixed = list(config.settings.digest.recipients)
    return tuple(dict.fromkeys([*fixed, *store.subscribers("digest")]))


def plan_for(config: Config, store: Store, now: datetime, fire: datetime | None = None) -> Digest | None:
    """The digest of the period ``fire`` (default: the last scheduled time) belongs to, as of ``now``."""
    s = config.settings
    tz = s.list.timezone
    fire = fire or last_fire(s.digest.schedule, tz, now) or now
    period = period_of(fire, tz)
    last_sent = store.digest_last_sent(s.digest.name, before_period=period)
    return plan_digest(store.calls_all(("open",)), now, tz, s.digest.name, period, last_sent, cutoff=now)


def preview(config: Config, store: Store, now: datetime) -> Digest | None:
    """What a digest at ``now`` would hold (no cut-off: every open call); None when nothing is open."""
    calls.sync(config, store, now)
    s = config.settings
    return plan_digest(
        store.calls_all(("open",)),
        now,
        s.list.timezone,
        s.digest.name,
        period_of(now, s.list.timezone),
        store.digest_last_sent(s.digest.name),
    )


def send_digest(
    config: Config, store: Store, now: datetime, fire: datetime | None = None, late_ok: bool = False
) -> SendResult:
    """Queue the digest of the period `now` belongs to, once. The scheduler passes its fire time."""
    s = config.settings
    if not s.digest.enabled:
        return SendResult("disabled", None)
    tz = s.list.timezone
    fire = fire or last_fire(s.digest.schedule, tz, now)
    if fire is None:
        return SendResult("not due", None)
    period = period_of(fire, tz)
    if store.digest_claimed(s.digest.name, period):
        return SendResult("already", period)
    if not late_ok and now - fire > timedelta(hours=s.digest.catch_up_hours):
        return SendResult("late", period)
    calls.sync(config, store, now)
    digest = plan_for(config, store, now, fire)
    if digest is None:
        return SendResult("empty", period)  # never an empty digest; nothing claimed
    to = recipients(config, store)
    if not to:
        return SendResult("no recipients", period)
    messages = [
        (
            render.digest_key(digest, address),
            address,
            render.compose_digest(
                config, digest, now, address, access.unsubscribe_link(config, address, "digest")
            ).as_bytes(),
        )
        for address in to
    ]
    with store.transaction():
        if not store.digest_claim(s.digest.name, period, now):
            return SendResult("already", period)
        for key, address, message in messages:
            store.enqueue(key, "digest", s.bot.envelope_sender, (address,), message, now)
        store.digest_mark_sent(s.digest.name, period, now)
    return SendResult("queued", period, render.digest_key(digest), len(digest.items), len(to))


def send_reminders(config: Config, store: Store, now: datetime) -> SendResult:
    """One combined reminder per day to the reminder subscribers (ledger: the reminders table)."""
    s = config.settings
    if not s.reminders.enabled:
        return SendResult("disabled", None)
    today = now.astimezone(ZoneInfo(s.list.timezone)).date()
    calls.sync(config, store, now)
    to = tuple(store.subscribers("reminders"))
    if not to:
        return SendResult("no recipients", today.isoformat())
    due = plan_reminders(
        store.calls_all(("open",)),
        today,
        tuple(s.reminders.days_before),
        store.reminders_sent(),
        s.list.timezone,
    )
    if not due:
        return SendResult("empty", today.isoformat())
    messages = [
        (
            render.reminder_key(today, address),
            address,
            render.compose_reminder(
                config, due, today, now, address, access.unsubscribe_link(config, address, "reminders")
            ).as_bytes(),
        )
        for address in to
    ]
    with store.transaction():
        fresh = [store.reminder_claim(item.id, d, today.isoformat()) for item, d in due]
        if not any(fresh):
            return SendResult("already", today.isoformat())
        for key, address, message in messages:
            store.enqueue(key, "reminder", s.bot.envelope_sender, (address,), message, now)
    return SendResult("queued", today.isoformat(), render.reminder_key(today), len(due), len(to))
