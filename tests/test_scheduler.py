"""The scheduler is built right (cron in the list's timezone, coalesced, grace from catch_up_hours) and its
jobs go through the ledger. Jobs are called directly with a fixed clock: nothing waits for real time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_digest import _add_call, make_config

from listbot.app.scheduler import build_scheduler
from listbot.errors import StoreError
from listbot.store import Store


def test_jobs_and_their_triggers(tmp_path: Path) -> None:
    """Digest: Monday 07:00 America/New_York, coalesce, 72 h grace; reminders daily; a start-up catch-up."""
    config = make_config(tmp_path)
    clock = lambda: datetime(2027, 1, 10, 12, 0, tzinfo=UTC)  # noqa: E731
    scheduler = build_scheduler(config, clock=clock)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    digest = jobs["digest"]

    assert {"digest", "digest-catch-up", "reminders"} == set(jobs)
    assert (True, 72 * 3600) == (digest.coalesce, digest.misfire_grace_time)
    assert "America/New_York" == str(digest.trigger.timezone)
    first = digest.trigger.get_next_fire_time(None, clock())
    assert datetime(2027, 1, 11, 12, 0, tzinfo=UTC) == first
    assert datetime(2027, 3, 15, 11, 0, tzinfo=UTC) == digest.trigger.get_next_fire_time(
        None, datetime(2027, 3, 14, 12, 0, tzinfo=UTC)
    )  # after the March DST change: 07:00 EDT


def test_digest_job_runs_through_the_ledger_once(tmp_path: Path) -> None:
    """Two runs of the job in one period (a coalesced misfire, a restart) queue one digest and notify once."""
    config = make_config(tmp_path)
    fire = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    with Store(config.state_path) as store:
        _add_call(store, "abs-2027", "2027-03-02")
    notified: list[int] = []
    scheduler = build_scheduler(
        config, clock=lambda: fire + timedelta(minutes=5), notify=lambda: notified.append(1)
    )
    job = scheduler.get_job("digest")

    job.func()
    job.func()

    with Store(config.state_path) as store:
        assert ["digest:weekly:2027-01-11:a@example.org"] == [m.key for m in store.outbox_all("digest")]
    assert [1] == notified


def test_job_runner_wraps_and_failures_do_not_escape(tmp_path: Path) -> None:
    """job_runner sees every job call; an exception in a job is logged, not raised into the scheduler."""
    config = make_config(tmp_path)
    seen: list[str] = []

    def runner(body):  # type: ignore[no-untyped-def]
        seen.append("run")
        raise RuntimeError("boom")

    scheduler = build_scheduler(config, runner, clock=lambda: datetime(2027, 1, 11, 12, 5, tzinfo=UTC))

    scheduler.get_job("reminders").func()

    assert ["run"] == seen


def test_a_digest_job_that_fails_runs_again_within_minutes_and_sends_once(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A full or locked state file at the digest's hour: the job is tried again (1, 2, 4 ... minutes), not
    next week, and the retry queues the period's digest once."""
    config = make_config(tmp_path)
    fire = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    with Store(config.state_path) as store:
        _add_call(store, "abs-2027", "2027-03-02")
    now = [fire + timedelta(minutes=1)]
    faults = [StoreError("cannot open the state file: database or disk is full")] * 2

    def opener() -> Store:
        if faults:
            raise faults.pop()
        return Store(config.state_path)

    scheduler = build_scheduler(config, clock=lambda: now[0], open_store=opener)
    scheduler.start(paused=True)  # jobs are replaced as in a running daemon; none runs by itself
    request.addfinalizer(scheduler.shutdown)

    scheduler.get_job("digest").func()
    first = scheduler.get_job("digest-retry")
    assert fire + timedelta(minutes=2) == first.trigger.run_date
    now[0] = first.trigger.run_date
    first.func()
    second = scheduler.get_job("digest-retry")
    assert fire + timedelta(minutes=4) == second.trigger.run_date  # 2 minutes after the second failure
    now[0] = second.trigger.run_date
    second.func()
    second.func()  # a stray second run (the cron job itself, a restart) is a no-op for the ledger

    with Store(config.state_path) as store:
        assert ["digest:weekly:2027-01-11:a@example.org"] == [m.key for m in store.outbox_all("digest")]
