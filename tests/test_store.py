"""The store: what the other tests do not already cover through the pipeline and the adapters."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from listbot.errors import StoreError
from listbot.store import Store
from listbot.store.schema import MIGRATIONS


def test_two_processes_opening_a_new_state_file_at_once_both_succeed(tmp_path: Path) -> None:
    """The daemon and the console started together migrate a new state file once, without an error. The race
    for WAL mode is lost about once in thirty tries (SQLite then answers "locked" without waiting): 100 tries."""
    errors: list[BaseException] = []
    for attempt in range(100):
        path = tmp_path / f"state-{attempt}.sqlite3"
        start = threading.Barrier(4)

        def open_it(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                Store(path).close()
            except BaseException as exc:  # collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        with Store(path) as store:
            assert len(MIGRATIONS) == store.db.execute("PRAGMA user_version").fetchone()[0]

    assert [] == errors


def test_a_state_file_newer_than_this_listbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Store(path) as store:
        store.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")

    with pytest.raises(StoreError, match="newer than this listbot"):
        Store(path)
