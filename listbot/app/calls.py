"""The register of calls, applied: the core's merge rules written to the store, and the moderators' edits.

The command line (``listbot calls``) and the console call these functions; each returns a value and
prints nothing. Moderators' calls live in ``config/calls.yaml`` (``listbot.app.calls_file`` edits it
keeping comments); ``sync`` makes the register agree with that file and closes past calls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from listbot.app.calls_file import edit_calls_text, write_calls_file
from listbot.config import CallSettings, CallsFile, Config, ManualCall, Settings, problems_from
from listbot.core import calls, guard, register
from listbot.core.register import REMOVED, Observation
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.model import CallInfo, CallRow, CallStatus, Post
from listbot.store import Store

# What a moderator weighs when a possible call waits (the review mail and the console's review card say it).
LIST_OR_DROP = (
    "List it if it invites people to send work (abstracts, essays, articles, proposals, nominations,\n"
    "applications to present or co-lead), with a deadline or on a rolling basis; drop it if it does not.\n"
)


def read(settings: Settings, post: Post) -> CallInfo:
    """What ``listbot calls extract`` shows for one post: the pipeline's guard first (the bot's own digest, an
    auto-reply or a bounce read back is no call, and says why), then the core's reading in the list's
    timezone."""
    automation = guard.automation_reasons(post, settings)
    if automation:
        return CallInfo(is_call=False, reasons=tuple(f"guard: {reason}" for reason in automation))
    return calls.extract(post, settings.list.timezone)


def observe(store: Store, post: Post, info: CallInfo, now: datetime, settings: CallSettings) -> Observation:
    """Record what one post says about a call (new row, merge, extension, review), and that the call was
    read from this post (its thread, link and title find the call again after a moderator's correction)."""
    sources = {call_id: register.Sources.of(values) for call_id, values in store.call_sources().items()}
    seen = register.observe(store.calls_all(), post, info, now, settings, sources)
    if seen.row is not None:
        store.call_save(seen.row)
    if seen.call_id is not None:
        store.call_sources_add(seen.call_id, register.source_of(post, info), now)
    return seen


def apply_manual(store: Store, calls: CallsFile, now: datetime) -> None:
    """Make the register agree with calls.yaml: manual rows win; ``remove: true`` hides a call. A title or
    link the moderator replaced is remembered: posts of the call still use it."""
    current = {row.id: row for row in store.calls_all()}
    for row in register.manual_rows(current, calls, now):
        before = current.get(row.id)
        if before is not None and (before.title, before.link) != (row.title, row.link):
            store.call_sources_add(
                row.id, {"title": (before.title,), "link": tuple(filter(None, [before.link]))}, now
            )
        store.call_save(row)


def close_past(store: Store, today: date) -> list[str]:
    """Close the calls whose deadline passed before ``today`` (the list's date); their ids."""
    closed = register.to_close(store.calls_all(), today)
    for row in closed:
        store.call_save(row)
    return [row.id for row in closed]


def sync(config: Config, store: Store, now: datetime) -> None:
    """Bring the register up to date before anyone reads it: calls.yaml applied, past calls closed."""
    apply_manual(store, config.calls, now)
    close_past(store, now.astimezone(ZoneInfo(config.settings.list.timezone)).date())


def listing(store: Store, include_all: bool = False) -> list[CallRow]:
    """The register: open and in-review calls, or every call ever seen."""
    statuses: tuple[CallStatus, ...] | None = None if include_all else ("open", "review")
    return store.calls_all(statuses)


def row_json(row: CallRow) -> dict[str, object]:
    """A register row as ``listbot calls list --json`` prints it (the table's text forms)."""
    from listbot.store.calls import CALL_COLUMNS, call_columns

    return dict(zip(CALL_COLUMNS, call_columns(row), strict=True))


def manual_values(row: CallRow) -> dict[str, object]:
    """A register row as the values of a calls.yaml entry (what a moderator's correction starts from)."""
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "organisation": row.organisation,
        "deadline": row.deadline,
        "deadline_time": row.deadline_time,
        "timezone": row.timezone,
        "link": row.link,
        "eligibility": row.eligibility,
        "submit_to": row.submit_to,
        "extended": row.extended,
    }


@dataclass(frozen=True)
class Edit:
    """What a moderator's edit did: the call, the file written, and how."""

    call_id: str
    path: Path
    how: str  # "added" | "removed" | "hidden" (a detected call, kept as ``remove: true``)


def add(
    config: Config,
    store: Store,
    values: Mapping[str, object],
    now: datetime,
    where: str = "calls.yaml",
    actor: str = "command line",
) -> Edit:
    """Add or correct a call in calls.yaml and the register, audited as ``actor``. ``where`` names the form
    for error messages."""
    call_id = str(values.get("id") or "")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", call_id):
        raise ConfigError(
            [Problem(where, "id", "use lower-case letters, digits and - (e.g. abs-2027-meeting)")]
        )
    try:
        entry = ManualCall.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(problems_from(where, ManualCall, dict(values), exc)) from None
    path = config.calls_path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before = store.call_get(entry.id)
    calls = write_calls_file(path, edit_calls_text(text, entry))
    apply_manual(store, calls, now)
    store.audit(
        actor, "calls.add", f"call:{entry.id}", now, before=row_json(before) if before else None, after=values
    )
    return Edit(entry.id, path, "added")


def remove(config: Config, store: Store, call_id: str, now: datetime, actor: str = "command line") -> Edit:
    """Take a call out of the register and the digest: a moderator's entry is deleted from calls.yaml, a
    detected call is kept there as ``remove: true`` so that it never comes back."""
    path = config.calls_path
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    row = store.call_get(call_id)
    manual_ids = {c.id for c in config.calls.calls if not c.remove}
    if call_id in manual_ids:
        calls = write_calls_file(path, edit_calls_text(text, None, remove_id=call_id))
        if row is not None:
            store.call_save(replace(row, status=REMOVED, manual=False, updated_at=now.replace(microsecond=0)))
        apply_manual(store, calls, now)
        store.audit(actor, "calls.remove", f"call:{call_id}", now, before=row_json(row) if row else None)
        return Edit(call_id, path, "removed")
    if row is None:
        raise ListbotError(f"no call with id {call_id!r}; see listbot calls list --all")
    entry = ManualCall(id=call_id, title=row.title, remove=True)
    calls = write_calls_file(path, edit_calls_text(text, entry))
    apply_manual(store, calls, now)
    store.audit(actor, "calls.remove", f"call:{call_id}", now, before=row_json(row))
    return Edit(call_id, path, "hidden")
