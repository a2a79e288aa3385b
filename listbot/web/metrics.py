"""``/metrics``: Prometheus text, read from the state file at each scrape (so the console run alone reports
what the daemon did). Names start with ``listbot_``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from listbot.app import status
from listbot.config import Config
from listbot.store import Store

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class StoreCollector(Collector):
    def __init__(self, config: Config, store: Store, now: datetime):
        self.config, self.store, self.now = config, store, now

    def collect(self) -> Iterator[Metric]:
        posts = CounterMetricFamily("listbot_posts", "Posts decided, by action", labels=["action"])
        for action, count in sorted(self.store.posts_total_by_action().items()):
            posts.add_metric([action], count)
        yield posts
        answers = CounterMetricFamily("listbot_answers", "Answers queued, by FAQ", labels=["faq"])
        for faq, count in sorted(
            self.store.answers_by_faq(datetime.min.replace(tzinfo=self.now.tzinfo)).items()
        ):
            answers.add_metric([faq], count)
        yield answers
        outbox = GaugeMetricFamily("listbot_outbox_messages", "Outbox rows by status", labels=["status"])
        counts = self.store.outbox_counts()
        for name in status.STATUSES:
            outbox.add_metric([name], counts.get(name, 0))
        yield outbox
        health = status.source_health(self.config, self.store, self.now)
        if health.name == "imap":
            since = GaugeMetricFamily(
                "listbot_seconds_since_imap_contact", "Seconds since the IMAP watcher last reached the server"
            )
            since.add_metric([], (self.now - health.last).total_seconds() if health.last else float("inf"))
            yield since
        backlog = GaugeMetricFamily("listbot_inbox_backlog", "Posts received and not yet processed")
        backlog.add_metric([], self.store.inbox_backlog())
        yield backlog
        reviews = GaugeMetricFamily("listbot_reviews_open", "Items waiting for a moderator")
        reviews.add_metric([], self.store.reviews_count())
        yield reviews
        counts_le, total, n = self.store.processing_histogram(BUCKETS)
        histogram = HistogramMetricFamily(
            "listbot_processing_seconds",
            "Time to decide and record one post (read, guard, match, decide, store)",
        )
        histogram.add_metric(
            [],
            buckets=[(str(b), c) for b, c in zip(BUCKETS, counts_le, strict=True)] + [("+Inf", n)],
            sum_value=total,
        )
        yield histogram
