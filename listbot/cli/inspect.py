"""``listbot check``, ``listbot match`` and ``listbot replay``: print what the application functions return."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from listbot import config as config_module
from listbot.app import inspect, sources
from listbot.cli.shared import eml_files
from listbot.clock import utcnow
from listbot.model import Decision, Post


def check(args: argparse.Namespace) -> int:
    """Validate listbot.yaml, faq.yaml, calls.yaml and the templates; render every FAQ answer once."""
    cfg = config_module.load(args.config)
    print(inspect.check(cfg, utcnow()))
    return 0


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
