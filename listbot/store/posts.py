"""Posts seen and their decisions, and the answer history the guard asks about (derived from the outbox)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from listbot.model import Candidate, Decision, Match, Post
from listbot.store.base import Connection, iso, parse_dt

KEPT_TEXT = 20_000  # characters of a post's text kept for moderators and for re-deciding


def _candidate_json(candidate: Candidate | None) -> dict[str, object] | None:
    if candidate is None:
        return None
    out: dict[str, object] = {
        "faq": candidate.faq,
        "score": round(candidate.score, 4),
        "sentence": candidate.sentence,
        "words": list(candidate.words),
    }
    if candidate.counter is not None:  # the learned counter-example that held it for review
        out["counter"] = candidate.counter
        out["counter_similarity"] = candidate.counter_similarity
    return out


def _match_json(match: Match) -> dict[str, object]:
    return {
        "best": _candidate_json(match.best),
        "runner_up": _candidate_json(match.runner_up),
        "questions": list(match.questions),
    }


@dataclass(frozen=True)
class PostRow:
    """A recorded post: what was read of it and what was decided."""

    id: int  # the row's number, for links (/posts/<id>)
    message_id: str
    author: str
    author_name: str
    thread_id: str
    subject: str
    topic: str
    posted_at: datetime | None
    received_at: datetime
    source_ref: str
    action: str
    faq: str | None
    score: float | None
    reasons: tuple[str, ...]
    automated: bool
    is_reply: bool
    new_text: str
    body_text: str
    question: str | None
    details: dict[str, Any]

    def post(self) -> Post:
        """The Post again, as far as it was kept (enough to compose an answer or re-decide)."""
        date = self.details.get("date")
        return Post(
            message_id=self.message_id,
            author=self.author,
            author_name=self.author_name,
            from_addr=self.author,
            subject=self.subject,
            topic=self.topic,
            date=datetime.fromisoformat(date) if date else None,
            in_reply_to=self.details.get("in_reply_to"),
            references=tuple(self.details.get("references") or ()),
            new_text=self.new_text,
            body_text=self.body_text,
        )


def _post_row(row: sqlite3.Row) -> PostRow:
    return PostRow(
        id=int(row["rowid"]),
        message_id=row["message_id"],
        author=row["author"],
        author_name=row["author_name"],
        thread_id=row["thread_id"],
        subject=row["subject"],
        topic=row["topic"],
        posted_at=parse_dt(row["posted_at"]),
        received_at=parse_dt(row["received_at"]) or datetime.min,
        source_ref=row["source_ref"],
        action=row["action"],
        faq=row["faq"],
        score=row["score"],
        reasons=tuple(json.loads(row["reasons"])),
        automated=bool(row["automated"]),
        is_reply=bool(row["is_reply"]),
        new_text=row["new_text"],
        body_text=row["body_text"],
        question=row["question"],
        details=json.loads(row["details"] or "{}"),
    )


class PostStore(Connection):
    def post_row(self, message_id: str) -> PostRow | None:
        row = self.db.execute("SELECT rowid, * FROM posts WHERE message_id = ?", (message_id,)).fetchone()
        return None if row is None else _post_row(row)

    def posts_page(
        self,
        *,
        action: str | None = None,
        faq: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[PostRow], bool]:
        """Posts newest first, filtered; and whether there are more after this page."""
        where: list[str] = ["1"]
        args: list[object] = []
        if action:
            where.append("action = ?")
            args.append(action)
        if faq:
            where.append("faq = ?")
            args.append(faq)
        if since:
            where.append("received_at >= ?")
            args.append(iso(since))
        if until:
            where.append("received_at < ?")
            args.append(iso(until))
        if text:
            where.append(
                "(subject LIKE ? ESCAPE '\\' OR author LIKE ? ESCAPE '\\' OR new_text LIKE ? ESCAPE '\\')"
            )
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            args += [pattern, pattern, pattern]
        rows = self.db.execute(
            f"SELECT rowid, * FROM posts WHERE {' AND '.join(where)} ORDER BY received_at DESC, rowid DESC"
            " LIMIT ? OFFSET ?",
            (*args, limit + 1, offset),
        ).fetchall()
        return [_post_row(r) for r in rows[:limit]], len(rows) > limit

    def posts_per_day(self, since: datetime) -> list[tuple[str, str, int]]:
        """(UTC day, action, count) of the posts received since ``since``."""
        rows = self.db.execute(
            "SELECT substr(received_at, 1, 10), action, count(*) FROM posts WHERE received_at >= ?"
            " GROUP BY 1, 2 ORDER BY 1",
            (iso(since),),
        ).fetchall()
        return [(r[0], r[1], int(r[2])) for r in rows]

    def answers_by_faq(self, since: datetime) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT faq, count(*) FROM outbox WHERE kind = 'answer' AND created_at >= ?"
            " AND status IN ('pending', 'sending', 'sent', 'shadow', 'unknown') GROUP BY faq",
            (iso(since),),
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows if r[0]}

    def processing_histogram(self, buckets: tuple[float, ...]) -> tuple[list[int], float, int]:
        """Cumulative counts of posts decided within each bucket's seconds, the sum of seconds, the count."""
        sums = ", ".join(f"coalesce(sum(seconds <= {float(b)!r}), 0)" for b in buckets)
        row = self.db.execute(
            f"SELECT {sums}, coalesce(sum(seconds), 0), count(seconds) FROM posts WHERE seconds IS NOT NULL"
        ).fetchone()
        return [int(v) for v in row[: len(buckets)]], float(row[len(buckets)]), int(row[len(buckets) + 1])

    def posts_total_by_action(self) -> dict[str, int]:
        rows = self.db.execute("SELECT action, count(*) FROM posts GROUP BY action").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def post_by_id(self, row_id: int) -> PostRow | None:
        row = self.db.execute("SELECT rowid, * FROM posts WHERE rowid = ?", (row_id,)).fetchone()
        return None if row is None else _post_row(row)

    def posts_since(self, since: datetime | None = None) -> list[PostRow]:
        """Every recorded post received at or after ``since`` (all when None), in the order received."""
        rows = self.db.execute(
            "SELECT rowid, * FROM posts WHERE ? IS NULL OR received_at >= ? ORDER BY received_at, rowid",
            (None if since is None else iso(since), None if since is None else iso(since)),
        ).fetchall()
        return [_post_row(r) for r in rows]

    def seen(self, message_id: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM posts WHERE message_id = ?", (message_id,)).fetchone() is not None
        )

    def record_post(
        self,
        post: Post,
        decision: Decision,
        source_ref: str,
        now: datetime,
        automated: bool = False,
        is_reply: bool = False,
        seconds: float | None = None,
    ) -> bool:
        """Record a post, what was read of it and its decision. False when the Message-ID was already recorded.

        What re-deciding needs (the author's new text, the topic, whether it is a reply, whether its headers
        said it is automatic) is kept, so that "what would change" never parses mail again.
        """
        match = decision.match
        best = match.best if match else None
        details = {
            "match": None if match is None else _match_json(match),
            "defects": list(post.defects),
            "content_type": post.content_type,
            "references": list(post.references[-10:]),
            "in_reply_to": post.in_reply_to,
            "date": None if post.date is None else post.date.isoformat(),
        }
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO posts (message_id, author, thread_id, subject, posted_at, received_at,"
            " source_ref, action, faq, score, reasons, automated, author_name, topic, is_reply, new_text,"
            " body_text, question, details, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                post.author_name,
                post.topic,
                int(is_reply),
                post.new_text[:KEPT_TEXT],
                post.body_text[:KEPT_TEXT],
                best.sentence if best else None,
                json.dumps(details),
                seconds,
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
