"""Benchmark: a soak of 20,000 posts through LMTP into a running daemon with the console on, answers to a sink.

Starts an aiosmtpd sink in this process (tests/servers.py) and ``listbot run`` as a child process: source lmtp
on a loopback port, the console on, mode live with no human-first wait (see ``write_soak_config`` for every
setting changed, and why). Builds N posts from templates -- every message of the labelled corpora
(tests/corpus) with new headers, plus the questions of config/faq.yaml asked in plain posts -- each with its
own Message-ID, its own thread and its own author at example.org. Each template is decided once in this
process by the daemon's own Pipeline (as for a first post: no history), which says what the daemon should do:
answer (an FAQ question), a call for submissions (registered, never answered), or nothing (discussion,
thanks, announcements, automatic mail). Templates the bot would send to review, or that are mail to the bot
itself, are left out. The mix: --faq-share answers, --call-share calls, the rest discussion.

The posts go in over LMTP from --clients threads, as fast as the daemon accepts them; the console's /healthz,
/metrics and two signed-in pages are loaded every --console-every seconds meanwhile. The run ends when the
state file (read only) shows every post processed and nothing left to send, and the sink holds the answers.

Prints: posts delivered and the delivery rate; the end-to-end rate (until every post was processed and the
last answer reached the sink); answers expected vs received; lost and doubled posts (both must be 0); the
daemon's resident memory (VmRSS) after the first --baseline posts were processed and after the run, and the
ratio (must be within 1.10). Exits 1 when anything was lost or doubled or memory grew more than 10%. The
memory limit is judged only when at least twice --baseline posts ran: over the first thousand or so posts the
daemon's memory grows by design while its bounded caches fill (the parsed-header cache in listbot/core/read.py
holds 4,096 headers, about 30 MiB), so a shorter run (--posts 500) reports the ratio without judging it.
Not a test.

Run: .venv/bin/python benchmarks/soak.py [--posts 20000] [--clients 4]     (--posts 500: a smoke check)
"""

from __future__ import annotations

import argparse
import http.cookiejar
import random
import re
import shutil
import smtplib
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from listbot.app.pipeline import Pipeline  # noqa: E402
from listbot.config import load  # noqa: E402
from listbot.core.read import read_post  # noqa: E402
from listbot.mail.smtp_in import with_return_path  # noqa: E402
from listbot.model import History  # noqa: E402
from listbot.store import Store  # noqa: E402
from tests.servers import (  # noqa: E402
    BOT_ADDRESS,
    LIST_ADDRESS,
    LIST_ID,
    DaemonProcess,
    SmtpSink,
    free_port,
    list_copy,
    write_config,
)

CORPUS = ROOT / "tests" / "corpus"
LIST_BOUNCES = "balint-l-bounces@lists.example.org"  # the list server's envelope sender for its copies
MODERATOR = "moderators@example.org"  # tests/servers.py's config
CRLF = b"\r\n"
AUTHOR = b"\x00AUTHOR\x00"  # where the author's address goes in a template's header
# Header fields a template does not keep: each post gets its own identity, date and thread.
DROPPED = re.compile(
    rb"^(received|message-id|date|in-reply-to|references|return-path|delivered-to|x-original-to|"
    rb"dkim-signature|arc-[a-z-]+|authentication-results|received-spf):",
    re.IGNORECASE,
)
# The corpus was written for the Society's list; here the list, the bot and their servers are example.org.
DOMAINS = (
    (b"balint-bot@americanbalintsociety.org", BOT_ADDRESS.encode()),
    (b"balint-l@lists.americanbalintsociety.org", LIST_ADDRESS.encode()),
    (b"balint-l.lists.americanbalintsociety.org", LIST_ID.encode()),
    (b"americanbalintsociety.org", b"example.org"),
)
GREETINGS = ("Hi all,", "Dear colleagues,", "Hello everyone,")
SIGNOFFS = ("Thanks,\nDana", "Best wishes,\nSam Ortiz, MD", "Many thanks in advance,\nLee")


# -- the posts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    name: str
    head: bytes  # the header fields kept, AUTHOR where the author's address goes
    body: bytes
    local: str  # the author's local part, made unique per post
    mail_from: str  # LMTP MAIL FROM: the list's bounce address, or <> for a template that had it
    in_reply_to: bytes
    references: bytes
    kind: str = ""  # answer | call | ignore (what the daemon should do with it)


@dataclass(frozen=True)
class Post:
    serial: int
    message_id: str
    author: str
    mail_from: str
    raw: bytes
    template: Template


def _fields(head: bytes) -> list[bytes]:
    fields: list[bytes] = []
    for line in head.split(CRLF):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += CRLF + line
        elif line:
            fields.append(line)
    return fields


def _header(fields: list[bytes], name: bytes) -> bytes:
    for f in fields:
        if f.lower().startswith(name.lower() + b":"):
            return f.split(b":", 1)[1].strip()
    return b""


def parse_template(name: str, raw: bytes) -> Template | None:
    """A corpus message as a template: identity, date and thread headers dropped, domains moved to example.org,
    the author's address marked. None when it has no header/body separator or no author to replace."""
    raw = re.sub(rb"\r?\n", CRLF, raw)  # as an MTA sends it: CRLF line ends (the corpus has LF too)
    end = raw.find(CRLF + CRLF)
    if end < 0:
        return None
    fields = _fields(raw[:end])
    body = raw[end + 4 :]
    return_path = _header(fields, b"return-path")
    in_reply_to, references = _header(fields, b"in-reply-to"), _header(fields, b"references")
    kept = []
    for f in fields:
        if DROPPED.match(f):
            continue
        for old, new in DOMAINS:
            f = re.sub(re.escape(old), new, f, flags=re.IGNORECASE)
        kept.append(f)
    head = CRLF.join(kept)
    author = read_post(head + CRLF + CRLF + body).author
    if not author or author in (BOT_ADDRESS, LIST_ADDRESS) or author.encode() not in head.lower():
        return None
    head = re.sub(re.escape(author.encode()), AUTHOR, head, flags=re.IGNORECASE)
    local = re.sub(r"[^a-z0-9._-]", "", author.split("@")[0].lower())[:24] or "member"
    mail_from = "" if return_path.strip() == b"<>" else LIST_BOUNCES
    return Template(name, head, body, local, mail_from, in_reply_to, references)


def faq_templates(config_path: Path) -> Iterator[Template]:
    """The questions faq.yaml answers (its question and examples), asked in plain list posts."""
    config = load(config_path)
    for entry in config.faq_entries:
        for k, question in enumerate((entry.question, *entry.examples)):
            greeting, signoff = GREETINGS[k % 3], SIGNOFFS[(k + 1) % 3]
            subject = ("Question", "A question for the list", "Quick question about the ABS")[k % 3]
            body = f"{greeting}\r\n\r\n{question}\r\n\r\n" + signoff.replace("\n", "\r\n")
            _, raw = list_copy("asker@example.org", subject, body, name="A Member")
            template = parse_template(f"faq.yaml:{entry.id}:{k}", raw)
            if template is not None:
                yield template


def _ids(value: bytes, serial: int, run: str) -> bytes:
    """The template's thread ids, made this post's own: one thread per post, never shared."""
    return re.sub(rb"<([^<>]+)>", lambda m: b"<s%d.%s.%s>" % (serial, run.encode(), m.group(1)), value)


def render(template: Template, serial: int, run: str, date: datetime) -> Post:
    message_id = f"soak.{run}.{serial:05d}@members.example.org"
    author = f"{template.local}.s{serial:05d}@example.org"
    fields = [b"Date: " + format_datetime(date).encode(), b"Message-ID: <" + message_id.encode() + b">"]
    if template.in_reply_to:
        fields.append(b"In-Reply-To: " + _ids(template.in_reply_to, serial, run))
    if template.references:
        fields.append(b"References: " + _ids(template.references, serial, run))
    head = CRLF.join([*fields, template.head.replace(AUTHOR, author.encode())])
    return Post(serial, message_id, author, template.mail_from, head + CRLF + CRLF + template.body, template)


def judge_templates(
    config_path: Path, templates: list[Template], now: datetime
) -> tuple[list[Template], Counter[str]]:
    """What the daemon's pipeline does with each template, as the first post of a new author: its kind.
    Templates it would send to review, or that are mail to the bot, are left out (answers go out directly
    here); so are those whose author could not be made the post's own. Returns the kept templates and why
    the others were left out."""
    config = load(config_path)
    pipeline = Pipeline(config, Store(":memory:"))
    kept: list[Template] = []
    left_out: Counter[str] = Counter()
    for template in templates:
        sample = render(template, 99999, "judge", now)
        prepared = pipeline.prepare(with_return_path(sample.raw, sample.mail_from))
        if prepared.to_bot:
            left_out["mail to the bot"] += 1
            continue
        if prepared.post.author != sample.author:
            left_out["author not made the post's own"] += 1
            continue
        is_call = prepared.call is not None and prepared.call.is_call
        decision = pipeline.judge(prepared.post, History(), now, prepared.match, prepared.automation, is_call)
        if decision.action == "review":
            left_out["review"] += 1
            continue
        kind = "answer" if decision.action == "answer" else "call" if is_call else "ignore"
        kept.append(replace(template, kind=kind))
    return kept, left_out


def build_posts(
    templates: list[Template], count: int, faq_share: float, call_share: float, seed: int, run: str
) -> list[Post]:
    by_kind: dict[str, list[Template]] = {
        k: [t for t in templates if t.kind == k] for k in ("answer", "call", "ignore")
    }
    rng = random.Random(seed)
    now = datetime.now(UTC)
    posts = []
    for serial in range(count):
        draw = rng.random()
        kind = "answer" if draw < faq_share else "call" if draw < faq_share + call_share else "ignore"
        template = rng.choice(by_kind[kind])
        date = now - timedelta(seconds=rng.randint(60, 3600))  # posted within the last hour
        posts.append(render(template, serial, run, date))
    return posts


# -- the daemon's configuration -----------------------------------------------------------------------


def write_soak_config(folder: Path, sink: SmtpSink, lmtp_port: int, console_port: int, posts: int) -> Path:
    """tests/servers.py's daemon config (the one the integration tests run) with LMTP in and the console on.

    What differs from the shipped config/listbot.yaml, and why:
      mode live (shipped: shadow)            answers go to the relay, not to a shadow Maildir
      answers.wait_minutes 0 (shipped: 30)   no human-first wait: an answer is due as soon as it is queued
      answers.breaker.max_answers            above the answers of the whole run (shipped: 20 per 60 min,
                                             servers.py: 1000): the breaker would stop answering otherwise
      answers.daily_cap_per_author 5 (2)     every post has its own author, so no cap or grace period bites
      digest, reminders off                  no scheduled mail in the middle of the count
      smtp.retry_* 0.5 s / 2 s (30 / 1800)   a refused send would be retried within the run
    """
    path = write_config(folder, None, sink, lmtp_port=lmtp_port, console_port=console_port)
    text = path.read_text().replace("max_answers: 1000", f"max_answers: {max(1000, 2 * posts)}")
    path.write_text(text)
    return path


# -- measuring ----------------------------------------------------------------------------------------


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of a process from /proc (KiB); 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0
    for line in status.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class State:
    """The daemon's state file, read only."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=30)

    def processed(self) -> tuple[int, int]:
        """(inbox rows, of which processed)."""
        total, pending = self.db.execute(
            "SELECT count(*), (SELECT count(*) FROM inbox WHERE processed_at IS NULL) FROM inbox"
        ).fetchone()
        return int(total), int(total) - int(pending)

    def outbox_open(self) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')").fetchone()[
                0
            ]
        )

    def close(self) -> None:
        self.db.close()


@dataclass
class Progress:
    """What the monitor thread saw: memory at milestones, when processing was done, the largest backlog."""

    baseline_at: int
    target: int  # posts the daemon must process (all of them; set to those accepted once delivery is over)
    rss: dict[int, int] = field(default_factory=dict)  # posts processed -> VmRSS KiB
    baseline_rss: int = 0
    processed_all_at: float | None = None
    max_backlog: int = 0
    processed: int = 0


def monitor(state_path: Path, pid: int, progress: Progress, stop: threading.Event) -> None:
    state = State(state_path)
    marks = sorted({progress.baseline_at, *(progress.target * k // 10 for k in range(1, 11))})
    try:
        while not stop.is_set():
            received, processed = state.processed()
            progress.processed = processed
            progress.max_backlog = max(progress.max_backlog, received - processed)
            while marks and processed >= marks[0]:
                progress.rss[marks[0]] = rss_kib(pid)
                if marks[0] == progress.baseline_at:
                    progress.baseline_rss = progress.rss[marks[0]]
                marks.pop(0)
            if processed >= progress.target and progress.processed_all_at is None:
                progress.processed_all_at = time.time()
            stop.wait(0.05)
    finally:
        state.close()


class ConsoleVisitor:
    """A moderator's browser on the console: signs in with a link from ``listbot console link``, then loads
    /healthz, /metrics, the overview and the posts list in turn."""

    PAGES = ("/healthz", "/metrics", "/", "/posts")

    def __init__(self, base: str, config: Path):
        self.base = base
        self.config = config
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.statuses: Counter[str] = Counter()
        self.millis: list[float] = []

    def sign_in(self) -> None:
        link = subprocess.run(
            [sys.executable, "-m", "listbot.cli", "console", "link", MODERATOR, "-c", str(self.config)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        ).stdout.strip()  # fmt: skip
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        page = self.opener.open(self.base + path, timeout=30).read().decode()
        pre = re.search(r'name="pre" value="([^"]+)"', page)
        assert pre is not None, "no sign-in form"
        data = urllib.parse.urlencode({"pre": pre.group(1)}).encode()
        self.opener.open(self.base + path, data=data, timeout=30).close()

    def get(self, path: str) -> None:
        began = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as exc:  # /healthz answers 503 while posts wait: an answer too
            exc.read()
            exc.close()
            code = exc.code
        self.millis.append((time.perf_counter() - began) * 1000)
        self.statuses[f"{path} {code}"] += 1

    def run(self, every: float, stop: threading.Event) -> None:
        turn = 0
        while not stop.wait(every):
            self.get(self.PAGES[turn % len(self.PAGES)])
            turn += 1


@dataclass
class Delivery:
    accepted: int = 0
    retried: int = 0  # temporary failures (4xx, a dropped connection): sent again, as an MTA would
    refused: list[str] = field(default_factory=list)  # Message-IDs given up on, with why
    problems: Counter[str] = field(default_factory=Counter)  # what the retries were about
    connections: int = 0


def deliver(port: int, posts: list[Post], clients: int, per_connection: int) -> Delivery:
    """Every post over LMTP from ``clients`` threads, each keeping a connection for ``per_connection`` posts.
    A temporary failure is retried (new connection, short pause), a permanent one (5xx) is not."""
    result = Delivery()
    lock = threading.Lock()
    queue = iter(posts)

    def close(lmtp: smtplib.LMTP | None) -> None:
        if lmtp is not None:
            try:
                lmtp.quit()
            except (OSError, smtplib.SMTPException):
                lmtp.close()

    def client() -> None:
        sent_here = 0
        lmtp: smtplib.LMTP | None = None
        while True:
            with lock:
                post = next(queue, None)
            if post is None:
                close(lmtp)
                return
            for attempt in range(20):
                try:
                    if lmtp is None or sent_here >= per_connection:
                        close(lmtp)
                        lmtp, sent_here = None, 0
                        lmtp = smtplib.LMTP("127.0.0.1", port, timeout=120)
                        with lock:
                            result.connections += 1
                    lmtp.sendmail(post.mail_from, [BOT_ADDRESS], post.raw)
                except (OSError, smtplib.SMTPException) as exc:
                    code = getattr(exc, "smtp_code", 0) or 0
                    if 500 <= code < 600:
                        with lock:
                            result.refused.append(f"{post.message_id} {code} {exc}")
                        close(lmtp)
                        lmtp = None
                        break
                    with lock:
                        result.retried += 1
                        result.problems[f"{type(exc).__name__} {code or ''}".strip()] += 1
                    close(lmtp)
                    lmtp = None
                    time.sleep(0.1 * (attempt + 1))
                    continue
                sent_here += 1
                with lock:
                    result.accepted += 1
                break
            else:
                with lock:
                    result.refused.append(f"{post.message_id} still failing after 20 attempts")

    threads = [threading.Thread(target=client, name=f"lmtp-{i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def header(data: bytes, name: str) -> str:
    return str(message_from_bytes(data, policy=default_policy)[name] or "").strip()


# -- the run ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=4, help="LMTP client threads")
    parser.add_argument("--per-connection", type=int, default=100, help="posts per LMTP connection")
    parser.add_argument("--faq-share", type=float, default=0.10, help="share of FAQ questions (answered)")
    parser.add_argument("--call-share", type=float, default=0.02, help="share of calls for submissions")
    parser.add_argument("--baseline", type=int, default=1000, help="RSS baseline after this many processed")
    parser.add_argument("--console-every", type=float, default=1.0, help="seconds between console requests")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds to wait for the daemon to finish"
    )
    parser.add_argument("--seed", type=int, default=20000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (config, state, log)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    baseline_at = min(args.baseline, max(1, args.posts // 2))
    judge_memory = args.posts >= 2 * args.baseline

    work = Path(tempfile.mkdtemp(prefix="listbot-soak-"))
    sink = SmtpSink()
    sink.start()
    lmtp_port, console_port = free_port(), free_port()
    config = write_soak_config(work / "listbot", sink, lmtp_port, console_port, args.posts)
    state_path = work / "listbot" / "state" / "listbot.sqlite3"

    began = time.perf_counter()
    files = sorted(CORPUS.rglob("*.eml"))
    parsed = [t for path in files if (t := parse_template(str(path.relative_to(CORPUS)), path.read_bytes()))]
    asked = list(faq_templates(config))
    templates, left_out = judge_templates(config, parsed + asked, datetime.now(UTC) - timedelta(minutes=30))
    if len(files) > len(parsed):
        left_out["no author to replace"] += len(files) - len(parsed)
    kinds = Counter(t.kind for t in templates)
    run = f"{int(time.time()):x}"
    posts = build_posts(templates, args.posts, args.faq_share, args.call_share, args.seed, run)
    expected = Counter(p.template.kind for p in posts)
    print(
        f"templates: {len(files)} corpus messages and {len(asked)} faq.yaml questions; {len(templates)} kept "
        f"({kinds['answer']} answered, {kinds['call']} calls, {kinds['ignore']} no answer), left out: "
        + ", ".join(f"{why} {n}" for why, n in sorted(left_out.items()))
    )
    print(
        f"posts: {len(posts)} built in {time.perf_counter() - began:.1f} s: {expected['answer']} FAQ questions, "
        f"{expected['call']} calls for submissions, {expected['ignore']} discussion and other posts"
    )

    daemon = DaemonProcess(config, work / "daemon.log")
    progress = Progress(baseline_at, len(posts))
    stop = threading.Event()
    visitor = ConsoleVisitor(f"http://127.0.0.1:{console_port}", config)
    threads: list[threading.Thread] = []
    exit_code: int | None = None
    status_line = ""
    try:
        daemon.start()
        daemon.wait_ready(marker="listening for LMTP")
        assert daemon.process is not None
        pid = daemon.process.pid
        wait_console(console_port)
        rss_ready = rss_kib(pid)
        visitor.sign_in()
        threads = [
            threading.Thread(target=monitor, args=(state_path, pid, progress, stop)),
            threading.Thread(target=visitor.run, args=(args.console_every, stop)),
        ]
        for thread in threads:
            thread.start()

        t0 = time.time()
        delivery = deliver(lmtp_port, posts, args.clients, args.per_connection)
        t_delivered = time.time()
        progress.target = delivery.accepted
        print(
            f"delivered: {delivery.accepted} of {len(posts)} posts accepted (250) in {t_delivered - t0:.1f} s "
            f"= {delivery.accepted / (t_delivered - t0):.0f} posts/s over {delivery.connections} LMTP "
            f"connections from {args.clients} clients; {delivery.retried} retried"
            f"{f' {dict(delivery.problems)}' if delivery.problems else ''}, {len(delivery.refused)} refused"
        )
        for refused in delivery.refused[:5]:
            print(f"  refused: {refused}")

        state = State(state_path)
        deadline = time.time() + args.timeout
        next_note = time.time() + 30
        while True:
            answers = sum(1 for m in sink.messages() if MODERATOR not in m.rcpt_tos)
            done = (
                progress.processed_all_at is not None
                and state.outbox_open() == 0
                and answers >= expected["answer"]
            )
            if done or daemon.exited():
                break
            if time.time() > deadline:
                print(f"  timed out after {args.timeout:.0f} s: counting what arrived")
                break
            if time.time() >= next_note:
                print(f"  ... {progress.processed} posts processed, {answers} answers at the sink")
                next_note += 30
            time.sleep(0.1)
        state.close()
        time.sleep(1.0)  # anything sent twice would arrive now
        settled_at = time.time()
        rss_end, hwm = rss_kib(pid), rss_kib(pid, "VmHWM")
        visitor.get("/healthz")
        status = subprocess.run(
            [sys.executable, "-m", "listbot.cli", "status", "--json", "-c", str(config)],
            capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        status_line = status.stdout.strip()
        stop.set()
        for thread in threads:
            thread.join()
        exit_code = daemon.terminate(60)
    finally:
        stop.set()
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.process.kill()
        sink.stop()

    # -- the count ------------------------------------------------------------------------------------
    by_id = {p.message_id: p for p in posts}
    db = sqlite3.connect(f"file:{state_path}?mode=ro", uri=True)
    recorded = dict(
        db.execute(
            "SELECT message_id, action FROM posts WHERE message_id LIKE ?", (f"soak.{run}.%",)
        ).fetchall()
    )
    inbox_errors = db.execute("SELECT count(*) FROM inbox WHERE error IS NOT NULL").fetchone()[0]
    inbox_pending = db.execute("SELECT count(*) FROM inbox WHERE processed_at IS NULL").fetchone()[0]
    outbox = dict(db.execute("SELECT kind || ' ' || status, count(*) FROM outbox GROUP BY 1").fetchall())
    queued_for_moderators = dict(
        db.execute(
            "SELECT substr(key, 1, instr(key, ':') - 1), count(*) FROM outbox WHERE kind != 'answer' GROUP BY 1"
        ).fetchall()
    )
    sent_ids = [
        header(bytes(row[0]), "Message-ID")
        for row in db.execute("SELECT message FROM outbox WHERE status = 'sent'")
    ]
    db.close()

    received = sink.messages()
    in_reply_to: Counter[str] = Counter()
    wrong_recipient = 0
    last_answer = 0.0
    for message in received:
        if MODERATOR in message.rcpt_tos:
            continue
        replied = header(message.data, "In-Reply-To").strip("<>")
        in_reply_to[replied] += 1
        last_answer = max(last_answer, message.at)
        post = by_id.get(replied)
        if post is None or message.rcpt_tos != (post.author,):
            wrong_recipient += 1
    sink_ids = Counter(header(m.data, "Message-ID") for m in received)
    to_moderators = sum(1 for m in received if MODERATOR in m.rcpt_tos)

    want = {p.message_id for p in posts if p.template.kind == "answer"}
    delivered_ids = set(by_id) - {r.split()[0] for r in delivery.refused}
    not_processed = delivered_ids - set(recorded)
    answers_missing = want - set(in_reply_to)
    answers_unexpected = set(in_reply_to) - want
    doubled_answers = sorted(mid for mid, n in in_reply_to.items() if n > 1)
    doubled_mail = sorted(mid for mid, n in sink_ids.items() if n > 1)
    sent_not_received = [mid for mid in sent_ids if mid not in sink_ids]
    decided_otherwise = Counter(
        (by_id[mid].template.kind, action)
        for mid, action in recorded.items()
        if (by_id[mid].template.kind == "answer") != (action == "answer")
    )
    lost = len(not_processed) + len(delivery.refused)
    doubled = len(doubled_answers) + len(doubled_mail)

    end_to_end = max(progress.processed_all_at or settled_at, last_answer) - t0
    ratio = rss_end / progress.baseline_rss if progress.baseline_rss else float("nan")
    print(
        f"end to end: {len(recorded)} posts processed, last answer at the sink after {end_to_end:.1f} s "
        f"= {len(recorded) / end_to_end:.0f} posts/s sustained (largest backlog {progress.max_backlog} posts)"
    )
    print(
        f"answers: {len(want)} expected, {sum(in_reply_to.values())} received for {len(in_reply_to)} posts "
        f"({len(answers_missing)} missing, {len(answers_unexpected)} unexpected, {wrong_recipient} to the wrong "
        f"address); {to_moderators} messages to the moderators ("
        + ", ".join(f"{k} {v}" for k, v in sorted(queued_for_moderators.items()))
        + " queued)"
    )
    print(
        f"lost: {lost} (refused at delivery {len(delivery.refused)}, accepted but not recorded as processed "
        f"{len(not_processed)}; inbox rows still pending {inbox_pending}, kept with an error {inbox_errors})"
    )
    print(
        f"doubled: {doubled} (posts answered twice {len(doubled_answers)}, one Message-ID received twice "
        f"{len(doubled_mail)}); outbox rows sent but not at the sink: {len(sent_not_received)}"
    )
    print(
        f"decided otherwise than judged beforehand: {sum(decided_otherwise.values())}"
        + (f" (kind judged, action taken: {dict(decided_otherwise)})" if decided_otherwise else "")
    )
    print("outbox: " + ", ".join(f"{k} {v}" for k, v in sorted(outbox.items())))
    marks = ", ".join(f"{n}: {kib / 1024:.1f}" for n, kib in sorted(progress.rss.items()))
    print(f"daemon RSS (MiB) by posts processed: ready: {rss_ready / 1024:.1f}, {marks}")
    print(
        f"daemon RSS: {progress.baseline_rss / 1024:.1f} MiB after the first {baseline_at} posts, "
        f"{rss_end / 1024:.1f} MiB after all {len(posts)}: ratio {ratio:.3f} "
        f"({'limit 1.10' if judge_memory else f'not judged: fewer than {2 * args.baseline} posts'}); peak (VmHWM) "
        f"{hwm / 1024:.1f} MiB"
    )
    millis = visitor.millis or [0.0]
    print(
        f"console: {len(visitor.millis)} requests, median {statistics.median(millis):.0f} ms, max "
        f"{max(millis):.0f} ms; " + ", ".join(f"{k} x{v}" for k, v in sorted(visitor.statuses.items()))
    )
    print(f"listbot status --json after the run: {status_line}")
    errors = [line for line in daemon.log_text().splitlines() if " ERROR " in line or "Traceback" in line]
    print(f"daemon exit status after SIGTERM: {exit_code}; {len(errors)} ERROR lines in its log")

    grew = judge_memory and not ratio <= 1.10
    failed = lost or answers_missing or doubled or sent_not_received or grew or exit_code != 0
    if args.keep or failed:
        print(f"work folder kept: {work} (config, state file, daemon.log)")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def wait_console(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
