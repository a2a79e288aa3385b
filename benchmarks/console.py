"""Benchmark: the console's server time with 100,000 stored posts, and the daemon's memory with the console on.

Builds a state file of N posts (the dev corpus read and decided once, then recorded again and again under
new Message-IDs over a year, with their answers and 200 open review items), then times each page in
process (Starlette's TestClient: routing, the store's queries, rendering) and prints p50/p95 per page.
Then starts `listbot run` (LMTP in, console on) on that state file, loads each page once over HTTP, and
prints the daemon's resident memory. Run:

    .venv/bin/python benchmarks/console.py [--posts 100000] [--requests 40]
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from listbot.app import access  # noqa: E402
from listbot.app.pipeline import Pipeline  # noqa: E402
from listbot.app.reload import LiveConfig  # noqa: E402
from listbot.config import load  # noqa: E402
from listbot.core.read import read_post  # noqa: E402
from listbot.model import History  # noqa: E402
from listbot.store import Store  # noqa: E402
from listbot.web.app import Console, create_app  # noqa: E402

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
MOD = "balint-moderators@americanbalintsociety.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_config(folder: Path, console_port: int, lmtp_port: int) -> Path:
    text = (ROOT / "config" / "listbot.yaml").read_text()
    text = text.replace("state: ../state/listbot.sqlite3", f"state: {folder / 'state.sqlite3'}")
    text = text.replace("templates: ../templates", f"templates: {ROOT / 'templates'}")
    text = text.replace("faq_file: faq.yaml", f"faq_file: {ROOT / 'config' / 'faq.yaml'}")
    text = text.replace("calls_file: calls.yaml", f"calls_file: {folder / 'calls.yaml'}")
    text = text.replace("source: imap", "source: lmtp")  # shadow mode: nothing is sent
    text = text.replace("  port: 8024", f"  port: {lmtp_port}")
    text = text.replace("console:\n  enabled: false", "console:\n  enabled: true")
    text = text.replace("listen: 127.0.0.1:8025", f"listen: 127.0.0.1:{console_port}")
    text = text.replace("base_url: http://127.0.0.1:8025", f"base_url: http://127.0.0.1:{console_port}")
    (folder / "calls.yaml").write_text("calls: []\n")
    path = folder / "listbot.yaml"
    path.write_text(text)
    return path


def fill(config_path: Path, posts: int) -> None:
    """N posts recorded as the pipeline records them (the decisions are the real ones for the corpus)."""
    config = load(config_path).replace(mode="review")
    store = Store(config.state_path)
    pipeline = Pipeline(config, store)
    decided = []
    for path in sorted(
        (ROOT / "tests" / "corpus" / "faq" / "dev").glob("*.eml")
    ):  # decided as in review mode
        post = read_post(path.read_bytes())
        decided.append((post, pipeline.judge(post, History(), post.date or NOW)))
    start = NOW - timedelta(days=365)
    step = timedelta(days=365) / posts
    with store.transaction():
        for i in range(posts):
            post, decision = decided[i % len(decided)]
            when = start + step * i
            copy = replace(post, message_id=f"b{i}.{post.message_id}", date=when)
            store.record_post(copy, decision, f"bench:{i}", when, seconds=0.004)
            if decision.action != "ignore" and decision.faq:
                key = f"answer:{copy.message_id}"
                held = i >= posts - 200
                store.enqueue(
                    key,
                    "answer",
                    "",
                    (copy.author,),
                    b"Subject: x\r\n\r\nx\r\n",
                    when,
                    author=copy.author,
                    faq=decision.faq,
                    status="held" if held else "sent",
                )
                if held:
                    best = decision.match.best if decision.match else None
                    store.review_add(
                        "answer", copy.message_id, when, faq=decision.faq, score=decision.score,
                        question=best.sentence if best else None, outbox_key=key,
                    )  # fmt: skip
    store.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_pages(config_path: Path, requests: int) -> list[tuple[str, float, float]]:
    from starlette.testclient import TestClient

    config = load(config_path)
    console = Console(LiveConfig(config), lambda: NOW)
    client = TestClient(create_app(console), base_url="http://127.0.0.1")
    with Store(config.state_path) as store:
        link = access.signin_link(config, store, MOD, NOW)
        post_id = store.posts_page(limit=1, offset=5000)[0][0].id
    path = link.split("127.0.0.1", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    pre = re.search(r'name="pre" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/" + path, data={"pre": pre})
    pages = [
        ("/", "/"),
        ("/posts (first page)", "/posts"),
        ("/posts?action=answer&faq=...", "/posts?action=answer&faq=balint-basics"),
        ("/posts?q=curriculum", "/posts?q=curriculum"),
        ("/posts/<id>", f"/posts/{post_id}"),
        ("/review", "/review"),
    ]
    out = []
    for name, url in pages:
        assert client.get(url).status_code == 200, url  # warm-up
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        out.append((name, statistics.median(times), percentile(times, 0.95)))
    return out


def daemon_rss(config_path: Path, console_port: int) -> tuple[float, float]:
    """The daemon's resident memory (MiB) when ready, and after each page was served once."""
    process = subprocess.Popen(
        [sys.executable, "-m", "listbot.cli", "run", "-c", str(config_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{console_port}/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        ready = _rss(process.pid)
        for path in ("/login", "/healthz", "/metrics"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{console_port}{path}", timeout=30).close()
            except urllib.error.HTTPError as exc:  # /healthz is 503 without an IMAP contact: an answer
                exc.close()
        return ready, _rss(process.pid)
    finally:
        process.terminate()
        process.wait(30)


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        console_port = free_port()
        config_path = write_config(folder, console_port, free_port())
        began = time.perf_counter()
        fill(config_path, args.posts)
        print(f"state: {args.posts} posts recorded in {time.perf_counter() - began:.0f} s")
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8}")
        for name, p50, p95 in time_pages(config_path, args.requests):
            print(f"{name:34} {p50:8.1f} {p95:8.1f}")
        ready, after = daemon_rss(config_path, console_port)
        print(
            f"daemon with the console on: RSS {ready:.0f} MiB when ready, {after:.0f} MiB after serving pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
