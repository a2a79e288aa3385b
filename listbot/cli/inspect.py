"""``listbot check``, ``listbot match`` and ``listbot replay``: print what the application functions return."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from listbot import config as config_module
from listbot.app import gaps as app_gaps
from listbot.app import inspect, sources, whatif
from listbot.cli.shared import eml_files
from listbot.clock import utcnow
from listbot.errors import ListbotError
from listbot.model import Decision, Post
from listbot.store import Store


def check(args: argparse.Namespace) -> int:
    """Validate listbot.yaml, faq.yaml, calls.yaml and the templates; render every FAQ answer once."""
    cfg = config_module.load(args.config)
    print(inspect.check(cfg, utcnow()))
    if getattr(args, "what_if", False):
        if not cfg.state_path.is_file():
            raise ListbotError(
                f"--what-if: no state file at {cfg.state_path} yet, so no posts to decide again"
            )
        with Store(cfg.state_path) as store:
            print_what_if(whatif.compare(cfg, store, utcnow(), days=args.days))
    return 0


def print_what_if(result: whatif.WhatIf) -> None:
    b, a = result.before, result.after
    print(
        f"what-if: {result.posts} posts of the last {result.days} days decided again in {result.seconds:.2f} s: "
        f"answered {b['answer']} -> {a['answer']}, reviewed {b['review']} -> {a['review']}, "
        f"left alone {b['ignore']} -> {a['ignore']}"
    )
    kinds: tuple[whatif.ChangeKind, ...] = ("newly answered", "no longer answered", "another FAQ")
    for kind in kinds:
        changes = result.of_kind(kind)
        print(f"{kind}: {len(changes)}")
        for c in changes:
            old = f"{c.before.action} {c.before.faq or '-'} {_score(c.before.score)}"
            new = f"{c.after.action} {c.after.faq or '-'} {_score(c.after.score)}"
            print(f"  post {c.post_id} <{c.message_id}> {c.subject!r}: {old} -> {new}")


def _score(score: float | None) -> str:
    return "-" if score is None else f"{score:.2f}"


def match(args: argparse.Namespace) -> int:
    """Decide each file as if it were the first post seen (no history, no backlog cut-off)."""
    cfg = config_module.load(args.config)
    files = eml_files(args.files)
    for judged in inspect.match(cfg, files, utcnow()):
        if args.json:
            print(json.dumps(judged.as_json()))
        else:
            print_decision(judged.name, judged.post, judged.decision)
    return 1 if files.failed else 0


def print_decision(name: str, post: Post, decision: Decision) -> None:
    head = decision.action.upper()
    if decision.faq:
        head += f" {decision.faq}"
    if decision.score is not None:
        head += f" ({decision.score:.2f})"
    print(f"{name}: {head}")
    print(f"  from {post.author or '-'}: {post.topic!r}")
    for reason in decision.reasons:
        print(f"  - {reason}")


def replay(args: argparse.Namespace) -> int:
    """The full stateful pipeline over a mailbox, in a throw-away state, sending nothing."""
    cfg = config_module.load(args.config)
    source = Path(args.source)
    bar = _progress(sources.count(source))
    result = inspect.replay(cfg, source, progress=(lambda: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    for row in result.rows:
        if args.json:
            print(json.dumps(row))
        else:
            score = "" if row["score"] is None else format(row["score"], ".2f")
            print(
                f"{row['file']}: {str(row['action']).upper()} {row['faq'] or ''} {score} | {'; '.join(row['reasons'])}"
            )
    if args.json:
        print(json.dumps({"summary": result.summary}))
    else:
        print(f"summary: {json.dumps(result.summary)}")
    return 0


def _progress(total: int | None) -> Any:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="msg", file=sys.stderr)


def gaps(args: argparse.Namespace) -> int:
    """Recurring questions no FAQ answered, from a mailbox or the state file's posts, most askers first."""
    cfg = config_module.load(args.config)
    since = _since(args.since, cfg.settings.list.timezone)
    if args.source:
        found = app_gaps.topics_of_source(cfg, Path(args.source), since)
    elif not cfg.state_path.is_file():
        raise ListbotError(f"no state file at {cfg.state_path} yet; name a mailbox: listbot gaps SOURCE")
    else:
        with Store(cfg.state_path) as store:
            found = app_gaps.topics(cfg, store, since)
    for rank, topic in enumerate(found, start=1):
        if args.json:
            print(json.dumps(topic.as_json(), ensure_ascii=False))
            continue
        print(f"#{rank} {topic.label}: {topic.count} posts from {topic.askers} people")
        for example in topic.examples:
            print(f"    - {example}")
    if not found and not args.json:
        print("no recurring unanswered questions")
    return 0


def _since(value: str | None, timezone: str) -> datetime | None:
    """YYYY-MM-DD as the start of that day in the list's timezone."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ListbotError(f"--since {value!r}: write the date as YYYY-MM-DD") from None
    return datetime.combine(day, time(0), ZoneInfo(timezone))
