"""Posts seen and their decisions, and the answer history the guard asks about (derived from the outbox)."""

from __future__ import annotations

import json
from datetime import datetime

from listbot.model import Decision, Post
from listbot.store.base import Connection, iso


class PostStore(Connection):
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
                None if post.date is None else iso(post.date),
                iso(now),
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
                iso(since),
                None if until is None else iso(until),
                None if until is None else iso(until),
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
            (author, faq, iso(since)),
        ).fetchone()
        return row is not None

    def answers_to(self, author: str, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE kind = 'answer' AND author = ? AND created_at >= ?"
                " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown')",
                (author, iso(since)),
            ).fetchone()[0]
        )

    def answers_since(self, since: datetime) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM outbox WHERE kind = 'answer' AND created_at >= ?"
                " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown')",
                (iso(since),),
            ).fetchone()[0]
        )
