"""The IMAP watcher: what it hands to the inbox, where it resumes, how it reports a broken start.

Against a private Dovecot on loopback (tests/servers.py); the table tests need no server.
"""

from __future__ import annotations

import imaplib
import logging
import shutil
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from listbot.config import ImapSettings
from listbot.errors import StartupError
from listbot.mail.imap import ImapWatcher, has_new_mail, source_ref
from listbot.store import Store
from tests.servers import (
    BOT_PASSWORD,
    BOT_USER,
    Dovecot,
    SmtpSink,
    free_port,
    list_copy,
    make_base_dir,
    make_certificate,
    wait_until,
)

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("responses", "expected"),
    [
        ([], False),
        ([(b"OK", b"Still here")], False),
        ([(3, b"EXISTS")], True),
        ([(1, b"RECENT")], True),
        ([(2, b"EXPUNGE")], False),
        ([(1, b"FETCH", (b"FLAGS", (b"\\Seen",)))], False),
        ([(b"BYE", b"Server shutting down.")], True),  # wake up, so that the loss is noticed at once
    ],
)
def test_idle_responses_that_wake_the_watcher(responses: list[tuple], expected: bool) -> None:
    """New mail (EXISTS/RECENT) and BYE end the IDLE wait; keep-alives and flag changes do not."""
    assert expected == has_new_mail(responses)


def test_source_ref_names_mailbox_uidvalidity_and_uid() -> None:
    """The inbox key is stable per message and changes when UIDVALIDITY does."""
    assert "imap:INBOX:1700000000:42" == source_ref("INBOX", 1700000000, 42)


# -- against Dovecot ---------------------------------------------------------------------------------


def settings(dovecot: Dovecot, **changes: object) -> ImapSettings:
    values = {"port": dovecot.imap_port, "security": "none", "username": BOT_USER, "password_env": "UNUSED"}
    return ImapSettings(**(values | changes))


def append_posts(dovecot: Dovecot, count: int) -> list[str]:
    ids = []
    for i in range(count):
        message_id, raw = list_copy(f"p{i}@example.org", f"Post {i}", f"Text {i}")
        dovecot.append(BOT_USER, raw)
        ids.append(message_id)
    return ids


def flags(dovecot: Dovecot) -> list[bytes]:
    client = imaplib.IMAP4("127.0.0.1", dovecot.imap_port)
    client.login(BOT_USER, BOT_PASSWORD)
    client.select("INBOX", readonly=True)
    _, data = client.fetch("1:*", "(FLAGS)")
    client.logout()
    return [line for line in data if line]


@pytest.mark.integration
def test_catch_up_hands_over_each_message_once_in_uid_order(dovecot: Dovecot, store: Store) -> None:
    """Every message lands in the inbox once, in UID order, the position advances, and \\Seen stays unset."""
    ids = append_posts(dovecot, 3)
    watcher = ImapWatcher(settings(dovecot), BOT_PASSWORD, store, clock=lambda: NOW)

    first = watcher.run_once()
    second = watcher.run_once()
    append_posts(dovecot, 1)
    third = watcher.run_once()

    items = store.pending_inbox()
    uidvalidity, last = store.imap_position("INBOX")
    assert (3, 0, 1) == (first, second, third)
    assert [source_ref("INBOX", uidvalidity, uid) for uid in (1, 2, 3, 4)] == [i.source_ref for i in items]
    assert 4 == last
    assert all(f"<{mid}>".encode() in item.raw for mid, item in zip(ids, items, strict=False))
    assert not any(b"\\Seen" in line for line in flags(dovecot))


@pytest.mark.integration
def test_uidvalidity_change_reads_the_mailbox_again(
    dovecot: Dovecot, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """A rebuilt mailbox (new UIDVALIDITY) is read again in full, under new source refs; Message-ID dedupe
    downstream makes that safe, and nothing is skipped."""
    append_posts(dovecot, 2)
    watcher = ImapWatcher(settings(dovecot), BOT_PASSWORD, store, clock=lambda: NOW)
    watcher.run_once()
    old_validity, _ = store.imap_position("INBOX")

    dovecot.stop()
    time.sleep(1.1)  # Dovecot derives the new UIDVALIDITY from the clock
    maildir = dovecot.home(BOT_USER) / "Maildir"
    for index in [maildir / "dovecot-uidlist", *maildir.glob("dovecot.index*")]:
        index.unlink(missing_ok=True)
    dovecot.start()
    with caplog.at_level(logging.WARNING, logger="listbot.mail.imap"):
        again = watcher.run_once()

    new_validity, last = store.imap_position("INBOX")
    assert new_validity != old_validity
    assert (2, 2) == (again, last)
    assert 4 == len(store.pending_inbox())
    assert "UIDVALIDITY of INBOX changed" in caplog.text


@pytest.mark.integration
def test_idle_wakes_on_new_mail_and_stops_on_request(dovecot: Dovecot, tmp_path: Path) -> None:
    """In IDLE the watcher sees an APPEND within about a second, and run() returns soon after stop is set."""
    stop = threading.Event()
    arrived = threading.Event()

    def watch() -> None:
        with Store(tmp_path / "state.sqlite3") as own:
            ImapWatcher(settings(dovecot), BOT_PASSWORD, own, on_new=arrived.set, stop=stop).run()

    def caught_up() -> bool:
        with Store(tmp_path / "state.sqlite3") as look:
            return look.imap_position("INBOX") is not None

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        wait_until(caught_up, 10, "the watcher's first catch-up")  # then it enters IDLE
        appended = time.monotonic()
        append_posts(dovecot, 1)
        seen = arrived.wait(5)
        latency = time.monotonic() - appended
    finally:
        stop.set()
        thread.join(5)

    assert seen
    assert latency < 2.0
    assert not thread.is_alive()


@pytest.mark.integration
@pytest.mark.parametrize(
    ("change", "password", "message"),
    [
        ({}, "wrong-password", "refused the login for 'listbot'"),
        ({"mailbox": "Nowhere"}, BOT_PASSWORD, "refused to open the mailbox 'Nowhere'"),
        ({"port": None}, BOT_PASSWORD, "cannot reach the IMAP server"),
    ],
)
def test_start_up_check_is_one_line_naming_the_fix(
    dovecot: Dovecot, store: Store, change: dict, password: str, message: str
) -> None:
    """LOGIN and SELECT are both checked; each failure is one line with what to check."""
    if change.get("port", 0) is None:
        change = {"port": free_port()}
    watcher = ImapWatcher(settings(dovecot, **change), password, store)

    with pytest.raises(StartupError) as caught:
        watcher.check()

    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert password not in str(caught.value)


@pytest.fixture
def tls_dovecot(sink: SmtpSink):
    base = make_base_dir()
    server = Dovecot(base, {BOT_USER: BOT_PASSWORD}, smtp_port=sink.port, tls=make_certificate(base))
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.integration
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_certificate_is_verified_by_default(tls_dovecot: Dovecot, store: Store, security: str) -> None:
    """Implicit TLS and STARTTLS: a self-signed certificate is refused with one line, unless
    verify_certificates is off, and then mail is read over the encrypted connection."""
    port = tls_dovecot.imaps_port if security == "ssl" else tls_dovecot.imap_port
    append_posts(tls_dovecot, 1)
    strict = ImapWatcher(settings(tls_dovecot, port=port, security=security), BOT_PASSWORD, store)
    relaxed = ImapWatcher(
        settings(tls_dovecot, port=port, security=security, verify_certificates=False), BOT_PASSWORD, store
    )

    with pytest.raises(StartupError, match="TLS with the IMAP server .*imap.verify_certificates"):
        strict.check()
    relaxed.check()

    assert 1 == relaxed.run_once()
