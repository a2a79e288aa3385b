"""What a moderator asks of the bot without running it: is the configuration right (``check``), what would
it decide on this message (``match``), what would it have done with this mailbox (``replay``).

Each returns values; the command line and the console print or show them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from listbot import render
from listbot.app import learning, sources
from listbot.app.pipeline import Pipeline, Prepared
from listbot.config import Config
from listbot.core.match import Learned
from listbot.core.read import read_post
from listbot.errors import ConfigError, Problem
from listbot.model import Decision, History, Post
from listbot.store import Store


@dataclass(frozen=True)
class CheckSummary:
    """What ``listbot check`` found right: enough to say so in one line."""

    path: Path
    mode: str
    source: str
    faq_entries: int
    manual_calls: int
    answer_threshold: float
    review_threshold: float

    def __str__(self) -> str:
        return (
            f"ok: {self.path}: mode {self.mode}, source {self.source}, {self.faq_entries} FAQ entries, "
            f"{self.manual_calls} manual calls, thresholds answer {self.answer_threshold} / "
            f"review {self.review_threshold}"
        )


def check(config: Config, now: datetime) -> CheckSummary:
    """Templates parse and every FAQ answer renders (config, FAQ and calls were validated by loading).
    Raises ConfigError with every problem."""
    problems = render.check_templates(config)
    if not problems:
        problems = _render_each_answer(config, now)
    if problems:
        raise ConfigError(problems)
    s = config.settings
    return CheckSummary(
        config.path,
        s.mode,
        s.source,
        len(config.faq_entries),
        len(config.calls.calls),
        s.answers.answer_threshold,
        s.answers.review_threshold,
    )


def _render_each_answer(config: Config, now: datetime) -> list[Problem]:
    """Render each answer with a sample post, so a template's undefined name shows now, not at send time."""
    sample = Post(
        message_id="check@example.org",
        author="member@example.org",
        author_name="Pat Member",
        from_addr="member@example.org",
        subject="A question",
        topic="A question",
        list_id=config.settings.list.list_id,
        new_text="Where can I find it?",
        body_text="Where can I find it?",
    )
    for entry in config.faq_entries:
        try:
            render.compose_answer(config, sample, entry, Decision("answer", entry.id, 1.0), now)
        except ConfigError as exc:
            return list(exc.problems)
    return []


@dataclass(frozen=True)
class Judged:
    """One message decided as if it were the first post seen."""

    name: str
    post: Post
    decision: Decision
    question: str | None = None  # the author's sentence that scored best

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.name,
            "message_id": self.post.message_id,
            **self.decision.as_json(),
            "question": self.question,
        }


def match(config: Config, messages: Iterable[tuple[str, bytes]], now: datetime) -> Iterator[Judged]:
    """Decide each message as if it were the first post seen (no history, no backlog cut-off: a post is
    judged at its own Date, else at ``now``), with what the state file learned."""
    pipeline = Pipeline(config, Store(":memory:"), taught=learning.of_state_file(config))
    for name, raw in messages:
        post = read_post(raw, config.settings.max_message_bytes)
        found = pipeline.match(post)
        decision = pipeline.judge(post, History(), post.date or now, match=found)
        yield Judged(name, post, decision, found.best.sentence if found.best else None)


class ReplayError(Exception):
    """A message a worker could not prepare (its error, as text)."""


@dataclass(frozen=True)
class Replay:
    rows: list[dict[str, Any]]
    summary: dict[str, object]


# -- replay's helpers in other processes: reading and matching (pure), while the first decides in order --

_preparer: Pipeline | None = None
_BATCH = 256  # messages handed to the workers at a time; the next batch is prepared while one is decided


def _start_preparer(config: Config, taught: tuple[Learned, ...]) -> None:
    global _preparer
    _preparer = Pipeline(config, Store(":memory:"), taught=taught)


def _prepare(raw: bytes) -> Prepared | str:
    assert _preparer is not None
    try:
        return _preparer.prepare(raw, every_call=False)  # replay reports FAQ decisions, not the register
    except Exception as exc:  # reported in order by the process that decides
        return f"{type(exc).__name__}: {exc}"


def _prepared(
    config: Config, source: Path, taught: tuple[Learned, ...], workers: int
) -> Iterator[tuple[str, bytes, Prepared | str]]:
    """(reference, raw bytes, the message prepared or why it could not be) in the mailbox's order."""
    messages = sources.messages(source)
    if workers < 1:
        _start_preparer(config, taught)
        for ref, raw in messages:
            yield ref, raw, _prepare(raw)
        return
    context = multiprocessing.get_context("fork")  # the workers inherit the config and the matcher's input
    with ProcessPoolExecutor(workers, context, _start_preparer, (config, taught)) as pool:
        batch = list(itertools.islice(messages, _BATCH))
        pending = pool.map(_prepare, [raw for _, raw in batch], chunksize=16)
        while batch:
            following = list(itertools.islice(messages, _BATCH))
            ahead = pool.map(_prepare, [raw for _, raw in following], chunksize=16) if following else None
            for (ref, raw), prepared in zip(batch, pending, strict=True):
                yield ref, raw, prepared
            batch, pending = following, ahead  # type: ignore[assignment]


def replay(
    config: Config, source: Path, progress: Callable[[], None] | None = None, workers: int | None = None
) -> Replay:
    """The full stateful pipeline over a mailbox in date order, in a throw-away state, sending nothing. Calls
    are read only where they can change an FAQ decision (``Pipeline.prepare``): ``listbot calls extract``
    reads them.

    The clock follows the posts' dates (never backwards). Then human-first: an answer whose thread got a
    person's reply within the wait is reported as not sent. Reading and matching run in ``workers`` other
    processes (default: one per core, at most two; 0 for none) while this one decides in order.
    """
    wait = timedelta(minutes=config.settings.answers.wait_minutes)
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    by_faq: Counter[str] = Counter()
    if workers is None:
        cores = os.cpu_count() or 1
        workers = min(2, cores) if cores > 1 else 0
    taught = learning.of_state_file(config)
    with tempfile.TemporaryDirectory(prefix="listbot-replay-") as tmp:
        prepared_stream = _prepared(config, source, taught, workers)
        store = Store(Path(tmp) / "replay.sqlite3")
        pipeline = Pipeline(config, store, taught=taught)
        clock = datetime(1970, 1, 1, tzinfo=UTC)
        for ref, raw, prepared in prepared_stream:
            try:
                if isinstance(prepared, str):
                    raise ReplayError(prepared)
                post = prepared.post
                clock = max(clock, post.date or clock)
                outcome = pipeline.process(raw, ref, clock, prepared=prepared)
                rows.append(
                    {
                        "file": ref,
                        "message_id": outcome.post.message_id if outcome.post else None,
                        **outcome.decision.as_json(),
                        "_key": next(iter(outcome.queued), None),
                    }
                )
            except Exception as exc:  # replay reports and goes on, like the daemon
                counts["errors"] += 1
                what = str(exc) if isinstance(exc, ReplayError) else f"{type(exc).__name__}: {exc}"
                rows.append(
                    {
                        "file": ref,
                        "message_id": None,
                        "action": "ignore",
                        "faq": None,
                        "score": None,
                        "reasons": [f"error: {what}"],
                        "_key": None,
                    }
                )
            if progress is not None:
                progress()
        own = config.settings.bot.own_addresses
        for row in rows:
            key = row.pop("_key")
            if row["action"] != "answer" or not isinstance(key, str):
                continue
            out = store.outbox_get(key)
            if (
                out
                and out.thread_id
                and out.author
                and store.human_replied(out.thread_id, out.author, out.created_at, own, out.created_at + wait)
            ):
                row["action"] = "ignore"
                row["reasons"] = [*row["reasons"], "a person replied in the thread within the wait"]
                counts["dropped_human_replied"] += 1
        store.close()
    for row in rows:
        counts[str(row["action"])] += 1
        if row["action"] == "answer":
            by_faq[str(row["faq"])] += 1
    seconds = time.perf_counter() - started
    summary = {
        "messages": len(rows),
        "answer": counts["answer"],
        "review": counts["review"],
        "ignore": counts["ignore"],
        "dropped_human_replied": counts["dropped_human_replied"],
        "errors": counts["errors"],
        "by_faq": dict(sorted(by_faq.items())),
        "seconds": round(seconds, 2),
        "per_second": round(len(rows) / seconds, 1) if seconds else None,
    }
    return Replay(rows, summary)
