"""The .ics attached to a digest: one event per call deadline. Pure: ``now`` is an argument.

UIDs are stable (``<call-id>@<bot domain>``) so a calendar that imported last week's digest updates the
event instead of adding a second one; SEQUENCE is the call's sequence, bumped whenever its deadline
changes. A deadline with a time and a stated zone is a timed event in that zone (VTIMEZONE added by
icalendar); a time without a zone is a floating time (we never invent a zone); a date alone is an
all-day event. No VALARM: calendar clients often ignore it on import, so reminders are e-mails.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar


def event_start(deadline: date, at: time | None, zone: str | None) -> date | datetime:
    if at is None:
        return deadline
    moment = datetime.combine(deadline, at)
    return moment.replace(tzinfo=ZoneInfo(zone)) if zone else moment


def build_calendar(calls: Iterable[Any], domain: str, name: str, now: datetime) -> bytes:
    """calls: objects with id, title, deadline (date|None), deadline_time, timezone, link, sequence,
    organisation. Calls without a deadline are left out (nothing to put on a calendar)."""
    cal = icalendar.Calendar.new(
        name=name, prodid="-//listbot//calls for submissions//EN", uid=f"calls@{domain}"
    )
    cal.add("method", "PUBLISH")
    for call in calls:
        if call.deadline is None:
            continue
        start = event_start(call.deadline, call.deadline_time, call.timezone)
        description = [call.title]
        if call.organisation:
            description.append(call.organisation)
        if call.link:
            description.append(call.link)
        event = icalendar.Event.new(
            uid=f"{call.id}@{domain}",
            summary=f"Deadline: {call.title}",
            start=start,
            end=start + timedelta(days=1) if not isinstance(start, datetime) else None,
            sequence=int(call.sequence),
            stamp=now,
            description="\n".join(description),
            url=call.link or None,
        )
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
