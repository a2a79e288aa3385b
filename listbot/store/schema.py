"""The state file's schema: one migration per version (``PRAGMA user_version``), applied in order when opened.

A migration is only ever appended, never edited: a state file at version N has run the first N of them.
"""

from __future__ import annotations

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
