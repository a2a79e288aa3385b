"""Benchmark: latency from APPEND to Dovecot until the answer is accepted at the SMTP sink, and the daemon's memory.

Starts a private Dovecot and an aiosmtpd sink on loopback (tests/servers.py), runs ``listbot run`` as a child
process (mode live, answers.wait_minutes 0), then APPENDs FAQ questions one at a time and waits for each answer.
Dovecot itself announces new mail to an IDLE client about 0.5 s after it arrives, which is the floor here.
Prints p50 / p90 / p99 / max latency and the daemon's peak resident memory (VmHWM). Not a test.

Run: .venv/bin/python benchmarks/latency.py [--posts 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    BOT_PASSWORD,
    BOT_USER,
    DaemonProcess,
    Dovecot,
    SmtpSink,
    list_copy,
    make_base_dir,
    write_config,
)

QUESTIONS = (
    "Where can I find the Balint Basics curriculum materials on the website?",
    "Is there an organizational chart of the ABS showing which committees are looking for new members?",
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[index]


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for one answer")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="listbot-latency-"))
    sink = SmtpSink()
    sink.start()
    dovecot = Dovecot(make_base_dir(), {BOT_USER: BOT_PASSWORD}, smtp_port=sink.port)
    dovecot.start()
    config = write_config(work / "listbot", dovecot, sink)
    daemon = DaemonProcess(config, work / "daemon.log")
    latencies: list[float] = []
    missed = 0
    try:
        started = time.monotonic()
        daemon.start()
        daemon.wait_ready()
        ready = time.monotonic() - started
        assert daemon.process is not None
        rss_idle = memory_kib(daemon.process.pid, "VmRSS")
        for i in range(args.posts):
            _, raw = list_copy(f"bench{i:04d}@example.org", f"Question {i}", QUESTIONS[i % 2])
            before = len(sink.messages())
            appended = time.time()
            dovecot.append(BOT_USER, raw)
            try:
                received = sink.wait_for(before + 1, timeout=args.timeout)[before]
            except TimeoutError:
                missed += 1
                continue
            latencies.append(received.at - appended)
        peak = memory_kib(daemon.process.pid, "VmHWM")
        rss_end = memory_kib(daemon.process.pid, "VmRSS")
        code = daemon.terminate()
    finally:
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.process.kill()
        dovecot.stop()
        sink.stop()
        shutil.rmtree(dovecot.base, ignore_errors=True)

    print(f"posts: {args.posts}, answered: {len(latencies)}, missed: {missed}")
    print(f"daemon start until watching: {ready:.2f} s")
    if latencies:
        print(
            "latency APPEND -> answer accepted at the sink: "
            f"p50 {percentile(latencies, 50) * 1000:.0f} ms, p90 {percentile(latencies, 90) * 1000:.0f} ms, "
            f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms, "
            f"mean {statistics.fmean(latencies) * 1000:.0f} ms"
        )
    print(
        f"daemon memory: RSS {rss_idle / 1024:.1f} MiB when ready, {rss_end / 1024:.1f} MiB at the end, "
        f"peak (VmHWM) {peak / 1024:.1f} MiB"
    )
    print(f"daemon exit status after SIGTERM: {code}; log: {daemon.log}")
    return 0 if not missed and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
