"""Benchmark: `listbot replay` over a 10,000-message mbox built from the dev corpus.

Prints messages per second and peak memory (max RSS of the child process), beside bare stdlib parsing
(email.message_from_bytes with policy.default, plus get_body().get_content()) of the same mbox as the
reference, measured one after the other in the same run, and replay's rate as a share of bare parsing's.
The mbox repeats the dev corpus with a new Message-ID per copy; ``--unique`` builds it instead from every
labelled message of the corpora once (about 1,100, none repeated: nothing a cache could remember).
Run: .venv/bin/python benchmarks/replay.py [--messages 10000] [--unique]
"""

from __future__ import annotations

import argparse
import json
import mailbox
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "faq" / "dev"

BARE = """
import email, email.policy, mailbox, sys, time
box = mailbox.mbox(sys.argv[1], factory=None, create=False)
start = time.perf_counter(); n = 0
for key in box.iterkeys():
    msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    body = msg.get_body(("plain", "html"))
    if body is not None:
        try:
            body.get_content()
        except Exception:
            pass
    n += 1
print(n, time.perf_counter() - start)
"""


def build_mbox(path: Path, count: int, unique: bool = False) -> int:
    files = sorted(CORPUS.glob("*.eml"))
    if unique:
        files = sorted((ROOT / "tests" / "corpus").rglob("*.eml"))
        count = len(files)
    if not files:
        sys.exit(f"no .eml files under {CORPUS}")
    box = mailbox.mbox(str(path))
    box.lock()
    for i in range(count):
        raw = files[i % len(files)].read_bytes()
        # A unique Message-ID per copy, so that the pipeline does not skip them as seen.
        raw = raw.replace(b"Message-ID: <", f"Message-ID: <b{i}.".encode(), 1).replace(
            b"Message-Id: <", f"Message-Id: <b{i}.".encode(), 1
        )
        box.add(raw)
    box.flush()
    box.unlock()
    return count


_MEASURE = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(p.stdout)\n"
    "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(p.returncode)\n"
)


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in KiB of that command alone (measured by a wrapper), its stdout."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]), done.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--unique", action="store_true", help="every corpus message once, none repeated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        mbox = Path(tmp) / "bench.mbox"
        n = build_mbox(mbox, args.messages, args.unique)
        size = mbox.stat().st_size
        bare_s, bare_rss, bare_out = run([sys.executable, "-c", BARE, str(mbox)])
        bot_s, bot_rss, bot_out = run(
            [
                sys.executable,
                "-m",
                "listbot.cli",
                "replay",
                "--json",
                "-c",
                str(ROOT / "config" / "listbot.yaml"),
                str(mbox),
            ]
        )
        summary = json.loads(bot_out.strip().splitlines()[-1])["summary"]
    built = "every message of tests/corpus once" if args.unique else str(CORPUS.relative_to(ROOT))
    print(f"mbox: {n} messages, {size / 1e6:.1f} MB, built from {built}")
    print(
        f"stdlib parse only : {n / bare_s:8.0f} msg/s  ({bare_s:6.1f} s wall, peak RSS {bare_rss / 1024:6.0f} MiB)"
    )
    print(
        f"listbot replay    : {n / bot_s:8.0f} msg/s  ({bot_s:6.1f} s wall, peak RSS {bot_rss / 1024:6.0f} MiB)"
    )
    print(
        f"ratio             : listbot replay runs at {bare_s / bot_s:.0%} of the rate of bare parsing "
        f"(takes {bot_s / bare_s:.1f}x the time)"
    )
    print(f"replay summary    : {json.dumps(summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
