"""The LMTP/SMTP ingress, talked to for real with smtplib on loopback."""

from __future__ import annotations

import smtplib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from listbot.config import LmtpSettings
from listbot.mail.smtp_in import Listener, free_port, source_ref, with_return_path
from listbot.store import Store

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
POST = (
    b"From: Dr. Ana Souza <ana.souza@example.org>\r\n"
    b"To: balint-l@lists.example.org\r\n"
    b"Subject: How do I join the ABS?\r\n"
    b"Message-ID: <join-1@example.org>\r\n"
    b"\r\n"
    b"Hello all, what are the benefits of membership?\r\n"
)
RECIPIENTS = ["listbot@example.org", "listbot-copy@example.org"]


class FailingStore(Store):
    """A state file that cannot take a write, as when the disk is full or the file is locked."""

    def add_inbox(self, source_ref: str, raw: bytes, now: datetime) -> int | None:
        raise sqlite3.OperationalError("database or disk is full")


def inbox_rows(path: Path) -> list[tuple[str, bytes]]:
    with Store(path) as store:
        rows = store.db.execute("SELECT source_ref, raw FROM inbox ORDER BY id").fetchall()
    return [(r["source_ref"], bytes(r["raw"])) for r in rows]


def start(path: Path, *, protocol: str = "lmtp", max_bytes: int = 100_000, store_class: type = Store):
    settings = LmtpSettings(host="127.0.0.1", port=8024, protocol=protocol, max_message_bytes=max_bytes)
    listener = Listener(settings, lambda: store_class(path), port=free_port(), clock=lambda: NOW)
    listener.start()
    return listener


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def lmtp(state: Path) -> Iterator[Listener]:
    listener = start(state)
    yield listener
    listener.stop()


def deliver(listener: Listener, raw: bytes, recipients: list[str], sender: str = "owner-l@example.org"):
    """MAIL, RCPT each, DATA without SIZE; returns the DATA replies (LMTP: one per recipient)."""
    client_class = smtplib.LMTP if listener.protocol == "lmtp" else smtplib.SMTP
    with client_class("127.0.0.1", listener.port) as client:
        client.ehlo()
        assert client.mail(sender)[0] == 250
        for rcpt in recipients:
            assert client.rcpt(rcpt)[0] == 250
        replies = [client.data(raw)]
        if listener.protocol == "lmtp":
            replies += [client.getreply() for _ in recipients[1:]]
        return replies


@pytest.mark.integration
def test_lmtp_answers_250_per_recipient_and_stores_the_post_once(lmtp: Listener, state: Path) -> None:
    """Two recipients get two 250s, and the post is in the inbox once, before the reply."""
    replies = deliver(lmtp, POST, RECIPIENTS)

    assert [code for code, _ in replies] == [250, 250]
    rows = inbox_rows(state)
    assert len(rows) == 1
    ref, raw = rows[0]
    assert raw == b"Return-Path: <owner-l@example.org>\r\n" + POST
    assert ref == source_ref(raw)


@pytest.mark.integration
def test_lmtp_via_sendmail_single_recipient(lmtp: Listener, state: Path) -> None:
    """The everyday case as an MTA does it (SIZE announced): one recipient, accepted, stored."""
    with smtplib.LMTP("127.0.0.1", lmtp.port) as client:
        refused = client.sendmail("ana.souza@example.org", ["listbot@example.org"], POST)

    assert {} == refused
    assert 1 == len(inbox_rows(state))


@pytest.mark.integration
@pytest.mark.parametrize("protocol", ["lmtp", "smtp"])
def test_a_line_longer_than_rfc_5321_allows_is_taken_not_bounced(state: Path, protocol: str) -> None:
    """An HTML part on one line of 20,000 characters: aiosmtpd alone refuses it with a permanent 500."""
    long_line = POST.replace(b"\r\n\r\n", b"\r\n\r\n" + b"<p>word</p>" * 2_000 + b"\r\n", 1)
    listener = start(state, protocol=protocol)
    try:
        replies = deliver(listener, long_line, RECIPIENTS[:1])
    finally:
        listener.stop()

    assert [250] == [code for code, _ in replies]
    assert [long_line] == [raw.split(b"\r\n", 1)[1] for _, raw in inbox_rows(state)]


@pytest.mark.integration
def test_the_same_bytes_delivered_twice_are_one_inbox_row(lmtp: Listener, state: Path) -> None:
    """An MTA retry of a delivery we already took (its 250 was lost) does not double the post."""
    first = deliver(lmtp, POST, RECIPIENTS[:1])
    second = deliver(lmtp, POST, RECIPIENTS[:1])

    assert [250, 250] == [first[0][0], second[0][0]]
    assert 1 == len(inbox_rows(state))


@pytest.mark.integration
def test_a_different_post_is_a_second_row(lmtp: Listener, state: Path) -> None:
    deliver(lmtp, POST, RECIPIENTS[:1])
    deliver(lmtp, POST.replace(b"join-1@", b"join-2@"), RECIPIENTS[:1])

    assert 2 == len(inbox_rows(state))


@pytest.mark.integration
def test_a_store_that_fails_answers_451_per_recipient_and_the_retry_lands(state: Path) -> None:
    """451 4.3.0 keeps the message at the MTA; its retry, once the store works, is stored once."""
    broken = start(state, store_class=FailingStore)
    try:
        replies = deliver(broken, POST, RECIPIENTS)
    finally:
        broken.stop()
    healthy = start(state)
    try:
        retry = deliver(healthy, POST, RECIPIENTS)
    finally:
        healthy.stop()

    assert [(451, "4.3.0")] * 2 == [(code, text.decode().split()[0]) for code, text in replies]
    assert [250, 250] == [code for code, _ in retry]
    assert 1 == len(inbox_rows(state))


@pytest.mark.integration
def test_an_unopenable_state_file_answers_451(tmp_path: Path) -> None:
    """A state path that is a directory: the store cannot open, the MTA is told to retry."""
    replies = deliver_once(tmp_path, POST)

    assert 451 == replies[0][0]


def deliver_once(path: Path, raw: bytes) -> list[tuple[int, bytes]]:
    listener = start(path)
    try:
        return deliver(listener, raw, RECIPIENTS[:1])
    finally:
        listener.stop()


@pytest.mark.integration
def test_oversize_without_size_is_refused_552_and_not_stored(state: Path) -> None:
    listener = start(state, max_bytes=2_000)
    try:
        replies = deliver(listener, POST + b"more words\r\n" * 500, RECIPIENTS[:1])
    finally:
        listener.stop()

    assert 552 == replies[0][0]
    assert [] == inbox_rows(state)


@pytest.mark.integration
def test_oversize_with_size_announced_is_refused_at_mail_from(state: Path) -> None:
    """The limit is advertised (SIZE), so an MTA learns it before sending the data."""
    listener = start(state, max_bytes=2_000)
    try:
        with smtplib.LMTP("127.0.0.1", listener.port) as client:
            client.ehlo()
            advertised = client.esmtp_features.get("size")
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.sendmail("ana@example.org", ["listbot@example.org"], POST + b"more words\r\n" * 500)
    finally:
        listener.stop()

    assert "2000" == advertised
    assert 552 == refused.value.smtp_code
    assert [] == inbox_rows(state)


@pytest.mark.integration
def test_smtp_protocol_answers_one_250(state: Path) -> None:
    listener = start(state, protocol="smtp")
    try:
        replies = deliver(listener, POST, RECIPIENTS)
    finally:
        listener.stop()

    assert [250] == [code for code, _ in replies]
    assert 1 == len(inbox_rows(state))


@pytest.mark.integration
def test_lmtp_refuses_helo(lmtp: Listener) -> None:
    with smtplib.LMTP("127.0.0.1", lmtp.port) as client:
        code, _ = client.helo()

    assert 500 == code


@pytest.mark.parametrize(
    ("mail_from", "expected"),
    [
        ("<>", b"Return-Path: <>\n"),
        ("", b"Return-Path: <>\n"),
        ("bounce@example.org", b"Return-Path: <bounce@example.org>\n"),
    ],
)
def test_return_path_records_the_envelope_sender(mail_from: str, expected: bytes) -> None:
    raw = b"Subject: x\n\nbody\n"

    assert expected + raw == with_return_path(raw, mail_from)


def test_a_message_with_a_return_path_is_kept_as_it_came() -> None:
    raw = b"Return-Path: <a@example.org>\r\nSubject: x\r\n\r\nbody\r\n"

    assert raw == with_return_path(raw, "b@example.org")


@pytest.mark.integration
def test_null_sender_is_stored_as_an_empty_return_path(lmtp: Listener, state: Path) -> None:
    """Bounces arrive with MAIL FROM:<>; the guard reads the empty Return-Path."""
    with smtplib.LMTP("127.0.0.1", lmtp.port) as client:
        client.sendmail("<>", ["listbot@example.org"], POST)

    assert inbox_rows(state)[0][1].startswith(b"Return-Path: <>\r\n")


@pytest.mark.integration
def test_a_busy_port_is_a_startup_error_naming_the_setting(state: Path) -> None:
    from listbot.errors import StartupError

    first = start(state)
    try:
        settings = LmtpSettings(host="127.0.0.1", port=first.port)
        second = Listener(settings, lambda: Store(state))
        second._controller.ready_timeout = 1.0
        with pytest.raises(StartupError, match="lmtp.port"):
            second.start()
    finally:
        first.stop()


@pytest.mark.integration
def test_notify_wakes_the_pipeline_once_per_new_post(state: Path) -> None:
    """The daemon's processor is woken for a stored post, not for a retry that stored nothing."""
    woken: list[int] = []
    settings = LmtpSettings(host="127.0.0.1", port=8024)
    listener = Listener(settings, lambda: Store(state), port=free_port(), notify=lambda: woken.append(1))
    listener.start()
    try:
        deliver(listener, POST, RECIPIENTS)
        deliver(listener, POST, RECIPIENTS)
    finally:
        listener.stop()

    assert [1] == woken
