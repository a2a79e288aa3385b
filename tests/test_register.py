"""The register of calls: merging reposts and extensions, closing, manual calls, calls.yaml edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import yaml

from listbot.app.calls import apply_manual, close_past, observe
from listbot.app.calls_file import edit_calls_text
from listbot.config import CallSettings, CallsFile, ManualCall
from listbot.core.register import same_call, slug
from listbot.model import CallInfo, CallRow, Deadline, Post
from listbot.store import Store
from tests.factories import config_dir, make_post

SETTINGS = CallSettings(review_below=0.7)
NOW = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def post(message_id: str, thread: str | None = None) -> Post:
    return make_post(
        message_id=message_id, date=NOW, in_reply_to=thread, references=(thread,) if thread else ()
    )


def call(
    title: str,
    day: date | None,
    link: str | None = None,
    extended: bool = False,
    confidence: float = 0.9,
    at: time | None = None,
    zone: str | None = None,
) -> CallInfo:
    return CallInfo(
        is_call=True,
        title=title,
        kind="essay",
        deadline=Deadline(day, at, zone) if day else None,
        extended=extended,
        link=link,
        confidence=confidence,
    )


def test_extension_merges_and_keeps_the_previous_deadline(store: Store) -> None:
    """An extension in the same thread moves the deadline, keeps the old one, bumps the sequence."""
    first = observe(
        store, post("a@x"), call("2027 Enid Balint Essay Contest", date(2027, 2, 15)), NOW, SETTINGS
    )
    ext = observe(
        store,
        post("b@x", thread="a@x"),
        call("Re: 2027 Enid Balint Essay Contest", date(2027, 3, 1), extended=True),
        NOW,
        SETTINGS,
    )
    row = store.call_get(first.call_id or "")

    assert ("new", "extended", first.call_id) == (first.action, ext.action, ext.call_id)
    assert (date(2027, 3, 1), date(2027, 2, 15), 1, True) == (
        row.deadline,
        row.previous_deadline,
        row.sequence,
        row.extended,
    )


def test_reminder_with_same_link_merges_without_change(store: Store) -> None:
    """A reminder in a new thread, same submission link and deadline, is the same call."""
    link = "https://www.example.org/meeting/2027/posters"
    first = observe(
        store, post("a@x"), call("Call for Posters - 2027 Meeting", date(2027, 6, 1), link), NOW, SETTINGS
    )
    again = observe(
        store, post("b@x"), call("Last call: posters due Tuesday", date(2027, 6, 1), link), NOW, SETTINGS
    )

    assert ("merged", first.call_id) == (again.action, again.call_id)
    assert 0 == store.call_get(first.call_id or "").sequence


def test_essay_contests_of_different_years_do_not_merge(store: Store) -> None:
    """Similar titles merge only with the same year: 2025 and 2027 contests are two calls."""
    a = observe(
        store,
        post("a@x"),
        call("2025 Enid Balint Essay Contest - call for essays", date(2025, 4, 1)),
        datetime(2025, 1, 5, tzinfo=UTC),
        SETTINGS,
    )
    b = observe(
        store,
        post("b@x"),
        call("2027 Enid Balint Essay Contest - call for essays", date(2027, 4, 1)),
        NOW,
        SETTINGS,
    )
    c = observe(
        store,
        post("c@x"),
        call("Enid Balint Essay Contest 2027: call for essays", date(2027, 4, 1)),
        NOW,
        SETTINGS,
    )

    assert a.call_id != b.call_id
    assert ("merged", b.call_id) == (c.action, c.call_id)


def test_extension_moving_the_deadline_earlier_goes_to_review(store: Store) -> None:
    """An 'extension' to an earlier date is suspicious: the row keeps its deadline, a moderator decides."""
    first = observe(store, post("a@x"), call("IBF Congress abstracts 2027", date(2027, 1, 31)), NOW, SETTINGS)
    odd = observe(
        store,
        post("b@x", thread="a@x"),
        call("IBF Congress abstracts 2027", date(2027, 1, 15), extended=True),
        NOW,
        SETTINGS,
    )

    assert "review" == odd.action
    assert date(2027, 1, 31) == store.call_get(first.call_id or "").deadline


def test_uncertain_new_call_goes_to_review(store: Store) -> None:
    """Below calls.review_below the call is held for the moderators, not put in the digest."""
    result = observe(
        store, post("a@x"), call("Maybe a call", date(2027, 1, 31), confidence=0.5), NOW, SETTINGS
    )

    assert ("review", "review") == (result.action, store.call_get(result.call_id or "").status)


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2027, 1, 15), "open"), (date(2027, 1, 16), "closed")],
)
def test_call_closes_the_day_after_its_deadline(store: Store, today: date, status: str) -> None:
    """Open on its deadline day, closed the day after."""
    result = observe(store, post("a@x"), call("Call 2027", date(2027, 1, 15)), NOW, SETTINGS)

    close_past(store, today)

    assert status == store.call_get(result.call_id or "").status


def test_manual_calls_override_and_remove(store: Store) -> None:
    """calls.yaml wins: a manual entry corrects a detected call; remove: true hides one."""
    detected = observe(
        store, post("a@x"), call("ABS National Meeting 2027", date(2027, 1, 10)), NOW, SETTINGS
    )
    other = observe(store, post("b@x"), call("Unrelated call 2027", date(2027, 2, 1)), NOW, SETTINGS)
    calls = CallsFile(
        calls=(
            ManualCall(
                id=detected.call_id or "", title="ABS National Meeting 2027", deadline=date(2027, 1, 15)
            ),
            ManualCall(id=other.call_id or "", title="x", remove=True),
        )
    )

    apply_manual(store, calls, NOW)

    row = store.call_get(detected.call_id or "")
    assert (date(2027, 1, 15), date(2027, 1, 10), 1, True) == (
        row.deadline,
        row.previous_deadline,
        row.sequence,
        row.manual,
    )
    assert "removed" == store.call_get(other.call_id or "").status


def test_same_thread_always_merges() -> None:
    """Thread first: the reply belongs to the call that started it, whatever its title."""
    row = CallRow(id="posters", thread_id="a@x", title="Call for Posters 2026", deadline=date(2026, 6, 30))

    assert "same thread" == same_call(row, post("b@x", thread="a@x"), call("Re: question", None))


def test_ids_are_stable_slugs() -> None:
    assert "call-for-posters-2027-abs-national-meeting" == slug(
        "Call for Posters — 2027 ABS National Meeting!"
    )


SHIPPED = """# Calls added by moderators. Keep this comment.
calls: []
#  - id: example
#    title: An example
"""


def test_calls_yaml_edits_keep_comments() -> None:
    """add appends textually; a second add replaces the block; remove deletes it; comments stay."""
    entry = ManualCall(
        id="abs-2027",
        title='ABS "2027" meeting',
        deadline=date(2027, 1, 15),
        deadline_time=time(23, 59),
        timezone="America/New_York",
    )
    added = edit_calls_text(SHIPPED, entry)
    second = edit_calls_text(added, ManualCall(id="ibf-2027", title="IBF abstracts"))
    replaced = edit_calls_text(
        second, ManualCall(id="abs-2027", title="ABS meeting", deadline=date(2027, 2, 1))
    )
    removed = edit_calls_text(replaced, None, remove_id="abs-2027")

    assert "# Calls added by moderators. Keep this comment." in removed and "#  - id: example" in removed
    assert [("abs-2027", date(2027, 1, 15), time(23, 59)), ("ibf-2027", None, None)] == [
        (c.id, c.deadline, c.deadline_time) for c in CallsFile.model_validate(yaml.safe_load(second)).calls
    ]
    assert [("abs-2027", date(2027, 2, 1)), ("ibf-2027", None)] == [
        (c.id, c.deadline) for c in CallsFile.model_validate(yaml.safe_load(replaced)).calls
    ]
    assert ["ibf-2027"] == [c.id for c in CallsFile.model_validate(yaml.safe_load(removed)).calls]


def test_cli_add_list_remove(tmp_path: Path) -> None:
    """listbot calls add|list|remove edit calls.yaml and the register."""
    from listbot.cli import main

    config = config_dir(tmp_path, calls=SHIPPED)

    assert 0 == main(
        [
            "calls",
            "add",
            "-c",
            str(config),
            "--id",
            "abs-2099",
            "--title",
            "ABS 2099",
            "--deadline",
            "2099-01-15",
        ]
    )
    assert "abs-2099" in (tmp_path / "calls.yaml").read_text(encoding="utf-8")
    assert 0 == main(["calls", "remove", "-c", str(config), "abs-2099"])
    assert "abs-2099" not in (tmp_path / "calls.yaml").read_text(encoding="utf-8")
    assert "Keep this comment" in (tmp_path / "calls.yaml").read_text(encoding="utf-8")
