"""Tables for the date grammar: date forms, year resolution, times and zones next to a date."""

from __future__ import annotations

from datetime import date, time

import pytest

from listbot.dates import find_dates, resolve_year, time_and_zone


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
    ],
)
def test_time_and_zone(text: str, expected: tuple[time | None, str | None]) -> None:
    """The time and zone written next to a date; AoE is Etc/GMT+12; a zone is never guessed."""
    found = find_dates(text)[0]

    assert expected == time_and_zone(text, found.start, found.end)
