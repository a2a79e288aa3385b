"""What the FAQ is missing: recurring unanswered questions grouped into topics (listbot gaps)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from listbot import cli
from listbot.app import gaps
from listbot.core.gaps import Asked, questions_in, topics
from listbot.store import Store
from tests.factories import config_dir, list_post, shipped_config

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
# (author, subject, body): two recurring topics nobody's FAQ answers, one question asked once, one FAQ question
POSTS = [
    (
        "ann",
        "Parking at the national meeting?",
        "Is there parking at the meeting hotel, and what does it cost?",
    ),
    ("bo", "parking", "Does anyone know where to park near the conference venue?"),
    ("cy", "Driving to the meeting", "We are driving in. Is there parking at the venue or a garage nearby?"),
    ("ann", "CME for online groups", "Do the online groups carry CME credit?"),
    ("dee", "CME?", "Can I claim CME credit for the monthly online group?"),
    ("eve", "Tears", "How do you handle a resident who cries while presenting a case?"),
    ("fay", "Basics", "Where can I find the Balint Basics curriculum materials on the website?"),
]


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i, (who, subject, body) in enumerate(POSTS):
        raw = list_post(
            f"Hi all,\n\n{body}\n\nThanks,\n{who.title()}",
            mid=f"m{i}@example.org",
            sender=f"{who.title()} <{who}@example.org>",
            subject=f"[BALINT-L] {subject}",
            date=T0 + timedelta(days=3 * i),
        )
        (folder / f"{i:02}.eml").write_bytes(raw)
    return folder


def test_recurring_questions_group_by_topic_most_askers_first(tmp_path: Path) -> None:
    found = gaps.topics_of_source(shipped_config(), write_folder(tmp_path / "mail"))

    assert [(3, 3), (2, 2)] == [(t.count, t.askers) for t in found]
    assert ["m0@example.org", "m1@example.org", "m2@example.org"] == list(found[0].message_ids)
    assert "parking" in found[0].label and "cme" in found[1].label.lower()
    assert 3 == len(found[0].examples) and all("?" in e for e in found[0].examples)


def test_gaps_json_lines_from_a_folder_and_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_folder(tmp_path / "mail")
    cfg = str(config_dir(tmp_path / "c"))

    code = cli.main(["gaps", "--json", "-c", cfg, str(folder)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    cli.main(["gaps", "--json", "--since", "2026-03-10", "-c", cfg, str(folder)])
    later = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    assert 0 == code
    assert [["topic", "count", "askers", "examples", "message_ids"]] * 2 == [list(r) for r in rows]
    assert [2] == [r["count"] for r in later]  # the parking posts of 2 and 5 March are before the date


def test_gaps_from_the_state_file_counts_only_what_no_faq_answered(tmp_path: Path) -> None:
    from listbot.app.pipeline import Pipeline

    config = shipped_config()
    folder = write_folder(tmp_path / "mail")
    with Store(":memory:") as store:
        pipeline = Pipeline(config, store)
        for i, path in enumerate(sorted(folder.iterdir())):
            pipeline.process(path.read_bytes(), f"t:{i}", T0 + timedelta(days=3 * i))

        found = gaps.topics(config, store, None)
        since = gaps.topics(config, store, T0 + timedelta(days=7))

    assert [3, 2] == [t.count for t in found]
    assert "m6@example.org" not in {m for t in found for m in t.message_ids}  # the FAQ question was answered
    assert [2] == [t.count for t in since]


def test_gaps_without_a_state_file_asks_for_a_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["gaps", "-c", str(config_dir(tmp_path / "c"))])

    assert 1 == code
    assert "name a mailbox" in capsys.readouterr().err
    assert not (tmp_path / "c" / "state.sqlite3").exists()


def test_a_draft_entry_from_a_topic_is_prefilled_and_switched_off() -> None:
    asked = [
        Asked(f"m{i}", f"a{i}", questions_in(text), "")
        for i, text in enumerate(["Is there parking at the hotel?", "Where do we park at the venue?"])
    ]
    [topic] = topics(asked)

    draft = gaps.draft_entry(topic)

    assert draft.question in topic.examples and draft.examples == tuple(
        e for e in topic.examples if e != draft.question
    )
    assert ("", False) == (draft.answer, draft.enabled)
    assert draft.id and draft.id == draft.id.lower() and " " not in draft.id


def test_topics_are_deterministic_and_a_single_question_is_no_topic() -> None:
    asked = [
        Asked("a", "x", ("How do I change my list email address?",)),
        Asked("b", "y", ("Can I switch my list subscription to another email?",)),
        Asked("c", "z", ("Who brings the snacks?",)),
    ]

    first, again = topics(asked), topics(list(asked))

    assert first == again and [("a", "b")] == [t.message_ids for t in first]
