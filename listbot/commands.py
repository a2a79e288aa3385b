"""The moderator-facing commands: ``check``, ``match`` and ``replay``."""

from __future__ import annotations

import argparse
import json
import mailbox
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from listbot import config as config_module
from listbot import render
from listbot.config import Config
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.model import Decision, History, Post
from listbot.pipeline import Pipeline
from listbot.read import read_post
from listbot.store import Store


def check(args: argparse.Namespace) -> int:
    """Validate listbot.yaml, faq.yaml, calls.yaml and the templates; render every FAQ answer once."""
    cfg = config_module.load(args.config)
    problems = render.check_templates(cfg.templates_dir, _template_names(cfg))
    if not problems:
        problems = _render_each_answer(cfg)
    if problems:
        raise ConfigError(problems)
    s = cfg.settings
    print(
        f"ok: {cfg.path}: mode {s.mode}, source {s.source}, {len(cfg.faq_entries)} FAQ entries, "
        f"{len(cfg.calls.calls)} manual calls, thresholds answer {s.answers.answer_threshold} / "
        f"review {s.answers.review_threshold}"
    )
    return 0


def _template_names(cfg: Config) -> tuple[str, ...]:
    names = set(render.TEMPLATES)
    names.update(p.name for p in cfg.templates_dir.glob("*.j2"))
    return tuple(sorted(names))


def _render_each_answer(cfg: Config) -> list[Problem]:
    """Render each answer with a sample post, so a template's undefined name shows now, not at send time."""
    sample = Post(
        message_id="check@example.org",
        author="member@example.org",
        author_name="Pat Member",
        from_addr="member@example.org",
        subject="A question",
        topic="A question",
        date=None,
        in_reply_to=None,
        references=(),
        list_id=cfg.settings.list.list_id,
        new_text="Where can I find it?",
        body_text="Where can I find it?",
        headers=(),
    )
    now = datetime.now(UTC)
    problems: list[Problem] = []
    for entry in cfg.faq_entries:
        try:
            render.compose_answer(cfg, sample, entry, Decision("answer", entry.id, 1.0), now)
        except ConfigError as exc:
            problems.extend(exc.problems)
            break
    return problems


class EmlFiles:
    """The posts in the .eml files named on a command line. An unreadable file is reported on stderr and
    skipped; ``failed`` then turns the command's exit status to 1."""

    def __init__(self, names: Sequence[str], max_bytes: int = 10_000_000):
        self.names = names
        self.max_bytes = max_bytes
        self.failed = False

    def __iter__(self) -> Iterator[tuple[str, Post]]:
        for name in self.names:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                print(f"error: {name}: cannot read ({exc.strerror})", file=sys.stderr)
                self.failed = True
                continue
            yield name, read_post(raw, self.max_bytes)


def match(args: argparse.Namespace) -> int:
    """Decide each file as if it were the first post seen (no history, no backlog cut-off)."""
    cfg = config_module.load(args.config)
    pipeline = Pipeline(cfg, Store(":memory:"))
    files = EmlFiles(args.files, cfg.settings.max_message_bytes)
    for name, post in files:
        decision = pipeline.judge(post, History(), post.date or datetime.now(UTC))
        if args.json:
            print(json.dumps({"file": name, "message_id": post.message_id, **decision.as_json()}))
        else:
            _print_decision(name, post, decision)
    return 1 if files.failed else 0


def _print_decision(name: str, post: Post, decision: Decision) -> None:
    head = decision.action.upper()
    if decision.faq:
        head += f" {decision.faq}"
    if decision.score is not None:
        head += f" ({decision.score:.2f})"
    print(f"{name}: {head}")
    print(f"  from {post.author or '-'}: {post.topic!r}")
    for reason in decision.reasons:
        print(f"  - {reason}")


def _messages(source: Path) -> Iterator[tuple[str, bytes]]:
    """(reference, raw bytes) from an mbox, a Maildir or a folder of .eml files, in order."""
    if source.is_dir() and (source / "cur").is_dir() and (source / "new").is_dir():
        maildir = mailbox.Maildir(str(source), factory=None, create=False)
        for key in sorted(maildir.keys(), key=lambda k: k.split(".")[0] + k):
            yield f"maildir:{key}", maildir.get_bytes(key)
    elif source.is_dir():
        for path in sorted(p for p in source.iterdir() if p.suffix.lower() == ".eml"):
            yield f"file:{path.name}", path.read_bytes()
    elif source.is_file():
        mbox = mailbox.mbox(str(source), factory=None, create=False)
        for index, key in enumerate(mbox.iterkeys()):
            yield f"mbox:{index}", mbox.get_bytes(key)
    else:
        raise ListbotError(f"{source}: no such mbox, Maildir or folder")


def replay(args: argparse.Namespace) -> int:
    """The full stateful pipeline over a mailbox, in a throw-away state, sending nothing."""
    cfg = config_module.load(args.config)
    source = Path(args.source)
    total = _count(source)
    wait = timedelta(minutes=cfg.settings.answers.wait_minutes)
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    by_faq: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="listbot-replay-") as tmp:
        store = Store(Path(tmp) / "replay.sqlite3")
        pipeline = Pipeline(cfg, store)
        clock = datetime(1970, 1, 1, tzinfo=UTC)
        bar = _progress(total)
        for ref, raw in _messages(source):
            try:
                post = read_post(raw, cfg.settings.max_message_bytes)
                clock = max(clock, post.date or clock)
                outcome = pipeline.process(raw, ref, clock)
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
                rows.append(
                    {
                        "file": ref,
                        "message_id": None,
                        "action": "ignore",
                        "faq": None,
                        "score": None,
                        "reasons": [f"error: {type(exc).__name__}: {exc}"],
                        "_key": None,
                    }
                )
            if bar:
                bar.update(1)
        if bar:
            bar.close()
        # Human first: an answer whose thread got a person's reply within the wait is not sent.
        for row in rows:
            key = row.pop("_key")
            if row["action"] != "answer" or not isinstance(key, str):
                continue
            out = store.outbox_get(key)
            if (
                out
                and out.thread_id
                and out.author
                and store.human_replied(
                    out.thread_id,
                    out.author,
                    out.created_at,
                    cfg.settings.bot.own_addresses,
                    out.created_at + wait,
                )
            ):
                row["action"] = "ignore"
                row["reasons"] = [*row["reasons"], "a person replied in the thread within the wait"]
                counts["dropped_human_replied"] += 1
        store.close()
    for row in rows:
        counts[str(row["action"])] += 1
        if row["action"] == "answer":
            by_faq[str(row["faq"])] += 1
        if args.json:
            print(json.dumps(row))
        else:
            print(
                f"{row['file']}: {str(row['action']).upper()} {row['faq'] or ''} "
                f"{'' if row['score'] is None else format(row['score'], '.2f')} | {'; '.join(row['reasons'])}"
            )
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
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        print(f"summary: {json.dumps(summary)}")
    return 0


def _count(source: Path) -> int | None:
    if source.is_dir() and not (source / "cur").is_dir():
        return sum(1 for p in source.iterdir() if p.suffix.lower() == ".eml")
    return None


def _progress(total: int | None) -> Any:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="msg", file=sys.stderr)
