"""A state file that cannot be written, under a running daemon: nothing is lost, and it recovers by itself.

The fault is real: the daemon's file-size limit (RLIMIT_FSIZE) is set to 0 from outside with prlimit, so every
write to any file fails as on a full disk (Python ignores SIGXFSZ; SQLite reports a disk I/O error). Its log
goes through a pipe, so it can still say what is wrong. Then the limit is lifted, as an operator freeing disk
space would, and the daemon carries on without a restart.
"""

from __future__ import annotations

import resource
import smtplib
from collections import Counter
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from listbot.store import Store
from tests.servers import (
    BOT_ADDRESS,
    BOT_USER,
    DaemonProcess,
    Dovecot,
    SmtpSink,
    free_port,
    list_copy,
    wait_settled,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.integration

QUESTIONS = (
    "Where can I find the Balint Basics curriculum materials on the website?",
    "Is there an organizational chart of the ABS showing which committees are looking for new members?",
)
UNLIMITED = resource.RLIM_INFINITY


def disk_full(daemon: DaemonProcess, full: bool) -> None:
    assert daemon.process is not None
    resource.prlimit(daemon.process.pid, resource.RLIMIT_FSIZE, (0 if full else UNLIMITED, UNLIMITED))


def answered(sink: SmtpSink) -> Counter[str]:
    return Counter(
        str(message_from_bytes(m.data, policy=default_policy)["In-Reply-To"]).strip("<>")
        for m in sink.messages()
    )


def start(config: Path, daemon_factory, marker: str) -> DaemonProcess:
    daemon: DaemonProcess = daemon_factory(config)
    daemon.piped = True
    daemon.start()
    daemon.wait_ready(marker=marker)
    return daemon


def test_imap_posts_that_arrive_while_the_disk_is_full_are_answered_once_it_has_room(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """The watcher cannot store what it fetches: it says why, its position stays, and it fetches the same
    messages again once the state file can be written. Each post is answered once."""
    config = write_config(tmp_path / "imap", dovecot, sink, console_port=free_port())
    state = config.parent / "state" / "listbot.sqlite3"
    daemon = start(config, daemon_factory, "imap: caught up")
    with Store(state) as store:
        before = store.imap_position("INBOX")

    disk_full(daemon, True)
    posts = [list_copy(f"full{i}@example.org", f"Question {i}", q) for i, q in enumerate(QUESTIONS)]
    for _, raw in posts:
        dovecot.append(BOT_USER, raw)
    wait_until(
        lambda: daemon.log_text().count("the mailbox position stays where it was") >= 2,
        30,
        "two failed tries",
    )
    with Store(state) as store:
        assert before == store.imap_position("INBOX")
        assert [] == store.pending_inbox()
    assert [] == sink.messages()

    disk_full(daemon, False)
    sink.wait_for(2, timeout=60)
    wait_settled(state, sink)

    assert {mid: 1 for mid, _ in posts} == dict(answered(sink))
    log = daemon.log_text()
    assert "cannot be written or read (disk I/O error)" in log
    assert "Traceback" not in log
    assert 0 == daemon.terminate()


def test_lmtp_answers_451_while_the_disk_is_full_and_the_mtas_retry_lands_once(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """The listener cannot commit a delivery: 451 4.3.0, so the MTA keeps the message; its retry after the
    fault clears is stored and answered, once."""
    port = free_port()
    config = write_config(tmp_path / "lmtp", dovecot, sink, extra=f"lmtp:\n  port: {port}\n")
    config.write_text(config.read_text().replace("source: imap", "source: lmtp"))
    state = config.parent / "state" / "listbot.sqlite3"
    daemon = start(config, daemon_factory, "listening for LMTP")
    message_id, raw = list_copy("lmtp-full@example.org", "Curriculum", QUESTIONS[0])

    disk_full(daemon, True)
    with smtplib.LMTP("127.0.0.1", port) as client, pytest.raises(smtplib.SMTPDataError) as refused:
        client.sendmail("owner-balint-l@lists.example.org", [BOT_ADDRESS], raw)
    with Store(state) as store:
        assert [] == store.pending_inbox()

    disk_full(daemon, False)
    with smtplib.LMTP("127.0.0.1", port) as client:  # the MTA's retry: the same bytes
        client.sendmail("owner-balint-l@lists.example.org", [BOT_ADDRESS], raw)
    sink.wait_for(1, timeout=30)
    wait_settled(state, sink)

    assert (451, "4.3.0") == (refused.value.smtp_code, refused.value.smtp_error.decode().split()[0])
    assert {message_id: 1} == dict(answered(sink))
    assert "answering 451" in daemon.log_text()
    assert 0 == daemon.terminate()
