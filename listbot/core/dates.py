"""Reading dates in prose: the date forms people write, the year a year-less date belongs to, the time
and timezone written next to a date, and weekdays relative to a post's Date. Pure: no IO, no clock.

Nothing here knows about calls for submissions; ``listbot.calls`` decides which date is a deadline.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import available_timezones

# -- the date grammar ------------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3,
    "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6,
    "sunday": 6,
}  # fmt: skip
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WD = (
    r"(?:(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\.?,?\s+(?:the\s+)?)?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
ORDINAL_WORDS = {
    **{word: n for n, word in enumerate(_UNITS, start=1)},
    **{word: n for n, word in enumerate("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
                                         "seventeenth eighteenth nineteenth".split(), start=10)},
    "twentieth": 20, "thirtieth": 30, "thirty-first": 31, "thirty first": 31,
    **{f"twenty{sep}{word}": 20 + n for n, word in enumerate(_UNITS, start=1) for sep in ("-", " ")},
}  # fmt: skip
_DW = r"(?P<dw>" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)).replace(" ", r"\s") + r")"

DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<![\d/.-])(?P<year>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])")),
    (
        "md",  # Friday, Feb. 5th, 2027 / January 15-17, 2027 / Jan 15 to Feb 2
        re.compile(
            r"\b" + _WD + _MON + r"\s+(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"(?!\d|:\d)"
            r"(?P<range>\s*(?:-|to|through|thru|until)\s*(?P<d2>\d{1,2})" + _ORD + r"(?![\d/]|:\d))?" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "dm",  # 15 Jan 2027 / Friday 5th of February / 15-17 January 2027
        re.compile(
            r"\b" + _WD + r"(?P<d>\d{1,2})" + _ORD + r"(?P<range>\s*(?:-|to)\s*(?P<d2>\d{1,2})" + _ORD + r")?"
            r"\s+(?:of\s+)?" + _MON + r"(?![a-z])" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "md",  # March first, January the fifteenth
        re.compile(r"\b" + _WD + _MON + r"\s+(?:the\s+)?" + _DW + r"\b" + _YEAR, re.IGNORECASE),
    ),
    (
        "dm",  # the first of March, Friday the fifth of February 2027
        re.compile(
            r"\b" + _WD + r"(?:the\s+)?" + _DW + r"\s+of\s+" + _MON + r"(?![a-z])" + _YEAR, re.IGNORECASE
        ),
    ),
    (
        "iso",
        re.compile(r"(?<![\d/.-])(?P<year>20\d\d)[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?![\d/.])"),
    ),  # 2027/01/15
    (
        "num",  # 1/15/27, 1/15/2027, 1/15 (US order unless the text shows day-first); 15.01.2027 (DMY)
        re.compile(
            r"(?<![\d/.:$-])" + _WD + r"(?P<a>\d{1,2})(?P<sep>[/.]|-(?=\d{1,2}-\d{4}\b))(?P<b>\d{1,2})"
            r"(?:(?P=sep)(?P<year>\d{4}|\d\d))?(?![\d/]|\.\d|%)",  # (01-03-2027 only with its year)
            re.IGNORECASE,
        ),
    ),
    (
        "month-end",  # the end of February / end of July 2027 / the last day of April: the month's last day
        re.compile(
            r"\b(?:the\s+)?(?:very\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+month\s+of\s+)?" + _MON + _YEAR,
            re.IGNORECASE,
        ),
    ),
    (
        "weekday-nth",  # Friday the 11th: the next month whose 11th is a Friday
        re.compile(
            r"\b(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
            r"|sat(?:urday)?|sun(?:day)?)\.?,?\s+(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b",
            re.IGNORECASE,
        ),
    ),
)
_NUM = dict(DATE_PATTERNS)["num"]
# "two weeks from today", "30 days after Friday", "10 days before March 1": a date reckoned from another
# one, which the grammar does not compute: no date (rather than the anchor's date)
OFFSET = (
    r"\b(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+(?:more\s+)?"
    r"(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?)\s+(?:from|after|before|prior\s+to|"
    r"following|of)\b"
)
_OFFSET_BEFORE = re.compile(OFFSET + r"\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    """A date found in the text, before its year is known for sure.

    Month 0 with a day and a weekday is "Friday the 11th": the first such day from the post's Date on.
    """

    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None
    weekday: int | None
    is_range: bool = False  # "April 22-25": the first day of a span (conference dates, mostly)
    # "weekday" | "next-weekday" | "tomorrow" | "today" | "days" / "months" (``offset`` days / months after
    # the post) | "week-end" / "month-end" (the Friday of the post's week / the last day of its month,
    # ``offset`` weeks / months on) | "week-day" (``weekday`` in the week ``offset`` weeks on) |
    # "weekday-plus" (the next ``weekday``, then ``offset`` days) | "day-of-month" (the next ``day``, in the
    # post's month or, ``offset`` 1, the next) | "month-last" (the last ``weekday`` of the post's month,
    # ``offset`` months on, or of ``month`` when one is named) | "holiday" (``holiday``, ``around`` it): month
    # is 0 (but a "month-last" month's), the post's Date resolves them
    relative: str | None = None
    month_end: bool = False  # "the end of February": day is the month's last (resolved with the year)
    offset: int = 0
    holiday: tuple[int, int] | tuple[int, int, int] | None = None  # relative "holiday": its rule in HOLIDAYS
    # a holiday's neighbour: "before" / "after" (the nearest ``weekday`` on that side: "the Wednesday before
    # Thanksgiving"), "weekend" (the last working day before it and the weekend it joins), "eve" (the day
    # before it: "before Thanksgiving")
    around: str = ""


def _slash_order(text: str) -> str | None:
    """How this text writes numeric dates: "dmy", "mdy", or None (no evidence, or both ways).

    Evidence is a date that can only be read one way: 25/01/2027 (day > 12) or 15.01.2027 (dotted) says
    day-first; 01/25/2027 says month-first. A sender's country is not evidence.
    """
    day_first = month_first = False
    for m in _NUM.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if m.group("sep") == ".":
            day_first = day_first or bool(m.group("year") and len(m.group("year")) == 4 and b <= 12)
        elif a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
    if day_first and month_first:
        return None
    return "dmy" if day_first else "mdy" if month_first else None


class _Spans:
    """Spans of text that do not overlap, kept in order: is a new one free, in log time (a post naming a
    thousand dates is checked a thousand times, not a million)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # the spans before i start before `end`
        return i > 0 and self.ends[i - 1] > start  # they end in order too: only the last can reach `start`

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_dates(text: str) -> list[DateMatch]:
    """Every date-looking span in text, longest first where they overlap, in text order."""
    return list(_found_in(text))


@lru_cache(maxsize=4)
def _found_in(text: str) -> tuple[DateMatch, ...]:
    """``find_dates``, kept for the last few texts: a post the call model holds is read a second time for its
    title and deadline, and a long one costs a tenth of a second to search."""
    found: list[DateMatch] = []
    taken = _Spans()
    order = _slash_order(text)
    for kind, pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            parsed = _parse_match(kind, m, order)
            if parsed is None:
                continue
            taken.add(m.start(), m.end())
            if not _OFFSET_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
                found.append(parsed)
    for kind, pattern in _SPANS:
        for m in pattern.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            taken.add(m.start(), m.end())
            found.append(_span_match(kind, m))
    for m in _HOLIDAY.finditer(text):
        if not taken.overlaps(m.start(), m.end()):
            taken.add(m.start(), m.end())
            found.append(_holiday_match(m))
    for m in _RELATIVE.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        if _OFFSET_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        word = m.group("rel").lower()
        word = "tomorrow" if word in ("tmrw", "tmr") else word
        if _ANCHORED_WEEKDAY.match(text, m.end()) and re.search(
            r"\bthe\s+$", text[max(0, m.start() - 5) : m.start()], re.I
        ):
            continue  # "the Friday before the intensive": a day reckoned from an event, not the coming Friday
        named = _named_just_before(found, text, m.start())
        if named is not None and word not in ("tomorrow", "today", "tonight"):
            # "4/29 (Wednesday)", "the end of next week (Friday)": the weekday restates the date before it;
            # keep it as that date's weekday
            if named.weekday is None and named.relative in (None, "today", "tomorrow"):
                found[found.index(named)] = replace(named, weekday=WEEKDAYS[word[:3]])
            continue
        if word in ("tomorrow", "today", "tonight"):
            found.append(
                DateMatch(
                    m.start(),
                    m.end(),
                    m.group(0),
                    0,
                    0,
                    None,
                    None,
                    relative="today" if word == "tonight" else word,
                )
            )
        else:
            kind = (
                "next-weekday"
                if "next" in ((m.group("next") or "") + (m.group("after") or "")).lower()
                else "weekday"
            )
            found.append(
                DateMatch(m.start(), m.end(), m.group(0), 0, 0, None, WEEKDAYS[word[:3]], relative=kind)
            )
    found.sort(key=lambda d: d.start)
    # "by Thursday, a week from today": the span restates the day named before it, which says it exactly
    return tuple(
        d
        for i, d in enumerate(found)
        if not (
            i
            and d.relative == "days"
            and found[i - 1].relative in ("weekday", "next-weekday")
            and re.fullmatch(r"\s*(?:[,(]|-{1,2}|\u2013|\u2014)\s*", text[found[i - 1].end : d.start])
        )
    )


def _named_just_before(found: list[DateMatch], text: str, start: int) -> DateMatch | None:
    """The date (explicit, or a span such as "the end of next week") that ends right before `start`, with
    only "(" or "," between."""
    for d in found:
        if (
            d.relative
            in (None, "days", "months", "week-end", "month-end", "day-of-month", "today", "tomorrow")
            and d.end <= start
        ):
            if re.fullmatch(r"\s*[(,]?\s*", text[d.end : start]):
                return d
    return None


# Spans reckoned from the post itself: "two weeks from today", "within 10 days of this message", "the end
# of next week", "the end of this month". A span reckoned from another date ("10 days before March 1") is
# not one of these: it gives no date (OFFSET above).
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30,
}  # fmt: skip
NUMBER_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))  # "two", "fourteen", ... as a regex
_N = r"(?P<n>\d{1,3}|" + NUMBER_WORDS + r")"
_FROM_NOW = (
    r"(?:today|now|tomorrow|(?:the\s+date\s+of\s+|receipt\s+of\s+)?(?:this|my|the)\s+(?:message|e-?mail|post(?:ing)?"
    r"|note|announcement))"
)
_UNIT = r"(?P<unit>days?|weeks?|wks?|months?|fortnights?|hours?|hrs?)"
_WEEKDAY = (
    r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)\b\.?"
)
_SPANS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "days",  # within 10 days (of this message), in two weeks' time; not "within 30 days of March 1"
        re.compile(
            r"\b(?:within|in|over)\s+(?:the\s+next\s+)?" + _N + r"\s+(?:calendar\s+)?" + _UNIT + r"(?:'s?)?"
            r"(?:\s+time)?(?:\s+(?:of|from|after)\s+"
            + _FROM_NOW
            + r")?\b(?!\s+(?:of|from|after|before|prior)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday-plus",  # a week from Friday / two weeks from this Monday
        re.compile(
            r"\b"
            + _N
            + r"\s+"
            + _UNIT
            + r"\s+(?:from|after|on)\s+(?:this\s+|next\s+|this\s+coming\s+)?"  # (British: "a fortnight on Monday")
            + _WEEKDAY,
            re.IGNORECASE,
        ),
    ),
    (
        "weekday-plus",  # Monday week (British): a week from the coming Monday
        re.compile(r"\b" + _WEEKDAY + r"\s+(?P<n>)(?P<unit>week)\b(?!['\u2019])", re.IGNORECASE),
    ),
    (
        "days",  # two weeks from today / 10 days from the date of this message
        re.compile(
            r"\b"
            + _N
            + r"\s+(?:more\s+)?(?:calendar\s+)?"
            + _UNIT
            + r"\s+(?:from|after|of)\s+"
            + _FROM_NOW
            + r"\b",
            re.IGNORECASE,
        ),
    ),
    ("days", re.compile(r"\b(?P<n>this)\s+time\s+next\s+(?P<unit>week|month)\b", re.IGNORECASE)),
    (  # "you now have ten more days to get your nominations in": counted from the post
        "days",
        re.compile(
            r"\b(?:you|we|they|everyone)\s+(?:now\s+|still\s+)?(?:have|get|has)\s+(?P<span>"
            + _N
            + r"\s+(?:more|extra|additional)\s+"
            + _UNIT
            + r")\b(?!\s+(?:of|before|after|until|in|at)\b)",  # ("we have two more weeks of data": no date)
            re.IGNORECASE,
        ),
    ),
    (  # "two days left to send a proposal", "one week remaining": counted from the post
        "days",
        re.compile(
            r"\b" + _N + r"\s+(?:more\s+)?" + _UNIT + r"\s+(?:left|remaining|to\s+go)\b", re.IGNORECASE
        ),
    ),
    (  # a fortnight today / a week tomorrow (British): counted from the post
        "days",
        re.compile(r"\b" + _N + r"\s+(?P<unit>weeks?|fortnights?)\s+(?:today|tomorrow)\b", re.IGNORECASE),
    ),
    (  # "we've moved it to the 23rd", "extended the deadline for posters to the 15th": the next such day
        "day-of-month",
        re.compile(
            r"\b(?:moved|pushed|shifted|extended|prolonged|postponed)\s+(?:(?:it|the\s+deadline(?:\s+for\s+[^.\n]{1,60}?)?)\s+)?"
            r"(?:back\s+)?(?:(?:by\s+)?(?:one|a|two|an\s+extra|another)\s+(?:day|week)s?,?\s+)?to\s+"
            r"(?P<span>the\s+(?P<d>\d{1,2})(?:st|nd|rd|th))\b",
            re.IGNORECASE,
        ),
    ),
    (  # within the next fortnight / in the next week: one of them, from the post
        "days",
        re.compile(
            r"\b(?:within|in|over)\s+the\s+next\s+(?P<n>)(?P<unit>fortnight|week|month)\b"
            r"(?!\s+(?:of|from|after|before|or)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "days",  # open for another week / one more week / two extra weeks: from the post
        re.compile(
            r"\b(?:for\s+)?(?:(?P<n>another)\s+(?:extra\s+|additional\s+|further\s+)?|"
            + _N.replace("?P<n>", "?P<n2>")
            + r"\s+(?:more|extra|additional|further)\s+)(?P<unit>days?|weeks?)\b(?!\s+(?:of|from|after|before)\b)",
            re.IGNORECASE,
        ),
    ),
    ("days", re.compile(r"\b(?:the\s+)?day after (?P<n>tomorrow)\b", re.IGNORECASE)),
    (
        "week-end",  # the end of this week / the end of next week: its Friday
        re.compile(  # and the possessive: "by week's end", "by next week's end"
            r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+|coming\s+)?(?:work(?:ing)?\s+)?(?:week|wk)\b|eow\b"
            r"|(?<=before\s)(?:the|this)\s+weekend\b|(?<=by\s)(?:the|this)\s+weekend\b|(?<=within\s)the\s+week\b"
            r"|(?:(?:this|the)\s+)?(?P<next2>next\s+)?week['\u2019]s\s+end\b)",
            re.IGNORECASE,
        ),
    ),
    # (by) over the weekend: by its end, the coming Sunday ("by the weekend" is before it: "week-end" above)
    # ("send this wknd": the same)
    ("weekend", re.compile(r"\b(?:(?:over|during)\s+(?:the|this)|this)\s+(?:weekend|wknd)\b", re.IGNORECASE)),
    (
        "week-day",  # Friday of next week / Friday next week / next week Friday
        re.compile(
            r"\b"
            + _WEEKDAY
            + r",?\s+(?:of\s+)?(?P<next>next)\s+week\b|\bnext\s+week,?\s+(?:on\s+)?"
            + _WEEKDAY.replace("?P<wd>", "?P<wd2>"),
            re.IGNORECASE,
        ),
    ),
    (
        "month-end",  # the end of this month / the end of next month: its last day
        re.compile(
            r"\b(?:(?:the\s+)?(?:end|last\s+day)\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?month\b(?!\s+of\b)|eom\b"
            r"|(?:(?:this|the)\s+)?(?P<next2>next\s+)?month['\u2019]s\s+end\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "month-last",  # the last Friday of this month / of next month / in June: that month's last such day
        re.compile(
            r"\b(?:the\s+)?last\s+"
            + _WEEKDAY
            + r"\s+(?:of|in)\s+(?:(?:this|the)\s+month|(?P<next>next)\s+month|"
            + _MON
            + r"(?!\s+\d))",
            re.IGNORECASE,
        ),
    ),
    (
        "day-of-month",  # the middle of next month, mid-month: its 15th
        re.compile(
            r"\b(?P<span>(?:the\s+)?middle\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?month|mid-?\s?"
            r"(?P<next2>next\s+)?month)\b(?!\s+of\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "day-of-month",  # the 15th of next month: that day of the month after the post's
        re.compile(
            r"\b(?P<span>the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\s+of\s+(?P<next>next)\s+month)\b", re.IGNORECASE
        ),
    ),
    (
        "day-of-month",  # by the 20th: the next 20th
        re.compile(
            # ("moving the cut-off to the 30th", "pushed to the 23rd": moved to a day)
            r"\b(?:by|before|until|through|till|on|than|due|is|(?:mov|push|shift|extend)\w*\s+(?:[\w-]+\s+){0,3}?to)"
            r"\s+(?P<span>the\s+(?P<d>\d{1,2})(?:st|nd|rd|th))\b"
            r"(?!\s+(?:annual|anniversary|international|edition|century|birthday|year|meeting|congress|conference"
            r"|national|of|week|day|time|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)(?!\s+and\s+(?:the\s+)?\d)",
            re.IGNORECASE,
        ),
    ),
)


# Named days: the next one on or after the post ("by Thanksgiving"). (month, day) for a fixed day;
# (month, weekday, n) for the n-th weekday of the month, n = -1 for the last.
_S = "['\u2019]?s"  # "New Year's", "New Years", "New Year\u2019s"
HOLIDAYS: tuple[tuple[str, tuple[int, int] | tuple[int, int, int]], ...] = (
    (f"new year{_S} day", (1, 1)), ("(?:martin luther king|mlk) day", (1, 0, 3)), (f"valentine{_S} day", (2, 14)),
    ("presidents['\u2019]? day", (2, 0, 3)), (rf"st\.? patrick{_S} day", (3, 17)), ("memorial day", (5, 0, -1)),
    ("juneteenth", (6, 19)), ("independence day", (7, 4)), ("labou?r day", (9, 0, 1)), ("halloween", (10, 31)),
    ("veterans day|remembrance day", (11, 11)), ("thanksgiving", (11, 3, 4)), ("christmas eve", (12, 24)),
    ("christmas(?: day)?", (12, 25)), ("boxing day", (12, 26)), (f"new year{_S} eve", (12, 31)),
)  # fmt: skip
_HOLIDAY = re.compile(
    # "the Wednesday before Thanksgiving", "the Friday after Labor Day": that weekday, counted from the day
    r"\b(?:(?:the\s+)?(?P<hwd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?P<hdir>before|after)\s+)?"
    r"(?:" + "|".join(f"(?P<h{i}>{name})" for i, (name, _) in enumerate(HOLIDAYS)) + ")"
    r"(?P<hwe>\s+(?:long\s+)?weekend\b)?"  # "before the Memorial Day long weekend": the working day before it
    r"(?!['\u2019]?s?\s+(?:break|party|lunch|dinner|card|week|holidays?|vacation)\b)",
    re.IGNORECASE,
)


def holiday_on_or_after(rule: tuple[int, int] | tuple[int, int, int], posted: date) -> date:
    """The day a holiday (its rule in HOLIDAYS) falls on, on or after `posted`."""
    for year in (posted.year, posted.year + 1):
        if len(rule) == 2:
            day = date(year, rule[0], rule[1])
        else:
            month, weekday, n = rule
            matching = [
                d
                for d in range(1, calendar.monthrange(year, month)[1] + 1)
                if date(year, month, d).weekday() == weekday
            ]
            day = date(year, month, matching[n - 1] if n > 0 else matching[n])
        if day >= posted:
            return day
    raise AssertionError("a holiday falls every year")  # pragma: no cover


def _holiday_match(m: re.Match[str]) -> DateMatch:
    rule = next(HOLIDAYS[int(k[1:])][1] for k, v in m.groupdict().items() if v and k[1:].isdigit())
    weekday = WEEKDAYS[m.group("hwd")[:3].lower()] if m.group("hwd") else None
    around = (m.group("hdir") or "").lower() or ("weekend" if m.group("hwe") else "")
    if not around and re.search(
        r"\b(?:before|ahead of|prior to)\s+(?:the\s+)?$", m.string[max(0, m.start() - 30) : m.start()], re.I
    ):
        around = "eve"  # "before Thanksgiving": nobody means the holiday itself, a day off; the day before
    return DateMatch(
        m.start(), m.end(), m.group(0), 0, 0, None, weekday, relative="holiday", holiday=rule, around=around
    )


def _span_match(kind: str, m: re.Match[str]) -> DateMatch:
    groups = m.groupdict()
    start, end, written = m.start(), m.end(), m.group(0)
    if kind == "weekend":
        return DateMatch(start, end, written, 0, 0, None, WEEKDAYS["sun"], relative="weekday")
    if groups.get("span"):
        start, end, written = m.start("span"), m.end("span"), m.group("span")
    weekday = None
    if groups.get("wd") or groups.get("wd2"):
        weekday = WEEKDAYS[(groups.get("wd") or groups["wd2"]).lower().rstrip(".")]
    offset = 1 if groups.get("next") or groups.get("next2") or kind == "week-day" else 0
    day = month = 0
    if kind == "day-of-month":
        day = int(groups["d"]) if groups.get("d") else 15  # "the middle of next month"
    if kind == "month-last" and groups.get("mon"):
        month = MONTHS[groups["mon"].lower().rstrip(".")]
    if groups.get("n") is not None or groups.get("n2"):
        raw = (groups.get("n") or groups.get("n2") or "one").lower()
        count = {"this": 1, "tomorrow": 2, "another": 1}.get(raw) or (
            int(raw) if raw.isdigit() else _NUMBERS[raw]
        )
        unit = (groups.get("unit") or "day").lower()
        if unit.startswith("month"):
            kind = "months" if kind == "days" else kind
            offset = count
        elif unit.startswith("h"):
            offset = -(-count // 24)  # within 48 hours: by the second day after the post
        else:
            offset = count * {"d": 1, "w": 7, "f": 14}[unit[0]]
    if kind == "days" and re.search(r"\b(?:from|weeks?|fortnights?)\s+tomorrow\b", written, re.IGNORECASE):
        offset += 1  # "a week from tomorrow", "a week tomorrow"
    return DateMatch(start, end, written, month, day, None, weekday, relative=kind, offset=offset)


# after "the Friday": it is reckoned from something else ("the Friday before the intensive")
_ANCHORED_WEEKDAY = re.compile(
    r"\s+(?:before|after|prior\s+to|ahead\s+of|preceding|following)\b", re.IGNORECASE
)
# "this Friday", "due Sunday", "next Monday", "tomorrow": read against the post's Date
_RELATIVE = re.compile(
    r"\b(?:(?P<next>this|next|coming|this coming)\s+)?(?P<rel>monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|tomorrow|today|tonight|tmrw|tmr"
    # abbreviated: "thurs", "tues", "weds" anywhere; the rest ("sat", "sun", "wed", "mon" are words too) after
    # a word that sets a date: "by fri", "COB thurs", "due 5pm ET fri", "no later than mon"
    r"|thurs|tues|weds"
    r"|(?=(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b)(?:(?<=\bby\s)|(?<=\bdue\s)|(?<=\bcob\s)|(?<=\beod\s)|(?<=\bthan\s)|(?<=\bthis\s)|(?<=\bnext\s)"
    r"|(?<=\bbefore\s)|(?<=\buntil\s)|(?<=\btill\s)|(?<=\bet\s)|(?<=\bpt\s)|(?<=\bct\s)|(?<=pm\s)|(?<=am\s)"
    r"|(?<=\blatest\s))(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun))\b"
    r"(?!s\b|'(?!s\s+(?:meeting|call|session|deadline)\b))"
    r"(?:\s+(?P<after>next)\b(?!\s+(?:week|month|year)))?",  # "by Friday next": as "next Friday"
    re.IGNORECASE,
)


def _parse_match(kind: str, m: re.Match[str], order: str | None = None) -> DateMatch | None:
    groups = m.groupdict()
    year: int | None = None
    wd = groups.get("wd")
    weekday = WEEKDAYS.get(wd.lower().rstrip(".")) if wd else None
    if kind == "weekday-nth":
        day = int(groups["d"])
        if not 1 <= day <= 31:
            return None
        return DateMatch(m.start(), m.end(), m.group(0), 0, day, None, weekday)
    if kind == "month-end":
        month = MONTHS[groups["mon"].lower().rstrip(".")]
        year = int(groups["year"]) if groups.get("year") else None
        day = calendar.monthrange(year or 2001, month)[1]  # February's leap day is settled with the year
        return DateMatch(m.start(), m.end(), m.group(0), month, day, year, None, month_end=True)
    if kind == "iso":
        month, day, year = int(groups["m"]), int(groups["d"]), int(groups["year"])
    elif kind in ("md", "dm"):
        month = MONTHS[groups["mon"].lower().rstrip(".")]
        day = (
            int(groups["d"]) if groups.get("d") else ORDINAL_WORDS[re.sub(r"\s+", " ", groups["dw"].lower())]
        )
        year = int(groups["year"]) if groups.get("year") else None
        if kind == "md" and groups["mon"].lower() == "may" and not year and not wd:
            # "may 5" is usually a month, but "you may 2 ..." is not: demand a capital M.
            if not groups["mon"].startswith("M"):
                return None
    else:
        a, b = int(groups["a"]), int(groups["b"])
        raw_year = groups.get("year")
        if groups["sep"] == ".":
            if not raw_year or len(raw_year) != 4:
                return None  # "1.5" is a number, "15.01.27" too ambiguous
            day, month = a, b
        elif a > 12 or b > 12:
            month, day = (a, b) if a <= 12 else (b, a)
        else:
            # both parts could be the month: US order, unless another date in the text is day-first
            month, day = (b, a) if order == "dmy" else (a, b)
        if raw_year:
            year = int(raw_year) + (2000 if len(raw_year) == 2 else 0)
            if weekday is not None and groups["sep"] != "." and a <= 12 and b <= 12:
                # "Thursday 04/03/2027": the weekday written with it says which reading is meant
                fits = [(mo, d) for mo, d in ((a, b), (b, a)) if _is_weekday(year, mo, d, weekday)]
                if len(fits) == 1:
                    month, day = fits[0]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return DateMatch(
        start=m.start(),
        end=m.end(),
        text=m.group(0),
        month=month,
        day=day,
        year=year,
        weekday=weekday,
        is_range=bool(groups.get("range")),
    )


def _is_weekday(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return date(year, month, day).weekday() == weekday
    except ValueError:
        return False


def local_date(moment: datetime | None, timezone: str) -> date | None:
    """The calendar day of `moment` in `timezone` (an IANA name): what "today" meant where the list is."""
    if moment is None:
        return None
    from zoneinfo import ZoneInfo

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(timezone)).date()


def resolve_year(found: DateMatch, posted: date | None) -> date | None:
    """The full date. Year-less dates take the post's year, or the next one if that is > 2 weeks past.

    A weekday written with the date ("Friday, Feb. 5th") picks the year whose calendar agrees.
    """
    if found.relative is not None:
        if posted is None:
            return None
        if found.relative in ("today", "tomorrow"):
            day = posted + timedelta(days=1 if found.relative == "tomorrow" else 0)
            if found.weekday is not None:
                # "by tomorrow (Friday)" written at 10 pm in California, already Friday in the list's zone:
                # the weekday the author names says which day they mean (their date is a day either side)
                for near in (day, day - timedelta(days=1), day + timedelta(days=1)):
                    if near.weekday() == found.weekday:
                        return near
            return day
        if found.relative == "holiday" and found.holiday is not None:
            day = holiday_on_or_after(found.holiday, posted)
            if found.around == "eve":
                day -= timedelta(days=1)
            elif found.around == "weekend":  # "before the Memorial Day long weekend": the Friday before
                day -= timedelta(days=1)
                while day.weekday() >= 5:
                    day -= timedelta(days=1)
            elif found.weekday is not None and found.around:  # the Wednesday before it: the nearest one
                step = timedelta(days=-1 if found.around == "before" else 1)
                day += step
                while day.weekday() != found.weekday:
                    day += step
            return day
        if found.relative == "days":
            return posted + timedelta(days=found.offset)
        if found.relative == "months":
            year, month = divmod(posted.month - 1 + found.offset, 12)
            year, month = posted.year + year, month + 1
            return date(year, month, min(posted.day, calendar.monthrange(year, month)[1]))
        if found.relative == "weekday-plus":  # the weekday on or after the post, then the offset
            return posted + timedelta(days=((found.weekday or 0) - posted.weekday()) % 7 + found.offset)
        if found.relative == "week-day":  # that weekday in the week after the post's
            monday = posted - timedelta(days=posted.weekday())
            return monday + timedelta(days=7 * found.offset + (found.weekday or 0))
        if found.relative == "day-of-month":  # the next such day on or after the post
            year, month = posted.year, posted.month
            if found.offset:  # of next month
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            for _ in range(3):
                if (
                    found.day <= calendar.monthrange(year, month)[1]
                    and date(year, month, found.day) >= posted
                ):
                    return date(year, month, found.day)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return None
        if found.relative == "week-end":
            friday = posted - timedelta(days=posted.weekday()) + timedelta(days=4 + 7 * found.offset)
            return (
                friday if friday >= posted else friday + timedelta(days=7)
            )  # a weekend post: the coming one
        if found.relative == "month-end":
            year, month = divmod(posted.month - 1 + found.offset, 12)
            year, month = posted.year + year, month + 1
            return date(year, month, calendar.monthrange(year, month)[1])
        if found.relative == "month-last":  # the month named (this year's, or next if past), or this/next
            if found.month:
                year, month = posted.year + (found.month < posted.month), found.month
            else:
                year, month = divmod(posted.month - 1 + found.offset, 12)
                year, month = posted.year + year, month + 1
            last = date(year, month, calendar.monthrange(year, month)[1])
            return last - timedelta(days=(last.weekday() - (found.weekday or 0)) % 7)
        ahead = ((found.weekday or 0) - posted.weekday()) % 7
        if found.relative == "next-weekday" and ahead <= 1:
            # "next Wednesday" on a Wednesday or a Tuesday is the Wednesday of next week: a writer who
            # meant tomorrow says "tomorrow" (two days on and more, it is the coming one: "by next Monday"
            # on a Thursday)
            ahead += 7
        return posted + timedelta(days=ahead)
    if found.month == 0:
        return _weekday_nth(found, posted)
    if found.year is not None:
        try:
            return date(found.year, found.month, _day_in(found, found.year))
        except ValueError:
            return None
    if posted is None:
        return None
    candidates: list[date] = []
    for year in (posted.year, posted.year + 1):
        try:
            candidates.append(date(year, found.month, _day_in(found, year)))
        except ValueError:
            continue
    if not candidates:
        return None
    default = next((c for c in candidates if c >= posted - timedelta(days=14)), candidates[-1])
    if found.weekday is not None and default.weekday() != found.weekday:
        agreeing = [
            c for c in candidates if c.weekday() == found.weekday and c >= posted - timedelta(days=14)
        ]
        if agreeing:
            return agreeing[0]
    return default


def _day_in(found: DateMatch, year: int) -> int:
    return calendar.monthrange(year, found.month)[1] if found.month_end else found.day


def _weekday_nth(found: DateMatch, posted: date | None) -> date | None:
    """ "Friday the 11th": the first 11th from the post's Date on that is a Friday, within ~3 months."""
    if posted is None or found.weekday is None:
        return None
    year, month = posted.year, posted.month
    for _ in range(4):
        try:
            day = date(year, month, found.day)
        except ValueError:
            day = None
        if day is not None and day >= posted - timedelta(days=1) and day.weekday() == found.weekday:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


# -- times and timezones ---------------------------------------------------------------------------

TIMEZONES: tuple[tuple[str, str], ...] = (
    (r"anywhere on earth|\(?aoe\)?", "Etc/GMT+12"),
    (r"eastern(?:\s+(?:standard|daylight))?(?:\s+time)?|e[sd]?t\b", "America/New_York"),
    (r"central(?:\s+(?:standard|daylight))?(?:\s+time)?|c[sd]t\b|ct\b", "America/Chicago"),
    (r"mountain(?:\s+(?:standard|daylight))?(?:\s+time)?|m[sd]t\b|mt\b", "America/Denver"),
    (r"pacific(?:\s+(?:standard|daylight))?(?:\s+time)?|p[sd]t\b|pt\b", "America/Los_Angeles"),
    (r"hawaii(?:an)?(?:\s+time)?|hst\b", "Pacific/Honolulu"),
    (r"alaska(?:\s+time)?|akst\b|akdt\b", "America/Anchorage"),
    (r"utc|gmt|coordinated universal time", "UTC"),
    (r"cest|cet|central european(?:\s+(?:summer))?(?:\s+time)?", "Europe/Berlin"),
    (r"bst|british summer time|uk(?:\s+time)?|london time|gmt/bst", "Europe/London"),
    (r"israel(?:i)?(?:\s+(?:standard|daylight))?\s+time|jerusalem time", "Asia/Jerusalem"),
    (r"irish(?:\s+(?:standard|summer))?\s+time|dublin time", "Europe/Dublin"),
    (
        r"aedt|aest|australian eastern(?:\s+(?:standard|daylight))?(?:\s+time)?|sydney time",
        "Australia/Sydney",
    ),
    (r"nzdt|nzst|new zealand(?:\s+(?:standard|daylight))?\s+time", "Pacific/Auckland"),
    (r"jst|japan(?:\s+standard)?\s+time|tokyo time", "Asia/Tokyo"),
    (r"[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?", ""),  # an IANA name written out
)


@cache
def _city_zones() -> dict[str, str]:
    """A city an IANA zone is named after, lower case, and the zone: "lisbon" -> Europe/Lisbon ("Lisbon
    time"). Continents only: the Pacific's and the Indian Ocean's names include common words ("Easter")."""
    out: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        region, _, city = zone.partition("/")
        if region in ("Europe", "America", "Asia", "Africa", "Australia") and city and "/" not in city:
            out.setdefault(city.replace("_", " ").lower(), zone)
    return out


# "15 January 2027, 23:59 Lisbon time": a city a zone is named after, with "time"
TIMEZONES += (
    (
        "(?:"
        + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(_city_zones(), key=len, reverse=True))
        + r")\s+time",
        "city",
    ),
)
_TZ_RE = re.compile(
    r"(?:\(\s*)?(?P<tz>" + "|".join(f"(?:{p})" for p, _ in TIMEZONES) + r")(?:\s*\))?", re.IGNORECASE
)
_TIME_RE = re.compile(
    r"(?<![\d:/.])(?:(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?!\d)(?!\s*(?:-|to)\s*\d)"
    r"|(?P<word>midnight|noon|midday))",
    re.IGNORECASE,
)
# "by 5 today": an hour said bare right before a day word, in working hours, is the afternoon's
_BARE_HOUR = re.compile(r"(?<![\d:/.$])\b(?:by|at)\s+([1-7])\s*$", re.IGNORECASE)
_DAY_WORD = re.compile(r"(?:today|tonight|tomorrow|this\s+(?:afternoon|evening))\b", re.IGNORECASE)


def _zone_for(text: str) -> str | None:
    """The IANA zone a written timezone means, or None."""
    raw = text.strip().strip("()").strip()
    for pattern, zone in TIMEZONES:
        if re.fullmatch(pattern, raw, re.IGNORECASE):
            if zone == "city":
                return _city_zones().get(re.sub(r"\s+", " ", raw.lower()).removesuffix(" time"))
            if zone:
                return zone
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(raw)
            except (ZoneInfoNotFoundError, ValueError):
                return None
            return raw
    return None


def _parse_time(m: re.Match[str]) -> time | None:
    g = m.groupdict()
    if g.get("word"):
        word = g["word"].lower()
        return time(23, 59) if word == "midnight" else time(12, 0)
    if g.get("h24") is not None:
        return time(int(g["h24"]), int(g["mi24"]))
    hour, minute = int(g["h"]), int(g["mi"] or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    pm = g["ampm"].lower().startswith("p")
    if hour == 12:
        hour = 12 if pm else 0
    elif pm:
        hour += 12
    if hour == 0 and minute == 0:
        return time(23, 59)  # "12:00 am" on a deadline means the end of the previous day in practice
    return time(hour, minute)


def time_and_zone(text: str, date_start: int, date_end: int) -> tuple[time | None, str | None]:
    """A time (and the timezone written with it) next to the date: just after it, or just before it.

    "January 15, 2027 at 11:59 p.m. ET", "by midnight Pacific on Feb 3", "Feb 3, 5pm (AoE)". A zone
    is only taken when it is written next to the time or the date; never guessed.
    """
    after = text[date_end : date_end + 60]
    before = text[max(0, date_start - 60) : date_start]
    stop_after = re.search(
        # (nor from a header line below: "Subject: ... extended to Jan 18" over "> Date: ... 9:02:11 AM PST")
        r"\n\s*\n|;|(?<!\b[ap]\.m)\.\s|\b(?:and|notification|registration|conference|meeting)\b"
        r"|\n[ \t>]*(?:date|sent|from|to|cc|subject):",
        after,
        re.IGNORECASE,
    )
    if stop_after:
        after = after[: stop_after.start()]
    # ... and not from the line above when the date's line is a list item: that time is another date's
    stop_before = list(
        re.finditer(
            r"\n\s*\n|;|(?<!\b[ap]\.m)\.\s|\b(?:and|from)\b|\n[ \t]*(?:[-*\u2022]|\d{1,2}[.)])\s",
            before,
            re.IGNORECASE,
        )
    )
    if stop_before:
        before = before[stop_before[-1].end() :]
    at: time | None = None
    zone: str | None = None
    for window in (after, before):
        m = _TIME_RE.search(window)
        if not m:
            continue
        parsed = _parse_time(m)
        if parsed is None:
            continue
        at = parsed
        # "12:00 noon ET": a word restating the time may stand between it and its zone
        tail = re.sub(
            r"^[\s,]*(?:(?:noon|midnight|midday|sharp)\b[\s,]*)?", "", window[m.end() : m.end() + 40]
        )
        z = _TZ_RE.match(tail) if tail.strip() else None
        if z:
            zone = _zone_for(z.group("tz"))
            # "23:59 CET (Brussels time)": the city says which of the zones the abbreviation names
            city = re.match(r"\s*\(\s*([a-z][a-z .'-]{1,30}?)\s+time\s*\)", tail[z.end() :], re.I)
            if city and city.group(1).lower() in _city_zones():
                zone = _city_zones()[city.group(1).lower()]
        if zone is None:
            # "on Feb 3 at 11:59 pm, Eastern", or a zone written after the date: "Feb 3, 5 pm ... (ET)"
            z = _TZ_RE.search(after)
            if z and _word_boundaried(after, z):
                zone = _zone_for(z.group("tz"))
        break
    if at is None and _DAY_WORD.match(text, date_start):
        bare = _BARE_HOUR.search(text[max(0, date_start - 12) : date_start])
        if bare:
            return time(int(bare.group(1)) + 12, 0), None
    if at is None:
        # "January 15, 2027 (AoE)", "Feb 3 Anywhere on Earth": a zone right after the date, no time
        z = _TZ_RE.match(text[date_end : date_end + 30].lstrip(" ,"))
        if z and _word_boundaried(text[date_end : date_end + 30].lstrip(" ,"), z):
            zone = _zone_for(z.group("tz"))
            if zone != "Etc/GMT+12":
                zone = None  # a bare "ET" after a date without a time says little; AoE says a lot
    return at, zone


def _word_boundaried(window: str, m: re.Match[str]) -> bool:
    s, e = m.start("tz"), m.end("tz")
    left_ok = s == 0 or not window[s - 1].isalnum()
    right_ok = e >= len(window) or not window[e].isalnum()
    return left_ok and right_ok
