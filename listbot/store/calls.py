"""The register of calls for submissions, the digest ledger and the reminder ledger."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time

from listbot.model import CallRow, CallStatus
from listbot.store.base import Connection, iso, parse_dt

CALL_COLUMNS = (
    "id", "title", "kind", "organisation", "deadline", "deadline_time", "timezone", "link", "eligibility",
    "thread_id", "message_id", "first_seen", "updated_at", "previous_deadline", "sequence", "status",
    "extended", "manual", "confidence", "open_ended", "submit_to",
)  # fmt: skip
SOURCE_KINDS = ("message", "thread", "link", "title")


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text)


def _row(row: sqlite3.Row) -> CallRow:
    return CallRow(
        id=row["id"],
        title=row["title"],
        kind=row["kind"],
        organisation=row["organisation"],
        deadline=_day(row["deadline"]),
        deadline_time=None if not row["deadline_time"] else time.fromisoformat(row["deadline_time"]),
        timezone=row["timezone"],
        link=row["link"],
        eligibility=row["eligibility"],
        thread_id=row["thread_id"],
        message_id=row["message_id"],
        first_seen=parse_dt(row["first_seen"]),
        updated_at=parse_dt(row["updated_at"]),
        previous_deadline=_day(row["previous_deadline"]),
        sequence=int(row["sequence"]),
        status=row["status"],
        extended=bool(row["extended"]),
        manual=bool(row["manual"]),
        confidence=float(row["confidence"]),
        open_ended=bool(row["open_ended"]),
        submit_to=row["submit_to"],
    )


def call_columns(call: CallRow) -> tuple[object, ...]:
    """A CallRow as the values of CALL_COLUMNS, in the table's text forms."""
    return (
        call.id,
        call.title,
        call.kind,
        call.organisation,
        call.deadline.isoformat() if call.deadline else None,
        call.deadline_time.strftime("%H:%M") if call.deadline_time else None,
        call.timezone,
        call.link,
        call.eligibility,
        call.thread_id,
        call.message_id,
        iso(call.first_seen, "seconds") if call.first_seen else None,
        iso(call.updated_at, "seconds") if call.updated_at else None,
        call.previous_deadline.isoformat() if call.previous_deadline else None,
        call.sequence,
        call.status,
        int(call.extended),
        int(call.manual),
        call.confidence,
        int(call.open_ended),
        call.submit_to,
    )


class CallStore(Connection):
    def call_get(self, call_id: str) -> CallRow | None:
        row = self.db.execute("SELECT * FROM calls WHERE id = ?", (call_id,)).fetchone()
        return None if row is None else _row(row)

    def calls_all(self, statuses: tuple[CallStatus, ...] | None = None) -> list[CallRow]:
        """Calls in the register, by deadline (undated last), optionally only those with given statuses."""
        rows = self.db.execute(
            "SELECT * FROM calls ORDER BY deadline IS NULL, deadline, deadline_time, title"
        ).fetchall()
        return [_row(r) for r in rows if statuses is None or r["status"] in statuses]

    def call_save(self, call: CallRow) -> None:
        """Insert the call, or replace every column of the row with its id."""
        names = ", ".join(CALL_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in CALL_COLUMNS[1:])
        self.db.execute(
            f"INSERT INTO calls ({names}) VALUES ({', '.join('?' * len(CALL_COLUMNS))})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}",
            call_columns(call),
        )

    # -- what each call was read from: posts, threads, links, titles ----------------------------------------

    def call_sources_add(self, call_id: str, sources: dict[str, tuple[str, ...]], now: datetime) -> None:
        """Remember what a call was read from; `sources` by kind (message, thread, link, title)."""
        for kind, values in sources.items():
            if kind not in SOURCE_KINDS:
                raise ValueError(f"unknown call source kind {kind!r}; use one of {', '.join(SOURCE_KINDS)}")
            for value in values:
                self.db.execute(
                    "INSERT OR IGNORE INTO call_sources (call_id, kind, value, seen_at) VALUES (?, ?, ?, ?)",
                    (call_id, kind, value, iso(now, "seconds")),
                )

    def call_sources(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """What every call was read from: call id -> kind -> values (oldest first)."""
        out: dict[str, dict[str, list[str]]] = {}
        for row in self.db.execute("SELECT call_id, kind, value FROM call_sources ORDER BY seen_at, rowid"):
            out.setdefault(row[0], {}).setdefault(row[1], []).append(row[2])
        return {call_id: {k: tuple(v) for k, v in kinds.items()} for call_id, kinds in out.items()}

    # -- the digest ledger: a period is claimed before sending and marked sent after ---------------------

    def digest_claim(self, name: str, period: str, now: datetime) -> bool:
        """Claim a digest period. False when it was claimed before (by this or an earlier run)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO digests (name, period, claimed_at) VALUES (?, ?, ?)",
            (name, period, iso(now)),
        )
        return cursor.rowcount == 1

    def digest_mark_sent(self, name: str, period: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE digests SET sent_at = ? WHERE name = ? AND period = ?", (iso(now), name, period)
        )

    def digest_claimed(self, name: str, period: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM digests WHERE name = ? AND period = ?", (name, period)
        ).fetchone()
        return row is not None

    def digest_last_sent(self, name: str, before_period: str | None = None) -> datetime | None:
        """When the last digest of this name went out (before a period, if given)."""
        row = self.db.execute(
            "SELECT max(sent_at) FROM digests WHERE name = ? AND sent_at IS NOT NULL AND (? IS NULL OR period < ?)",
            (name, before_period, before_period),
        ).fetchone()
        return parse_dt(row[0])

    # -- the reminder ledger ---------------------------------------------------------------------------

    def reminder_claim(self, call_id: str, days_before: int, sent_on: str) -> bool:
        """Record that the (call, days-before) reminder went out; False when it already had."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO reminders (call_id, days_before, sent_on) VALUES (?, ?, ?)",
            (call_id, days_before, sent_on),
        )
        return cursor.rowcount == 1

    def reminders_sent(self) -> set[tuple[str, int]]:
        rows = self.db.execute("SELECT call_id, days_before FROM reminders").fetchall()
        return {(r[0], int(r[1])) for r in rows}
