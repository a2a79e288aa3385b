"""Measure FAQ answering on a labelled corpus. Used by tests/test_faq_corpus.py and by hand:

    .venv/bin/python tests/faq_eval.py tests/corpus/faq/dev [-v]

Each file is decided as if it were the first post seen (what `listbot match` does). Figures:
precision = right FAQ among answers; recall = FAQ questions answered with the right FAQ;
answers to posts that must never be answered (auto-replies, bounces, the bot's own mail, quoted-only).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from listbot.app.pipeline import Pipeline
from listbot.config import Config, load
from listbot.core.read import read_post
from listbot.model import History
from listbot.store import Store

ROOT = Path(__file__).resolve().parent.parent
NEVER = ("auto-reply", "bounce", "bot-own", "quoted-only")


@dataclass
class Result:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _answered(self, action: str = "answer") -> list[dict[str, str]]:
        return [r for r in self.rows if r["action"] == action]

    @property
    def precision(self) -> float:
        answers = self._answered()
        return sum(r["faq"] == r["expected"] for r in answers) / len(answers) if answers else 1.0

    @property
    def recall(self) -> float:
        questions = [r for r in self.rows if r["expected"] != "-"]
        return sum(r["action"] == "answer" and r["faq"] == r["expected"] for r in questions) / len(questions)

    def never_answered(self) -> list[dict[str, str]]:
        return [r for r in self.rows if r["category"] in NEVER and r["action"] == "answer"]

    def per_category(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.rows:
            table[r["category"]]["posts"] += 1
            table[r["category"]][r["action"]] += 1
            if r["action"] == "answer":
                table[r["category"]]["right" if r["faq"] == r["expected"] else "wrong"] += 1
        return table

    def report(self) -> str:
        lines = [
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"answers {len(self._answered())}  reviews {len(self._answered('review'))}  "
            f"never-answer violations {len(self.never_answered())}  errors {len(self.errors)}"
        ]
        lines.append(
            f"{'category':16} {'posts':>5} {'answer':>6} {'right':>5} {'wrong':>5} {'review':>6} {'ignore':>6}"
        )
        for cat, c in sorted(self.per_category().items()):
            lines.append(
                f"{cat:16} {c['posts']:5} {c['answer']:6} {c['right']:5} {c['wrong']:5} {c['review']:6} "
                f"{c['ignore']:6}"
            )
        return "\n".join(lines)


def evaluate(folder: Path, config: Config | None = None) -> Result:
    cfg = config or load(ROOT / "config" / "listbot.yaml")
    pipeline = Pipeline(cfg, Store(":memory:"))
    result = Result()
    with open(folder / "labels.csv", newline="", encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    for label in labels:
        raw = (folder / label["file"]).read_bytes()
        try:
            post = read_post(raw, cfg.settings.max_message_bytes)
            decision = pipeline.judge(post, History(), post.date or datetime.now(UTC))
        except Exception as exc:  # counted and reported: the test asserts there are none
            result.errors.append(f"{label['file']}: {type(exc).__name__}: {exc}")
            continue
        result.rows.append(
            {
                **label,
                "action": decision.action,
                "faq": decision.faq or "-",
                "score": "" if decision.score is None else f"{decision.score:.2f}",
                "why": " | ".join(decision.reasons),
            }
        )
    return result


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    result = evaluate(folder)
    print(result.report())
    if "-v" in argv:
        for r in result.rows:
            right = r["faq"] == r["expected"] and r["action"] == "answer"
            missed = r["expected"] != "-" and not right
            false = r["action"] == "answer" and r["faq"] != r["expected"]
            if missed or false or (r["action"] == "review"):
                flag = "FALSE" if false else ("MISS " if missed else "REVW ")
                print(
                    f"{flag} {r['file']} [{r['category']}] exp={r['expected']} got={r['action']}:{r['faq']} "
                    f"{r['score']} :: {r['why'][:230]}"
                )
    for e in result.errors:
        print("ERROR", e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
