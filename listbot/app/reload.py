"""The configuration in use, reloaded without a restart.

``LiveConfig.refresh`` is called often (before each post, by each job): it looks at the modification times
of listbot.yaml, faq.yaml, calls.yaml and the templates, and when one changed (an edit by hand or from the
console) it loads and checks them all again. A good edit applies from the next post on. A broken one is
reported in ``listbot check`` words, once, to the log and through ``on_problem`` (the daemon mails the
moderators), and the last good configuration stays in use. SIGHUP asks for a reload whatever the times say.

Settings that name servers, the source or the state file are read at start only: a change to them is
logged with "restart to apply".
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from listbot.app.inspect import check
from listbot.clock import utcnow
from listbot.config import Config, load
from listbot.errors import ConfigError, Problem

log = logging.getLogger(__name__)

RESTART_KEYS = ("source", "imap", "lmtp", "smtp", "state", "log_level")


def _stamp(config: Config) -> tuple[tuple[str, float, int], ...]:
    """(path, mtime, size) of every file the configuration was read from."""
    paths = [*config.files(), config.templates_dir]
    try:
        paths += sorted(config.templates_dir.glob("*.j2"))
    except OSError:
        pass
    out = []
    for path in paths:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime, st.st_size))
        except OSError:
            out.append((str(path), -1.0, -1))
    return tuple(out)


class LiveConfig:
    """The last good configuration, for several threads; ``refresh`` reloads it when its files changed."""

    def __init__(self, config: Config, on_problem: Callable[[list[Problem]], None] | None = None):
        self._config = config
        self._stamp = _stamp(config)
        self._lock = threading.Lock()
        self._forced = threading.Event()
        self._reported: str | None = None
        self.on_problem = on_problem
        self.generation = 0  # bumped at each reload that took effect

    @property
    def current(self) -> Config:
        with self._lock:
            return self._config

    @property
    def path(self) -> Path:
        return self._config.path

    def request(self) -> None:
        """Reload at the next refresh whatever the files' times say (SIGHUP)."""
        self._forced.set()

    def refresh(self) -> Config:
        """The configuration to use now: reloaded if its files changed (or a reload was requested)."""
        with self._lock:
            forced = self._forced.is_set()
            stamp = _stamp(self._config)
            if not forced and stamp == self._stamp:
                return self._config
            self._forced.clear()
            self._stamp = stamp
            previous = self._config
            report = False
            try:
                fresh = load(previous.path)
                check(fresh, utcnow())
            except ConfigError as exc:
                problems = exc.problems
            else:
                problems = []
            if problems:
                report = self._broken(problems)
            else:
                self._config = fresh
                self._stamp = _stamp(fresh)  # the files may have moved (faq_file, templates)
                self._reported = None
                self.generation += 1
        if problems:  # outside the lock: telling the moderators may read the configuration
            if report and self.on_problem is not None:
                try:
                    self.on_problem(problems)
                except Exception:  # telling the moderators must not stop the bot
                    log.exception("could not queue the alert about the broken configuration")
            return previous
        self._log_changes(previous, fresh, forced)
        return fresh

    def _broken(self, problems: list[Problem]) -> bool:
        """Log the problems; True when they are new (not reported yet)."""
        digest = hashlib.sha256("\n".join(map(str, problems)).encode()).hexdigest()[:16]
        for problem in problems:
            log.error("configuration not reloaded: %s", problem)
        log.error("the last good configuration stays in use; fix the file(s), then it reloads by itself")
        new = digest != self._reported
        self._reported = digest
        return new

    @staticmethod
    def _log_changes(previous: Config, fresh: Config, forced: bool) -> None:
        old, new = previous.settings.model_dump(), fresh.settings.model_dump()
        changed = [key for key in new if new[key] != old[key]]
        restart = [key for key in changed if key in RESTART_KEYS]
        log.info(
            "configuration reloaded%s: %s%s",
            " (SIGHUP)" if forced else "",
            ", ".join(changed) or "FAQ, calls or templates",
            f"; restart to apply {', '.join(restart)}" if restart else "",
        )
