"""Benchmark: does listbot learn? A labelled stream replayed in date order, with and without learning.

listbot's own pipeline runs in a throw-away state in live mode with no wait. A simulated moderator resolves
every review item per the labels at once (``listbot.app.review.decide_answer``): send as proposed when the
proposed FAQ is the expected one, send another FAQ when the expected one is another, else do not answer
("wrong FAQ" for a question that is no FAQ, "not an FAQ question" for the rest). Simulated members vote on
every answer they get (``listbot.app.learning.record_vote``): helpful when it was the expected FAQ, else "it
did not help", which disputes it, and the moderator resolves that the same way. "Without learning" is the
same stream and the same people, with a matcher that never takes what they taught.

Figures per quarter and overall: precision (right FAQ among the answers the bot sent by itself), recall (FAQ
questions the bot answered by itself with the right FAQ), reviews, and machine mail answered (must be 0).
Then ``listbot gaps`` over each stream's posts: is each recurring topic of the labels (other-question posts)
among the top topics, with most of its posts?

Run: .venv/bin/python benchmarks/learning.py [tests/corpus/stream/dev ...]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from listbot.app import gaps, learning, review
from listbot.app.pipeline import Pipeline
from listbot.config import Config, load
from listbot.core.match import Matcher
from listbot.core.read import read_post
from listbot.store import Store

ROOT = Path(__file__).resolve().parent.parent
STREAMS = tuple(
    ROOT / "tests" / "corpus" / "stream" / name for name in ("dev", "dev2", "dev3", "holdout", "holdout2")
)
MACHINE = ("auto-reply", "bounce")
NEVER = (*MACHINE, "quoted-only")
MODERATOR = "balint-moderators@americanbalintsociety.org"


def stream_config() -> Config:
    """The shipped configuration in live mode, answering at once (no wait for a person to reply first)."""
    config = load(ROOT / "config" / "listbot.yaml")
    answers = config.settings.answers.model_copy(update={"wait_minutes": 0})
    settings = config.settings.model_copy(update={"mode": "live", "answers": answers})
    return Config(config.path, settings, config.faq, config.calls)


def labels_of(folder: Path) -> list[dict[str, str]]:
    with open(folder / "labels.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sorted(rows, key=lambda r: (datetime.fromisoformat(r["date"]).astimezone(UTC), r["file"]))


@dataclass
class Run:
    rows: list[dict[str, str]] = field(default_factory=list)  # label + action + faq + quarter
    taught: int = 0
    taught_by: dict[str, int] = field(default_factory=dict)  # source (review, vote) -> examples

    def figures(self, rows: list[dict[str, str]] | None = None) -> dict[str, float]:
        rows = self.rows if rows is None else rows
        answers = [r for r in rows if r["action"] == "answer"]
        right = [r for r in answers if r["faq"] == r["expected"]]
        questions = [r for r in rows if r["expected"] != "-"]
        return {
            "posts": len(rows),
            "questions": len(questions),
            "answers": len(answers),
            "right": len(right),
            "precision": len(right) / len(answers) if answers else 1.0,
            "recall": len(right) / len(questions) if questions else 0.0,
            "reviews": sum(r["action"] == "review" for r in rows),
            "machine": sum(r["category"] in MACHINE and r["action"] == "answer" for r in rows),
            "never": sum(r["category"] in NEVER and r["action"] == "answer" for r in rows),
        }

    def quarters(self) -> dict[str, dict[str, float]]:
        by: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in self.rows:
            by[r["quarter"]].append(r)
        return {q: self.figures(rows) for q, rows in sorted(by.items())}


def _resolve(
    config: Config, store: Store, item: review.ReviewItem, label: dict[str, str], now: datetime
) -> None:
    """The simulated moderator: per the labels."""
    expected = label["expected"]
    if expected != "-" and item.row.faq == expected:
        review.decide_answer(config, store, item.id, "send", MODERATOR, now)
    elif expected != "-":
        review.decide_answer(config, store, item.id, "send-other", MODERATOR, now, faq=expected)
    else:
        reason: review.DropReason = "wrong-faq" if label["category"] == "other-question" else "not-faq"
        review.decide_answer(config, store, item.id, "drop", MODERATOR, now, reason=reason)


def simulate(folder: Path, learn: bool, config: Config | None = None) -> Run:
    config = config or stream_config()
    run = Run()
    with (
        tempfile.TemporaryDirectory(prefix="listbot-learning-") as tmp,
        Store(Path(tmp) / "s.sqlite3") as store,
    ):
        pipeline = Pipeline(config, store, matcher=None if learn else Matcher(config.faq_entries))
        clock = datetime(1970, 1, 1, tzinfo=UTC)
        for label in labels_of(folder):
            raw = (folder / label["file"]).read_bytes()
            post = read_post(raw, config.settings.max_message_bytes)
            clock = max(clock, post.date or datetime.fromisoformat(label["date"]))
            outcome = pipeline.process(raw, f"file:{label['file']}", clock, post=post)
            mid = post.message_id
            for item in review.queue(store):
                if item.row.message_id == mid and item.row.kind == "answer":
                    _resolve(config, store, item, label, clock)
            if outcome.decision.action == "answer" and not outcome.duplicate:
                store.mark_sent(f"answer:{mid}", clock)  # members vote on answers that went out
                helpful = outcome.decision.faq == label["expected"]
                learning.record_vote(config, store, f"answer:{mid}", helpful, clock)
                for item in review.queue(store):
                    if item.row.message_id == mid and item.row.kind == "disputed":
                        _resolve(config, store, item, label, clock)
            when = datetime.fromisoformat(label["date"])
            run.rows.append(
                {
                    **label,
                    "action": outcome.decision.action,
                    "faq": outcome.decision.faq or "-",
                    "quarter": f"{when.year}-Q{(when.month - 1) // 3 + 1}",
                    "why": " | ".join(outcome.decision.reasons),
                    "score": f"{outcome.decision.score or 0:.3f}",
                }
            )
        learned = store.learned_all()
        run.taught = len(learned)
        run.taught_by = dict(Counter(r.source for r in learned))
    return run


def gap_check(folder: Path, config: Config | None = None, top: int | None = None) -> list[dict[str, object]]:
    """For each recurring topic planted in the labels (other-question posts, not 'one-off'): the rank of the
    gaps topic holding most of its posts, and how many of its posts that topic holds."""
    config = config or stream_config()
    labels = {r["file"]: r for r in labels_of(folder)}
    file_of = {read_post((folder / f).read_bytes()).message_id: f for f in labels}
    found = gaps.topics_of_source(config, folder, None)
    planted: dict[str, set[str]] = defaultdict(set)
    for r in labels.values():
        if r["category"] == "other-question" and r["topic"] not in ("-", "one-off"):
            planted[r["topic"]].add(r["file"])
    top = top if top is not None else len(planted) + 2
    out = []
    for name, files in sorted(planted.items()):
        best_rank, best_hits = 0, 0
        for rank, topic in enumerate(found, start=1):
            hits = len(files & {file_of.get(m, "") for m in topic.message_ids})
            if hits > best_hits:
                best_rank, best_hits = rank, hits
        out.append(
            {
                "topic": name,
                "posts": len(files),
                "rank": best_rank,
                "held": best_hits,
                "label": found[best_rank - 1].label if best_rank else "-",
                "ok": 0 < best_rank <= top and best_hits * 2 > len(files),
            }
        )
    return out


def _line(name: str, f: dict[str, float]) -> str:
    return (
        f"{name:9} posts {f['posts']:3.0f}  FAQ questions {f['questions']:3.0f}  answers {f['answers']:3.0f}  "
        f"precision {f['precision']:.3f}  recall {f['recall']:.3f}  reviews {f['reviews']:3.0f}  "
        f"machine mail answered {f['machine']:.0f}"
    )


def report(folder: Path) -> None:
    config = stream_config()
    without, with_ = simulate(folder, False, config), simulate(folder, True, config)
    print(f"== {folder.relative_to(ROOT)}")
    for title, run in (("without learning", without), ("with learning", with_)):
        print(
            f"-- {title}" + (f" ({run.taught} examples and counter-examples taught)" if run is with_ else "")
        )
        for quarter, figures in run.quarters().items():
            print("  " + _line(quarter, figures))
        print("  " + _line("overall", run.figures()))
    a, b = without.figures(), with_.figures()
    print(
        f"-- learning: recall {b['recall'] - a['recall']:+.3f} (target >= +0.10), precision {b['precision']:.3f} "
        f"(target >= 0.97), machine mail answered {b['machine']:.0f} (must be 0)"
    )
    checks = gap_check(folder, config)
    print(
        f"-- listbot gaps: each planted recurring topic among the top {len(checks) + 2}, holding most of its posts"
    )
    for c in checks:
        print(
            f"  {'ok  ' if c['ok'] else 'MISS'} {c['topic']:24} {c['held']}/{c['posts']} posts in topic "
            f"#{c['rank']} {c['label']!r}"
        )
    print()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", type=Path, default=list(STREAMS))
    args = parser.parse_args()
    for folder in args.folders:
        report(folder.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
