"""``listbot run``: the composition root. The only module that wires the core to the IO adapters.

Threads, each with its own connection to the state file:

    imap watcher (source imap) --\\                      /--> outbox sender --> SMTP relay (or shadow Maildir)
                                  >--> inbox --> processor
    LMTP listener (source lmtp) --/   (SQLite)   (pipeline: read, decide, record, enqueue)
    scheduler (digests, reminders) ---------------------> outbox

A source only stores raw bytes; the processor runs the pipeline over the inbox in order; the sender delivers
what the outbox says is due. Every hand-over is a committed row, so a crash between any two steps loses
nothing, and the idempotency keys mean a restart sends nothing twice.

SIGTERM / SIGINT set one stop flag. The watcher finishes the message at hand, the processor the post at hand,
the sender the message at hand; then the threads are joined and the process exits 0.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from listbot import render
from listbot.app import console
from listbot.app.pipeline import Pipeline
from listbot.app.reload import LiveConfig
from listbot.app.scheduler import build_scheduler, reschedule
from listbot.clock import Clock, utcnow
from listbot.config import Config, read_password
from listbot.errors import Problem
from listbot.mail.imap import ImapWatcher
from listbot.mail.outbox import MaildirTransport, Sender, SmtpTransport
from listbot.mail.smtp_in import Listener
from listbot.model import Outcome
from listbot.store import Store, storage_fault

log = logging.getLogger(__name__)

SENDER_MAX_SLEEP = 5.0  # seconds; the sender also wakes whenever the processor enqueued something
PROCESSOR_MAX_SLEEP = 2.0
JOIN_SECONDS = 30.0
FAULT_WAIT_MAX = 30.0  # seconds between tries while the state file cannot be written


def fault_wait(faults: int) -> float:
    """1, 2, 4 ... up to 30 s between tries while the state file fails (disk full, locked)."""
    return min(FAULT_WAIT_MAX, 2.0 ** (faults - 1))


def describe_outcome(outcome: Outcome) -> str:
    """The canonical log line for one post: Message-ID, action, FAQ, score, reasons (the pipeline's)."""
    return "post " + outcome.log_line()


class Daemon:
    def __init__(self, config: Config, clock: Clock = utcnow):
        self.config = config  # as started: servers, source and state file (changes need a restart)
        self.settings = config.settings
        self.live = LiveConfig(config, on_problem=self._alert_config)  # what moderators edit, reloaded
        self.clock = clock
        self.stop = threading.Event()
        self.inbox_changed = threading.Event()  # a source stored a post: the processor looks
        self.outbox_changed = threading.Event()  # the pipeline enqueued mail: the sender looks
        self.errors: list[str] = []
        self._threads: list[threading.Thread] = []
        self._listener: Any = None
        self._scheduler: Any = None
        self._console: Any = None

    # -- parts -------------------------------------------------------------------------------------

    @property
    def state_path(self) -> Path:
        return self.config.state_path

    @property
    def shadow_maildir(self) -> Path:
        return self.state_path.parent / "shadow-maildir"

    def open_store(self) -> Store:
        return Store(self.state_path)

    def transport(self) -> SmtpTransport | MaildirTransport:
        if self.live.current.settings.mode == "shadow":
            return MaildirTransport(self.shadow_maildir)
        smtp = self.settings.smtp
        return SmtpTransport(smtp, read_password(smtp, self.config.base), helo_name=self.settings.bot.domain)

    def watcher(self, store: Store) -> ImapWatcher:
        imap = self.settings.imap
        return ImapWatcher(
            imap,
            read_password(imap, self.config.base),
            store,
            on_new=self.inbox_changed.set,
            stop=self.stop,
            clock=self.clock,
        )

    def sender(self, store: Store) -> Sender:
        smtp = self.settings.smtp
        sender = Sender(
            store,
            self.transport(),
            self.settings.bot.own_addresses,
            retry_initial=smtp.retry_initial_seconds,
            retry_max=smtp.retry_max_seconds,
        )
        sender.recover()
        return sender

    def pipeline(self, store: Store) -> Pipeline:
        return Pipeline(self.live.current, store)

    def _alert_config(self, problems: list[Problem]) -> None:
        """A broken edit of a configuration file: the moderators hear of it once (per set of problems)."""
        now = self.clock()
        key = "alert:config:" + hashlib.sha256("\n".join(map(str, problems)).encode()).hexdigest()[:16]
        body = (
            "listbot could not reload its configuration after an edit, and keeps using the last good one.\n"
            "What is wrong (the same lines as `listbot check`):\n\n"
            + "\n".join(f"  {p}" for p in problems)
            + "\n\nFix the file; the bot picks up the corrected file by itself.\n"
        )
        bot = self.settings.bot
        msg = render.compose_notice(
            self.live.current,
            key,
            bot.moderators,
            "[listbot] configuration edit not applied",
            body,
            now,
            auto="auto-generated",
        )
        with self.open_store() as store:
            if store.enqueue(key, "alert", bot.envelope_sender, bot.moderators, msg.as_bytes(), now):
                self.outbox_changed.set()

    # -- start-up ------------------------------------------------------------------------------------

    def check(self) -> None:
        """Open the state file and reach every server once; StartupError (one line) when one fails."""
        self.open_store().close()
        if self.settings.source == "imap":
            with self.open_store() as store:
                self.watcher(store).check()
        self.transport().check()

    # -- the threads -----------------------------------------------------------------------------

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        def guarded() -> None:
            try:
                target()
            except Exception as exc:  # a thread that dies takes the daemon down, loudly
                log.exception("%s stopped on an unexpected error", name)
                self.errors.append(f"{name}: {exc}")
                self.stop.set()

        thread = threading.Thread(target=guarded, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(self) -> None:
        with self.open_store() as store:
            self.watcher(store).run()

    def _process(self) -> None:
        with self.open_store() as store:
            pipeline = self.pipeline(store)
            faults = 0
            while not self.stop.is_set():
                self.inbox_changed.clear()
                try:
                    self.drain(pipeline)
                except Exception as exc:  # never stop processing: the inbox keeps the post for the next round
                    fault = storage_fault(exc)
                    faults = faults + 1 if fault else 0
                    if fault:
                        wait = fault_wait(faults)
                        log.error(
                            "processor: %s; posts stay in the inbox; trying again in %.0f s", fault, wait
                        )
                    else:
                        wait = 1.0
                        log.exception("processor: unexpected error; trying again shortly")
                    self.stop.wait(wait)
                    continue
                if faults:
                    log.info("processor: the state file works again")
                    faults = 0
                self.inbox_changed.wait(PROCESSOR_MAX_SLEEP)

    def drain(self, pipeline: Pipeline) -> int:
        """Process the inbox one post at a time, so that a stop request waits for one post only; each post
        with the configuration as it is now (an edit applies from the next post)."""
        count = 0
        while not self.stop.is_set():
            config = self.live.refresh()
            if config is not pipeline.config:
                pipeline = Pipeline(config, pipeline.store)
                self._reschedule(config)
            done = pipeline.drain_inbox(self.clock, limit=1, on_outcome=self._done)
            if not done and not pipeline.store.pending_inbox(1):
                break  # empty (a failing post is marked with its error and not returned, so look again)
            count += len(done)
        return count

    def _done(self, outcome: Outcome) -> None:
        log.info(describe_outcome(outcome))
        if outcome.queued:
            self.outbox_changed.set()

    def _send(self) -> None:
        with self.open_store() as store:
            sender = self.sender(store)
            shadow = sender.transport.shadow
            faults = 0
            while not self.stop.is_set():
                self.outbox_changed.clear()
                if (self.live.current.settings.mode == "shadow") != shadow:  # a moderator switched the mode
                    sender = self.sender(store)
                    shadow = sender.transport.shadow
                    log.info("outbox: mode is now %s", self.live.current.settings.mode)
                try:
                    sender.run_once(self.clock(), stop=self.stop.is_set)
                    next_due = store.next_due_at()
                except Exception as exc:
                    fault = storage_fault(exc)
                    faults = faults + 1 if fault else 0
                    if fault:
                        wait = fault_wait(faults)
                        log.error("sender: %s; the outbox waits; trying again in %.0f s", fault, wait)
                    else:
                        wait = 1.0
                        log.exception("sender: unexpected error; trying again shortly")
                    self.stop.wait(wait)
                    continue
                faults = 0
                wait = SENDER_MAX_SLEEP
                if next_due is not None:
                    wait = min(wait, max(0.0, (next_due - self.clock()).total_seconds()) + 0.01)
                self.outbox_changed.wait(wait)

    def _start_listener(self) -> None:
        self._listener = Listener(self.settings.lmtp, self.open_store, notify=self.inbox_changed.set)
        self._listener.start()

    def _start_scheduler(self) -> None:
        self._scheduler = build_scheduler(
            self.config,
            open_store=self.open_store,
            notify=self.outbox_changed.set,
            clock=self.clock,
            current=self.live.refresh,
        )
        self._scheduler.start()

    def _reschedule(self, config: Config) -> None:
        """The digest's or the reminders' schedule changed in a reload: move the jobs."""
        if self._scheduler is not None:
            reschedule(self._scheduler, config)

    # -- running -------------------------------------------------------------------------------------

    def run(self) -> int:
        """Run until SIGTERM/SIGINT (or a thread dies). Exit code 0 after a clean stop."""
        self._install_signals()
        s = self.settings
        log.info(
            "listbot starting: mode %s, source %s, state %s%s",
            s.mode,
            s.source,
            self.state_path,
            f", shadow mail to {self.shadow_maildir}" if s.mode == "shadow" else "",
        )
        try:
            if (
                self.live.current.settings.console.enabled
            ):  # first: what can fail at start-up, before any mail
                self._console = console.start(self.live, self.clock)
            self._spawn("processor", self._process)
            self._spawn("sender", self._send)
            if s.source == "imap":
                self._spawn("imap", self._watch)
            else:
                self._start_listener()
            self._start_scheduler()
            self.inbox_changed.set()  # whatever a previous run left in the inbox
            while not self.stop.wait(1.0):
                pass
        finally:
            self.shutdown()
        if self.errors:
            log.error("listbot stopped after an error: %s", "; ".join(self.errors))
            return 1
        log.info("listbot stopped")
        return 0

    def shutdown(self) -> None:
        self.stop.set()
        self.inbox_changed.set()
        self.outbox_changed.set()
        if self._scheduler is not None:
            try:
                self._scheduler.shutdown(wait=True)
            except Exception:
                log.exception("scheduler did not stop cleanly")
        if self._console is not None:
            self._console.stop()
        if self._listener is not None:
            self._listener.stop()
        deadline = time.monotonic() + JOIN_SECONDS
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                log.error("%s did not stop within %.0f s", thread.name, JOIN_SECONDS)

    def run_once(self) -> int:
        """``--once``: catch up on the mailbox, process the inbox, deliver what is due now, exit."""
        with self.open_store() as store:
            if self.settings.source == "imap":
                added = self.watcher(store).run_once()
                log.info("imap: %d new message(s)", added)
            processed = self.drain(self.pipeline(store))
            sender, handled = self.sender(store), 0
            while True:  # batches until nothing due now is left, or only retries remain
                results = sender.run_once(self.clock())
                handled += len(results)
                if all(r.status == "retry" for r in results):
                    break
            log.info("once: %d post(s) processed, %d outbox message(s) handled", processed, handled)
        return 0

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def reload(signum: int, frame: object) -> None:
            log.info("received SIGHUP: reloading the configuration")
            self.live.request()
            self.inbox_changed.set()

        def stop(signum: int, frame: object) -> None:
            log.info("received %s: finishing the work at hand, then stopping", signal.Signals(signum).name)
            self.stop.set()
            self.inbox_changed.set()
            self.outbox_changed.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, reload)
