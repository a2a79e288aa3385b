"""The inbox (raw posts until processed) and the IMAP position: what the sources hand over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from listbot.store.base import Connection, iso


@dataclass(frozen=True)
class InboxItem:
    id: int
    source_ref: str
    raw: bytes
    received_at: datetime


class InboxStore(Connection):
    def add_inbox(self, source_ref: str, raw: bytes, now: datetime) -> int | None:
        """Keep a raw post until it is processed. Returns its id, or None when source_ref was seen."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO inbox (source_ref, raw, received_at) VALUES (?, ?, ?)",
            (source_ref, raw, iso(now)),
        )
        return cursor.lastrowid if cursor.rowcount else None

    def pending_inbox(self, limit: int = 100) -> list[InboxItem]:
        rows = self.db.execute(
            "SELECT id, source_ref, raw, received_at FROM inbox WHERE processed_at IS NULL ORDER BY id LIMIT ?",
            (limit,),
        ).fetchall()
        # received_at is NOT NULL, so it parses without the None case of _dt
        return [
            InboxItem(r["id"], r["source_ref"], bytes(r["raw"]), datetime.fromisoformat(r["received_at"]))
            for r in rows
        ]

    def mark_inbox(
        self, item_id: int, now: datetime, error: str | None = None, keep_raw: bool = False
    ) -> None:
        """Mark processed. The raw bytes are dropped unless asked to keep them (errors keep them)."""
        if error is not None or keep_raw:
            self.db.execute(
                "UPDATE inbox SET processed_at = ?, error = ? WHERE id = ?", (iso(now), error, item_id)
            )
        else:
            self.db.execute("UPDATE inbox SET processed_at = ?, raw = x'' WHERE id = ?", (iso(now), item_id))

    def inbox_backlog(self) -> int:
        """Posts received and not yet processed."""
        return int(self.db.execute("SELECT count(*) FROM inbox WHERE processed_at IS NULL").fetchone()[0])

    def inbox_count(self) -> int:
        """How many posts the inbox holds, processed or not."""
        return int(self.db.execute("SELECT count(*) FROM inbox").fetchone()[0])

    def imap_position(self, mailbox: str) -> tuple[int, int] | None:
        row = self.db.execute(
            "SELECT uidvalidity, last_uid FROM imap_state WHERE mailbox = ?", (mailbox,)
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]))

    def set_imap_position(self, mailbox: str, uidvalidity: int, last_uid: int) -> None:
        self.db.execute(
            "INSERT INTO imap_state (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?)"
            " ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid",
            (mailbox, uidvalidity, last_uid),
        )
