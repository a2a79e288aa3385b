"""The only module that speaks SQL. One SQLite file in WAL mode; versioned migrations.

Tables:
    inbox       raw posts as received (source_ref unique), until processed
    posts       every post seen, with its decision and reasons (Message-ID unique: "seen before")
    outbox      every outgoing message, unique idempotency key; answer history derives from it
    imap_state  UIDVALIDITY and last processed UID per mailbox
    calls       the register of calls for submissions
    digests     the digest ledger: a period is claimed before sending and marked sent after
    subscriptions   digest / reminder subscribers
    reminders   which reminder (call, days before) went out
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from listbot.errors import StoreError
from listbot.model import Decision, Post

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    """
    CREATE TABLE inbox (
        id INTEGER PRIMARY KEY,
        source_ref TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        received_at TEXT NOT NULL,
        processed_at TEXT,
        error TEXT
    );
    CREATE INDEX inbox_pending ON inbox(processed_at) WHERE processed_at IS NULL;
    CREATE TABLE posts (
        message_id TEXT PRIMARY KEY,
        author TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        posted_at TEXT,
        received_at TEXT NOT NULL,
        source_ref TEXT NOT NULL,
        action TEXT NOT NULL,
        faq TEXT,
        score REAL,
        reasons TEXT NOT NULL,
        automated INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX posts_thread ON posts(thread_id, received_at);
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        envelope_from TEXT NOT NULL,
        recipients TEXT NOT NULL,
        message BLOB NOT NULL,
        author TEXT,
        faq TEXT,
        thread_id TEXT,
        created_at TEXT NOT NULL,
        not_before TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
    );
    CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
    CREATE INDEX outbox_history ON outbox(kind, author, faq, created_at);
    CREATE TABLE imap_state (
        mailbox TEXT PRIMARY KEY,
        uidvalidity INTEGER NOT NULL,
        last_uid INTEGER NOT NULL
    );
    CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'other',
        organisation TEXT,
        deadline TEXT,
        deadline_time TEXT,
        timezone TEXT,
        link TEXT,
        eligibility TEXT,
        thread_id TEXT,
        message_id TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        previous_deadline TEXT,
        sequence INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open',
        extended INTEGER NOT NULL DEFAULT 0,
        manual INTEGER NOT NULL DEFAULT 0,
        confidence REAL NOT NULL DEFAULT 1.0
    );
    CREATE TABLE digests (
        name TEXT NOT NULL,
        period TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        sent_at TEXT,
        PRIMARY KEY (name, period)
    );
    CREATE TABLE subscriptions (
        address TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (address, kind)
    );
    CREATE TABLE reminders (
        call_id TEXT NOT NULL,
        days_before INTEGER NOT NULL,
        sent_on TEXT NOT NULL,
        PRIMARY KEY (call_id, days_before)
    );
    """,
)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class OutMessage:
    key: str
    kind: str
    envelope_from: str
    recipients: tuple[str, ...]
    message: bytes
    thread_id: str | None
    created_at: datetime
    not_before: datetime
    status: str
    attempts: int
    last_error: str | None
    author: str | None = None  # answers: the member answered (for the human-first check)
    faq: str | None = None


@dataclass(frozen=True)
class InboxItem:
    id: int
    source_ref: str
    raw: bytes
    received_at: datetime


class Store:
    """A connection to the state file. Not shared between threads; open one per thread."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the state file {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this listbot knows "
                f"({len(MIGRATIONS)}); upgrade listbot or restore a backup"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- inbox -------------------------------------------------------------------------------------

    def add_inbox(self, source_ref: str, raw: bytes, now: datetime) -> int | None:
        """Keep a raw post until it is processed. Returns its id, or None when source_ref was seen."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO inbox (source_ref, raw, received_at) VALUES (?, ?, ?)",
            (source_ref, raw, _iso(now)),
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
                "UPDATE inbox SET processed_at = ?, error = ? WHERE id = ?", (_iso(now), error, item_id)
            )
        else:
            self.db.execute("UPDATE inbox SET processed_at = ?, raw = x'' WHERE id = ?", (_iso(now), item_id))

    # -- posts and decisions -----------------------------------------------------------------------

    def seen(self, message_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM posts WHERE message_id = ?", (message_id,)).fetchone() is not None
        )

    def record_post(
        self, post: Post, decision: Decision, source_ref: str, now: datetime, automated: bool = False
    ) -> bool:
        """Record a post and its decision. False when the Message-ID was already recorded."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO posts (message_id, author, thread_id, subject, posted_at, received_at,"
            " source_ref, action, faq, score, reasons, automated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                post.message_id,
                post.author,
                post.thread_id,
                post.subject,
                None if post.date is None else _iso(post.date),
                _iso(now),
                source_ref,
                decision.action,
                decision.faq,
                decision.score,
                json.dumps(list(decision.reasons)),
                int(automated),
            ),
        )
        return cursor.rowcount == 1

    def decision_of(self, message_id: str) -> dict[str, object] | None:
        row = self.db.execute("SELECT * FROM posts WHERE message_id = ?", (message_id,)).fetchone()
        if row is None:
            return None
        result = dict(row)
        result["reasons"] = json.loads(row["reasons"])
        return result

    def human_replied(
        self,
        thread_id: str,
        author: str,
        since: datetime,
        bot_addresses: frozenset[str],
        until: datetime | None = None,
    ) -> bool:
        """Did a person other than the author (not the bot, not an automat) post in the thread in [since, until]?"""
        placeholders = ",".join("?" * len(bot_addresses)) or "''"
        row = self.db.execute(
            f"SELECT 1 FROM posts WHERE thread_id = ? AND received_at >= ? AND (? IS NULL OR received_at <= ?)"
            f" AND author != ? AND automated = 0 AND author NOT IN ({placeholders}) LIMIT 1",
            (
                thread_id,
                _iso(since),
                None if until is None else _iso(until),
                None if until is None else _iso(until),
                author,
                *sorted(bot_addresses),
            ),
        ).fetchone()
        return row is not None

    # -- answer history (derived from the outbox) --------------------------------------------------

    def answered(self, author: str, faq: str, since: datetime) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM outbox WHERE kind = 'answer' AND author = ? AND faq = ? AND created_at >= ?"
            " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown') LIMIT 1",
            (author, faq, _iso(since)),
        ).fetchone()
        return row is not None

    def answers_to(self, author: str, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE kind = 'answer' AND author = ? AND created_at >= ?"
                " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown')",
                (author, _iso(since)),
            ).fetchone()[0]
        )

    def answers_since(self, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE kind = 'answer' AND created_at >= ?"
                " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown')",
                (_iso(since),),
            ).fetchone()[0]
        )

    # -- outbox ------------------------------------------------------------------------------------

    def enqueue(
        self,
        key: str,
        kind: str,
        envelope_from: str,
        recipients: tuple[str, ...],
        message: bytes,
        now: datetime,
        not_before: datetime | None = None,
        author: str | None = None,
        faq: str | None = None,
        thread_id: str | None = None,
        status: str = "pending",
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
                _iso(now),
                _iso(not_before),
                status,
                _iso(not_before),
            ),
        )
        return cursor.rowcount == 1

    def due(self, now: datetime, limit: int = 50) -> list[OutMessage]:
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
            (_iso(now), limit),
        ).fetchall()
        return [self._out(r) for r in rows]

    def next_due_at(self) -> datetime | None:
        row = self.db.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").fetchone()
        return _dt(row[0])

    def outbox_get(self, key: str) -> OutMessage | None:
        row = self.db.execute("SELECT * FROM outbox WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._out(row)

    def outbox_all(self, kind: str | None = None) -> list[OutMessage]:
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE (? IS NULL OR kind = ?) ORDER BY created_at", (kind, kind)
        ).fetchall()
        return [self._out(r) for r in rows]

    def mark_sent(self, key: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE key = ?",
            (_iso(now), key),
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
            (error, _iso(next_attempt), key),
        )

    def mark_failed(self, key: str, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE key = ?",
            (error, key),
        )

    def held(self, kind: str = "answer") -> list[OutMessage]:
        """Messages waiting for a moderator's approval."""
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE kind = ? AND status = 'held' ORDER BY created_at", (kind,)
        ).fetchall()
        return [self._out(r) for r in rows]

    def release(self, key: str, now: datetime) -> bool:
        """A moderator approved a held message: it goes out with the next outbox run."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE key = ? AND status = 'held'",
            (_iso(now), key),
        )
        return cursor.rowcount == 1

    def mark_dropped(self, key: str, reason: str) -> None:
        self.db.execute("UPDATE outbox SET status = 'dropped', last_error = ? WHERE key = ?", (reason, key))

    def mark_shadow(self, key: str, now: datetime) -> None:
        """Shadow mode: the message was written to the shadow Maildir instead of being sent."""
        self.db.execute(
            "UPDATE outbox SET status = 'shadow', sent_at = ?, attempts = attempts + 1, last_error = NULL"
            " WHERE key = ?",
            (_iso(now), key),
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

    # -- IMAP --------------------------------------------------------------------------------------

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

    # -- subscriptions -----------------------------------------------------------------------------

    def subscribe(self, address: str, kind: str, now: datetime) -> bool:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO subscriptions (address, kind, created_at) VALUES (?, ?, ?)",
            (address.lower(), kind, _iso(now)),
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

    # -- calls register, digest ledger, reminder ledger (used by listbot.register / digest) ----------

    CALL_FIELDS = (
        "title", "kind", "organisation", "deadline", "deadline_time", "timezone", "link", "eligibility",
        "thread_id", "message_id", "first_seen", "updated_at", "previous_deadline", "sequence", "status",
        "extended", "manual", "confidence",
    )  # fmt: skip

    def call_get(self, call_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM calls WHERE id = ?", (call_id,)).fetchone()
        return None if row is None else dict(row)

    def calls_all(self, statuses: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """Calls in the register, by deadline (undated last), optionally only those with given statuses."""
        rows = self.db.execute(
            "SELECT * FROM calls ORDER BY deadline IS NULL, deadline, deadline_time, title"
        ).fetchall()
        return [dict(r) for r in rows if statuses is None or r["status"] in statuses]

    def call_put(self, call_id: str, values: dict[str, object]) -> None:
        """Insert or update a call row; only the columns given change on update."""
        unknown = set(values) - set(self.CALL_FIELDS)
        if unknown:
            raise ValueError(f"unknown call columns {sorted(unknown)}")
        if self.call_get(call_id) is None:
            columns = ["id", *values]
            self.db.execute(
                f"INSERT INTO calls ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                (call_id, *values.values()),
            )
        elif values:
            sets = ", ".join(f"{k} = ?" for k in values)
            self.db.execute(f"UPDATE calls SET {sets} WHERE id = ?", (*values.values(), call_id))

    def call_delete(self, call_id: str) -> bool:
        return self.db.execute("DELETE FROM calls WHERE id = ?", (call_id,)).rowcount == 1

    def digest_claim(self, name: str, period: str, now: datetime) -> bool:
        """Claim a digest period. False when it was claimed before (by this or an earlier run)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO digests (name, period, claimed_at) VALUES (?, ?, ?)",
            (name, period, _iso(now)),
        )
        return cursor.rowcount == 1

    def digest_mark_sent(self, name: str, period: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE digests SET sent_at = ? WHERE name = ? AND period = ?", (_iso(now), name, period)
        )

    def digest_release(self, name: str, period: str) -> None:
        """Give a claimed but unsent period back (composition failed before enqueueing)."""
        self.db.execute(
            "DELETE FROM digests WHERE name = ? AND period = ? AND sent_at IS NULL", (name, period)
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
        return _dt(row[0])

    def reminder_claim(self, call_id: str, days_before: int, sent_on: str) -> bool:
        """Record that the (call, days-before) reminder went out; False when it already had."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO reminders (call_id, days_before, sent_on) VALUES (?, ?, ?)",
            (call_id, days_before, sent_on),
        )
        return cursor.rowcount == 1

    def reminders_sent_on(self, sent_on: str) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT call_id, days_before FROM reminders WHERE sent_on = ? ORDER BY call_id", (sent_on,)
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def reminders_sent(self) -> set[tuple[str, int]]:
        rows = self.db.execute("SELECT call_id, days_before FROM reminders").fetchall()
        return {(r[0], int(r[1])) for r in rows}
