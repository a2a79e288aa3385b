"""What would change: recorded posts decided again with an edited FAQ or thresholds; and replay's workers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from listbot import cli
from listbot.app import inspect, whatif
from listbot.app.pipeline import Pipeline
from listbot.config import load
from listbot.store import Store
from tests.factories import REPO, config_dir, list_post, shipped_config

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
QUESTIONS = {
    "basics@x.org": "Where can I find the Balint Basics curriculum materials on the website?",
    "chart@x.org": "Is there an organizational chart that shows which committees want new members?",
    "weak@x.org": "Would the ABS newsletter take something like that?",  # present-publish 0.30 with its subject
    "auto@x.org": "Where can I find the Balint Basics curriculum materials on the website?",
}


def recorded(store: Store) -> None:
    config = shipped_config()
    pipeline = Pipeline(config, store)
    for i, (mid, text) in enumerate(QUESTIONS.items()):
        extra = "Auto-Submitted: auto-replied" if mid.startswith("auto") else ""
        subject = (
            "[BALINT-L] Publishing a reflective piece" if mid.startswith("weak") else "[BALINT-L] A question"
        )
        raw = list_post(
            f"Hi all,\n\n{text}\n\nA. Person",
            mid=mid,
            sender=f"P{i} <p{i}@example.org>",
            extra=extra,
            subject=subject,
        )
        pipeline.process(raw, f"t:{i}", NOW - timedelta(days=10 - i))


def test_nothing_changes_when_the_files_are_as_they_were(store: Store) -> None:
    recorded(store)

    result = whatif.compare(shipped_config(), store, NOW)

    assert (4, ()) == (result.posts, result.changes)
    assert result.before == result.after == {"answer": 2, "review": 1, "ignore": 1}


def test_an_entry_switched_off_is_no_longer_answered(store: Store) -> None:
    recorded(store)
    config = shipped_config()
    faq = config.faq.model_copy(
        update={
            "entries": tuple(
                e.model_copy(update={"enabled": e.id != "org-chart"}) for e in config.faq.entries
            )
        }
    )

    result = whatif.compare(config, store, NOW, faq=faq)

    [change] = result.no_longer_answered
    assert ("chart@x.org", "answer", "org-chart", "ignore") == (
        change.message_id,
        change.before.action,
        change.before.faq,
        change.after.action,
    )
    assert change.post_id == store.post_row("chart@x.org").id  # type: ignore[union-attr]
    assert ({"answer": 2, "review": 1, "ignore": 1}, 1) == (result.before, result.after["answer"])


def test_a_lower_threshold_answers_more_and_automatic_mail_stays_unanswered(store: Store) -> None:
    recorded(store)
    config = shipped_config()
    looser = config.settings.answers.model_copy(update={"answer_threshold": 0.3, "review_threshold": 0.2})

    result = whatif.compare(config, store, NOW, answers=looser)

    assert ["weak@x.org"] == [c.message_id for c in result.newly_answered]
    assert "auto@x.org" not in {c.message_id for c in result.changes}


def test_only_the_posts_of_the_last_days(store: Store) -> None:
    recorded(store)

    assert 2 == whatif.compare(shipped_config(), store, NOW, days=8).posts


def test_check_what_if_lists_the_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = config_dir(tmp_path / "c")
    with Store(load(cfg).state_path) as store:
        recorded(store)
    faq = tmp_path / "c" / "faq.yaml"
    faq.write_text(faq.read_text().replace("  - id: org-chart\n", "  - id: org-chart\n    enabled: false\n"))

    code = cli.main(["check", "--what-if", "--days", "30", "-c", str(cfg)])
    out = capsys.readouterr().out

    assert 0 == code
    assert "what-if: 4 posts of the last 30 days" in out
    assert "no longer answered: 1" in out and "chart@x.org" in out


def test_replay_decides_the_same_with_worker_processes_and_without(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = load(REPO / "config" / "listbot.yaml")
    folder = REPO / "tests" / "corpus" / "faq" / "dev"

    alone = inspect.replay(config, folder, workers=0)
    shared = inspect.replay(config, folder, workers=2)

    assert json.dumps(alone.rows) == json.dumps(shared.rows)
    assert 0 == alone.summary["errors"]


def test_replay_reads_calls_only_where_they_decide_and_decides_as_the_daemon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Replay skips reading a post for a call where no FAQ reached the review threshold (a call is never
    answered; below it the post is left alone either way): its decisions are those of reading every post,
    as the daemon does, on a year of list traffic where a call's question is held back for being a call."""
    config = load(REPO / "config" / "listbot.yaml")
    folder = REPO / "tests" / "corpus" / "stream" / "dev2"

    lazy = inspect.replay(config, folder, workers=0)
    monkeypatch.setattr(inspect, "_prepare", lambda raw: inspect._preparer.prepare(raw))  # type: ignore[union-attr]
    every = inspect.replay(config, folder, workers=0)

    assert json.dumps(lazy.rows) == json.dumps(every.rows)
    assert any("a call for submissions, not a question" in r["reasons"] for r in every.rows)
