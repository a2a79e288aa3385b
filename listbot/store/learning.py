"""What the bot learned from people: moderators' examples and counter-examples, and members' votes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from listbot.store.base import Connection, iso, parse_dt

Polarity = Literal["example", "counter"]


@dataclass(frozen=True)
class LearnedRow:
    id: int
    faq: str
    sentence: str
    polarity: Polarity
    message_id: str | None
    moderator: str
    source: str  # "review" | "vote" | "cli" | "console"
    created_at: datetime


class LearningStore(Connection):
    def learned_add(
        self,
        faq: str,
        sentence: str,
        polarity: Polarity,
        moderator: str,
        source: str,
        now: datetime,
        message_id: str | None = None,
    ) -> int | None:
        """Keep a learned example once; its id, or None when the same one is there already."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO learned (faq, sentence, polarity, message_id, moderator, source, created_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (faq, sentence, polarity, message_id, moderator, source, iso(now)),
        )
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid is not None else None

    def learned_all(self) -> list[LearnedRow]:
        return _rows(self.db.execute("SELECT * FROM learned ORDER BY id").fetchall())

    def learned_sources(self) -> dict[int, LearnedSource]:
        """learned id -> the post it was taught from (only those taught from a post still recorded)."""
        return _sources(self.db.execute(_SOURCES).fetchall())

    def learned_get(self, learned_id: int) -> LearnedRow | None:
        rows = _rows(self.db.execute("SELECT * FROM learned WHERE id = ?", (learned_id,)).fetchall())
        return rows[0] if rows else None

    def learned_remove(self, learned_id: int) -> bool:
        return self.db.execute("DELETE FROM learned WHERE id = ?", (learned_id,)).rowcount == 1

    def learned_version(self) -> tuple[int, int]:
        """Changes whenever an example is added or removed (count, highest id): cheap to ask per post."""
        row = self.db.execute("SELECT count(*), coalesce(max(id), 0) FROM learned").fetchone()
        return int(row[0]), int(row[1])

    # -- members' votes on answers -------------------------------------------------------------------

    def vote(self, answer_key: str, faq: str | None, helpful: bool, now: datetime) -> bool:
        """One vote per answer: the first counts. False when the answer had a vote already."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO votes (answer_key, faq, helpful, at) VALUES (?,?,?,?)",
            (answer_key, faq, int(helpful), iso(now)),
        )
        return cursor.rowcount == 1

    def votes_by_faq(self) -> dict[str, tuple[int, int]]:
        """faq -> (helpful votes, all votes)."""
        rows = self.db.execute(
            "SELECT faq, sum(helpful), count(*) FROM votes WHERE faq IS NOT NULL GROUP BY faq"
        ).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}


@dataclass(frozen=True)
class LearnedSource:
    """The post a learned example was taught from, as far as re-reading its context needs."""

    new_text: str
    topic: str
    is_reply: bool


_SOURCES = (
    "SELECT learned.id, posts.new_text, posts.topic, posts.is_reply FROM learned"
    " JOIN posts ON posts.message_id = learned.message_id"
)


def _sources(rows: list[sqlite3.Row]) -> dict[int, LearnedSource]:
    return {int(r[0]): LearnedSource(r[1], r[2], bool(r[3])) for r in rows}


def read_learned(path: Path) -> tuple[list[LearnedRow], dict[int, LearnedSource]]:
    """The learned examples of a state file and the posts they came from, read without changing the file:
    no file, no table (an older schema) or a file SQLite cannot read gives nothing. For commands that only
    look (match, replay, learn list)."""
    if str(path) == ":memory:" or not path.is_file():
        return [], {}
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return [], {}
    try:
        db.row_factory = sqlite3.Row
        rows = _rows(db.execute("SELECT * FROM learned ORDER BY id").fetchall())
        return rows, _sources(db.execute(_SOURCES).fetchall())
    except sqlite3.Error:
        return [], {}
    finally:
        db.close()


def _rows(rows: list[sqlite3.Row]) -> list[LearnedRow]:
    return [
        LearnedRow(
            id=int(r["id"]),
            faq=r["faq"],
            sentence=r["sentence"],
            polarity=r["polarity"],
            message_id=r["message_id"],
            moderator=r["moderator"],
            source=r["source"],
            created_at=parse_dt(r["created_at"]) or datetime.min,
        )
        for r in rows
    ]
