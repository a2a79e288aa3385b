"""The connection to the state file: WAL, one transaction helper, migrations, timestamps as UTC ISO text."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from listbot.errors import StoreError
from listbot.store.schema import MIGRATIONS


def iso(moment: datetime, timespec: str = "microseconds") -> str:
    """A timezone-aware moment as UTC ISO text (what every timestamp column holds)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(UTC).isoformat(timespec=timespec)


def parse_dt(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def storage_fault(exc: BaseException) -> str | None:
    """What is wrong with the state file when ``exc`` says it cannot be used right now (disk full, locked past
    the timeout, an I/O error, read-only), else None. A fault is the file's, not the post's: the work is left
    to be done again once it clears, and nothing is marked as failed."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError:
        return f"the state file cannot be written or read ({exc})"
    return None


LOCK_WAIT_SECONDS = 30


def _write_ahead_log(db: sqlite3.Connection) -> None:
    """Put the state file in WAL mode (it stays so). Two processes opening a new state file at once race for
    it, and SQLite answers the loser "database is locked" at once, without its busy wait: so wait here."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Connection:
    """A connection to the state file. Not shared between threads; open one per thread."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            _write_ahead_log(self.db)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the state file {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; inside another, it joins it (all of it commits or none of it)."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")  # a failed COMMIT (disk full, busy) must not leave the connection stuck
        except BaseException:
            if self.db.in_transaction:  # SQLite rolls back by itself after some errors (SQLITE_FULL, IOERR)
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the original error says more
            raise

    def _migrate(self) -> None:
        """Bring the schema up to date, in one transaction that also reads the version: two processes
        opening a new state file at once (the daemon and the console) migrate it once."""
        if self.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return  # the common case, without taking the write lock
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{self.path} has schema version {version}, newer than this listbot knows "
                    f"({len(MIGRATIONS)}); upgrade listbot or restore a backup"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
