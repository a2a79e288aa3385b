"""The audit log (who did what, when, before and after), recent events for rate limits, and source health."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from listbot.store.base import Connection, iso, parse_dt


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: object
    after: object


class AuditStore(Connection):
    def audit(
        self, actor: str, action: str, target: str, now: datetime, before: object = None, after: object = None
    ) -> None:
        """Record a person's action. ``before``/``after``: JSON-able values of what changed."""
        self.db.execute(
            "INSERT INTO audit (at, actor, action, target, before, after) VALUES (?,?,?,?,?,?)",
            (
                iso(now),
                actor,
                action,
                target,
                None if before is None else json.dumps(before, default=str),
                None if after is None else json.dumps(after, default=str),
            ),
        )

    def audit_rows(self, limit: int = 100, offset: int = 0) -> list[AuditRow]:
        rows = self.db.execute(
            "SELECT * FROM audit ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [
            AuditRow(
                id=int(r["id"]),
                at=parse_dt(r["at"]) or datetime.min,
                actor=r["actor"],
                action=r["action"],
                target=r["target"],
                before=None if r["before"] is None else json.loads(r["before"]),
                after=None if r["after"] is None else json.loads(r["after"]),
            )
            for r in rows
        ]

    # -- events: what rate limits count ---------------------------------------------------------------

    def event(self, key: str, now: datetime) -> None:
        self.db.execute("INSERT INTO events (key, at) VALUES (?, ?)", (key, iso(now)))

    def events_since(self, key: str, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM events WHERE key = ? AND at >= ?", (key, iso(since))
            ).fetchone()[0]
        )

    def events_forget(self, before: datetime) -> None:
        self.db.execute("DELETE FROM events WHERE at < ?", (iso(before),))

    # -- health: when each source last worked ------------------------------------------------------------

    def health_mark(self, name: str, now: datetime, detail: str = "") -> None:
        self.db.execute(
            "INSERT INTO health (name, at, detail) VALUES (?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET at = excluded.at, detail = excluded.detail",
            (name, iso(now), detail),
        )

    def health_of(self, name: str) -> tuple[datetime, str] | None:
        row = self.db.execute("SELECT at, detail FROM health WHERE name = ?", (name,)).fetchone()
        return None if row is None else (parse_dt(row["at"]) or datetime.min, row["detail"])
