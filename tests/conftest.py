"""Shared fixtures.

- ``store``: an in-memory state (one thread); ``state_file``: the path of a state file in tmp_path, for tests
  where several threads or processes open it.
- For the integration tests: a private Dovecot, an SMTP sink, the daemon as a process. Dovecot missing: the
  integration tests are skipped on a developer's machine, and fail loudly in CI (``CI`` set), where
  skipping would hide that nothing was tested.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from listbot.store import Store
from tests.servers import (
    BOT_PASSWORD,
    BOT_USER,
    DOVECOT,
    MEMBER,
    DaemonProcess,
    Dovecot,
    SmtpSink,
    make_base_dir,
)


def _dovecot_or_skip() -> None:
    if DOVECOT is not None:
        return
    message = "dovecot is not installed: apt-get install dovecot-imapd dovecot-lmtpd dovecot-sieve"
    if os.environ.get("CI"):
        pytest.fail("CI: " + message + " (integration tests must not skip in CI)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as opened:
        yield opened


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "listbot.sqlite3"


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
