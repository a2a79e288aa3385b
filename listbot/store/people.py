"""Subscriptions: who gets the digest and reminders, and who asked for no automatic answers ("optout")."""

from __future__ import annotations

from datetime import datetime

from listbot.store.base import Connection, iso


class PeopleStore(Connection):
    def subscribe(self, address: str, kind: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO subscriptions (address, kind, created_at) VALUES (?, ?, ?)",
            (address.lower(), kind, iso(now)),
        )
        return cursor.rowcount == 1

    def unsubscribe(self, address: str, kind: str) -> bool:
        cursor = self.db.execute(
            "DELETE FROM subscriptions WHERE address = ? AND kind = ?", (address.lower(), kind)
        )
        return cursor.rowcount == 1

    def is_subscribed(self, address: str, kind: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM subscriptions WHERE address = ? AND kind = ?", (address.lower(), kind)
        ).fetchone()
        return row is not None

    def subscribers(self, kind: str) -> list[str]:
        rows = self.db.execute(
            "SELECT address FROM subscriptions WHERE kind = ? ORDER BY address", (kind,)
        ).fetchall()
        return [r[0] for r in rows]
