"""The review queue: what waits for a moderator (a held answer, a disputed answer, an uncertain call)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from listbot.store.base import Connection, iso, parse_dt

ReviewKind = Literal["answer", "disputed", "call"]


@dataclass(frozen=True)
class ReviewRow:
    id: int
    kind: ReviewKind
    message_id: str
    faq: str | None
    score: float | None
    question: str | None  # the member's asked sentence; for a call, why it waits for a moderator
    outbox_key: str | None
    call_id: str | None
    status: Literal["open", "done"]
    resolution: str | None
    reason: str | None
    decided_by: str | None
    decided_at: datetime | None
    created_at: datetime
    version: int
    token_hash: str | None


def _review(row: sqlite3.Row) -> ReviewRow:
    return ReviewRow(
        id=int(row["id"]),
        kind=row["kind"],
        message_id=row["message_id"],
        faq=row["faq"],
        score=row["score"],
        question=row["question"],
        outbox_key=row["outbox_key"],
        call_id=row["call_id"],
        status=row["status"],
        resolution=row["resolution"],
        reason=row["reason"],
        decided_by=row["decided_by"],
        decided_at=parse_dt(row["decided_at"]),
        created_at=parse_dt(row["created_at"]) or datetime.min,
        version=int(row["version"]),
        token_hash=row["token_hash"],
    )


class ReviewStore(Connection):
    def review_add(
        self,
        kind: ReviewKind,
        message_id: str,
        now: datetime,
        *,
        faq: str | None = None,
        score: float | None = None,
        question: str | None = None,
        outbox_key: str | None = None,
        call_id: str | None = None,
        token_hash: str | None = None,
    ) -> int | None:
        """Open a review once per (kind, post); its id, or None when it exists already."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO reviews (kind, message_id, faq, score, question, outbox_key, call_id, created_at,"
            " token_hash) VALUES (?,?,?,?,?,?,?,?,?)",
            (kind, message_id, faq, score, question, outbox_key, call_id, iso(now), token_hash),
        )
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid is not None else None

    def review_get(self, review_id: int) -> ReviewRow | None:
        row = self.db.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        return None if row is None else _review(row)

    def review_of(self, kind: ReviewKind, message_id: str) -> ReviewRow | None:
        row = self.db.execute(
            "SELECT * FROM reviews WHERE kind = ? AND message_id = ?", (kind, message_id)
        ).fetchone()
        return None if row is None else _review(row)

    def review_by_token(self, token_hash: str) -> ReviewRow | None:
        row = self.db.execute("SELECT * FROM reviews WHERE token_hash = ?", (token_hash,)).fetchone()
        return None if row is None else _review(row)

    def reviews_open(self, limit: int = 500) -> list[ReviewRow]:
        """Open reviews, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM reviews WHERE status = 'open' ORDER BY created_at, id LIMIT ?", (limit,)
        ).fetchall()
        return [_review(r) for r in rows]

    def reviews_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM reviews WHERE status = 'open'").fetchone()[0])

    def review_close(
        self,
        review_id: int,
        version: int,
        resolution: str,
        moderator: str,
        now: datetime,
        reason: str | None = None,
        faq: str | None = None,
    ) -> bool:
        """Close an open review at the version the moderator saw. False when it was closed or changed
        meanwhile (a double click, two moderators at once): the caller must not act a second time."""
        cursor = self.db.execute(
            "UPDATE reviews SET status = 'done', resolution = ?, reason = ?, decided_by = ?, decided_at = ?,"
            " faq = coalesce(?, faq), version = version + 1, token_hash = NULL"
            " WHERE id = ? AND status = 'open' AND version = ?",
            (resolution, reason, moderator, iso(now), faq, review_id, version),
        )
        return cursor.rowcount == 1
