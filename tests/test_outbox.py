"""The outbox sender: backoff schedule, error classification, the Maildir transport, and the Sender's
bookkeeping against a real aiosmtpd sink on loopback (tests/servers.py)."""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest

from listbot.config import SmtpSettings
from listbot.mail.outbox import MaildirTransport, Sender, SmtpTransport, backoff_seconds, classify, describe
from listbot.model import Decision, Post
from listbot.store import Store
from tests.factories import make_post
from tests.servers import SmtpSink, free_port, make_certificate

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
BOT = frozenset({"listbot@example.org"})
MESSAGE = (
    b"From: Balint-L FAQ Assistant <listbot@example.org>\r\nTo: ann@example.org\r\n"
    b"Subject: Re: curriculum\r\nMessage-ID: <answer-1@example.org>\r\nAuto-Submitted: auto-replied\r\n\r\n"
    b"The curriculum is on the website.\r\n"
)


@pytest.mark.parametrize(
    ("failures", "rand", "expected"),
    [
        (1, 0.0, 15.0),  # half of the first step
        (1, 0.999999, 30.0),
        (2, 0.999999, 60.0),
        (3, 0.999999, 120.0),
        (6, 0.999999, 960.0),
        (7, 0.999999, 1800.0),  # capped
        (50, 0.0, 900.0),  # capped, half
        (0, 0.999999, 30.0),  # never below the first step
    ],
)
def test_backoff_doubles_up_to_the_cap_with_jitter(failures: int, rand: float, expected: float) -> None:
    """The wait doubles per failure from 30 s, is capped at 30 min, and jitter takes it down to half."""
    actual = backoff_seconds(failures, initial=30, maximum=1800, rand=rand)

    assert expected == pytest.approx(actual, abs=0.01)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (smtplib.SMTPDataError(451, b"4.3.0 try later"), "temporary"),
        (smtplib.SMTPDataError(554, b"5.7.1 rejected"), "permanent"),
        (smtplib.SMTPSenderRefused(421, b"closing", ""), "temporary"),
        (smtplib.SMTPSenderRefused(550, b"no such sender", ""), "permanent"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), "permanent"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"mailbox busy")}), "temporary"),
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no"), "b@example.org": (452, b"full")}),
            "temporary",
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"bad credentials"),
            "temporary",
        ),  # our config, not the message
        (smtplib.SMTPServerDisconnected("gone"), "temporary"),
        (smtplib.SMTPConnectError(421, b"busy"), "temporary"),
        (ConnectionRefusedError(111, "Connection refused"), "temporary"),
        (smtplib.SMTPSenderRefused(530, b"5.7.0 Must issue a STARTTLS command first", ""), "temporary"),
        (smtplib.SMTPSenderRefused(530, b"5.7.0 Authentication required", ""), "temporary"),
        (TimeoutError("timed out"), "temporary"),
        (ssl.SSLError("handshake"), "temporary"),
    ],
)
def test_classify_smtp_errors(exc: BaseException, expected: str) -> None:
    """5xx about the message is permanent; 4xx, network, TLS and authentication trouble are temporary."""
    assert expected == classify(exc)


def test_describe_is_one_line_with_the_code() -> None:
    """The recorded error names the SMTP code and text."""
    assert "550 5.1.1 no such user" == describe(smtplib.SMTPDataError(550, b"5.1.1 no such user"))


def test_maildir_transport_writes_the_message_with_its_envelope(tmp_path: Path) -> None:
    """Shadow mode: the would-be mail lands in a Maildir, its bytes intact, envelope noted in headers."""
    transport = MaildirTransport(tmp_path / "shadow-maildir")

    with transport.session() as session:
        session.send("", ("ann@example.org",), MESSAGE)

    stored = [bytes(m) for m in mailbox.Maildir(tmp_path / "shadow-maildir").values()]
    assert 1 == len(stored)
    parsed = message_from_bytes(stored[0])
    assert "<>" == parsed["Return-Path"]
    assert "ann@example.org" == parsed["X-Listbot-Shadow-Recipients"]
    assert "<answer-1@example.org>" == parsed["Message-ID"]
    assert stored[0].endswith(MESSAGE.replace(b"\r\n", b"\n"))  # Maildir files use local line ends


# -- the Sender, against a real SMTP server ------------------------------------------------------


def smtp_to(port: int) -> SmtpTransport:
    return SmtpTransport(SmtpSettings(port=port, security="none"), None, helo_name="example.org")


def enqueue_answer(store: Store, key: str = "answer:q1@example.org", not_before: datetime = NOW) -> None:
    store.enqueue(
        key,
        "answer",
        "",
        ("ann@example.org",),
        MESSAGE,
        NOW,
        not_before=not_before,
        author="ann@example.org",
        faq="balint-basics",
        thread_id="q1@example.org",
    )


def post(message_id: str, author: str, thread: str) -> Post:
    return make_post(
        message_id=message_id,
        author=author,
        from_addr=author,
        subject="Re: curriculum",
        topic="curriculum",
        date=NOW,
        in_reply_to=thread,
        references=(thread,),
        new_text="See the website.",
    )


@pytest.mark.integration
def test_sender_sends_once_with_the_null_sender(sink: SmtpSink, store: Store) -> None:
    """A due answer goes out once, MAIL FROM:<>, bytes unchanged; a second run sends nothing."""
    enqueue_answer(store)
    sender = Sender(store, smtp_to(sink.port), BOT)

    first = sender.run_once(NOW)
    second = sender.run_once(NOW + timedelta(minutes=5))

    assert ["sent"] == [r.status for r in first]
    assert [] == second
    [received] = sink.messages()
    assert ("<>", ("ann@example.org",)) == (received.mail_from, received.rcpt_tos)
    assert message_from_bytes(received.data)["Message-ID"] == "<answer-1@example.org>"
    assert "sent" == store.outbox_get("answer:q1@example.org").status


@pytest.mark.integration
def test_a_row_left_half_sent_by_a_crash_is_never_sent_again(sink: SmtpSink, store: Store) -> None:
    """At most once: a row claimed for sending when the daemon died may have reached the relay, so a
    restarted sender marks it 'unknown' and does not send it; the other rows go out."""
    enqueue_answer(store)
    store.enqueue("answer:q2@example.org", "answer", "", ("bo@example.org",), MESSAGE, NOW)
    assert store.claim("answer:q1@example.org")  # the crash came after this commit

    restarted = Sender(store, smtp_to(sink.port), BOT)
    recovered = restarted.recover()
    results = restarted.run_once(NOW)

    assert ["answer:q1@example.org"] == recovered
    assert [("answer:q2@example.org", "sent")] == [(r.key, r.status) for r in results]
    assert "unknown" == store.outbox_get("answer:q1@example.org").status
    assert 1 == len(sink.messages())
    assert store.answered("ann@example.org", "balint-basics", NOW - timedelta(days=1))  # counts as answered


@pytest.mark.integration
def test_bare_line_feeds_go_out_as_crlf(sink: SmtpSink, store: Store) -> None:
    """Messages stored with LF line ends (EmailMessage.as_bytes) reach the relay intact, with CRLF."""
    long_body = b"x" * 70 + b"\n"
    message = MESSAGE.replace(b"\r\n", b"\n") + long_body * 40
    store.enqueue("answer:lf@example.org", "answer", "", ("ann@example.org",), message, NOW)

    results = Sender(store, smtp_to(sink.port), BOT).run_once(NOW)

    assert ["sent"] == [r.status for r in results]
    assert message.replace(b"\n", b"\r\n") == sink.messages()[0].data


@pytest.mark.integration
def test_sender_waits_for_not_before(sink: SmtpSink, store: Store) -> None:
    """An answer in its human-first wait is not sent early."""
    enqueue_answer(store, not_before=NOW + timedelta(minutes=30))
    sender = Sender(store, smtp_to(sink.port), BOT)

    assert [] == sender.run_once(NOW + timedelta(minutes=29))
    assert ["sent"] == [r.status for r in sender.run_once(NOW + timedelta(minutes=30))]


@pytest.mark.integration
def test_sender_drops_an_answer_when_a_person_replied(sink: SmtpSink, store: Store) -> None:
    """A person's reply in the thread during the wait drops the answer; nothing reaches the relay."""
    enqueue_answer(store, not_before=NOW + timedelta(minutes=30))
    store.record_post(
        post("r1@example.org", "bob@example.org", "q1@example.org"), Decision("ignore"), "t", NOW
    )
    sender = Sender(store, smtp_to(sink.port), BOT)

    results = sender.run_once(NOW + timedelta(minutes=30))

    assert ["dropped"] == [r.status for r in results]
    assert "dropped" == store.outbox_get("answer:q1@example.org").status
    assert [] == sink.messages()


@pytest.mark.integration
def test_a_reply_by_the_author_or_the_bot_does_not_drop_the_answer(sink: SmtpSink, store: Store) -> None:
    """Only someone other than the author and the bot counts as a person who replied."""
    enqueue_answer(store)
    store.record_post(
        post("r1@example.org", "ann@example.org", "q1@example.org"), Decision("ignore"), "t", NOW
    )
    store.record_post(
        post("r2@example.org", "listbot@example.org", "q1@example.org"), Decision("ignore"), "t", NOW
    )

    results = Sender(store, smtp_to(sink.port), BOT).run_once(NOW)

    assert ["sent"] == [r.status for r in results]


@pytest.mark.integration
def test_temporary_refusal_is_retried_later(sink: SmtpSink, store: Store) -> None:
    """451 at DATA: the row stays pending with a backoff; when the relay accepts, it goes out."""
    enqueue_answer(store)
    sender = Sender(store, smtp_to(sink.port), BOT, retry_initial=60, retry_max=600, rand=lambda: 0.999999)
    sink.reply = "451 4.3.0 try again later"

    first = sender.run_once(NOW)
    row = store.outbox_get("answer:q1@example.org")
    sink.reply = "250 OK"
    too_early = sender.run_once(NOW + timedelta(seconds=59))
    later = sender.run_once(NOW + timedelta(seconds=60))

    assert ["retry"] == [r.status for r in first]
    assert ("pending", 1) == (row.status, row.attempts)
    assert "451" in (row.last_error or "")
    assert [] == too_early
    assert ["sent"] == [r.status for r in later]
    assert 1 == len(sink.messages())


@pytest.mark.integration
def test_permanent_refusal_is_recorded_not_retried(sink: SmtpSink, store: Store) -> None:
    """554 at DATA: the row is failed with the server's words, and never tried again."""
    enqueue_answer(store)
    sender = Sender(store, smtp_to(sink.port), BOT)
    sink.reply = "554 5.7.1 message rejected"

    results = sender.run_once(NOW)
    again = sender.run_once(NOW + timedelta(days=1))

    row = store.outbox_get("answer:q1@example.org")
    assert ["failed"] == [r.status for r in results]
    assert [] == again
    assert "failed" == row.status
    assert "554 5.7.1 message rejected" == row.last_error


@pytest.mark.integration
def test_relay_down_keeps_every_row_waiting(store: Store) -> None:
    """Connection refused: each due row is rescheduled (none failed, none lost)."""
    enqueue_answer(store, "answer:a@example.org")
    enqueue_answer(store, "answer:b@example.org")
    sender = Sender(store, smtp_to(free_port()), BOT, retry_initial=10, retry_max=100, rand=lambda: 0.0)

    results = sender.run_once(NOW)

    assert ["retry", "retry"] == [r.status for r in results]
    rows = store.outbox_all()
    assert {("pending", 1)} == {(r.status, r.attempts) for r in rows}
    assert [] == store.due(NOW + timedelta(seconds=4))
    assert 2 == len(store.due(NOW + timedelta(seconds=5)))


def test_shadow_sender_writes_to_the_maildir_and_marks_shadow(tmp_path: Path, store: Store) -> None:
    """Shadow mode sends nothing: the row is marked shadow and the mail is in the Maildir."""
    enqueue_answer(store)
    sender = Sender(store, MaildirTransport(tmp_path / "shadow-maildir"), BOT)

    results = sender.run_once(NOW)

    assert ["shadow"] == [r.status for r in results]
    assert "shadow" == store.outbox_get("answer:q1@example.org").status
    assert 1 == len(mailbox.Maildir(tmp_path / "shadow-maildir"))


@pytest.mark.integration
def test_smtp_check_names_the_server_when_unreachable() -> None:
    """Start-up check: one line naming host, port and what to check."""
    from listbot.errors import StartupError

    port = free_port()
    with pytest.raises(StartupError, match=rf"cannot reach the SMTP server 127.0.0.1:{port} .*smtp.host"):
        smtp_to(port).check()


# -- TLS -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_sink(certificate: tuple[Path, Path]):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = SmtpSink(starttls=context)
    server.start()
    yield server
    server.stop()


def tls_to(port: int, security: str, verify: bool = True) -> SmtpTransport:
    settings = SmtpSettings(port=port, security=security, verify_certificates=verify)
    return SmtpTransport(settings, None, helo_name="example.org")


@pytest.mark.integration
def test_starttls_certificate_is_verified_by_default(tls_sink: SmtpSink, store: Store) -> None:
    """A self-signed relay certificate is refused unless verify_certificates is off; the answer waits."""
    from listbot.errors import StartupError

    enqueue_answer(store)

    with pytest.raises(StartupError, match="TLS with the SMTP server .*smtp.verify_certificates"):
        tls_to(tls_sink.port, "starttls").check()
    refused = Sender(store, tls_to(tls_sink.port, "starttls"), BOT).run_once(NOW)
    accepted = Sender(store, tls_to(tls_sink.port, "starttls", verify=False), BOT).run_once(
        NOW + timedelta(hours=1)
    )

    assert ["retry"] == [r.status for r in refused]
    assert ["sent"] == [r.status for r in accepted]
    assert 1 == len(tls_sink.messages())


@pytest.mark.integration
def test_plain_smtp_to_a_relay_that_requires_starttls_waits(tls_sink: SmtpSink, store: Store) -> None:
    """smtp.security none against a STARTTLS-only relay: 530 is a configuration problem, so the row waits."""
    enqueue_answer(store)

    results = Sender(store, tls_to(tls_sink.port, "none"), BOT).run_once(NOW)

    assert ["retry"] == [r.status for r in results]
    assert "530" in (store.outbox_get("answer:q1@example.org").last_error or "")
