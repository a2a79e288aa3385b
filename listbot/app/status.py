"""How the bot is doing, in one value: the console's overview, ``/healthz``, ``/metrics`` and ``listbot status``
all read it from here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from listbot.config import Config
from listbot.core.digest import trigger
from listbot.store import Store

STATUSES = ("pending", "held", "sending", "sent", "shadow", "failed", "unknown", "dropped")


@dataclass(frozen=True)
class SourceHealth:
    name: str  # "imap" | "lmtp"
    last: datetime | None
    detail: str
    stale: bool


@dataclass(frozen=True)
class Status:
    mode: str
    source: SourceHealth
    backlog: int  # posts received, not yet processed
    outbox: dict[str, int]
    reviews: int
    answers_in_window: int
    breaker_max: int
    next_digest: datetime | None
    days: list[tuple[date, dict[str, int]]] = field(default_factory=list)  # posts per day by action
    answers_by_faq: dict[str, int] = field(default_factory=dict)  # last 30 days
    helpful: dict[str, tuple[int, int]] = field(default_factory=dict)  # faq -> (helpful, votes)

    @property
    def breaker_tripped(self) -> bool:
        return self.answers_in_window >= self.breaker_max

    def checks(self) -> dict[str, str]:
        """Named checks for monitoring: each "ok" or what is wrong."""
        problems = {
            self.source.name: "ok"
            if not self.source.stale
            else f"no contact since {self.source.last:%Y-%m-%d %H:%M} UTC"
            if self.source.last
            else "never reached",
            "outbox": "ok" if not self.outbox.get("failed") else f"{self.outbox['failed']} failed",
            "breaker": "ok" if not self.breaker_tripped else "tripped: answering stopped",
            "backlog": "ok" if self.backlog < 100 else f"{self.backlog} posts waiting",
        }
        return problems

    @property
    def healthy(self) -> bool:
        return all(value == "ok" for value in self.checks().values())


def source_health(config: Config, store: Store, now: datetime) -> SourceHealth:
    s = config.settings
    name = s.source
    seen = store.health_of(name)
    last, detail = seen if seen else (None, "")
    if name == "imap":
        # the watcher touches the server at least at every IDLE renewal (or poll)
        limit = timedelta(minutes=2 * s.imap.idle_minutes + 1) + timedelta(seconds=2 * s.imap.poll_seconds)
        stale = last is None or now - last > limit
    else:
        stale = False  # a quiet list delivers nothing: silence is not a fault of LMTP
    return SourceHealth(name, last, detail, stale)


def status(config: Config, store: Store, now: datetime, history: bool = True) -> Status:
    s = config.settings
    window = timedelta(minutes=s.answers.breaker.window_minutes)
    fire = (
        trigger(s.digest.schedule, s.list.timezone).get_next_fire_time(None, now)
        if s.digest.enabled
        else None
    )
    days: list[tuple[date, dict[str, int]]] = []
    by_faq: dict[str, int] = {}
    if history:
        since = (now - timedelta(days=29)).replace(hour=0, minute=0, second=0, microsecond=0)
        table: dict[str, dict[str, int]] = defaultdict(dict)
        for day, action, count in store.posts_per_day(since):
            table[day][action] = count
        days = [
            (d, table.get(d.isoformat(), {})) for d in (since.date() + timedelta(days=i) for i in range(30))
        ]
        by_faq = store.answers_by_faq(now - timedelta(days=30))
    return Status(
        mode=s.mode,
        source=source_health(config, store, now),
        backlog=store.inbox_backlog(),
        outbox={k: v for k, v in store.outbox_counts().items()},
        reviews=store.reviews_count(),
        answers_in_window=store.answers_since(now - window),
        breaker_max=s.answers.breaker.max_answers,
        next_digest=fire,
        days=days,
        answers_by_faq=by_faq,
        helpful=store.votes_by_faq(),
    )
