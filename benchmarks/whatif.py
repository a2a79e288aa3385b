"""Benchmark: "what would change" over 5,000 recorded posts (the issue asks for under 5 s on this machine).

A throw-away state is filled with copies of the labelled corpora's posts (read and decided once, recorded
with unique Message-IDs over the last 170 days, as the daemon records them), then
``listbot.app.whatif.compare`` runs three ways: the files as they are against the recorded decisions (what
``listbot check --what-if`` does), an FAQ edit (one more example question), and a threshold edit.

Run: .venv/bin/python benchmarks/whatif.py [--posts 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from listbot.app import whatif
from listbot.app.pipeline import Pipeline
from listbot.config import Config, FaqFile, load
from listbot.core import guard
from listbot.core.read import read_post
from listbot.core.subjects import is_reply
from listbot.model import History
from listbot.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "tests" / "corpus" / "faq" / n for n in ("dev", "dev2")] + [
    ROOT / "tests" / "corpus" / "stream" / "dev"
]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def fill(config: Config, store: Store, count: int) -> None:
    """``count`` posts recorded as the pipeline records them, cycling over the corpora's posts."""
    pipeline = Pipeline(config, store)
    read = []
    for folder in CORPORA:
        for path in sorted(folder.glob("*.eml")):
            post = read_post(path.read_bytes())
            automation = guard.automation_reasons(post, config.settings)
            read.append(
                (post, automation, pipeline.judge(post, History(), post.date or NOW, automation=automation))
            )
    with store.transaction():
        for i in range(count):
            post, automation, decision = read[i % len(read)]
            when = NOW - timedelta(days=170) + timedelta(minutes=49 * i)
            copy = replace(post, message_id=f"w{i}.{post.message_id}", date=when)
            store.record_post(
                copy, decision, f"bench:{i}", when, automated=bool(automation), is_reply=is_reply(post)
            )


def edited_faq(config: Config) -> FaqFile:
    """Edits a moderator saves: one more example question on one entry, another entry switched off."""
    entries = tuple(
        e.model_copy(update={"examples": (*e.examples, "Where do I find the Balint Basics handouts?")})
        if e.id == "balint-basics"
        else e.model_copy(update={"enabled": False})
        if e.id == "org-chart"
        else e
        for e in config.faq.entries
    )
    return config.faq.model_copy(update={"entries": entries})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=5000)
    args = parser.parse_args()
    config = load(ROOT / "config" / "listbot.yaml")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.sqlite3") as store:
        fill(config, store, args.posts)
        looser = config.settings.answers.model_copy(update={"answer_threshold": 0.28})
        for name, kwargs in (
            ("files as they are vs recorded", {}),
            ("FAQ edit (example; org-chart off)", {"faq": edited_faq(config)}),
            ("threshold edit (answer 0.28)", {"answers": looser}),
        ):
            started = time.perf_counter()
            result = whatif.compare(config, store, NOW, days=180, **kwargs)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            print(
                f"{name:32} {result.posts} posts in {seconds:5.2f} s: newly answered {len(result.newly_answered)}, "
                f"no longer answered {len(result.no_longer_answered)}, another FAQ {len(result.another_faq)}; "
                f"answered {result.before['answer']} -> {result.after['answer']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
