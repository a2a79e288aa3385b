"""The register of calls: merging reposts and extensions, closing, manual calls, calls.yaml edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import yaml

from listbot.app.calls import apply_manual, close_past, observe
from listbot.app.calls_file import edit_calls_text
from listbot.config import CallSettings, CallsFile, ManualCall
from listbot.core import register
from listbot.core.calls import extract
from listbot.core.read import read_post
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
    assert (date(2027, 1, 15), None, 1, True) == (  # a correction, not an extension
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


# -- corrections that stick (issue 13) ------------------------------------------------------------------


def call_sources(store: Store) -> dict[str, register.Sources]:
    return {call_id: register.Sources.of(values) for call_id, values in store.call_sources().items()}


def test_a_corrected_deadline_survives_a_repost_with_the_old_deadline(store: Store) -> None:
    """The moderator renamed the call, fixed its deadline and link; a repost in a new thread, with another
    link and the old deadline, still finds the corrected call and leaves it as the moderator said."""
    first = observe(
        store,
        post("a@x"),
        call("Call for Posters - 2027 National Meeting", date(2027, 2, 12), "https://ex.org/abs2027/posters"),
        NOW,
        SETTINGS,
    )
    fixed = ManualCall(
        id=first.call_id or "",
        title="ABS 2027 poster abstracts",
        deadline=date(2027, 2, 19),
        link="https://portal.example.net/abs27",
    )
    apply_manual(store, CallsFile(calls=(fixed,)), NOW)

    repost = observe(
        store,
        post("c@x"),
        call(
            "Call for Posters - 2027 National Meeting", date(2027, 2, 12), "https://ex.org/abs2027/posters-v2"
        ),
        NOW,
        SETTINGS,
    )
    rows = store.calls_all()

    assert ("merged", first.call_id) == (repost.action, repost.call_id)
    assert [(first.call_id, "ABS 2027 poster abstracts", date(2027, 2, 19))] == [
        (r.id, r.title, r.deadline) for r in rows
    ]


def test_the_merge_rules_alone_would_not_have_found_it() -> None:
    """What the remembered sources add: the renamed row matches only through the title it was read as."""
    row = CallRow(id="posters", title="ABS 2027 poster abstracts", deadline=date(2027, 2, 19), manual=True)
    repost = call("Call for Posters - 2027 National Meeting", date(2027, 2, 12))
    sources = register.Sources(titles=("Call for Posters - 2027 National Meeting",))

    assert (None, True) == (
        same_call(row, post("c@x"), repost),
        (same_call(row, post("c@x"), repost, sources) or "").startswith("similar title"),
    )


def test_a_removed_call_does_not_come_back_with_its_reminder(store: Store) -> None:
    """A call the moderator removed stays out of the register and the digest when its reminder comes in
    a new thread, under a reminder's title and another link."""
    first = observe(
        store,
        post("a@x"),
        call("Spring Workshop proposals", date(2027, 3, 5), "https://ex.org/spring/propose"),
        NOW,
        SETTINGS,
    )
    apply_manual(store, CallsFile(calls=(ManualCall(id=first.call_id or "", title="x", remove=True),)), NOW)

    reminder = observe(
        store,
        post("r@x"),
        call("Reminder: Spring Workshop proposals due Friday", date(2027, 3, 5), "https://ex.org/spring"),
        NOW,
        SETTINGS,
    )
    later = observe(
        store, post("s@x", thread="r@x"), call("Re: last chance", date(2027, 3, 5)), NOW, SETTINGS
    )

    assert [("ignored", first.call_id)] * 2 == [
        (reminder.action, reminder.call_id),
        (later.action, later.call_id),
    ]
    assert [] == store.calls_all(("open", "review"))


def test_a_correction_made_with_calls_add_holds(tmp_path: Path) -> None:
    """`listbot calls add` (and the console, through the same function) corrects a detected call; a
    repost with the old deadline does not undo it."""
    from listbot.cli import main
    from listbot.config import load

    config_path = config_dir(tmp_path, calls=SHIPPED)
    config = load(config_path)
    with Store(config.state_path) as store:
        first = observe(
            store, post("a@x"), call("IBF Research Day abstracts 2027", date(2027, 5, 24)), NOW, SETTINGS
        )
    assert 0 == main(
        ["calls", "add", "-c", str(config_path), "--id", first.call_id or "", "--title", "IBF Research Day",
         "--deadline", "2099-05-31"]
    )  # fmt: skip

    with Store(config.state_path) as store:
        again = observe(
            store, post("b@x"), call("IBF Research Day abstracts 2027", date(2027, 5, 24)), NOW, SETTINGS
        )
        row = store.call_get(first.call_id or "")

    assert ("merged", date(2099, 5, 31), True) == (again.action, row.deadline, row.manual)


def test_calls_add_corrects_only_what_its_options_name(tmp_path: Path, capsys) -> None:
    """Correcting a detected call's deadline from the command line keeps its link, organisation, who may
    submit and where the work goes; ``--submit-to`` sets the address, and a wrong one is named by its
    option."""
    from dataclasses import replace

    from listbot.cli import main
    from listbot.config import load

    config_path = config_dir(tmp_path, calls=SHIPPED)
    config = load(config_path)
    info = replace(
        call("Balint Voices essays", date(2027, 5, 24), "https://ex.org/voices"),
        organisation="Balint Voices",
        eligibility="Open to residents and fellows",
        submit_to="voices@example.org",
    )
    with Store(config.state_path) as store:
        first = observe(store, post("a@x"), info, NOW, SETTINGS)
    call_id = first.call_id or ""

    assert 0 == main(["calls", "add", "-c", str(config_path), "--id", call_id, "--deadline", "2027-06-07"])
    with Store(config.state_path) as store:
        kept = store.call_get(call_id)
    assert 0 == main(
        ["calls", "add", "-c", str(config_path), "--id", call_id, "--submit-to", "Editor@Example.org"]
    )
    with Store(config.state_path) as store:
        moved = store.call_get(call_id)
    capsys.readouterr()
    code = main(["calls", "add", "-c", str(config_path), "--id", call_id, "--submit-to", "the editor"])

    assert kept is not None and moved is not None
    assert (
        date(2027, 6, 7), "Balint Voices essays", "https://ex.org/voices", "Balint Voices",
        "Open to residents and fellows", "voices@example.org", True,
    ) == (kept.deadline, kept.title, kept.link, kept.organisation, kept.eligibility, kept.submit_to, kept.manual)  # fmt: skip
    assert ("editor@example.org", date(2027, 6, 7)) == (moved.submit_to, moved.deadline)
    assert 2 == code and "--submit-to" in capsys.readouterr().err


@pytest.mark.parametrize("extended", [False, True])
def test_a_later_date_from_a_moderator_is_an_extension_only_when_they_say_so(
    store: Store, extended: bool
) -> None:
    """The bot read January 15 and the call says January 29: the moderator's correction moves the date
    without the digest announcing "Extended from January 15" (a date the call never had); a moderator who
    says the call extended its deadline (``extended: true``) gets the extension shown. Either way the
    calendar entry's sequence goes up."""
    from listbot.core.digest import item_of

    first = observe(store, post("a@x"), call("ABS 2027 proposals", date(2027, 1, 15)), NOW, SETTINGS)
    call_id = first.call_id or ""
    entry = ManualCall(id=call_id, title="ABS 2027 proposals", deadline=date(2027, 1, 29), extended=extended)
    apply_manual(store, CallsFile(calls=(entry,)), NOW)
    row = store.call_get(call_id)
    assert row is not None
    item = item_of(row, date(2027, 1, 4), None)

    assert (date(2027, 1, 29), 1) == (row.deadline, row.sequence)
    assert (extended, date(2027, 1, 15) if extended else None) == (item.extended, item.previous_deadline)
    assert ("extended: true" in edit_calls_text("calls: []\n", entry)) == extended


def test_what_a_call_was_read_from_is_remembered(store: Store) -> None:
    """Each post that makes or joins a call adds its message, thread, link and title."""
    first = observe(
        store,
        post("a@x"),
        call("IBF Congress 2027 abstracts", date(2027, 3, 1), "https://ibf.org/a"),
        NOW,
        SETTINGS,
    )
    observe(
        store,
        post("b@x", thread="a@x"),
        call("Re: IBF Congress 2027 abstracts", date(2027, 3, 1)),
        NOW,
        SETTINGS,
    )

    sources = call_sources(store)[first.call_id or ""]

    assert (frozenset({"a@x", "b@x"}), frozenset({"a@x"}), frozenset({"https://ibf.org/a"})) == (
        sources.messages,
        sources.threads,
        sources.links,
    )


def test_the_migration_remembers_what_existing_calls_were_read_from(tmp_path: Path) -> None:
    """A state file from before issue 13: its calls get open_ended = 0 and their message, thread, link
    and title as sources, so corrections made before the upgrade hold too."""
    import sqlite3

    from listbot.store.schema import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute(
        "INSERT INTO calls (id, title, link, thread_id, message_id, first_seen, updated_at)"
        " VALUES ('posters', 'Call for Posters 2027', 'https://ex.org/p', 'a@x', 'b@x', ?, ?)",
        (NOW.isoformat(), NOW.isoformat()),
    )
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()

    with Store(path) as store:
        row = store.call_get("posters")
        sources = register.Sources.of(store.call_sources()["posters"])

    assert (False, ("Call for Posters 2027",), frozenset({"b@x"}), frozenset({"a@x"})) == (
        row.open_ended,
        sources.titles,
        sources.messages,
        sources.threads,
    )


def test_an_open_ended_call_is_registered_as_such_until_a_deadline_is_given(store: Store) -> None:
    """'Rolling basis': a call with no deadline announced; a later post with a deadline ends that."""
    rolling = CallInfo(is_call=True, title="Balint in Brief letters", open_ended=True, confidence=0.9)
    first = observe(store, post("a@x"), rolling, NOW, SETTINGS)
    before = store.call_get(first.call_id or "")

    observe(
        store, post("b@x", thread="a@x"), call("Balint in Brief letters", date(2027, 3, 1)), NOW, SETTINGS
    )
    after = store.call_get(first.call_id or "")

    assert (True, None) == (before.open_ended, before.deadline)
    assert (False, date(2027, 3, 1)) == (after.open_ended, after.deadline)


@pytest.mark.parametrize("path", ["dev15/m003.eml", "dev26/m045.eml"])
def test_where_the_rules_and_the_call_model_disagree_the_call_goes_to_review(store: Store, path: str) -> None:
    """dev15's request for co-leaders' time (a call to the rules, not to the model) and dev26's "a short
    vignete (half page) ... by Mon 2/1 pls" (a call to the model, not to the rules): both are held for a
    moderator, whatever their confidence and calls.review_below, and say why."""
    read = read_post((Path(__file__).parent / "corpus" / "calls" / path).read_bytes())
    info = extract(read, "America/New_York")
    result = observe(store, read, info, NOW, CallSettings(review_below=0.0))

    assert ("review", "review") == (result.action, store.call_get(result.call_id or "").status)
    assert info.held is not None and info.held in result.reasons
