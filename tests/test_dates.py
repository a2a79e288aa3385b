"""Tables for the date grammar: date forms, year resolution, times and zones next to a date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from listbot.core.dates import find_dates, local_date, resolve_year, time_and_zone


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("January 15, 2027", date(2027, 1, 15)),
        ("1/15/27", date(2027, 1, 15)),
        ("15 Jan 2027", date(2027, 1, 15)),
        ("Friday, Feb. 5th", date(2027, 2, 5)),
        ("2027-01-15", date(2027, 1, 15)),
        ("the 15th of January 2027", date(2027, 1, 15)),
        ("31st January 2027", date(2027, 1, 31)),
        ("Jan. 15", date(2027, 1, 15)),
        ("15.01.2027", date(2027, 1, 15)),
    ],
)
def test_date_forms(written: str, expected: date) -> None:
    """Each way people write a date reads as the same day."""
    found = find_dates(f"Proposals are due {written}.")

    assert expected == resolve_year(found[0], date(2026, 11, 2))


@pytest.mark.parametrize(
    "text",
    [
        "you may 2 or 3 of them",  # a verb, not a month
        "a ratio of 1.5 to 2",  # a number
        "version 15.01.27",  # dotted without a four-digit year: too ambiguous
    ],
)
def test_not_dates(text: str) -> None:
    """Numbers and words that only look like dates are not read as dates."""
    assert [] == find_dates(text)


@pytest.mark.parametrize(
    ("written", "posted", "expected"),
    [
        ("January 15", date(2026, 11, 2), date(2027, 1, 15)),  # well before the post: next year
        ("November 10", date(2026, 11, 2), date(2026, 11, 10)),
        ("October 25", date(2026, 11, 2), date(2026, 10, 25)),  # within ~2 weeks before: same year
        ("October 1", date(2026, 11, 2), date(2027, 10, 1)),
        ("Friday, Feb. 5th", date(2026, 11, 2), date(2027, 2, 5)),
        ("March 3, 2028", date(2026, 11, 2), date(2028, 3, 3)),
        ("2/29", date(2027, 11, 2), date(2028, 2, 29)),
    ],
)
def test_year_resolution(written: str, posted: date, expected: date) -> None:
    """Year-less dates belong to the post's year unless more than ~2 weeks before its Date."""
    found = find_dates(written)

    assert expected == resolve_year(found[0], posted)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("due Feb 3 at midnight Pacific.", (time(23, 59), "America/Los_Angeles")),
        ("due March 14, 2027 (AoE).", (None, "Etc/GMT+12")),
        ("due March 14, 2027, 23:59 Anywhere on Earth.", (time(23, 59), "Etc/GMT+12")),
        ("due February 15, 2027 at 5 pm Central.", (time(17, 0), "America/Chicago")),
        ("due 15 January 2027 at 23:59 CET.", (time(23, 59), "Europe/Berlin")),
        ("due January 15, 2027 at 11:59 pm.", (time(23, 59), None)),  # no zone invented
        ("due January 15, 2027 ET.", (None, None)),  # a bare zone without a time says little
        ("due January 15, 2027 at 12:00 am.", (time(23, 59), None)),
        ("closing date 26/03/2027 (Friday 26 March), still 5 pm UK.", (time(17, 0), "Europe/London")),
        ("proposals: 07/03/2027 (Sunday, 7 March) at 23:59 Israel time", (time(23, 59), "Asia/Jerusalem")),
        # a city a zone is named after, with "time"; "in time" and "part time" name no city
        ("due 15 January 2027, 23:59 Lisbon time.", (time(23, 59), "Europe/Lisbon")),
        ("due March 3, 2027 at 5 pm New York time", (time(17, 0), "America/New_York")),
        ("due March 3, 2027 at 5 pm New\nYork time", (time(17, 0), "America/New_York")),  # wrapped
        ("due March 3, 2027 at 5 pm, in time for the meeting.", (time(17, 0), None)),
        ("due March 3, 2027 at 5 pm part time", (time(17, 0), None)),
        # the city names which zone an abbreviation means
        ("due 15 January 2027, 23:59 CET (Brussels time).", (time(23, 59), "Europe/Brussels")),
        ("due 14 May 2027, 5 pm AEST (Melbourne time)", (time(17, 0), "Australia/Melbourne")),
        # an hour said bare right before "today" or "tomorrow" is the afternoon's
        ("abstracts by 5 today please", (time(17, 0), None)),
        ("I have 5 today", (None, None)),
        ("by 10 tomorrow", (None, None)),
    ],
)
def test_time_and_zone(text: str, expected: tuple[time | None, str | None]) -> None:
    """The time and zone written next to a date; AoE is Etc/GMT+12; a zone is never guessed."""
    found = find_dates(text)[0]

    assert expected == time_and_zone(text, found.start, found.end)


@pytest.mark.parametrize(
    ("written", "posted", "expected"),
    [
        ("by the end of February", date(2027, 1, 26), date(2027, 2, 28)),
        ("through the end of February", date(2027, 11, 26), date(2028, 2, 29)),  # leap year settled late
        ("by the end of July", date(2026, 6, 1), date(2026, 7, 31)),
        ("before the end of April 2027", date(2026, 6, 1), date(2027, 4, 30)),
        ("close on the last day of April", date(2026, 3, 25), date(2026, 4, 30)),
        ("on the last day of\nFebruary 2028", date(2027, 3, 25), date(2028, 2, 29)),
    ],
)
def test_end_of_month_is_its_last_day(written: str, posted: date, expected: date) -> None:
    """'The end of February' is the month's last day, in the year a year-less date belongs to."""
    found = find_dates(written)

    assert expected == resolve_year(found[0], posted)


@pytest.mark.parametrize(
    ("written", "posted", "expected"),
    [
        ("by COB Friday the 11th", date(2026, 8, 24), date(2026, 9, 11)),
        ("by Friday the 12th", date(2027, 2, 2), date(2027, 2, 12)),
        ("on Monday the 3rd", date(2026, 6, 20), date(2026, 8, 3)),  # skips July 3 (a Friday)
    ],
)
def test_weekday_and_day_without_a_month(written: str, posted: date, expected: date) -> None:
    """'Friday the 11th' is the first 11th from the post's Date on that falls on a Friday."""
    found = find_dates(written)

    assert expected == resolve_year(found[0], posted)


@pytest.mark.parametrize(
    "text",
    [
        "Send it within 30 days of March 1, 2027.",
        "Proposals are due two weeks after the meeting.",
        "Final papers are due 10 business days after Friday.",
    ],
)
def test_dates_reckoned_from_another_are_not_read(text: str) -> None:
    """'30 days of March 1' is not March 1: a date computed from another one gives no date at all (a date
    computed from the post itself, 'two weeks from today', is read: see the table of relative dates)."""
    found = find_dates(text)

    assert [] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("due 05/03/2027", [date(2027, 5, 3)]),  # no evidence: US order
        ("due 05/03/2027; notification 20/04/2027", [date(2027, 3, 5), date(2027, 4, 20)]),  # day > 12
        ("due 05.03.2027", [date(2027, 3, 5)]),  # dotted: day-first
        ("due 05/03/2027; decisions 04/20/2027", [date(2027, 5, 3), date(2027, 4, 20)]),  # month-first
        (
            "due 05/03/2027, 20/04/2027 or 04/21/2027",
            [date(2027, 5, 3), date(2027, 4, 20), date(2027, 4, 21)],
        ),
    ],
)
def test_day_first_only_with_evidence_in_the_text(text: str, expected: list[date]) -> None:
    """An ambiguous 05/03 is read day-first only when another date in the text can only be day-first."""
    found = find_dates(text)

    assert expected == [resolve_year(f, date(2026, 11, 2)) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday 04/03/2027 (4 March)", date(2027, 3, 4)),  # 3 April 2027 is a Saturday
        ("at Monday 01-03-2027", date(2027, 3, 1)),  # Dutch, with dashes: 3 January 2027 is a Sunday
        ("midday on Monday 12/04/2027", date(2027, 4, 12)),
        ("Tue 3/2/2027", date(2027, 3, 2)),  # month-first, and the weekday agrees
        ("Tuesday 4/6/2027", date(2027, 4, 6)),  # neither or both would fit: US order stays
    ],
)
def test_a_weekday_written_with_a_numeric_date_says_its_order(text: str, expected: date) -> None:
    assert expected == resolve_year(find_dates(text)[0], date(2027, 1, 5))


def test_dashes_make_a_date_only_with_a_year() -> None:
    assert [] == find_dates("groups of 10-12 people, 2026-2027")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pushed back to 4/29 (Wednesday)", [(date(2026, 4, 29), 2)]),
        ("through Sept. 18 (Friday)", [(date(2026, 9, 18), 4)]),
        ("due Friday, March 5", [(date(2027, 3, 5), 4)]),
    ],
)
def test_weekday_after_a_date_restates_it(text: str, expected: list[tuple[date, int]]) -> None:
    """'4/29 (Wednesday)': the weekday in brackets is that date's, not the next Wednesday."""
    found = find_dates(text)

    assert expected == [(resolve_year(f, date(2026, 4, 14)), f.weekday) for f in found]


def test_time_of_the_row_above_is_not_this_dates() -> None:
    """In a key-dates list, the time on the line above belongs to the date above."""
    text = "Key dates:\n  * Webinar: November 18, 2026, 1 pm CT\n  * Manuscripts due: 01/15/2027\n"
    found = find_dates(text)[1]

    assert (None, None) == time_and_zone(text, found.start, found.end)


def test_time_of_a_forwarded_header_below_is_not_this_dates() -> None:
    """A forwarded message's Subject names the new deadline; the time on its Date line below is when it was
    sent, not the deadline's hour."""
    text = (
        "> Subject: Writing contest - deadline extended to Jan 18\n"
        "> Date: December 17, 2026 at 9:02:11 AM PST\n> To: Program Directors <pd@example.com>\n"
    )
    found = find_dates(text)[0]

    assert (None, None) == time_and_zone(text, found.start, found.end)


# -- dates written relative to the post (issue 13): read against the post's Date in the list's timezone ----

TUESDAY = date(2027, 3, 9)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("two weeks from today", date(2027, 3, 23)),
        ("three weeks from today at the latest", date(2027, 3, 30)),
        ("10 days from the date of this message", date(2027, 3, 19)),
        ("a week from today", date(2027, 3, 16)),
        ("one month from today", date(2027, 4, 9)),
        ("within 10 days of this message", date(2027, 3, 19)),
        ("within two weeks", date(2027, 3, 23)),
        ("within a month", date(2027, 4, 9)),
        ("in two weeks' time", date(2027, 3, 23)),
        ("in a fortnight", date(2027, 3, 23)),
        ("over the next 10 days", date(2027, 3, 19)),
        ("this time next week", date(2027, 3, 16)),
        ("open for another week", date(2027, 3, 16)),
        ("for two extra weeks", date(2027, 3, 23)),
        ("the day after tomorrow", date(2027, 3, 11)),
        ("by tomorrow", date(2027, 3, 10)),
        ("by this Friday", date(2027, 3, 12)),
        ("by next Monday", date(2027, 3, 15)),
        ("a week from Friday", date(2027, 3, 19)),
        ("by Friday of next week", date(2027, 3, 19)),
        ("by next week, on Wednesday", date(2027, 3, 17)),
        ("by the end of this week", date(2027, 3, 12)),
        ("by the end of next week (Friday)", date(2027, 3, 19)),
        ("by the end of this month", date(2027, 3, 31)),
        ("by the end of next month", date(2027, 4, 30)),
        ("by the last day of the month", date(2027, 3, 31)),
        ("by the last day of next month", date(2027, 4, 30)),
        ("by next Wednesday", date(2027, 3, 17)),  # the day after a Tuesday: next week's, else "tomorrow"
        ("by next Thursday", date(2027, 3, 11)),  # two days on: the coming one
        ("by the middle of next month", date(2027, 4, 15)),
        ("by mid-month", date(2027, 3, 15)),
        ("by tomorrow (Wednesday)", date(2027, 3, 10)),
        ("by tomorrow (Tuesday)", date(2027, 3, 9)),  # written late, a zone west: the author's tomorrow
        ("by today (Wednesday)", date(2027, 3, 10)),
        ("by month's end", date(2027, 3, 31)),
        ("by next month’s end", date(2027, 4, 30)),
        ("by week's end", date(2027, 3, 12)),
        ("by next week's end", date(2027, 3, 19)),
        ("by the 20th", date(2027, 3, 20)),
        ("by the 5th", date(2027, 4, 5)),  # the 5th has passed: next month's
        ("the deadline is the 20th", date(2027, 3, 20)),
        ("within 48 hours", date(2027, 3, 11)),  # hours: by the day they run out
        ("in the next 24 hours", date(2027, 3, 10)),
        ("by a fortnight today", date(2027, 3, 23)),  # British: a fortnight from today
        ("a week tomorrow", date(2027, 3, 17)),
        ("over the weekend", date(2027, 3, 14)),  # by its end: the Sunday ("by the weekend" is its Friday)
    ],
)
def test_relative_dates(written: str, expected: date) -> None:
    """A span counted from the post ("two weeks from today"), a weekday, the end of a week or month."""
    found = find_dates(f"Please send it {written}.")

    assert [expected] == [resolve_year(f, TUESDAY) for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "the 25th anniversary meeting",  # an ordinal that is no day
        "within 30 days of March 1",  # counted from another date
        "two weeks after the meeting",
        "10 business days from today",  # business days: not counted
        "the retreat is the 2nd week of the month",
        "by the Friday before the intensive",  # reckoned from the intensive, not the coming Friday
        "the Monday after the meeting",
    ],
)
def test_relative_forms_that_are_no_date(text: str) -> None:
    """Spans counted from something other than the post give no date."""
    assert [] == [f for f in find_dates(text) if f.relative is not None]


@pytest.mark.parametrize(
    ("moment", "timezone", "expected"),
    [
        (
            datetime(2027, 4, 28, 21, 10, tzinfo=timezone(timedelta(hours=-4))),
            "America/New_York",
            date(2027, 4, 28),
        ),
        # 23:30 in Los Angeles is already the next day in New York: "tomorrow" counts from there
        (
            datetime(2027, 4, 27, 23, 30, tzinfo=timezone(timedelta(hours=-7))),
            "America/New_York",
            date(2027, 4, 28),
        ),
        (
            datetime(2026, 9, 14, 0, 30, tzinfo=timezone(timedelta(hours=1))),
            "America/New_York",
            date(2026, 9, 13),
        ),
        (
            datetime(2026, 9, 14, 0, 30, tzinfo=timezone(timedelta(hours=1))),
            "Europe/London",
            date(2026, 9, 14),
        ),
        (None, "America/New_York", None),
    ],
)
def test_the_post_day_is_the_lists(moment: datetime | None, timezone: str, expected: date | None) -> None:
    """Relative dates count from the post's Date as a calendar day in the list's timezone."""
    assert expected == local_date(moment, timezone)


@pytest.mark.parametrize(
    ("written", "posted", "expected"),
    [
        ("Thu 10/22", date(2026, 9, 22), date(2026, 10, 22)),
        ("Wed 12/9", date(2026, 11, 11), date(2026, 12, 9)),
        ("Mon 1/11", date(2026, 12, 11), date(2027, 1, 11)),  # across the new year
        ("Fri., 3/5", date(2027, 1, 25), date(2027, 3, 5)),
        ("Thurs. 6/17", date(2027, 5, 27), date(2027, 6, 17)),
        ("Thu 6/17", date(2026, 11, 2), date(2027, 6, 17)),
        ("Sat 11/14", date(2026, 11, 16), date(2026, 11, 14)),  # two days past: this year's, a past date
    ],
)
def test_abbreviated_weekday_and_numeric_date_without_a_year(
    written: str, posted: date, expected: date
) -> None:
    """'Thu 6/18': the next such day on or after the post whose weekday agrees."""
    found = find_dates(f"due {written}")

    assert [expected] == [resolve_year(f, posted) for f in found]


@pytest.mark.parametrize(
    ("written", "posted", "expected"),
    [
        ("the 8th of January, 2027", date(2026, 11, 2), date(2027, 1, 8)),
        ("by the 1st of March", date(2027, 1, 27), date(2027, 3, 1)),
        ("by 30th November", date(2026, 10, 1), date(2026, 11, 30)),
        ("on or before 23rd February 2027", date(2027, 1, 18), date(2027, 2, 23)),
        ("Friday the 9th of April 2027", date(2027, 3, 2), date(2027, 4, 9)),
        ("by Friday 7th May 2027, 17:00 BST", date(2027, 4, 7), date(2027, 5, 7)),
        ("January the 8th", date(2026, 11, 2), date(2027, 1, 8)),
        ("by the fifteenth of January 2027", date(2026, 11, 2), date(2027, 1, 15)),
        ("by the twenty-first of February", date(2027, 1, 9), date(2027, 2, 21)),
        ("by March first", date(2027, 1, 9), date(2027, 3, 1)),
        ("due 2027/03/15", date(2027, 1, 9), date(2027, 3, 15)),
    ],
)
def test_british_ordinals(written: str, posted: date, expected: date) -> None:
    """Day-first ordinals, with or without 'of', a year or a weekday."""
    found = find_dates(written)

    assert expected == resolve_year(found[0], posted)


def test_a_zone_after_noon() -> None:
    """'12:00 noon ET': the word restating the time does not hide the zone."""
    text = "Submit by 12:00 noon ET, Monday, June 28, 2027."
    found = find_dates(text)[0]

    assert (time(12, 0), "America/New_York") == time_and_zone(text, found.start, found.end)


@pytest.mark.parametrize(
    ("text", "posted", "expected"),
    [
        ("Entries by Thanksgiving, please.", date(2026, 10, 5), date(2026, 11, 26)),  # fourth Thursday
        ("Send them by Christmas.", date(2026, 12, 26), date(2027, 12, 25)),  # the next one
        ("by Halloween", date(2026, 10, 31), date(2026, 10, 31)),  # on the day itself
        ("by Memorial Day", date(2027, 1, 4), date(2027, 5, 31)),  # the last Monday of May
        ("by Labour Day", date(2027, 1, 4), date(2027, 9, 6)),  # the first Monday of September
        ("by New Years Eve", date(2026, 10, 5), date(2026, 12, 31)),  # without the apostrophe
        ("by New Year\u2019s Day", date(2026, 10, 5), date(2027, 1, 1)),
        # a weekday counted from a holiday: the nearest one before or after it
        ("by the Wednesday before Thanksgiving", date(2026, 11, 9), date(2026, 11, 25)),
        # "before" a holiday is the day before it (a day off nobody means)
        ("essays before Thanksgiving, please", date(2026, 11, 2), date(2026, 11, 25)),
        ("drafts prior to Christmas", date(2026, 11, 2), date(2026, 12, 24)),
        ("the Friday after Labor Day", date(2026, 8, 20), date(2026, 9, 11)),
        ("by the Monday before Christmas", date(2026, 11, 2), date(2026, 12, 21)),
    ],
)
def test_named_holidays_are_their_next_day(text: str, posted: date, expected: date) -> None:
    assert [expected] == [resolve_year(d, posted) for d in find_dates(text)]


@pytest.mark.parametrize(
    "text", ["The Christmas party is on us.", "Over the Thanksgiving break we met.", "A Halloween card."]
)
def test_a_holiday_naming_something_else_is_no_date(text: str) -> None:
    assert [] == find_dates(text)


@pytest.mark.parametrize(
    "text",
    [
        "send them by Thursday - a week from today",
        "by Thursday, a week from today",
        "by Thursday (a week from today)",
    ],
)
def test_a_span_after_a_weekday_restates_it(text: str) -> None:
    """The day named is the day meant: a post sent late on Thursday in Los Angeles is Friday in New York,
    where "a week from today" would be a Friday."""
    assert [("Thursday", "weekday")] == [(d.text, d.relative) for d in find_dates(text)]


def test_a_span_wrapped_over_two_lines() -> None:
    assert [date(2027, 3, 8)] == [
        resolve_year(d, date(2027, 3, 1)) for d in find_dates("by this time\nnext week")
    ]


@pytest.mark.parametrize(
    ("text", "posted", "expected"),
    [
        ("by Friday next", date(2026, 10, 2), date(2026, 10, 9)),  # a Friday post: the next one
        ("by Friday next", date(2026, 9, 29), date(2026, 10, 2)),  # as "next Friday"
        ("please send them within the week", date(2026, 11, 10), date(2026, 11, 13)),  # this week's Friday
        ("by the end of the coming week", date(2026, 12, 10), date(2026, 12, 18)),  # next week's Friday
    ],
)
def test_more_weeks_counted_from_the_post(text: str, posted: date, expected: date) -> None:
    assert [expected] == [resolve_year(d, posted) for d in find_dates(text)]
