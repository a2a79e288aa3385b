"""The digest of open calls, and the reminders. Planning is pure (calls + now -> a Digest value);
composing renders the moderators' templates; ``send_digest`` / ``send_reminders`` are the only places
that touch the store, through the ledger:

- a period is the local date (list timezone) of the scheduled fire time it belongs to;
- never an empty digest: an empty period claims nothing and sends nothing;
- exactly one digest per period across restarts: the period is claimed in the ``digests`` table in the
  same transaction that enqueues the message (outbox key ``digest:<name>:<period>``) and marks it sent;
- catch-up: a period whose fire time passed less than ``digest.catch_up_hours`` ago and that was never
  claimed is sent late (the daemon calls ``scheduler.catch_up`` at start);
- content cut-off: a digest holds the calls known when it is built; calls seen later wait for the next one
  (marked NEW there). A late digest after downtime therefore includes the calls posted during the downtime:
  they are first seen when the bot catches up, after the period's fire time, and a cut-off at the fire
  time would have held them back a whole period.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from apscheduler.triggers.cron import CronTrigger

from listbot import render
from listbot.calendar_ics import build_calendar
from listbot.config import Config, DigestSettings, Schedule
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.model import Post
from listbot.store import Store

GROUPS = (
    ("week", "Closing within 7 days"),
    ("month", "Closing within 30 days"),
    ("later", "Closing later"),
    ("undated", "Date not announced"),
)
TEMPLATES = ("digest.txt.j2", "digest.html.j2", "reminder.txt.j2")


@dataclass(frozen=True)
class DigestItem:
    """One call as the digest shows it."""

    id: str
    title: str
    kind: str
    organisation: str | None
    deadline: date | None
    deadline_time: time | None
    timezone: str | None
    link: str | None
    eligibility: str | None
    sequence: int
    days_left: int | None
    new: bool
    extended: bool
    previous_deadline: date | None

    @property
    def when(self) -> str:
        """ "closes today", "1 day left", "12 days left", or "" when undated."""
        if self.days_left is None:
            return ""
        if self.days_left <= 0:
            return "closes today"
        return "1 day left" if self.days_left == 1 else f"{self.days_left} days left"

    @property
    def deadline_text(self) -> str:
        """The deadline as the call states it: "Friday, January 15, 2027, 23:59 America/Los_Angeles"."""
        if self.deadline is None:
            return "date not announced"
        text = f"{self.deadline:%A, %B} {self.deadline.day}, {self.deadline.year}"
        if self.deadline_time is not None:
            text += f", {self.deadline_time:%H:%M}"
        if self.timezone:
            text += f" {_zone_label(self.timezone)}"
        return text

    def values(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind, "organisation": self.organisation,
            "deadline": self.deadline.isoformat() if self.deadline else None, "deadline_text": self.deadline_text,
            "link": self.link, "eligibility": self.eligibility, "days_left": self.days_left, "when": self.when,
            "new": self.new, "extended": self.extended,
            "previous_deadline": self.previous_deadline.isoformat() if self.previous_deadline else None,
        }  # fmt: skip


@dataclass(frozen=True)
class Digest:
    name: str
    period: str  # ISO date of the scheduled fire time, in the list's timezone
    generated_at: datetime
    timezone: str
    groups: tuple[tuple[str, str, tuple[DigestItem, ...]], ...]  # (key, heading, items), empty groups dropped

    @property
    def items(self) -> tuple[DigestItem, ...]:
        return tuple(item for _, _, items in self.groups for item in items)

    @property
    def new_count(self) -> int:
        return sum(1 for item in self.items if item.new)


def _zone_label(zone: str) -> str:
    return "AoE (Anywhere on Earth)" if zone == "Etc/GMT+12" else zone


def _date(value: object) -> date | None:
    return None if not value else date.fromisoformat(str(value))


def _time(value: object) -> time | None:
    return None if not value else time.fromisoformat(str(value))


def _moment(value: object) -> datetime | None:
    return None if not value else datetime.fromisoformat(str(value))


# -- schedule arithmetic (pure: APScheduler's trigger computes from fields alone) ------------------------


def trigger(schedule: Schedule, timezone: str) -> CronTrigger:
    return CronTrigger(
        day_of_week=schedule.day_of_week,
        hour=schedule.hour,
        minute=schedule.minute,
        timezone=ZoneInfo(timezone),
    )


def last_fire(schedule: Schedule, timezone: str, now: datetime) -> datetime | None:
    """The latest scheduled fire time at or before now (within the last 8 days)."""
    cron = trigger(schedule, timezone)
    moment = cron.get_next_fire_time(None, now - timedelta(days=8))
    latest = None
    while moment is not None and moment <= now:
        latest = moment
        moment = cron.get_next_fire_time(moment, moment + timedelta(microseconds=1))
    return latest


def period_of(fire: datetime, timezone: str) -> str:
    return fire.astimezone(ZoneInfo(timezone)).date().isoformat()


# -- planning ---------------------------------------------------------------------------------------------


def item_of(row: dict[str, Any], today: date, last_sent: datetime | None) -> DigestItem:
    deadline = _date(row["deadline"])
    first_seen = _moment(row["first_seen"])
    previous = _date(row.get("previous_deadline"))
    extended = (
        bool(row.get("extended")) and previous is not None and deadline is not None and deadline > previous
    )
    return DigestItem(
        id=str(row["id"]),
        title=str(row["title"]),
        kind=str(row.get("kind") or "other"),
        organisation=row.get("organisation"),
        deadline=deadline,
        deadline_time=_time(row.get("deadline_time")),
        timezone=row.get("timezone"),
        link=row.get("link"),
        eligibility=row.get("eligibility"),
        sequence=int(row.get("sequence") or 0),
        days_left=None if deadline is None else (deadline - today).days,
        new=last_sent is None or (first_seen is not None and first_seen > last_sent),
        extended=extended,
        previous_deadline=previous,
    )


def plan_digest(
    calls: list[dict[str, Any]],
    now: datetime,
    timezone: str,
    name: str,
    period: str,
    last_sent: datetime | None = None,
    cutoff: datetime | None = None,
) -> Digest | None:
    """The digest of the open calls at `now`, or None when there is nothing to say.

    calls: register rows (status open). Calls past their deadline (in the list's timezone), and calls
    first seen after the cut-off (when the digest is built), are left out. NEW marks calls first seen since
    the last digest went out; EXTENDED those whose deadline was moved later.
    """
    today = now.astimezone(ZoneInfo(timezone)).date()
    groups: dict[str, list[DigestItem]] = {key: [] for key, _ in GROUPS}
    for row in calls:
        if row.get("status", "open") != "open":
            continue
        first_seen = _moment(row.get("first_seen"))
        if cutoff is not None and first_seen is not None and first_seen > cutoff:
            continue
        item = item_of(row, today, last_sent)
        if item.days_left is None:
            groups["undated"].append(item)
        elif item.days_left < 0:
            continue
        elif item.days_left <= 7:
            groups["week"].append(item)
        elif item.days_left <= 30:
            groups["month"].append(item)
        else:
            groups["later"].append(item)
    ordered = []
    for key, heading in GROUPS:
        items = sorted(
            groups[key], key=lambda i: (i.deadline or date.max, i.deadline_time or time.max, i.title)
        )
        if items:
            ordered.append((key, heading, tuple(items)))
    if not ordered:
        return None
    return Digest(name=name, period=period, generated_at=now, timezone=timezone, groups=tuple(ordered))


# -- composing -----------------------------------------------------------------------------------------


def _render(config: Config, name: str, values: Mapping[str, object]) -> str:
    try:
        return render.environment(config.templates_dir).get_template(name).render(**values)
    except jinja2.TemplateError as exc:
        raise ConfigError(
            [Problem(str(config.templates_dir / name), "-", f"cannot render: {exc}; run listbot check")]
        ) from None


def digest_values(config: Config, digest: Digest) -> dict[str, object]:
    s = config.settings
    local = digest.generated_at.astimezone(ZoneInfo(digest.timezone))
    return {
        "list_name": s.list.name,
        "bot_name": s.bot.name,
        "bot_address": s.bot.address,
        "human_contact": s.bot.human_contact,
        "archive_url": s.list.archive_url,
        "unsubscribe_url": s.digest.unsubscribe_url,
        "date_text": f"{local:%A, %B} {local.day}, {local.year}",
        "timezone": digest.timezone,
        "count": len(digest.items),
        "new_count": digest.new_count,
        "groups": [
            {"key": key, "heading": heading, "items": [item.values() for item in items]}
            for key, heading, items in digest.groups
        ],
    }


def digest_key(digest: Digest) -> str:
    return f"digest:{digest.name}:{digest.period}"


def unsubscribe_headers(settings: DigestSettings, bot_address: str, what: str = "digest") -> dict[str, str]:
    mailto = f"<mailto:{bot_address}?subject=unsubscribe%20{what}>"
    if settings.unsubscribe_url:
        return {
            "List-Unsubscribe": f"<{settings.unsubscribe_url}>, {mailto}",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return {"List-Unsubscribe": mailto}


def _base(config: Config, key: str, subject: str, now: datetime, what: str) -> EmailMessage:
    s = config.settings
    msg = EmailMessage()
    msg["From"] = Address(display_name=s.bot.name, addr_spec=s.bot.address)
    msg["To"] = Address(display_name=f"{s.list.name} {what} subscribers", addr_spec=s.bot.address)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = render.message_id(key, s.bot.domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    msg["X-Loop"] = s.bot.address
    msg["X-Auto-Response-Suppress"] = "All"
    for name, value in unsubscribe_headers(s.digest, s.bot.address, what).items():
        msg[name] = value
    return msg


def compose_digest(config: Config, digest: Digest, now: datetime) -> EmailMessage:
    """Text + HTML alternatives and an .ics of the deadlines; RFC 3834 / RFC 8058 headers."""
    s = config.settings
    values = digest_values(config, digest)
    count = len(digest.items)
    subject = f"[{s.list.name}] Calls for submissions: {count} open"
    if digest.new_count:
        subject += f", {digest.new_count} new"
    msg = _base(config, digest_key(digest), subject, now, "digest")
    msg.set_content(_render(config, "digest.txt.j2", values))
    msg.add_alternative(_render(config, "digest.html.j2", values), subtype="html")
    ics = build_calendar(digest.items, s.bot.domain, f"{s.list.name} calls for submissions", now)
    msg.add_attachment(
        ics, maintype="text", subtype="calendar", filename="deadlines.ics", params={"method": "PUBLISH"}
    )
    return msg


def recipients(config: Config, store: Store) -> tuple[str, ...]:
    fixed = list(config.settings.digest.recipients)
    return tuple(dict.fromkeys([*fixed, *store.subscribers("digest")]))


@dataclass(frozen=True)
class SendResult:
    status: str  # "queued" | "empty" | "already" | "late" | "not due" | "no recipients" | "disabled"
    period: str | None
    key: str | None = None
    count: int = 0


def prepare(config: Config, store: Store, now: datetime) -> None:
    """Bring the register up to date before planning: calls.yaml applied, past calls closed."""
    from listbot.register import apply_manual, close_past

    apply_manual(store, config.calls, now)
    close_past(store, now.astimezone(ZoneInfo(config.settings.list.timezone)).date())


def plan_for(config: Config, store: Store, now: datetime, fire: datetime | None = None) -> Digest | None:
    s = config.settings
    tz = s.list.timezone
    fire = fire or last_fire(s.digest.schedule, tz, now) or now
    period = period_of(fire, tz)
    last_sent = store.digest_last_sent(s.digest.name, before_period=period)
    return plan_digest(store.calls_all(("open",)), now, tz, s.digest.name, period, last_sent, cutoff=now)


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
    prepare(config, store, now)
    digest = plan_for(config, store, now, fire)
    if digest is None:
        return SendResult("empty", period)  # never an empty digest; nothing claimed
    to = recipients(config, store)
    if not to:
        return SendResult("no recipients", period)
    message = compose_digest(config, digest, now).as_bytes()
    key = digest_key(digest)
    with store.transaction():
        if not store.digest_claim(s.digest.name, period, now):
            return SendResult("already", period)
        store.enqueue(key, "digest", s.bot.envelope_sender, to, message, now)
        store.digest_mark_sent(s.digest.name, period, now)
    return SendResult("queued", period, key, len(digest.items))


# -- reminders ---------------------------------------------------------------------------------------------


def plan_reminders(
    calls: list[dict[str, Any]], today: date, days_before: tuple[int, ...], sent: set[tuple[str, int]]
) -> list[tuple[DigestItem, int]]:
    """(call, threshold) pairs due today: the smallest threshold at or above the days left, not yet sent.

    A call closing in 7 days gets its 7-day reminder; a day missed during downtime is made up the next
    day (6 days left still earns the 7-day one); at 1 day (or 0: closes today) the 1-day one.
    """
    due: list[tuple[DigestItem, int]] = []
    for row in calls:
        if row.get("status", "open") != "open" or not row.get("deadline"):
            continue
        item = item_of(row, today, None)
        left = item.days_left
        if left is None or left < 0:
            continue
        fitting = sorted(d for d in days_before if left <= d)
        if not fitting:
            continue
        threshold = fitting[0]
        if (item.id, threshold) in sent:
            continue
        # the threshold above was never sent and is now passed: do not send both today
        due.append((item, threshold))
    due.sort(key=lambda pair: (pair[0].deadline or date.max, pair[0].title))
    return due


def compose_reminder(
    config: Config, due: list[tuple[DigestItem, int]], today: date, now: datetime
) -> EmailMessage:
    s = config.settings
    key = f"reminders:{today.isoformat()}"
    n = len(due)
    subject = f"[{s.list.name}] Reminder: {n} call{'s' if n != 1 else ''} for submissions closing soon"
    msg = _base(config, key, subject, now, "reminders")
    values = {
        "list_name": s.list.name, "bot_name": s.bot.name, "bot_address": s.bot.address,
        "human_contact": s.bot.human_contact, "date_text": f"{today:%A, %B} {today.day}, {today.year}",
        "items": [item.values() for item, _ in due],
    }  # fmt: skip
    msg.set_content(_render(config, "reminder.txt.j2", values))
    items = [item for item, _ in due]
    msg.add_attachment(
        build_calendar(items, s.bot.domain, f"{s.list.name} calls for submissions", now),
        maintype="text",
        subtype="calendar",
        filename="deadlines.ics",
        params={"method": "PUBLISH"},
    )
    return msg


def send_reminders(config: Config, store: Store, now: datetime) -> SendResult:
    """One combined reminder per day to the reminder subscribers (ledger: the reminders table)."""
    s = config.settings
    if not s.reminders.enabled:
        return SendResult("disabled", None)
    today = now.astimezone(ZoneInfo(s.list.timezone)).date()
    prepare(config, store, now)
    to = tuple(store.subscribers("reminders"))
    if not to:
        return SendResult("no recipients", today.isoformat())
    calls = store.calls_all(("open",))
    sent = store.reminders_sent()
    due = plan_reminders(calls, today, tuple(s.reminders.days_before), sent)
    if not due:
        return SendResult("empty", today.isoformat())
    message = compose_reminder(config, due, today, now).as_bytes()
    key = f"reminders:{today.isoformat()}"
    with store.transaction():
        fresh = [store.reminder_claim(item.id, d, today.isoformat()) for item, d in due]
        if not any(fresh):
            return SendResult("already", today.isoformat())
        if not store.enqueue(key, "reminder", s.bot.envelope_sender, to, message, now):
            return SendResult("already", today.isoformat())
    return SendResult("queued", today.isoformat(), key, len(due))


# -- commands mailed to the bot --------------------------------------------------------------------------

_COMMAND = re.compile(
    r"^\s*(?:(?:re|aw|fwd?)\s*:\s*)*(?P<verb>subscribe|unsubscribe)\s+(?P<what>digest|reminders?)\s*[.!]?\s*$",
    re.IGNORECASE,
)


def parse_command(post: Post) -> tuple[str, str] | None:
    """("subscribe"|"unsubscribe", "digest"|"reminders") when the subject or first line asks for it."""
    first_line = next((line for line in (post.new_text or "").splitlines() if line.strip()), "")
    for text in (post.subject or "", first_line):
        m = _COMMAND.match(text)
        if m:
            what = m.group("what").lower()
            return m.group("verb").lower(), "reminders" if what.startswith("reminder") else "digest"
    return None


# -- the command line ------------------------------------------------------------------------------------


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ListbotError(f"--now {text!r} is not ISO-8601; write e.g. 2027-01-11T07:00-05:00") from None
    if moment.tzinfo is None:
        raise ListbotError(f"--now {text!r} has no UTC offset; write e.g. 2027-01-11T07:00-05:00")
    return moment


def cli_digest(args: Any) -> int:
    from listbot.config import load

    config = load(args.config)
    now = _now(getattr(args, "now", None))
    with Store(config.state_path) as store:
        if args.digest_command == "preview":
            prepare(config, store, now)
            # the preview shows what a digest at `now` would hold (no cut-off: every open call)
            digest = plan_digest(
                store.calls_all(("open",)),
                now,
                config.settings.list.timezone,
                config.settings.digest.name,
                period_of(now, config.settings.list.timezone),
                store.digest_last_sent(config.settings.digest.name),
            )
            if digest is None:
                print("no open calls: no digest would go out", file=sys.stderr)
                return 0
            msg = compose_digest(config, digest, now)
            part = msg.get_body(("html",) if args.html else ("plain",))
            print(part.get_content() if part is not None else "", end="")
            return 0
        result = send_digest(config, store, now, late_ok=True)
        messages = {
            "queued": f"queued {result.key} ({result.count} calls)",
            "empty": f"no open calls for period {result.period}: nothing sent",
            "already": f"the digest for {result.period} was already sent",
            "no recipients": "no recipients: set digest.recipients or have members mail 'subscribe digest'",
            "disabled": "the digest is disabled (digest.enabled: false)",
            "not due": "no scheduled digest time in the last 8 days",
        }
        print(messages.get(result.status, result.status))
        return 0


def cli_subscribers(args: Any) -> int:
    from listbot.config import _address, load

    config = load(args.config)
    with Store(config.state_path) as store:
        if args.action == "list":
            extra = config.settings.digest.recipients if args.kind == "digest" else ()
            for address in store.subscribers(args.kind):
                print(address)
            for address in extra:
                print(f"{address}\t(digest.recipients in listbot.yaml)")
            return 0
        if not args.address:
            raise ListbotError(f"give the address: listbot subscribers {args.action} {args.kind} ADDRESS")
        try:
            address = _address(args.address)
        except ValueError as exc:
            raise ListbotError(str(exc)) from None
        if args.action == "add":
            changed = store.subscribe(address, args.kind, datetime.now(UTC))
            print(f"{address} {'subscribed to' if changed else 'was already subscribed to'} {args.kind}")
        else:
            changed = store.unsubscribe(address, args.kind)
            print(f"{address} {'unsubscribed from' if changed else 'was not subscribed to'} {args.kind}")
        return 0
