"""When digests and reminders go out: an APScheduler 3.x BackgroundScheduler in the list's timezone.

The jobs are thin: open their own Store (sqlite connections are not shared across threads), call
``listbot.app.digest_jobs``, and wake the sender. The ledger, not the
scheduler, guarantees one digest per period: APScheduler keeps jobs in memory, so a restart forgets
misfires; ``catch_up`` (run once at start) sends a digest whose period was missed while we were down, and a job that
fails (a full or locked state file, a bug) runs again within minutes rather than next period.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from listbot.app import digest_jobs as digests
from listbot.clock import Clock, utcnow
from listbot.config import Config
from listbot.core.digest import trigger
from listbot.store import Store, storage_fault

log = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 60.0  # a failed digest or reminder job runs again after 1, 2, 4 ... minutes
RETRY_MAX_SECONDS = 30 * 60.0


def catch_up(config: Config, store: Store, now: datetime) -> digests.SendResult:
    """At start: queue the last scheduled digest if its period was never claimed and it is recent enough."""
    result = digests.send_digest(config, store, now)
    log.info("digest catch-up: %s (period %s)", result.status, result.period)
    return result


def run_digest(config: Config, store: Store, now: datetime) -> digests.SendResult:
    """The cron job: the digest of the fire time just passed (a coalesced late run sends it once)."""
    result = digests.send_digest(config, store, now)
    log.info("digest %s: %s%s", result.period, result.status, f" ({result.key})" if result.key else "")
    return result


def run_reminders(config: Config, store: Store, now: datetime) -> digests.SendResult:
    result = digests.send_reminders(config, store, now)
    log.info(
        "reminders %s: %s%s", result.period, result.status, f" ({result.count} calls)" if result.count else ""
    )
    return result


def build_scheduler(
    config: Config,
    job_runner: Callable[[Callable[[], Any]], Any] | None = None,
    *,
    open_store: Callable[[], Store] | None = None,
    notify: Callable[[], Any] | None = None,
    clock: Clock = utcnow,
    current: Callable[[], Config] | None = None,
) -> BackgroundScheduler:
    """A BackgroundScheduler (not started) with the digest, reminder and start-up catch-up jobs.

    job_runner, when given, wraps each job call (e.g. for logging or tests); open_store opens a Store
    for the job's thread (default: the configured state file); notify wakes the outbox sender; current
    gives the configuration in use at each run (a reload applies; default: ``config``). The digest and
    reminder jobs exist even when switched off (they then do nothing), so that a reload can turn them on.
    """
    s = config.settings
    tz = ZoneInfo(s.list.timezone)
    opener = open_store or (lambda: Store(config.state_path))
    now_config = current or (lambda: config)

    def job(work: Callable[[Config, Store, datetime], digests.SendResult], job_id: str) -> Callable[[], None]:
        failures = 0

        def call() -> None:
            nonlocal failures

            def body() -> Any:
                with opener() as store:
                    result = work(now_config(), store, clock())
                if result.status == "queued" and notify is not None:
                    notify()
                return result

            try:
                job_runner(body) if job_runner is not None else body()
            except Exception as exc:  # never kill the scheduler thread; try again soon, not next period
                failures += 1
                wait = min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2 ** (failures - 1))
                fault = storage_fault(exc)
                if fault:
                    log.error(
                        "scheduled job %s could not run: %s; trying again in %.0f s", job_id, fault, wait
                    )
                else:
                    log.exception("scheduled job %s failed; trying again in %.0f s", job_id, wait)
                # The ledger makes the retry send the period's digest (or the day's reminders) at most once,
                # and send_digest still refuses one later than digest.catch_up_hours.
                scheduler.add_job(
                    call,
                    DateTrigger(run_date=clock() + timedelta(seconds=wait), timezone=tz),
                    id=f"{job_id}-retry",
                    name=f"{job_id} again after a failure",
                    misfire_grace_time=None,
                    replace_existing=True,
                )
            else:
                failures = 0

        return call

    scheduler = BackgroundScheduler(timezone=tz)
    scheduler.add_job(
        job(run_digest, "digest"),
        trigger(s.digest.schedule, s.list.timezone),
        id="digest",
        name=f"digest {s.digest.name}",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=max(1, int(s.digest.catch_up_hours * 3600)),
        replace_existing=True,
    )
    scheduler.add_job(
        job(catch_up, "digest-catch-up"),
        DateTrigger(run_date=clock() + timedelta(seconds=2), timezone=tz),
        id="digest-catch-up",
        name="digest catch-up at start",
        misfire_grace_time=None,
    )
    scheduler.add_job(
        job(run_reminders, "reminders"),
        reminder_trigger(config),
        id="reminders",
        name="daily reminders",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=12 * 3600,
        replace_existing=True,
    )
    return scheduler


def reminder_trigger(config: Config) -> CronTrigger:
    return CronTrigger(
        hour=config.settings.reminders.hour, minute=0, timezone=ZoneInfo(config.settings.list.timezone)
    )


def reschedule(scheduler: BackgroundScheduler, config: Config) -> None:
    """Give the jobs the schedules of a reloaded configuration (APScheduler keeps each job's identity)."""
    s = config.settings
    scheduler.reschedule_job("digest", trigger=trigger(s.digest.schedule, s.list.timezone))
    scheduler.reschedule_job("reminders", trigger=reminder_trigger(config))
