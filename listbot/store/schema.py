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
    # 2: what the console, the review queue, learning and the trust controls keep
    """
    ALTER TABLE posts ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE posts ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE posts ADD COLUMN is_reply INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE posts ADD COLUMN new_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE posts ADD COLUMN body_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE posts ADD COLUMN question TEXT;
    ALTER TABLE posts ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX posts_received ON posts(received_at);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        message_id TEXT NOT NULL,
        faq TEXT,
        score REAL,
        question TEXT,
        outbox_key TEXT,
        call_id TEXT,
        status TEXT NOT NULL DEFAULT 'open',
        resolution TEXT,
        reason TEXT,
        decided_by TEXT,
        decided_at TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        token_hash TEXT,
        UNIQUE (kind, message_id)
    );
    CREATE INDEX reviews_open ON reviews(status, created_at);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        before TEXT,
        after TEXT
    );
    CREATE TABLE learned (
        id INTEGER PRIMARY KEY,
        faq TEXT NOT NULL,
        sentence TEXT NOT NULL,
        polarity TEXT NOT NULL,
        message_id TEXT,
        moderator TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (faq, sentence, polarity)
    );
    CREATE TABLE votes (
        answer_key TEXT PRIMARY KEY,
        faq TEXT,
        helpful INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        address TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
    );
    CREATE INDEX tokens_address ON tokens(purpose, address);
    CREATE TABLE sessions (
        hash TEXT PRIMARY KEY,
        moderator TEXT NOT NULL,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE events (
        key TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX events_key ON events(key, at);
    CREATE TABLE health (
        name TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    """,
    # 3: how long deciding each post took (for /metrics); indexes for the console's overview and filters
    """
    ALTER TABLE posts ADD COLUMN seconds REAL;
    CREATE INDEX posts_action ON posts(action, received_at);
    CREATE INDEX posts_faq ON posts(faq, received_at);
    CREATE INDEX posts_day ON posts(received_at, action);
    CREATE INDEX outbox_kind_time ON outbox(kind, created_at, status, faq);
    """,
    # 4 (issue 13): open-ended calls ("rolling basis"), and what each register row was read from (the posts,
    # threads, links and titles merged into it), so that a moderator's correction or removal holds for later
    # reposts and reminders the merge rules alone would not match; seeded from the rows already there
    """
    ALTER TABLE calls ADD COLUMN open_ended INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE call_sources (
        call_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'thread', 'link', 'title')),
        value TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (call_id, kind, value)
    );
    CREATE INDEX call_sources_value ON call_sources(kind, value);
    INSERT OR IGNORE INTO call_sources (call_id, kind, value, seen_at)
        SELECT id, 'message', message_id, updated_at FROM calls WHERE message_id IS NOT NULL
        UNION ALL SELECT id, 'thread', thread_id, updated_at FROM calls WHERE thread_id IS NOT NULL
        UNION ALL SELECT id, 'link', link, updated_at FROM calls WHERE link IS NOT NULL
        UNION ALL SELECT id, 'title', title, updated_at FROM calls;
    """,
    # 5: the e-mail address a call asks the work to be sent to ("send your abstract to ..."), for the digest
    """
    ALTER TABLE calls ADD COLUMN submit_to TEXT;
    """,
)
