"""Fixtures for the integration tests: a private Dovecot, an SMTP sink, a test config, the daemon as a process.

Dovecot missing: the integration tests are skipped on a developer's machine, and fail loudly in CI
(``CI`` set), where skipping would hide that nothing was tested.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import format_datetime, make_msgid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from servers import DOVECOT, Dovecot, SmtpSink, make_base_dir

REPO = Path(__file__).resolve().parents[1]
LIST_ID = "balint-l.lists.example.org"
LIST_ADDRESS = "balint-l@lists.example.org"
BOT_ADDRESS = "listbot@example.org"
BOT_USER = "listbot"
BOT_PASSWORD = "bot-secret-7431"
MEMBER = "member@example.org"  # has a Sieve vacation responder
PASSWORD_ENV = "LISTBOT_TEST_IMAP_PASSWORD"


def _dovecot_or_skip() -> None:
    if DOVECOT is not None:
        return
    message = "dovecot is not installed: apt-get install dovecot-imapd dovecot-lmtpd dovecot-sieve"
    if os.environ.get("CI"):
        pytest.fail("CI: " + message + " (integration tests must not skip in CI)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def dovecot(sink: SmtpSink) -> Iterator[Dovecot]:
    _dovecot_or_skip()
    base = make_base_dir()
    server = Dovecot(base, {BOT_USER: BOT_PASSWORD, MEMBER: "member-secret"}, smtp_port=sink.port)
    server.add_vacation(MEMBER)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


def write_config(
    folder: Path, dovecot: Dovecot, sink: SmtpSink, *, mode: str = "live", extra: str = "", wait_minutes: float = 0
) -> Path:
    """A listbot.yaml for the test servers (the keys an external harness writes, plus test-friendly retries)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "listbot.yaml"
    path.write_text(
        f"""mode: {mode}
source: imap
list:
  name: Balint-L
  address: {LIST_ADDRESS}
  list_id: {LIST_ID}
  timezone: America/New_York
bot:
  address: {BOT_ADDRESS}
  name: Balint-L FAQ Assistant
  envelope_sender: ""
  moderators: [moderators@example.org]
  human_contact: info@example.org
imap:
  host: 127.0.0.1
  port: {dovecot.imap_port}
  security: none
  username: {BOT_USER}
  password_env: {PASSWORD_ENV}
  mailbox: INBOX
smtp:
  host: 127.0.0.1
  port: {sink.port}
  security: none
  retry_initial_seconds: 0.5
  retry_max_seconds: 2
state: {folder / "state" / "listbot.sqlite3"}
faq_file: {REPO / "config" / "faq.yaml"}
calls_file: {folder / "calls.yaml"}
templates: {REPO / "templates"}
answers:
  wait_minutes: {wait_minutes}
  daily_cap_per_author: 5
  breaker:
    max_answers: 1000
    window_minutes: 60
digest:
  enabled: false
reminders:
  enabled: false
log_level: INFO
{extra}"""
    )
    return path


@dataclass
class DaemonProcess:
    """``listbot run`` as a child process, its log in a file."""

    config: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self, *extra: str) -> None:
        env = dict(os.environ, **{PASSWORD_ENV: BOT_PASSWORD})
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "listbot.cli", "run", "-c", str(self.config), *extra],
            stdin=subprocess.DEVNULL, stdout=self._log_file, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until the watcher has looked at the mailbox once (its position is in the store)."""
        wait_until(lambda: "imap: " in self.log_text() or self.exited(), timeout, "the daemon to start")
        assert not self.exited(), self.log_text()

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def terminate(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout)
        self._log_file.close()
        return code

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self._log_file.close()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def daemon_factory(tmp_path: Path) -> Iterator[Callable[[Path], DaemonProcess]]:
    made: list[DaemonProcess] = []

    def make(config: Path) -> DaemonProcess:
        daemon = DaemonProcess(config, tmp_path / f"daemon-{len(made)}.log")
        made.append(daemon)
        return daemon

    yield make
    for daemon in made:
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.process.kill()
            daemon.process.wait(10)


def wait_until(condition: Callable[[], object], timeout: float, what: str, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(every)


def list_copy(
    author: str,
    subject: str,
    body: str,
    *,
    name: str = "A Member",
    message_id: str | None = None,
    extra_headers: str = "",
    date: datetime | None = None,
) -> tuple[str, bytes]:
    """A post as the list distributes it to its members (and to the bot's mailbox). Returns (Message-ID, bytes)."""
    message_id = message_id or make_msgid(domain="members.example.org")
    raw = (
        f"Return-Path: <owner-balint-l@lists.example.org>\r\n"
        f"From: {name} <{author}>\r\n"
        f"To: {LIST_ADDRESS}\r\n"
        f"Subject: {subject}\r\n"
        f"Date: {format_datetime(date or datetime.now(UTC))}\r\n"
        f"Message-ID: {message_id}\r\n"
        f"List-Id: Balint-L <{LIST_ID}>\r\n"
        f"Sender: Balint-L <owner-balint-l@lists.example.org>\r\n"
        f"{extra_headers}"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"\r\n{body}\r\n"
    )
    return message_id.strip("<>"), raw.encode()
