"""The outbox sender: takes due rows from the store's outbox and hands them to a transport, exactly once.

The outbox row's key is the idempotency key; the message bytes stored with it (and so its Message-ID) never
change across retries. A row ends in one of: ``sent``; ``shadow`` (written to the shadow Maildir instead);
``dropped`` (an answer made pointless because a person replied in the thread during the wait);
``failed`` (a permanent 5xx refusal: recorded, not retried). Temporary trouble (4xx, connection refused,
timeouts, TLS handshakes) reschedules the row with exponential backoff and jitter.

Transports are thin: ``session()`` opens one connection for a batch, ``send()`` raises what the library
raises, and ``classify()`` decides whether an exception is temporary or permanent. Nothing here decides
whether to speak; that was the pipeline's job when it enqueued the row.
"""

from __future__ import annotations

import logging
import mailbox
import random
import re
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal, Protocol

from listbot.config import SmtpSettings
from listbot.errors import StartupError
from listbot.mail.net import backoff_seconds, tls_context
from listbot.store import OutMessage, Store

log = logging.getLogger(__name__)
_LINE_END = re.compile(rb"\r?\n")

Failure = Literal["temporary", "permanent"]
CONFIGURATION_CODES = frozenset({530, 534, 535, 538})
RESEND_AFTER_CRASH = frozenset(
    {"digest", "reminder"}
)  # kinds delivered at least once (the rest at most once)  # RFC 3207 / RFC 4954: TLS or authentication needed


def classify(exc: BaseException) -> Failure:
    """Is a sending error worth retrying? 5xx replies about the message are permanent; all else is not.

    Refusals about our configuration rather than the message -- authentication failed or required, TLS
    required (530, 534, 535, 538) -- count as temporary: once the configuration is fixed the message must
    still go out. The log says what is wrong at every attempt.
    """
    if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return "temporary"
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code in CONFIGURATION_CODES:
        return "temporary"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return "permanent" if codes and all(500 <= c < 600 for c in codes) else "temporary"
    if isinstance(exc, smtplib.SMTPResponseException):
        return "permanent" if 500 <= exc.smtp_code < 600 else "temporary"
    return "temporary"  # OSError, timeouts, TLS errors, SMTPServerDisconnected, SMTPConnectError...


def describe(exc: BaseException) -> str:
    """One line about a sending error, for the log and the outbox row (never a credential)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {_text(msg)}" for addr, (code, msg) in exc.recipients.items()]
        return "recipients refused: " + "; ".join(parts)
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def wire_format(message: bytes) -> bytes:
    """CRLF line ends, as SMTP requires (smtplib leaves bytes alone; ``as_bytes()`` gives bare LF)."""
    return _LINE_END.sub(b"\r\n", message)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class Session(Protocol):
    def send(self, envelope_from: str, recipients: tuple[str, ...], message: bytes) -> None: ...


class SmtpTransport:
    """SMTP to the configured relay: implicit TLS, STARTTLS or plain; optional AUTH."""

    shadow = False

    def __init__(self, settings: SmtpSettings, password: str | None, helo_name: str):
        self.settings = settings
        self._password = password
        self.helo_name = helo_name

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host,
                s.port,
                local_hostname=self.helo_name,
                timeout=s.timeout_seconds,
                context=tls_context(s.verify_certificates),
            )
        else:
            client = smtplib.SMTP(s.host, s.port, local_hostname=self.helo_name, timeout=s.timeout_seconds)
        try:
            client.ehlo()
            if s.security == "starttls":
                client.starttls(context=tls_context(s.verify_certificates))
                client.ehlo()
            if s.username:
                client.login(s.username, self._password or "")
        except BaseException:
            _close(client)
            raise
        return client

    @contextmanager
    def session(self) -> Iterator[_SmtpSession]:
        client = self._connect()
        try:
            yield _SmtpSession(client)
        finally:
            _close(client)

    def check(self) -> None:
        """Connect, greet (and log in) once; StartupError with one line when that fails."""
        s = self.settings
        try:
            with self.session():
                pass
        except smtplib.SMTPAuthenticationError as exc:
            raise StartupError(
                f"the SMTP server {s.host}:{s.port} refused the login for {s.username!r} ({describe(exc)}); "
                "check smtp.username and the password"
            ) from None
        except ssl.SSLError as exc:
            raise StartupError(
                f"TLS with the SMTP server {s.host}:{s.port} failed ({exc.reason or exc}); "
                "check smtp.security and the server's certificate (smtp.verify_certificates)"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise StartupError(
                f"cannot reach the SMTP server {s.host}:{s.port} ({describe(exc)}); "
                "check smtp.host, smtp.port and smtp.security, and that the relay is running"
            ) from None


class _SmtpSession:
    def __init__(self, client: smtplib.SMTP):
        self.client = client

    def send(self, envelope_from: str, recipients: tuple[str, ...], message: bytes) -> None:
        refused = self.client.sendmail(envelope_from, list(recipients), wire_format(message))
        for address, (code, text) in refused.items():  # some, not all, recipients refused: it went out
            log.warning(
                "the relay refused %s (%s %s); the others got the message", address, code, _text(text)
            )


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


class MaildirTransport:
    """Shadow mode: would-be mail goes to a Maildir for people to read. Nothing is sent."""

    shadow = True

    def __init__(self, path: Path):
        self.path = path

    @contextmanager
    def session(self) -> Iterator[MaildirTransport]:
        yield self

    def send(self, envelope_from: str, recipients: tuple[str, ...], message: bytes) -> None:
        box = mailbox.Maildir(self.path, create=True)
        envelope = (
            f"Return-Path: <{envelope_from}>\r\nX-Listbot-Shadow-Recipients: {', '.join(recipients)}\r\n"
        ).encode("ascii", "replace")
        box.add(envelope + message)

    def check(self) -> None:
        try:
            mailbox.Maildir(self.path, create=True)
        except OSError as exc:
            raise StartupError(
                f"cannot create the shadow Maildir {self.path} ({exc}); check the state folder"
            ) from None


@dataclass(frozen=True)
class Result:
    key: str
    status: Literal["sent", "shadow", "dropped", "retry", "failed"]
    detail: str = ""


class Sender:
    """Delivers due outbox rows. One per thread (the store is not shared between threads)."""

    def __init__(
        self,
        store: Store,
        transport: SmtpTransport | MaildirTransport,
        bot_addresses: frozenset[str],
        retry_initial: float = 30.0,
        retry_max: float = 1800.0,
        rand: Callable[[], float] = random.random,
    ):
        self.store = store
        self.transport = transport
        self.bot_addresses = bot_addresses
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.rand = rand

    def run_once(self, now: datetime, stop: Callable[[], bool] = lambda: False) -> list[Result]:
        """Deliver what is due at ``now`` over one connection. Returns what happened to each row."""
        results: list[Result] = []
        due = [m for m in self.store.due(now) if not self._drop_if_answered(m, results)]
        if not due:
            return results
        try:
            with self.transport.session() as session:
                for message in due:
                    if stop():
                        break
                    if not self.store.claim(message.key):
                        continue  # taken meanwhile (dropped, or another sender)
                    results.append(self._deliver(session, message, now))
        except Exception as exc:  # the connection itself failed: every untried row waits
            done = {r.key for r in results}
            detail = describe(exc)
            for message in due:
                if message.key not in done:
                    results.append(self._retry(message, now, detail))
        return results

    def recover(self) -> list[str]:
        """At start: rows a crash left half-sent. Answers and notices become 'unknown' and are never sent
        again (at most once: a member must not get two answers). A digest or reminder is sent again, with
        the same Message-ID: mail's own norm (RFC 5321 section 6.1) prefers a duplicate to a loss, and a
        lost digest would cost every recipient that week's calls."""
        keys = []
        for message in self.store.interrupted():
            if message.kind in RESEND_AFTER_CRASH:
                self.store.resend(message.key)
                log.warning(
                    "outbox %s: interrupted by a crash; sent again (a duplicate beats a loss)", message.key
                )
            else:
                reason = "the daemon stopped while handing this to the relay; not sent again (at most once)"
                self.store.mark_unknown(message.key, reason)
                log.warning("outbox %s: delivery unknown after a crash; %s", message.key, reason)
            keys.append(message.key)
        return keys

    def _drop_if_answered(self, message: OutMessage, results: list[Result]) -> bool:
        if message.kind != "answer" or not message.thread_id or not message.author:
            return False
        if not self.store.human_replied(
            message.thread_id, message.author, message.created_at, self.bot_addresses
        ):
            return False
        reason = "a person replied in the thread"
        self.store.mark_dropped(message.key, reason)
        log.info("outbox %s dropped: %s", message.key, reason)
        results.append(Result(message.key, "dropped", reason))
        return True

    def _deliver(self, session: Session, message: OutMessage, now: datetime) -> Result:
        try:
            session.send(message.envelope_from, message.recipients, message.message)
        except Exception as exc:
            if classify(exc) == "temporary":
                if isinstance(exc, OSError | smtplib.SMTPServerDisconnected):
                    raise  # the connection is gone: the batch's remaining rows wait too
                return self._retry(message, now, describe(exc))
            self.store.mark_failed(message.key, describe(exc))
            log.error("outbox %s failed permanently: %s", message.key, describe(exc))
            return Result(message.key, "failed", describe(exc))
        if self.transport.shadow:
            self.store.mark_shadow(message.key, now)
            log.info("outbox %s written to the shadow Maildir (not sent)", message.key)
            return Result(message.key, "shadow")
        self.store.mark_sent(message.key, now)
        log.info("outbox %s sent to %s", message.key, ", ".join(message.recipients))
        return Result(message.key, "sent")

    def _retry(self, message: OutMessage, now: datetime, detail: str) -> Result:
        failures = message.attempts + 1
        wait = backoff_seconds(failures, self.retry_initial, self.retry_max, self.rand())
        self.store.mark_retry(message.key, detail, now + timedelta(seconds=wait))
        log.warning(
            "outbox %s: attempt %d failed (%s); next try in %.0f s", message.key, failures, detail, wait
        )
        return Result(message.key, "retry", detail)
