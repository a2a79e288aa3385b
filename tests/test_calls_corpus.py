"""Regression figures for call detection and deadline extraction on the labelled corpus.

Dev sets (tests/corpus/calls/dev, and dev2, written independently of it): the issue's bar is asserted on
each. Holdout (tests/corpus/calls/holdout): the same figures are computed, printed and asserted one error
wider, but nobody reads or tunes on it -- when it misses, we report it.

    .venv/bin/pytest -s tests/test_calls_corpus.py        # prints the figures
    .venv/bin/python tests/test_calls_corpus.py [dev|dev2|holdout] [-v]   # the figures (misses with -v)
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from listbot.core.calls import extract
from listbot.core.read import read_post

CORPUS = Path(__file__).parent / "corpus" / "calls"


@dataclass
class Figures:
    name: str
    calls: int = 0
    others: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    stated: int = 0  # detected calls whose label states a deadline
    exact: int = 0  # ... where we found exactly that date
    exact_full: int = 0  # ... and the same time and timezone
    wrong: int = 0  # detected calls where we gave a deadline that is not the labelled one
    missed_deadline: int = 0  # stated, but we found none
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.stated if self.stated else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.tp if self.tp else 0.0

    def line(self) -> str:
        return (
            f"{self.name}: {self.calls} calls, {self.others} others | detection precision {self.precision:.3f}"
            f" recall {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn}) | exact deadline"
            f" {self.exact}/{self.stated} = {self.exact_rate:.3f} (with time+zone {self.exact_full}) | wrong"
            f" deadline {self.wrong}/{self.tp} = {self.wrong_rate:.3f} | none found {self.missed_deadline}"
        )


def evaluate(folder: Path) -> Figures:
    figures = Figures(folder.name)
    with (folder / "labels.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        info = extract(read_post((folder / row["file"]).read_bytes()))
        truth = row["is_call"].strip().lower() in ("1", "true", "yes", "y")
        figures.calls += truth
        figures.others += not truth
        if truth and not info.is_call:
            figures.fn += 1
            figures.misses.append(f"{row['file']}: missed call ({row['note']}) {info.reasons[:3]}")
            continue
        if not truth:
            if info.is_call:
                figures.fp += 1
                figures.misses.append(f"{row['file']}: false call ({row['note']}) {info.reasons[:4]}")
            continue
        figures.tp += 1
        want = row["deadline"].strip() or None
        got = info.deadline.day.isoformat() if info.deadline else None
        got_time = info.deadline.at.strftime("%H:%M") if info.deadline and info.deadline.at else ""
        got_zone = (info.deadline.timezone or "") if info.deadline else ""
        if want:
            figures.stated += 1
            if got == want:
                figures.exact += 1
                if (got_time, got_zone) == (row["deadline_time"].strip(), row["timezone"].strip()):
                    figures.exact_full += 1
                else:
                    figures.misses.append(
                        f"{row['file']}: time/zone {got_time or '-'} {got_zone or '-'} want"
                        f" {row['deadline_time'] or '-'} {row['timezone'] or '-'}"
                    )
            elif got is None:
                figures.missed_deadline += 1
                figures.misses.append(
                    f"{row['file']}: no deadline, want {want} ({row['note']}) {info.reasons[-2:]}"
                )
        if got is not None and got != want:
            figures.wrong += 1
            figures.misses.append(
                f"{row['file']}: WRONG {got} want {want} ({row['note']}) {info.reasons[-2:]}"
            )
    return figures


def _check(figures: Figures) -> list[str]:
    failures = []
    if figures.precision < 0.95:
        failures.append(f"precision {figures.precision:.3f} < 0.95")
    if figures.recall < 0.90:
        failures.append(f"recall {figures.recall:.3f} < 0.90")
    if figures.exact_rate < 0.90:
        failures.append(f"exact deadline {figures.exact_rate:.3f} < 0.90")
    if figures.wrong_rate > 0.03:
        failures.append(f"wrong deadline {figures.wrong_rate:.3f} > 0.03")
    return failures


DEV_SETS = ("dev", "dev2")


@pytest.mark.parametrize("name", DEV_SETS)
def test_dev_set_meets_the_bar(name: str) -> None:
    """Detection precision >= 0.95, recall >= 0.90, exact deadline >= 90%, wrong deadline <= 3% on each dev set."""
    figures = evaluate(CORPUS / name)
    print("\n" + figures.line())

    assert [] == _check(figures), "\n".join(figures.misses)


def test_holdout_set_is_measured() -> None:
    """The held-out set, written by someone else, is measured, never read or tuned on; misses are not printed.

    The issue's bar is asserted on each dev set. With ~25 held-out calls one error moves a rate by 4 points, so
    here the bar is one error wider; the exact figures go into the closing note.
    """
    figures = evaluate(CORPUS / "holdout")
    print("\nholdout: " + figures.line())

    assert figures.precision >= 0.90 and figures.recall >= 0.85
    assert figures.exact_rate >= 0.85
    assert figures.wrong_rate <= 0.05


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "dev"
    result = evaluate(CORPUS / which)
    print(result.line())
    if "-v" in sys.argv and which != "holdout":  # nobody reads the holdout's misses
        print("\n".join(result.misses))
