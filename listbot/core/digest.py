"""The digest of open calls, and the reminders: what goes in them. Pure: calls and ``now`` are arguments.

- a period is the local date (list timezone) of the scheduled fire time it belongs to (``period_of``);
  ``trigger`` is the one APScheduler CronTrigger for the schedule, used by the scheduler and the planner;
- never an empty digest: ``plan_digest`` returns None when there is nothing to say;
- content cut-off: a digest holds the calls known when it is built; calls seen later wait for the next one
  (marked NEW there). A late digest after downtime therefore includes the calls posted during the downtime:
  they are first seen when the bot catches up, after the period's fire time, and a cut-off at the fire
  time would have held them back a whole period.

The ledger (one digest per period, catch-up) is ``listbot.app.digest_jobs``; the message is ``listbot.render``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from listbot.config import Schedule
from listbot.model import CallRow

GROUPS = (
    ("week", "Closing within 7 days"),
    ("month", "Closing within 30 days"),
    ("later", "Closing later"),
    ("rolling", "No deadline: rolling"),
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
    open_ended: bool = False  # the call says it has no deadline
    submit_to: str | None = None  # the address the work goes to
    list_timezone: str | None = None  # the list's zone: a stated time is also said in it when it differs

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
        """The deadline as a recipient reads it: "Friday, January 15, 2027, 5 pm Pacific time (8 pm Eastern
        time)": the call's time in its zone's everyday name, and in the list's zone when that differs (with
        the weekday when the day differs there too). The calendar file keeps the IANA name."""
        if self.deadline is None:
            return "no deadline: rolling" if self.open_ended else "date not announced"
        text = f"{self.deadline:%A, %B} {self.deadline.day}, {self.deadline.year}"
        if self.deadline_time is None:
            return text
        text += f", {_clock(self.deadline_time)}"
        if not self.timezone:
            return text
        try:
            at = datetime.combine(self.deadline, self.deadline_time, ZoneInfo(self.timezone))
        except (KeyError, ValueError):  # a zone this machine does not know: say it as written
            return f"{text} {self.timezone}"
        text += f" {zone_words(self.timezone, at)}"
        if self.list_timezone and self.list_timezone != self.timezone:
            try:
                here = at.astimezone(ZoneInfo(self.list_timezone))
            except (KeyError, ValueError):
                return text
            day = "" if here.date() == self.deadline else f"{here:%A} "
            text += f" ({day}{_clock(time(here.hour, here.minute))} {zone_words(self.list_timezone, here)})"
        return text

    @property
    def previous_deadline_text(self) -> str:
        """The deadline before an extension, as a recipient reads it: "Sunday, December 6, 2026"."""
        day = self.previous_deadline
        return f"{day:%A, %B} {day.day}, {day.year}" if day else ""

    def values(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind, "organisation": self.organisation,
            "deadline": self.deadline.isoformat() if self.deadline else None, "deadline_text": self.deadline_text,
            "link": self.link, "eligibility": self.eligibility, "days_left": self.days_left, "when": self.when,
            "new": self.new, "extended": self.extended,
            "previous_deadline": self.previous_deadline.isoformat() if self.previous_deadline else None,
            "previous_deadline_text": self.previous_deadline_text,
            "open_ended": self.open_ended, "submit_to": self.submit_to,
            "deadline_time": self.deadline_time.strftime("%H:%M") if self.deadline_time else None,
            "timezone": self.timezone,
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


# The names people on a North American list use for a zone; any other zone is said by its city ("Lisbon
# time"), or, with none (Etc/GMT-3), by its abbreviation on that day or its IANA name.
_ZONE_NAMES = {
    "America/New_York": "Eastern time", "America/Detroit": "Eastern time", "America/Toronto": "Eastern time",
    "America/Chicago": "Central time", "America/Winnipeg": "Central time", "America/Denver": "Mountain time",
    "America/Edmonton": "Mountain time", "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time", "America/Vancouver": "Pacific time",
    "America/Anchorage": "Alaska time", "Pacific/Honolulu": "Hawaii time", "Europe/London": "UK time",
    "Europe/Dublin": "Irish time", "UTC": "UTC", "Etc/UTC": "UTC", "Etc/GMT+12": "AoE (Anywhere on Earth)",
}  # fmt: skip


def zone_words(zone: str, at: datetime) -> str:
    """A zone as a recipient reads it: "Pacific time", "Lisbon time", "AoE (Anywhere on Earth)"."""
    if zone in _ZONE_NAMES:
        return _ZONE_NAMES[zone]
    region, _, city = zone.rpartition("/")
    if region and region != "Etc" and city:
        return f"{city.replace('_', ' ')} time"  # as the call says it: "23:59 Lisbon time"
    abbreviation = at.tzname() or ""
    return abbreviation if abbreviation[:1].isalpha() else zone


def _clock(at: time) -> str:
    """ "5 pm", "11:59 pm", "9:30 am", "noon"."""
    if (at.hour, at.minute) == (12, 0):
        return "noon"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour} {suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d} {suffix}"


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


def item_of(
    row: CallRow, today: date, last_sent: datetime | None, list_timezone: str | None = None
) -> DigestItem:
    deadline = row.deadline
    previous = row.previous_deadline
    extended = row.extended and previous is not None and deadline is not None and deadline > previous
    return DigestItem(
        id=row.id,
        title=row.title,
        kind=row.kind or "other",
        organisation=row.organisation,
        deadline=deadline,
        deadline_time=row.deadline_time,
        timezone=row.timezone,
        link=row.link,
        eligibility=row.eligibility,
        sequence=row.sequence,
        days_left=None if deadline is None else (deadline - today).days,
        new=last_sent is None or (row.first_seen is not None and row.first_seen > last_sent),
        extended=extended,
        previous_deadline=previous,
        open_ended=row.open_ended and deadline is None,
        submit_to=row.submit_to,
        list_timezone=list_timezone,
    )


def plan_digest(
    calls: Iterable[CallRow],
    now: datetime,
    timezone: str,
    name: str,
    period: str,
    last_sent: datetime | None = None,
    cutoff: datetime | None = None,
) -> Digest | None:
    """The digest of the open calls at `now`, or None when there is nothing to say.

    calls: register rows (status open). Calls past their deadline (in the list's timezone), and calls
    first seen after the cut-off (when the digest is built), are left out. Calls that say they have no
    deadline ("rolling basis") are a group of their own, apart from calls whose date is not announced. NEW marks calls first seen since
    the last digest went out; EXTENDED those whose deadline was moved later.
    """
    today = now.astimezone(ZoneInfo(timezone)).date()
    groups: dict[str, list[DigestItem]] = {key: [] for key, _ in GROUPS}
    for row in calls:
        if row.status != "open":
            continue
        if cutoff is not None and row.first_seen is not None and row.first_seen > cutoff:
            continue
        item = item_of(row, today, last_sent, timezone)
        if item.days_left is None:
            groups["rolling" if item.open_ended else "undated"].append(item)
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


# -- reminders ---------------------------------------------------------------------------------------------


def plan_reminders(
    calls: Iterable[CallRow],
    today: date,
    days_before: tuple[int, ...],
    sent: set[tuple[str, int]],
    list_timezone: str | None = None,
) -> list[tuple[DigestItem, int]]:
    """(call, threshold) pairs due today: the smallest threshold at or above the days left, not yet sent.

    A call closing in 7 days gets its 7-day reminder; a day missed during downtime is made up the next
    day (6 days left still earns the 7-day one); at 1 day (or 0: closes today) the 1-day one.
    """
    due: list[tuple[DigestItem, int]] = []
    for row in calls:
        if row.status != "open" or not row.deadline:
            continue
        item = item_of(row, today, None, list_timezone)
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
