"""The digest: planning (grouping, labels, DST), the ledger (once per period, never empty, catch-up),
the message (headers, alternatives, .ics) and the reminders. Time is always an argument: no sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from listbot import config as config_module
from listbot.app.digest_jobs import send_digest, send_reminders
from listbot.core.digest import last_fire, period_of, plan_digest, plan_reminders
from listbot.core.mailcommands import MailCommand, parse
from listbot.model import CallRow
from listbot.render import compose_digest, compose_reminder
from listbot.store import Store
from tests.factories import call_row, config_dir, make_post

NY = ZoneInfo("America/New_York")
REPO = Path(__file__).resolve().parents[1]


row = call_row


def make_config(
    tmp_path: Path, unsubscribe_url: str | None = None, recipients: tuple[str, ...] = ("a@example.org",)
):
    edits = [("  recipients: []", f"  recipients: [{', '.join(recipients)}]")]
    if unsubscribe_url:
        edits.append(("  unsubscribe_url: null", f"  unsubscribe_url: {unsubscribe_url}"))
    return config_module.load(config_dir(tmp_path, *edits))


# -- planning --------------------------------------------------------------------------------------------


def test_grouping_sorting_and_days_left() -> None:
    """Sorted by deadline; grouped by 7 days / 30 days / later / undated; 'closes today', 'N days left'."""
    now = datetime(2027, 1, 11, 7, 0, tzinfo=NY)
    calls = [
        row("later", "2027-03-01"),
        row("today", "2027-01-11"),
        row("month", "2027-02-05"),
        row("week", "2027-01-18"),
        row("undated", None),
        row("past", "2027-01-10"),
        row("soon", "2027-01-12"),
    ]

    digest = plan_digest(calls, now, "America/New_York", "weekly", "2027-01-11")

    assert digest is not None
    assert [
        ("week", ["today", "soon", "week"]),
        ("month", ["month"]),
        ("later", ["later"]),
        ("undated", ["undated"]),
    ] == [(key, [i.id for i in items]) for key, _, items in digest.groups]
    assert ["closes today", "1 day left", "7 days left", "25 days left", "49 days left", ""] == [
        i.when for i in digest.items
    ]


def test_new_and_extended_labels() -> None:
    """NEW: first seen since the last digest went out. EXTENDED: deadline moved later."""
    now = datetime(2027, 1, 11, 7, 0, tzinfo=NY)
    last_sent = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
    calls = [
        row("old", "2027-02-01", first_seen="2026-12-01T00:00:00+00:00"),
        row("fresh", "2027-02-02", first_seen="2027-01-06T00:00:00+00:00"),
        row("ext", "2027-02-03", previous_deadline="2027-01-20", extended=True),
    ]

    digest = plan_digest(calls, now, "America/New_York", "weekly", "2027-01-11", last_sent)

    assert [("old", False, False), ("fresh", True, False), ("ext", False, True)] == [
        (i.id, i.new, i.extended) for i in digest.items
    ]  # type: ignore[union-attr]
    assert "Wednesday, January 20, 2027" == digest.items[2].previous_deadline_text  # type: ignore[union-attr]


def test_content_cut_off_and_empty_digest() -> None:
    """Calls first seen after the period's fire time wait for the next digest; nothing open -> no digest."""
    fire = datetime(2027, 1, 11, 7, 0, tzinfo=NY)
    later = [row("after", "2027-02-01", first_seen="2027-01-11T13:00:00+00:00")]

    assert (
        plan_digest(later, fire + timedelta(hours=5), "America/New_York", "weekly", "2027-01-11", cutoff=fire)
        is None
    )
    assert plan_digest([], fire, "America/New_York", "weekly", "2027-01-11") is None


def test_dst_change_week() -> None:
    """Monday 07:00 New York stays 07:00 local across the November DST change (12:00 UTC after, 11:00 before)."""
    schedule = config_module.Schedule(day_of_week="mon", hour=7, minute=0)
    before = last_fire(schedule, "America/New_York", datetime(2026, 10, 27, 0, 0, tzinfo=UTC))
    after = last_fire(schedule, "America/New_York", datetime(2026, 11, 3, 0, 0, tzinfo=UTC))

    assert (datetime(2026, 10, 26, 11, 0, tzinfo=UTC), datetime(2026, 11, 2, 12, 0, tzinfo=UTC)) == (
        before,
        after,
    )
    assert ("2026-10-26", "2026-11-02") == (
        period_of(before, "America/New_York"),  # type: ignore[arg-type]
        period_of(after, "America/New_York"),
    )  # type: ignore[arg-type]


def test_days_left_count_in_the_list_timezone() -> None:
    """At 23:30 New York on Jan 14 (04:30 UTC on the 15th), a Jan 15 deadline is still 1 day away."""
    now = datetime(2027, 1, 15, 4, 30, tzinfo=UTC)

    digest = plan_digest([row("c", "2027-01-15")], now, "America/New_York", "weekly", "2027-01-11")

    assert "1 day left" == digest.items[0].when  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("at", "zone", "expected"),
    [
        (None, None, "Monday, March 15, 2027"),
        (time(17, 0), "America/Los_Angeles", "Monday, March 15, 2027, 5 pm Pacific time (8 pm Eastern time)"),
        (
            time(23, 59),
            "America/Los_Angeles",
            "Monday, March 15, 2027, 11:59 pm Pacific time (Tuesday 2:59 am Eastern time)",
        ),
        (
            time(23, 59),
            "Etc/GMT+12",
            "Monday, March 15, 2027, 11:59 pm AoE (Anywhere on Earth) (Tuesday 7:59 am Eastern time)",
        ),
        (time(12, 0), "America/New_York", "Monday, March 15, 2027, noon Eastern time"),
        (time(9, 30), None, "Monday, March 15, 2027, 9:30 am"),
        (time(17, 0), "Europe/Berlin", "Monday, March 15, 2027, 5 pm Berlin time (noon Eastern time)"),
        (time(17, 0), "Asia/Dubai", "Monday, March 15, 2027, 5 pm Dubai time (9 am Eastern time)"),
        (time(17, 0), "Mars/Olympus", "Monday, March 15, 2027, 5 pm Mars/Olympus"),
        (time(17, 0), "Etc/GMT-3", "Monday, March 15, 2027, 5 pm Etc/GMT-3 (10 am Eastern time)"),
    ],
)
def test_a_deadline_reads_as_people_say_it(at: time | None, zone: str | None, expected: str) -> None:
    """The time in its zone's everyday name and in the list's zone when that differs (with the weekday
    when the day differs): "5 pm Pacific time (8 pm Eastern time)", not "17:00 America/Los_Angeles". A zone
    with no everyday name here says its city ("Berlin time"); one without a city its IANA name when its
    abbreviation is only an offset ("+03"); one this machine does not know, as written. The machine-readable
    values keep the time and the IANA name."""
    now = datetime(2027, 3, 1, 12, tzinfo=UTC)
    call = row("c", "2027-03-15", deadline_time=at, timezone=zone)

    digest = plan_digest([call], now, "America/New_York", "weekly", "2027-03-01")

    assert digest is not None
    [item] = digest.items
    assert expected == item.deadline_text
    assert (at.strftime("%H:%M") if at else None, zone) == (
        item.values()["deadline_time"],
        item.values()["timezone"],
    )


# -- the ledger ------------------------------------------------------------------------------------------


def _add_call(store: Store, call_id: str, deadline: str, **extra: Any) -> None:
    store.call_save(row(call_id, deadline, **extra))


def test_restart_inside_a_period_sends_once(tmp_path: Path) -> None:
    """The scheduled run, then a restart's catch-up and a manual send in the same period: one digest."""
    config = make_config(tmp_path)
    fire = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)  # Monday 07:00 New York
    with Store(config.state_path) as store:
        _add_call(store, "abs-2027", "2027-03-02")
        first = send_digest(config, store, fire + timedelta(seconds=1))
    with Store(config.state_path) as store:  # "restart"
        again = send_digest(config, store, fire + timedelta(hours=3))
        outbox = store.outbox_all("digest")

    assert ("queued", "already") == (first.status, again.status)
    assert ["digest:weekly:2027-01-11:a@example.org"] == [m.key for m in outbox]


def test_empty_period_sends_nothing(tmp_path: Path) -> None:
    """No open calls: nothing queued, nothing claimed."""
    config = make_config(tmp_path)
    with Store(config.state_path) as store:
        _add_call(store, "closed", "2027-01-01")
        result = send_digest(config, store, datetime(2027, 1, 11, 12, 0, 1, tzinfo=UTC))

        assert ("empty", [], False) == (
            result.status,
            store.outbox_all("digest"),
            store.digest_claimed("weekly", "2027-01-11"),
        )


@pytest.mark.parametrize(
    ("hours_late", "status"),
    [(2, "queued"), (71, "queued"), (73, "late")],
)
def test_catch_up_within_catch_up_hours(tmp_path: Path, hours_late: float, status: str) -> None:
    """After downtime the missed digest goes out if within digest.catch_up_hours (72), else it is skipped."""
    from listbot.app.scheduler import catch_up

    config = make_config(tmp_path)
    fire = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    with Store(config.state_path) as store:
        _add_call(store, "abs-2027", "2027-03-02")
        result = catch_up(config, store, fire + timedelta(hours=hours_late))

    assert status == result.status


# -- the message ---------------------------------------------------------------------------------------


def _compose(tmp_path: Path, calls: list[CallRow], unsubscribe_url: str | None = None):
    config = make_config(tmp_path, unsubscribe_url)
    now = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    digest = plan_digest(calls, now, "America/New_York", "weekly", "2027-01-11")
    msg = compose_digest(config, digest, now)  # type: ignore[arg-type]
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_digest_headers(tmp_path: Path) -> None:
    """From the bot, Auto-Submitted, Precedence, X-Loop, Message-ID in the bot's domain, List-Unsubscribe."""
    msg = _compose(tmp_path, [row("abs-2027", "2027-03-02")])

    assert "auto-generated" == msg["Auto-Submitted"]
    assert "bulk" == msg["Precedence"]
    assert "balint-bot@americanbalintsociety.org" == msg["X-Loop"]
    assert "balint-bot@americanbalintsociety.org" == msg["From"].addresses[0].addr_spec
    assert msg["Message-ID"].startswith("<listbot.") and msg["Message-ID"].endswith(
        "@americanbalintsociety.org>"
    )
    assert (
        "<mailto:balint-bot@americanbalintsociety.org?subject=unsubscribe%20digest>"
        == msg["List-Unsubscribe"].strip()
    )
    assert msg["List-Unsubscribe-Post"] is None


def test_one_click_unsubscribe_when_https_url_configured(tmp_path: Path) -> None:
    msg = _compose(tmp_path, [row("abs-2027", "2027-03-02")], unsubscribe_url="https://example.org/unsub")

    assert msg["List-Unsubscribe"].strip().startswith("<https://example.org/unsub>, <mailto:")
    assert "List-Unsubscribe=One-Click" == msg["List-Unsubscribe-Post"]


def test_text_html_and_ics_parts(tmp_path: Path) -> None:
    """text/plain and text/html alternatives, plus a text/calendar attachment."""
    msg = _compose(tmp_path, [row("abs-2027", "2027-03-02"), row("undated", None)])
    types = [part.get_content_type() for part in msg.walk()]

    assert ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"] == types
    assert "Abs 2027" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Date not announced" in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_where_to_send_the_work_is_shown(tmp_path: Path) -> None:
    """A call that names the address the work goes to shows it: "Send to:" in the text, a mailto link in
    the HTML; a call without one shows no such line."""
    msg = _compose(tmp_path, [row("essay", "2027-03-02", submit_to="essays@example.org"), row("other", None)])
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]

    assert 1 == text.count("Send to:") and "  Send to: essays@example.org\n" in text
    assert '<a href="mailto:essays@example.org">essays@example.org</a>' in html


def test_addresses_can_be_kept_out_of_the_digest_and_the_reminders(tmp_path: Path) -> None:
    """digest.show_addresses: false (a list that keeps members' addresses private: "email me" shows the
    author's) leaves "Send to:" out of the digest and the reminders."""
    config = config_module.load(
        config_dir(
            tmp_path,
            ("  recipients: []", "  recipients: [a@example.org]"),
            ("show_addresses: true", "show_addresses: false"),
        )
    )
    now = datetime(2027, 1, 11, 12, 0, tzinfo=UTC)
    calls = [row("essay", "2027-01-12", submit_to="author@example.org")]
    digest = plan_digest(calls, now, "America/New_York", "weekly", "2027-01-11")
    msg = compose_digest(config, digest, now)  # type: ignore[arg-type]
    due = plan_reminders(calls, date(2027, 1, 11), (1,), set())
    reminder = compose_reminder(config, due, date(2027, 1, 11), now)

    for message in (msg, reminder):
        for part in message.walk():
            if part.get_content_maintype() == "text" and part.get_content_subtype() in ("plain", "html"):
                assert "author@example.org" not in part.get_content()
    assert "Essay" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    shown = compose_reminder(make_config(tmp_path / "shown"), due, date(2027, 1, 11), now)
    assert "  Send to: author@example.org\n" in shown.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_digest_of_rolling_calls_has_no_calendar(tmp_path: Path) -> None:
    """When no call has a deadline there is nothing for a calendar: no .ics, and the digest does not say
    one is attached."""
    rolling = _compose(tmp_path, [row("rolling", None, open_ended=True)])
    dated = _compose(tmp_path, [row("rolling", None, open_ended=True), row("abs-2027", "2027-03-02")])

    assert "text/calendar" not in [p.get_content_type() for p in rolling.walk()]
    for part in ("plain", "html"):
        assert "deadlines.ics" not in rolling.get_body((part,)).get_content()  # type: ignore[union-attr]
        assert "deadlines.ics" in dated.get_body((part,)).get_content()  # type: ignore[union-attr]
    assert "text/calendar" in [p.get_content_type() for p in dated.walk()]


def _events(msg) -> list:
    ics = next(p for p in msg.walk() if p.get_content_type() == "text/calendar").get_content()
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_ics_uid_stable_and_sequence_bumps(tmp_path: Path) -> None:
    """The same call keeps its UID across digests; SEQUENCE follows the call's sequence."""
    before = _events(_compose(tmp_path, [row("abs-2027", "2027-03-02", sequence=0)]))
    after = _events(
        _compose(
            tmp_path,
            [row("abs-2027", "2027-03-09", previous_deadline="2027-03-02", extended=True, sequence=1)],
        )
    )

    assert [("abs-2027@americanbalintsociety.org", 0)] == [
        (str(e["UID"]), int(e["SEQUENCE"])) for e in before
    ]
    assert [("abs-2027@americanbalintsociety.org", 1)] == [(str(e["UID"]), int(e["SEQUENCE"])) for e in after]


def test_ics_timed_event_in_the_stated_zone(tmp_path: Path) -> None:
    """A deadline with time and zone is a timed event in that zone; a date alone is all-day."""
    events = _events(
        _compose(
            tmp_path,
            [
                row("aoe", "2027-03-14", deadline_time=time(23, 59), timezone="Etc/GMT+12"),
                row("day", "2027-03-20"),
            ],
        )
    )
    starts = {str(e["UID"]).split("@")[0]: e.decoded("DTSTART") for e in events}

    assert datetime(2027, 3, 14, 23, 59, tzinfo=ZoneInfo("Etc/GMT+12")) == starts["aoe"]
    assert date(2027, 3, 20) == starts["day"]


# -- reminders and commands ---------------------------------------------------------------------------


def test_reminders_plan_7_and_1_days() -> None:
    """Due at 7 days and at 1 day; a missed day is made up; nothing twice."""
    calls = [
        row("seven", "2027-01-18"),
        row("six", "2027-01-17"),
        row("one", "2027-01-12"),
        row("far", "2027-02-01"),
    ]

    due = plan_reminders(calls, date(2027, 1, 11), (7, 1), sent={("six", 7)})

    assert [("one", 1), ("seven", 7)] == [(i.id, d) for i, d in due]


def test_reminders_one_message_per_day(tmp_path: Path) -> None:
    """One combined reminder per day to the subscribers, never twice."""
    config = make_config(tmp_path)
    now = datetime(2027, 1, 11, 13, 0, tzinfo=UTC)
    with Store(config.state_path) as store:
        store.subscribe("m@example.org", "reminders", now)
        _add_call(store, "a", "2027-01-18")
        _add_call(store, "b", "2027-01-12", deadline_time=time(17, 0), timezone="America/Los_Angeles")
        first = send_reminders(config, store, now)
        second = send_reminders(config, store, now + timedelta(hours=1))
        queued = store.outbox_all("reminder")

    assert ("queued", 2, "empty") == (first.status, first.count, second.status)
    assert [("m@example.org",)] == [m.recipients for m in queued]
    text = message_from_bytes(queued[0].message, policy=policy.default).get_body(("plain",)).get_content()
    assert "Deadline: Tuesday, January 12, 2027, 5 pm Pacific time (8 pm Eastern time)" in text


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("subscribe digest", "", MailCommand("subscribe", "digest")),
        ("Unsubscribe Digest", "", MailCommand("unsubscribe", "digest")),
        ("", "subscribe reminders\nthanks", MailCommand("subscribe", "reminders")),
        ("Re: subscribe reminder", "", MailCommand("subscribe", "reminders")),
        ("AW: stop", "", MailCommand("stop")),
        ("Question", "Stop.", MailCommand("stop")),
        ("Question", "stop sending me these, I never asked for them", None),
        ("How do I subscribe to the digest?", "", None),
    ],
)
def test_parse_command(subject: str, body: str, expected: MailCommand | None) -> None:
    """A command is the whole subject or a short first line; a question about one is not."""
    actual = parse(make_post(subject=subject, new_text=body))

    assert expected == actual


# URL-safe codes (secrets.token_urlsafe) start with "-" one time in 64, and may hold "-" and "_" anywhere
CODES = ("-" + "a" * 42, "a" * 42 + "-", "_" + "b" * 41 + "_", "Zx-" * 14 + "q", "c" * 43)


@pytest.mark.parametrize("code", CODES)
def test_a_code_is_read_whole_whatever_its_first_and_last_characters(code: str) -> None:
    """The approve code in the review mail's subject, the confirm code in the confirmation's."""
    approve = parse(
        make_post(subject=f"Re: [listbot review] balint-basics [approve: {code}]", new_text="approve")
    )
    confirm = parse(make_post(subject=f"Re: Confirm the Balint-L digest (confirm {code})", new_text=""))

    assert (code, code) == (approve.token if approve else None, confirm.token if confirm else None)


def test_an_open_ended_call_says_it_has_no_deadline(tmp_path: Path) -> None:
    """A call that said 'rolling basis' is shown as such, in its own group, apart from undated calls."""
    calls = [row("abs-2027", "2027-03-02"), row("letters", None, open_ended=True), row("undated", None)]

    digest = plan_digest(
        calls, datetime(2027, 1, 11, 12, 0, tzinfo=UTC), "America/New_York", "weekly", "2027-01-11"
    )
    text = _compose(tmp_path, calls).get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert digest is not None
    assert [("later", ["abs-2027"]), ("rolling", ["letters"]), ("undated", ["undated"])] == [
        (key, [i.id for i in items]) for key, _, items in digest.groups
    ]
    assert (
        "== No deadline: rolling ==\n\n[NEW] Letters\n  No deadline: rolling (submissions read as they come)\n"
        in text
    )
    assert "[NEW] Undated\n  Deadline: date not announced\n" in text
