"""The IMAP watcher: copies every new message of the list's mailbox into the store's inbox. Decides nothing.

Position: the store keeps (UIDVALIDITY, last UID handed over) per mailbox. Each message is added to the
inbox and the position advanced in one transaction, so a crash at any point neither loses nor doubles a
message. On (re)connect the watcher catches up with ``UID SEARCH UID last+1:*``, then waits in IDLE
(re-issued every ``imap.idle_minutes``), or polls every ``imap.poll_seconds`` when the server has no IDLE.

When UIDVALIDITY changes (the mailbox was rebuilt) the old UIDs mean nothing: the watcher reads the whole
mailbox again. That loses nothing and answers nothing twice, because the pipeline skips Message-IDs it has
recorded, and the backlog cut-off keeps it from answering old posts it never saw.

Messages are fetched with ``BODY.PEEK[]`` so that ``\\Seen`` is left for people. Any network or server error
closes the connection and reconnects after an exponential backoff with jitter.
"""

from __future__ import annotations

import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from listbot.clock import Clock, utcnow
from listbot.config import ImapSettings
from listbot.errors import StartupError
from listbot.mail.net import backoff_seconds, tls_context
from listbot.store import Store, storage_fault

log = logging.getLogger(__name__)

FETCH_BATCH = 50
IDLE_TICK = 1.0  # seconds between looks at the stop flag while in IDLE
NETWORK_ERRORS = (IMAPClientError, OSError, socket.timeout, ssl.SSLError, EOFError)


def source_ref(mailbox: str, uidvalidity: int, uid: int) -> str:
    return f"imap:{mailbox}:{uidvalidity}:{uid}"


def has_new_mail(responses: list[tuple[Any, ...]]) -> bool:
    """Do these IDLE responses announce a new message (or that the server is going away)?"""
    for response in responses:
        if len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT"):
            return True
        if response and response[0] == b"BYE":
            return True
    return False


class ImapWatcher:
    """Watches one mailbox. Not thread-safe; give it a Store opened in the thread that runs it."""

    def __init__(
        self,
        settings: ImapSettings,
        password: str | None,
        store: Store,
        *,
        on_new: Callable[[], None] = lambda: None,
        stop: threading.Event | None = None,
        clock: Clock = utcnow,
        rand: Callable[[], float] = random.random,
        reconnect_initial: float = 1.0,
        reconnect_max: float = 60.0,
    ):
        self.settings = settings
        self._password = password
        self.store = store
        self.on_new = on_new
        self.stop = stop or threading.Event()
        self.clock = clock
        self.rand = rand
        self.reconnect_initial = reconnect_initial
        self.reconnect_max = reconnect_max
        self.mailbox = settings.mailbox

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    # -- connecting ----------------------------------------------------------------------------------

    def connect(self) -> tuple[IMAPClient, dict[bytes, Any]]:
        """Open, secure, log in and SELECT. Returns the client and the SELECT response."""
        s = self.settings
        context = tls_context(s.verify_certificates)
        client = IMAPClient(
            s.host, port=s.port, ssl=s.security == "ssl", ssl_context=context, timeout=s.timeout_seconds
        )
        try:
            if s.security == "starttls":
                client.starttls(context)
            client.login(s.username, self._password or "")
            status = client.select_folder(self.mailbox, readonly=True)
        except BaseException:
            _logout(client)
            raise
        return client, status

    def check(self) -> None:
        """Log in and SELECT once (LOGIN alone can succeed on a broken server); one-line StartupError."""
        s = self.settings
        if self._password is None:
            raise StartupError("no IMAP password: set imap.password_env or imap.password_file")
        try:
            client, _ = self.connect()
        except LoginError:
            raise StartupError(
                f"the IMAP server {self.where} refused the login for {s.username!r}; check imap.username and "
                "the password"
            ) from None
        except ssl.SSLError as exc:
            raise StartupError(
                f"TLS with the IMAP server {self.where} failed ({exc.reason or exc}); "
                "check imap.security and the server's certificate (imap.verify_certificates)"
            ) from None
        except IMAPClientError as exc:
            raise StartupError(
                f"the IMAP server {self.where} refused to open the mailbox {self.mailbox!r} "
                f"({_one_line(exc)}); "
                "check imap.mailbox and the server's mail location"
            ) from None
        except OSError as exc:
            raise StartupError(
                f"cannot reach the IMAP server {self.where} ({_one_line(exc)}); "
                "check imap.host, imap.port and imap.security, and that the server is running"
            ) from None
        _logout(client)

    # -- catching up ---------------------------------------------------------------------------------

    def catch_up(self, client: IMAPClient, status: dict[bytes, Any]) -> int:
        """Hand every message after the stored position to the inbox. Returns how many were added."""
        uidvalidity = int(status[b"UIDVALIDITY"])
        self.store.health_mark("imap", self.clock(), f"{self.where} {self.mailbox}")
        position = self.store.imap_position(self.mailbox)
        if position is None:
            last = 0
            log.info(
                "imap: first look at %s (UIDVALIDITY %d): reading all it holds", self.mailbox, uidvalidity
            )
        elif position[0] != uidvalidity:
            last = 0
            log.warning(
                "imap: UIDVALIDITY of %s changed from %d to %d (mailbox rebuilt): reading it again;"
                " posts already recorded are recognised by Message-ID",
                self.mailbox,
                position[0],
                uidvalidity,
            )
        else:
            last = position[1]
        uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
        added = 0
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            fetched = client.fetch(batch, ["BODY.PEEK[]"])
            for uid in batch:
                if self.stop.is_set():
                    return added
                data = fetched.get(uid)
                raw = None if data is None else data.get(b"BODY[]")
                with self.store.transaction():
                    if raw is not None and self.store.add_inbox(
                        source_ref(self.mailbox, uidvalidity, uid), bytes(raw), self.clock()
                    ):
                        added += 1
                    self.store.set_imap_position(self.mailbox, uidvalidity, uid)
                if raw is None:
                    log.warning("imap: UID %d in %s vanished before it could be fetched", uid, self.mailbox)
                else:
                    self.on_new()
        if not uids and position is None:  # remember UIDVALIDITY even for an empty mailbox
            with self.store.transaction():
                self.store.set_imap_position(self.mailbox, uidvalidity, 0)
        return added

    def run_once(self) -> int:
        """Connect, catch up, log out (``listbot run --once``)."""
        client, status = self.connect()
        try:
            return self.catch_up(client, status)
        finally:
            _logout(client)

    # -- watching ------------------------------------------------------------------------------------

    def run(self) -> None:
        """Catch up and watch until ``stop`` is set, reconnecting after any network or server error."""
        failures = 0
        while not self.stop.is_set():
            client = None
            try:
                client, status = self.connect()
                if failures:
                    log.info("imap: reconnected to %s", self.where)
                failures = 0
                added = self.catch_up(client, status)
                idle = client.has_capability("IDLE")
                log.info(
                    "imap: caught up on %s at %s (%d new); watching with %s",
                    self.mailbox,
                    self.where,
                    added,
                    "IDLE" if idle else f"polling every {self.settings.poll_seconds:.0f} s",
                )
                if idle:
                    self._idle_loop(client, status)
                else:
                    self._poll_loop(client, status)
            except NETWORK_ERRORS as exc:
                failures += 1
                self._pause(failures, _one_line(exc))
            except Exception as exc:  # a bug or a full or locked state file: log it, never stop watching
                failures += 1
                fault = storage_fault(exc)
                if fault:  # the position did not move: the message is fetched again once the file works
                    self._pause(failures, f"{fault}; the mailbox position stays where it was")
                else:
                    log.exception("imap: unexpected error")
                    self._pause(failures, "unexpected error")
            finally:
                if client is not None:
                    _logout(client)

    def _pause(self, failures: int, why: str) -> None:
        wait = backoff_seconds(failures, self.reconnect_initial, self.reconnect_max, self.rand())
        log.warning("imap: %s: %s; reconnecting in %.1f s", self.where, why, wait)
        self.stop.wait(wait)

    def _idle_loop(self, client: IMAPClient, status: dict[bytes, Any]) -> None:
        renew = self.settings.idle_minutes * 60
        while not self.stop.is_set():
            client.idle()
            began = time.monotonic()
            wake = False
            while not self.stop.is_set() and not wake:
                tick = time.monotonic()
                responses = client.idle_check(timeout=IDLE_TICK)
                if has_new_mail(responses):
                    wake = True
                elif not responses and time.monotonic() - tick < IDLE_TICK / 2:
                    wake = True  # woke early with nothing to say: the connection may have closed
                elif time.monotonic() - began >= renew:
                    wake = True
            client.idle_done()  # raises when the connection is gone: run() reconnects
            if self.stop.is_set():
                return
            self.catch_up(client, status)

    def _poll_loop(self, client: IMAPClient, status: dict[bytes, Any]) -> None:
        while not self.stop.wait(self.settings.poll_seconds):
            client.noop()
            self.catch_up(client, status)


def _logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already gone
        try:
            client.shutdown()
        except Exception:
            pass


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
