"""The outbox: every outgoing message under a unique idempotency key, and its delivery status."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from listbot.model import OutboxKind, OutboxStatus
from listbot.store.base import Connection, iso, parse_dt


@dataclass(frozen=True)
class OutMessage:
    key: str
    kind: OutboxKind
    envelope_from: str
    recipients: tuple[str, ...]
    message: bytes
    thread_id: str | None
    created_at: datetime
    not_before: datetime
    status: OutboxStatus
    attempts: int
    last_error: str | None
    author: str | None = None  # answers: the member answered (for the human-first check)
    faq: str | None = None


class OutboxStore(Connection):
    def enqueue(
        self,
        key: str,
        kind: OutboxKind,
        envelope_from: str,
        recipients: tuple[str, ...],
        message: bytes,
        now: datetime,
        not_before: datetime | None = None,
        author: str | None = None,
        faq: str | None = None,
        thread_id: str | None = None,
        status: OutboxStatus = "pending",
    ) -> bool:
        """Queue a message once: a second call with the same key does nothing and returns False."""
        not_before = not_before or now
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (key, kind, envelope_from, recipients, message, author, faq, thread_id,"
            " created_at, not_before, status, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                kind,
                envelope_from,
                json.dumps(list(recipients)),
                message,
                author,
                faq,
                thread_id,
                iso(now),
                iso(not_before),
                status,
                iso(not_before),
            ),
        )
        return cursor.rowcount == 1

    def due(self, now: datetime, limit: int = 50) -> list[OutMessage]:
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
            (iso(now), limit),
        ).fetchall()
        return [self._out(r) for r in rows]

    def next_due_at(self) -> datetime | None:
        row = self.db.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").fetchone()
        return parse_dt(row[0])

    def outbox_get(self, key: str) -> OutMessage | None:
        row = self.db.execute("SELECT * FROM outbox WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._out(row)

    def outbox_all(self, kind: OutboxKind | None = None) -> list[OutMessage]:
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE (? IS NULL OR kind = ?) ORDER BY created_at", (kind, kind)
        ).fetchall()
        return [self._out(r) for r in rows]

    def mark_sent(self, key: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE key = ?",
            (iso(now), key),
        )

    def claim(self, key: str) -> bool:
        """Take a due row for sending, committed before the relay sees the message.

        Answers go out at most once: a row the daemon stopped in the middle of sending is never sent again
        (see ``interrupted``), because nobody can tell whether the relay took it.
        """
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'sending' WHERE key = ? AND status = 'pending'", (key,)
        )
        return cursor.rowcount == 1

    def interrupted(self) -> list[OutMessage]:
        """Rows left in 'sending' by a crash: the relay may or may not have them."""
        rows = self.db.execute("SELECT * FROM outbox WHERE status = 'sending' ORDER BY created_at").fetchall()
        return [self._out(r) for r in rows]

    def resend(self, key: str) -> None:
        """A row left 'sending' by a crash, to be sent again (same bytes, same Message-ID)."""
        self.db.execute(
            "UPDATE outbox SET status = 'pending', last_error = 'sent again after a crash' WHERE key = ?"
            " AND status = 'sending'",
            (key,),
        )

    def mark_unknown(self, key: str, reason: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'unknown', last_error = ? WHERE key = ? AND status = 'sending'",
            (reason, key),
        )

    def mark_retry(self, key: str, error: str, next_attempt: datetime) -> None:
        """The relay refused or could not be reached: the message was not taken, so it waits again."""
        self.db.execute(
            "UPDATE outbox SET status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
            " WHERE key = ?",
            (error, iso(next_attempt), key),
        )

    def mark_failed(self, key: str, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE key = ?",
            (error, key),
        )

    def outbox_counts(self) -> dict[str, int]:
        """status -> how many rows."""
        rows = self.db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def outbox_page(self, status: str | None = None, limit: int = 100, offset: int = 0) -> list[OutMessage]:
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE (? IS NULL OR status = ?) ORDER BY created_at DESC LIMIT ? OFFSET ?",
            (status, status, limit, offset),
        ).fetchall()
        return [self._out(r) for r in rows]

    def outbox_retry(self, key: str, now: datetime, statuses: tuple[str, ...]) -> bool:
        """Put a failed (or, when asked, unknown) row back in line: it is sent at the next outbox run."""
        marks = ",".join("?" * len(statuses))
        cursor = self.db.execute(
            f"UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = NULL"
            f" WHERE key = ? AND status IN ({marks})",
            (iso(now), key, *statuses),
        )
        return cursor.rowcount == 1

    def outbox_discard(self, key: str, reason: str) -> bool:
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'dropped', last_error = ? WHERE key = ?"
            " AND status IN ('pending', 'held', 'failed', 'unknown')",
            (reason, key),
        )
        return cursor.rowcount == 1

    def held(self, kind: OutboxKind = "answer") -> list[OutMessage]:
        """Messages waiting for a moderator's approval."""
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE kind = ? AND status = 'held' ORDER BY created_at", (kind,)
        ).fetchall()
        return [self._out(r) for r in rows]

    def release(self, key: str, now: datetime) -> bool:
        """A moderator approved a held message: it goes out with the next outbox run."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE key = ? AND status = 'held'",
            (iso(now), key),
        )
        return cursor.rowcount == 1

    def replace_held(self, key: str, message: bytes, faq: str | None) -> bool:
        """A moderator chose another answer for a held message: same key (and so same Message-ID)."""
        cursor = self.db.execute(
            "UPDATE outbox SET message = ?, faq = ? WHERE key = ? AND status = 'held'", (message, faq, key)
        )
        return cursor.rowcount == 1

    def drop_held(self, key: str, reason: str) -> bool:
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'dropped', last_error = ? WHERE key = ? AND status = 'held'",
            (reason, key),
        )
        return cursor.rowcount == 1

    def mark_dropped(self, key: str, reason: str) -> None:
        self.db.execute("UPDATE outbox SET status = 'dropped', last_error = ? WHERE key = ?", (reason, key))

    def mark_shadow(self, key: str, now: datetime) -> None:
        """Shadow mode: the message was written to the shadow Maildir instead of being sent."""
        self.db.execute(
            "UPDATE outbox SET status = 'shadow', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE key = ?",
            (iso(now), key),
        )

    @staticmethod
    def _out(row: sqlite3.Row) -> OutMessage:
        return OutMessage(
            key=row["key"],
            kind=row["kind"],
            envelope_from=row["envelope_from"],
            recipients=tuple(json.loads(row["recipients"])),
            message=bytes(row["message"]),
            thread_id=row["thread_id"],
            created_at=datetime.fromisoformat(row["created_at"]),
            not_before=datetime.fromisoformat(row["not_before"]),
            status=row["status"],
            attempts=row["attempts"],
            last_error=row["last_error"],
            author=row["author"],
            faq=row["faq"],
        )
