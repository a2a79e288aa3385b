"""LMTP/SMTP ingress: the list server or MTA delivers a copy of each post to listbot (``source: lmtp``).

A thin aiosmtpd adapter. It decides nothing: it stores the bytes in the inbox and says so.

- The post is in the inbox (committed to SQLite) *before* the 250 goes out; when the store cannot take it
  the answer is ``451 4.3.0`` so that the MTA keeps the message and retries: nothing is lost.
- The inbox key is ``lmtp:<sha256 of the stored bytes>``. An MTA that retries a delivery we already took
  (our 250 got lost on the wire) sends the same bytes, which land on the same key and are not stored twice;
  the pipeline's Message-ID check is the second line. One message for several of our recipients is one
  post, stored once.
- LMTP (RFC 2033) answers DATA with one status per accepted recipient, in RCPT order.
- Messages over ``lmtp.max_message_bytes`` get ``552``: up front when the client announces SIZE (advertised in
  the LHLO/EHLO reply), otherwise after DATA. Known limit: aiosmtpd sends that late 552 as a single line,
  so an LMTP client that sent several recipients and no SIZE sees one status for all of them.
- Like an MDA, the listener records the envelope sender as a ``Return-Path:`` header (``<>`` for bounces),
  which the guard reads; a message that already starts with one is stored as it came.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import socket
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from listbot.clock import Clock, utcnow
from listbot.config import LmtpSettings
from listbot.errors import StartupError
from listbot.store import Store

log = logging.getLogger(__name__)

StoreOpener = Callable[[], Store]


def source_ref(raw: bytes) -> str:
    """The inbox key of a delivered message: the same bytes always give the same key."""
    return "lmtp:" + hashlib.sha256(raw).hexdigest()


def with_return_path(raw: bytes, mail_from: str | None) -> bytes:
    """Prepend ``Return-Path: <sender>`` as a delivery agent does, unless the message starts with one."""
    if raw[:12].lower() == b"return-path:":
        return raw
    sender = (mail_from or "").strip()
    if sender in ("", "<>"):
        sender = ""
    sender = sender.strip("<>")
    line = f"Return-Path: <{sender}>".encode("utf-8", "surrogateescape")
    newline = b"\r\n" if b"\r\n" in raw[:2000] else b"\n"
    return line + newline + raw


class InboxHandler:
    """aiosmtpd handler: store each message in the inbox, then answer.

    ``open_store`` is called in a worker thread for each delivery, and the connection closed there (SQLite
    connections belong to the thread that opened them); ``notify`` is called after a new post was stored, to wake the pipeline.
    """

    def __init__(
        self,
        open_store: StoreOpener,
        *,
        lmtp: bool = True,
        clock: Clock = utcnow,
        notify: Callable[[], None] | None = None,
    ):
        self.open_store = open_store
        self.lmtp = lmtp
        self.clock = clock
        self.notify = notify

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = with_return_path(envelope.original_content or b"", envelope.mail_from)
        # In a worker thread: a state file locked by another writer waits up to its busy timeout, and the
        # listener keeps serving other sessions meanwhile.
        status = await asyncio.get_running_loop().run_in_executor(None, self.keep, raw, envelope.mail_from)
        if not self.lmtp:
            return status
        # RFC 2033 section 4.2: one reply per successful RCPT, in order. The post is stored once for all.
        return "\r\n".join(status for _ in envelope.rcpt_tos) or status

    def keep(self, raw: bytes, mail_from: str | None) -> str:
        """Store one delivery; the status line for it (250 once committed, 451 when it could not be kept)."""
        ref = source_ref(raw)
        try:
            store = self.open_store()
            try:
                added = store.add_inbox(ref, raw, self.clock())
                try:
                    store.health_mark("lmtp", self.clock(), f"from {mail_from or '<>'}")
                except Exception:  # the post is kept; a missed health mark is only a stale overview
                    log.warning("could not record the LMTP delivery time", exc_info=True)
            finally:
                store.close()
        except Exception as exc:  # any failure to keep the post: the MTA must keep it and retry
            log.error("inbox cannot take a post from %s (%s): answering 451", mail_from or "<>", exc)
            return "451 4.3.0 Temporary failure storing the message; try again later"
        if added is None:
            log.info("delivery %s was already in the inbox (an MTA retry): not stored again", ref)
        else:
            log.info("stored delivery %s (%d bytes) as inbox row %s", ref, len(raw), added)
            if self.notify is not None:
                self.notify()
        return "250 2.0.0 Ok: queued as " + ref[5:21]


LONGEST_LINE = 1 << 20
"""The longest line taken in a message (bytes). RFC 5321 allows 1,000 and aiosmtpd refuses more with a
permanent 500, so the MTA bounces the post; but list servers and scripts do pass longer lines on (an HTML
part on one line), and the reader caps what it reads anyway: a long line is taken, not refused."""


class _LenientLMTP(LMTP):
    line_length_limit = LONGEST_LINE


class _LenientSMTP(SMTP):
    line_length_limit = LONGEST_LINE


class _LmtpController(Controller):
    def factory(self) -> LMTP:
        return _LenientLMTP(self.handler, **self.SMTP_kwargs)


class _SmtpController(Controller):
    def factory(self) -> SMTP:
        return _LenientSMTP(self.handler, **self.SMTP_kwargs)


def free_port(host: str = "127.0.0.1") -> int:
    """A port free right now on host (aiosmtpd's Controller cannot bind port 0 itself)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Listener:
    """The LMTP (or SMTP) listener on settings.host:settings.port, running in its own thread.

    ``port=0`` in the settings is not accepted by the config; pass ``port`` here to override (tests and the
    demo use :func:`free_port`).
    """

    def __init__(
        self,
        settings: LmtpSettings,
        open_store: StoreOpener,
        *,
        port: int | None = None,
        clock: Clock = utcnow,
        notify: Callable[[], None] | None = None,
        server_hostname: str | None = None,
    ):
        self.settings = settings
        self.host = settings.host
        self.port = settings.port if port is None else port
        self.lmtp = settings.protocol == "lmtp"
        self.handler = InboxHandler(open_store, lmtp=self.lmtp, clock=clock, notify=notify)
        kwargs: dict[str, Any] = {
            "data_size_limit": settings.max_message_bytes,
            "server_hostname": server_hostname or "listbot",
            "ident": "listbot",
        }
        controller_class = _LmtpController if self.lmtp else _SmtpController
        self._controller = controller_class(self.handler, hostname=self.host, port=self.port, **kwargs)
        self._running = False

    @property
    def protocol(self) -> str:
        return "lmtp" if self.lmtp else "smtp"

    def start(self) -> None:
        try:
            self._controller.start()
        except OSError as exc:
            self._abandon()
            raise StartupError(
                f"cannot listen for {self.protocol.upper()} on {self.host}:{self.port} "
                f"({exc.strerror or exc}); is another listbot or mail server using it? change lmtp.port"
            ) from None
        except TimeoutError as exc:
            self._abandon()
            raise StartupError(f"the {self.protocol.upper()} listener did not start: {exc}") from None
        self._running = True
        log.info("listening for %s on %s:%s", self.protocol.upper(), self.host, self.port)

    def _abandon(self) -> None:
        """After a failed start: aiosmtpd leaves its thread's event loop (and its sockets) open."""
        thread = self._controller._thread
        if thread is not None:
            thread.join(5)
            self._controller._thread = None
        if not self._controller.loop.is_running():
            self._controller.loop.close()

    def stop(self) -> None:
        if self._running:
            self._controller.stop()
            self._running = False
            log.info("stopped the %s listener on %s:%s", self.protocol.upper(), self.host, self.port)

    def __enter__(self) -> Listener:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
