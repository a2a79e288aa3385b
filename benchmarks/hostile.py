"""Benchmark: how long one hostile post takes to read, to extract a call from, and to process whole.

Issue 11 (item 5) asks that every post be decided in under 1 s on this machine whatever its size or shape.
Each input is timed a few times and the worst run is printed, for:

- ``read_post``: bytes to a Post (listbot.core.read);
- ``extract``: the call extractor on that Post (listbot.core.calls.extract);
- ``extract (all text)``: the extractor on a Post whose new text is the whole body, as if reading had
  capped nothing: the extractor's own bound;
- ``process``: the pipeline's whole ``process`` (read, guard, match, call, decision, store) on a scratch state.

Not a test: speed is measured here, never asserted.

Run: .venv/bin/python benchmarks/hostile.py [--runs 3] [--only NAME]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from listbot.app.pipeline import Pipeline
from listbot.config import load
from listbot.core.calls import extract
from listbot.core.read import read_post
from listbot.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TIMEZONE = "America/New_York"


def _message(body: bytes, content_type: str = "text/plain; charset=utf-8", subject: str = "A note") -> bytes:
    head = (
        "From: Ann Lee <ann@example.org>\r\n"
        "To: Balint-L <balint-l@lists.americanbalintsociety.org>\r\n"
        f"Subject: {subject}\r\n"
        "Message-ID: <hostile@example.org>\r\n"
        "Date: Mon, 30 Nov 2026 09:30:00 -0500\r\n"
        "List-Id: <balint-l.lists.americanbalintsociety.org>\r\n"
        "MIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return head.encode() + body


def one_line(size: int = 10_000_000) -> bytes:
    """A body of `size` bytes on one line: "word word word ..."."""
    return _message((b"word " * (size // 5))[:size])


def questions(count: int = 40_000) -> bytes:
    """`count` short questions, one a line (~800 KB)."""
    lines = [f"Where is item {i}?" for i in range(count)]
    return _message("\r\n".join(lines).encode())


def html(size: int = 1_000_000) -> bytes:
    """An HTML-only post of about `size` bytes: paragraphs, a table and nested divs, call words included."""
    para = (
        "<p>We invite <b>proposals</b> for workshops; submit your abstract by <i>January 15, 2027</i>."
        " The meeting will be held April 22-25, 2027.</p>\r\n"
    )
    row = "<tr><td>Deadline</td><td>Jan 15</td><td><a href='https://example.org/submit'>submit</a></td></tr>\r\n"
    chunk = para + "<table>" + row * 5 + "</table>" + "<div>" * 20 + "text" + "</div>" * 20 + "\r\n"
    body = "<html><body>" + chunk * (size // len(chunk)) + "</body></html>"
    return _message(body.encode(), "text/html; charset=utf-8", subject="Call for proposals")


def dated(count: int = 20_000) -> bytes:
    """`count` sentences, each naming a deadline date."""
    months = ("January", "February", "March", "April", "May", "June")
    lines = [f"Proposals for track {i} are due {months[i % 6]} {1 + i % 28}, 2027." for i in range(count)]
    return _message(" ".join(lines).encode(), subject="Call for proposals")


def nested(depth: int = 2_000) -> bytes:
    """Multiparts nested `depth` deep, a short text part at the bottom."""
    parts: list[str] = []
    for i in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n')
    inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nWe invite proposals; due January 15, 2027.\r\n"
    closing = "".join(f"\r\n--b{i}--\r\n" for i in reversed(range(depth)))
    body = "".join(parts) + inner + closing
    head, _, rest = body.partition("\r\n\r\n")
    content_type = head.split(": ", 1)[1]
    return _message(rest.encode(), content_type)


INPUTS: dict[str, Callable[[], bytes]] = {
    "10 MB on one line": one_line,
    "40,000 short questions": questions,
    "1 MB HTML post": html,
    "20,000 dated sentences": dated,
    "nested multiparts": nested,
}


def worst(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return max(times)


def measure(name: str, raw: bytes, runs: int, pipeline: Pipeline) -> None:
    """One line: the worst of `runs` times of each step on `raw`, then the caps the extractor said it hit."""
    post = read_post(raw)
    whole = replace(post, new_text=post.body_text)
    t_read = worst(runs, lambda: read_post(raw))
    t_extract = worst(runs, lambda: extract(post, TIMEZONE))
    t_whole = worst(runs, lambda: extract(whole, TIMEZONE))
    serial = iter(range(runs))

    def process() -> None:
        unique = raw.replace(
            b"<hostile@example.org>", f"<hostile.{name}.{next(serial)}@example.org>".encode()
        )
        pipeline.process(unique, "bench", NOW)

    t_process = worst(runs, process)
    print(
        f"{name:26} {len(raw):>10,} {t_read:>10.3f} {t_extract:>9.3f} {t_whole:>11.3f} {t_process:>9.3f}",
        flush=True,
    )
    caps = [r for r in extract(whole, TIMEZONE).reasons if r.startswith("only ")]
    if caps:
        print(f"{'':26} caps: {'; '.join(caps)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="one input, by a word of its name")
    args = parser.parse_args()
    config = load(ROOT / "config" / "listbot.yaml")
    print(f"worst of {args.runs} runs, seconds")
    print(f"{'input':26} {'bytes':>10} {'read_post':>10} {'extract':>9} {'(all text)':>11} {'process':>9}")
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "h.sqlite3") as store:
        pipeline = Pipeline(config, store)
        for name, build in INPUTS.items():
            if not args.only or args.only.lower() in name.lower():
                measure(name, build(), args.runs, pipeline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
