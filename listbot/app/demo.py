"""``listbot demo``: the whole bot on embedded parts, on loopback, in seconds; then nothing is left running.

- the shipped configuration (read, never written), in ``live`` mode with no wait, inside a sandbox:
  a throw-away state file, its own LMTP listener (listbot.smtp_in) as the list's delivery point, and an
  in-process aiosmtpd sink standing in for the outgoing relay, so nothing leaves the machine;
- the bundled sample posts (``listbot/samples/*.eml``) delivered over LMTP as the list server would;
- the same pipeline and outbox sender the daemon uses; then a line per post (what the bot did and why),
  one answer as the relay received it, and the digest preview.

The clock is fixed just after the samples were written, so the demo reads the same on any day.
"""

from __future__ import annotations

import email
import email.policy
import logging
import shutil
import smtplib
import sys
import tempfile
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from listbot import render
from listbot.app import digest_jobs
from listbot.app.pipeline import Pipeline
from listbot.clock import utcnow
from listbot.config import Config, load
from listbot.mail.outbox import Sender, SmtpTransport
from listbot.mail.smtp_in import Listener, free_port
from listbot.model import Outcome
from listbot.store import Store

log = logging.getLogger(__name__)

# Tuesday 1 December 2026, 10:00 in New York: the samples were posted between 08:00 and 10:00 that morning.
DEMO_NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
RULE = "-" * 78


@dataclass(frozen=True)
class Sample:
    name: str
    raw: bytes
    message_id: str
    subject: str
    sender: str


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass
class SinkHandler:
    """The outgoing relay's stand-in: keeps every message it is given (aiosmtpd handler)."""

    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.received.append(
                Received(envelope.mail_from or "", tuple(envelope.rcpt_tos), envelope.original_content or b"")
            )
        return "250 2.0.0 Ok: caught by the demo sink"

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)


def load_samples() -> list[Sample]:
    """The bundled sample posts, in file-name order."""
    folder = resources.files("listbot") / "samples"
    samples = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".eml"):
            continue
        raw = item.read_bytes()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        samples.append(
            Sample(
                name=item.name,
                raw=raw,
                message_id=str(msg.get("Message-ID", "")).strip().strip("<>"),
                subject=str(msg.get("Subject", "")),
                sender=str(msg.get("From", "")),
            )
        )
    return samples


def sandboxed(
    config: Config, workdir: Path, lmtp_port: int, sink_port: int, console_port: int | None = None
) -> Config:
    """The shipped config with the demo's sandbox: live mode, no wait, loopback servers, a temp state.
    With ``console_port``: review mode (answers wait for a moderator in the console), the console on.

    Written to ``workdir/listbot.yaml`` and loaded back (so it is validated like any config, and every
    command works on the sandbox: ``listbot digest preview -c DIR/listbot.yaml``). The shipped files are
    only read.
    """
    s = config.settings
    settings = s.model_copy(
        update={
            "mode": "review" if console_port else "live",
            "source": "lmtp",
            "state": workdir / "listbot.sqlite3",
            "lmtp": s.lmtp.model_copy(update={"host": "127.0.0.1", "port": lmtp_port, "protocol": "lmtp"}),
            "smtp": s.smtp.model_copy(
                update={
                    "host": "127.0.0.1",
                    "port": sink_port,
                    "security": "none",
                    "username": None,
                    "password_env": None,
                    "password_file": None,
                }
            ),
            "answers": s.answers.model_copy(update={"wait_minutes": 0}),
            "console": s.console.model_copy(
                update={
                    "enabled": console_port is not None,
                    "listen": f"127.0.0.1:{console_port or 8025}",
                    "base_url": f"http://127.0.0.1:{console_port or 8025}",
                    "secret_file": None,
                }
            ),
            "faq_file": config.faq_path.resolve(),
            "calls_file": config.calls_path.resolve(),
            "templates": config.templates_dir.resolve(),
        }
    )
    path = workdir / "listbot.yaml"
    text = "# listbot demo sandbox, derived from " + str(config.path.resolve()) + "\n"
    text += yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return load(path)


def crlf(raw: bytes) -> bytes:
    """SMTP and LMTP carry lines ending in CRLF (smtplib sends bytes as they are)."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def deliver(host: str, port: int, envelope_from: str, to: str, samples: list[Sample]) -> list[int]:
    """Deliver each sample over one LMTP connection, as a list server does; the status code of each."""
    codes = []
    with smtplib.LMTP(host, port) as client:
        for sample in samples:
            try:
                refused = client.sendmail(envelope_from, [to], crlf(sample.raw))
                codes.append(int(refused[to][0]) if to in refused else 250)
            except smtplib.SMTPRecipientsRefused as exc:
                codes.append(int(exc.recipients[to][0]))
            except smtplib.SMTPResponseException as exc:
                codes.append(exc.smtp_code)
    return codes


def send_all(sender: Sender, now: datetime) -> list[Any]:
    """Run the outbox sender until nothing due is left (or only retries remain)."""
    results: list[Any] = []
    while True:
        batch = sender.run_once(now)
        results += batch
        if not batch or all(r.status == "retry" for r in batch):
            return results


def verdict(outcome: Outcome) -> str:
    decision = outcome.decision
    if outcome.duplicate:
        return "silent    (already seen)"
    if decision.action == "review" or any(k.startswith("review:") for k in outcome.queued):
        return f"REVIEW    FAQ {decision.faq} (score {decision.score:.2f}) proposed to the moderators"
    if decision.action == "answer" and any(k.startswith("answer:") for k in outcome.queued):
        return f"ANSWERED  with FAQ {decision.faq} (score {decision.score:.2f})"
    if outcome.call is not None and outcome.call.held:
        return "silent    (perhaps a call for submissions: held for the moderators)"
    if outcome.call is not None and outcome.call.is_call:
        return "silent    (a call for submissions: into the register for the digest)"
    return "silent"


def why_lines(outcome: Outcome) -> list[str]:
    decision = outcome.decision
    lines = list(decision.reasons)
    if decision.match is not None:
        explained = decision.match.explain()
        if explained not in lines:
            lines.append(explained)
    if outcome.call is not None and (outcome.call.is_call or outcome.call.held):
        call = outcome.call
        deadline = "no deadline found"
        if call.deadline is not None:
            at = call.deadline.at.strftime(" %H:%M") if call.deadline.at else ""
            deadline = f"{call.deadline.day.isoformat()}{at} {call.deadline.timezone or ''}".rstrip()
        lines.append(f"call for submissions recorded: {call.title!r}, deadline {deadline}")
        if call.held:
            lines.append(f"held for a moderator: {call.held}")
    return lines or ["-"]


def answer_text(received: Received) -> str:
    """A message as the relay received it: envelope, headers as sent, the text body decoded for reading."""
    head, _, _ = received.data.replace(b"\r\n", b"\n").partition(b"\n\n")
    msg = email.message_from_bytes(received.data, policy=email.policy.default)
    body = msg.get_body(("plain",))
    text = body.get_content() if body is not None else "(no text/plain part)"
    encoding = str(body.get("Content-Transfer-Encoding", "7bit")).lower() if body is not None else "7bit"
    if encoding not in ("7bit", "8bit"):
        text = f"[the {encoding} body, decoded for reading]\n" + text
    envelope = f"MAIL FROM:<{received.mail_from.strip('<>')}>  RCPT TO:" + ", ".join(
        f"<{r}>" for r in received.rcpt_tos
    )
    return "\n".join([envelope, RULE, head.decode("utf-8", "replace"), "", text.rstrip(), RULE])


def digest_preview(config: Config, now: datetime) -> str:
    """The text of the digest that would go out at ``now`` (what ``listbot digest preview`` prints)."""
    with Store(config.state_path) as store:
        digest = digest_jobs.preview(config, store, now)
    if digest is None:
        return "no open calls: no digest would go out"
    part = render.compose_digest(config, digest, now).get_body(("plain",))
    return part.get_content() if part is not None else ""


def serve_console(demo: Config, say: Any) -> int:
    """Keep the sandbox running as a daemon with the console (review mode) until Ctrl-C."""
    from listbot.app import access
    from listbot.app.daemon import Daemon

    with Store(demo.state_path) as store:
        link = access.signin_link(demo, store, demo.settings.bot.moderators[0], utcnow())
    s = demo.settings
    say("The sandbox keeps running, in review mode, with the moderators' console:")
    say(f"  sign in   {link}")
    say(
        f"  console   {s.console.base_url}  (answers wait in Review; releasing one sends it to the test relay)"
    )
    say(
        f"  post more swaks --server 127.0.0.1:{s.lmtp.port} --protocol LMTP --to {s.bot.address} --data FILE.eml"
    )
    say("Ctrl-C stops everything and removes the sandbox.")
    return Daemon(demo).run()


def run_demo(
    config: Config, keep: str | None = None, out: TextIO | None = None, console: bool = False
) -> int:
    """The demo; with ``console``, then the sandbox stays up with the console until Ctrl-C."""
    out = out or sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out)

    samples = load_samples()
    with ExitStack() as stack:
        if keep:
            workdir = Path(keep).resolve()
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(tempfile.mkdtemp(prefix="listbot-demo-"))
            stack.callback(shutil.rmtree, workdir, ignore_errors=True)

        sink = SinkHandler()
        sink_port = free_port()
        relay = Controller(sink, hostname="127.0.0.1", port=sink_port, server_hostname="relay.example.org")
        relay.start()
        stack.callback(relay.stop)

        demo = sandboxed(config, workdir, free_port(), sink_port, free_port() if console else None)
        s = demo.settings
        state = demo.state_path
        listener = Listener(s.lmtp, lambda: Store(state), clock=lambda: DEMO_NOW)
        listener.start()
        stack.callback(listener.stop)

        local_time = DEMO_NOW.astimezone(ZoneInfo(s.list.timezone))
        say(f"listbot demo: {len(samples)} sample posts to {s.list.name}, and what the bot does with each.")
        say(f"  config    {config.path} (read only), FAQ {config.faq_path} ({len(demo.faq_entries)} entries)")
        say(f"  sandbox   live mode, answers without the usual wait; state in {workdir}")
        say(f"  list in   LMTP listener on 127.0.0.1:{listener.port}: the list server delivers copies here")
        say(f"  mail out  test relay on 127.0.0.1:{sink_port}; it keeps all mail: nothing leaves the machine")
        say(f"  clock     fixed at {local_time:%a %d %b %Y %H:%M} {s.list.timezone}, just after the posts")
        say()

        list_local, _, list_domain = s.list.address.partition("@")
        envelope_from = f"owner-{list_local}@{list_domain}"  # how LISTSERV sends list copies
        codes = deliver("127.0.0.1", listener.port, envelope_from, s.bot.address, samples)
        accepted = sum(1 for c in codes if c == 250)
        retry = deliver("127.0.0.1", listener.port, envelope_from, s.bot.address, samples[:1])
        with Store(state) as store:
            stored = store.inbox_count()
        say(f"Delivered {len(samples)} posts over LMTP: {accepted} accepted, each stored before its 250.")
        say(
            f"Delivered {samples[0].name} again, as an MTA retry would: {retry[0]}, "
            f"and the inbox still holds {stored} posts."
        )
        say()

        by_id = {sample.message_id: sample for sample in samples}
        with Store(state) as store:
            outcomes = Pipeline(demo, store).drain_inbox(lambda: DEMO_NOW)
            transport = SmtpTransport(s.smtp, None, helo_name=s.bot.domain)
            results = send_all(Sender(store, transport, s.bot.own_addresses), DEMO_NOW)

        answered = reviewed = silent = 0
        first_answer: tuple[Sample, str] | None = None
        for outcome in outcomes:
            post = outcome.post
            sample = by_id.get(post.message_id) if post else None
            name = sample.name if sample else outcome.source_ref
            line = verdict(outcome)
            answered += line.startswith("ANSWERED")
            reviewed += line.startswith("REVIEW")
            silent += line.startswith("silent")
            who = f"{post.author_name or post.author}: {post.topic!r}" if post else ""
            say(f"{name:<30} {line}")
            say(f"{'':<30} {who}")
            for reason in why_lines(outcome):
                say(f"{'':<30}   - {reason}")
            if first_answer is None and line.startswith("ANSWERED") and sample and post:
                first_answer = (sample, post.author)
        say()

        sent = [r for r in results if r.status == "sent"]
        received = sink.messages()
        answers = [r for r in received if b"Auto-Submitted: auto-replied" in r.data]
        say(
            f"Summary: {len(outcomes)} posts, {answered} answered, {reviewed} to review, {silent} silent. "
            f"The relay received {len(received)} messages ({len(sent)} sent by the outbox)."
        )
        say()

        if first_answer is not None:
            sample, author = first_answer
            mine = next((r for r in received if author in r.rcpt_tos), None)
            if mine is not None:
                say(f"The answer to {sample.name}, as the relay received it:")
                say(answer_text(mine))
                say()

        preview = digest_preview(demo, DEMO_NOW)
        say("The digest of open calls as it would go out now (listbot digest preview):")
        say(RULE)
        say(preview.rstrip() or "(nothing printed)")
        say(RULE)
        say()
        if console:
            listener.stop()  # the daemon below takes the port over
            return serve_console(demo, say)
        if keep:
            say(f"State kept in {workdir}; the demo's servers are stopped. Look again with, e.g.:")
            say(f"  listbot digest preview -c {demo.path} --now {DEMO_NOW:%Y-%m-%dT%H:%M:%SZ}")
        else:
            say("Done: the listener and the relay are stopped and the sandbox is removed.")
        problems = len(codes) - accepted + (0 if len(answers) == answered else 1)
        return 0 if problems == 0 else 1
