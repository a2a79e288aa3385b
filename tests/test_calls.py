"""Tables for the call extractor: deadlines end to end, cue scoring, times and zones kept, detection.

The date grammar itself (forms, years, times, zones) is tabled in tests/test_dates.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from listbot.core.calls import as_json, extract
from listbot.model import Post
from tests.factories import make_post

EST = timezone(timedelta(hours=-5))
TZ = "America/New_York"  # the list's timezone


def post(
    text: str,
    subject: str = "Call for proposals",
    when: datetime | None = None,
    reply: bool = False,
    body: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Post:
    return make_post(
        message_id="m1@example.org",
        subject=("Re: " if reply else "") + subject,
        topic=subject,
        date=when or datetime(2026, 11, 2, 9, 0, tzinfo=EST),
        in_reply_to="m0@example.org" if reply else None,
        references=("m0@example.org",) if reply else (),
        list_id=None,
        new_text=text,
        body_text=body if body is not None else text,
        headers=headers,
    )


def deadline_of(text: str, **kw: object) -> tuple[str | None, str | None, str | None]:
    info = extract(post(text, **kw), TZ)  # type: ignore[arg-type]
    j = as_json(info, "-")
    return j["deadline"], j["deadline_time"], j["timezone"]  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Proposals are due January 15, 2027.", "2027-01-15"),
        ("Proposals are due 1/15/27.", "2027-01-15"),
        ("Proposals are due 15 Jan 2027.", "2027-01-15"),
        ("Proposals are due Friday, Feb. 5th.", "2027-02-05"),
        ("Proposals are due 2027-01-15.", "2027-01-15"),
        ("Submit your proposal by the 15th of January 2027.", "2027-01-15"),
        ("Proposals are due 31st January 2027.", "2027-01-31"),
        ("Send proposals no later than Jan. 15.", "2027-01-15"),
        ("Proposals are due 15.01.2027.", "2027-01-15"),
    ],
)
def test_date_forms(sentence: str, expected: str) -> None:
    """Each way people write a deadline gives the same date."""
    text = f"We invite proposals for workshops at the 2027 National Meeting. {sentence}"

    assert expected == deadline_of(text)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # conference dates, notification and registration are never the deadline
        (
            "We invite proposals. The meeting will be held April 22-25, 2027. Proposals are due January 15, 2027. "
            "Notification of acceptance by March 1, 2027. Early-bird registration ends February 20, 2027.",
            "2027-01-15",
        ),
        ("We invite proposals. Notification of acceptance by March 1, 2027.", None),
        (
            "Call for abstracts. The deadline has been extended from February 1 to March 1, 2027.",
            "2027-03-01",
        ),
        ("Call for abstracts. Extended to March 1 (originally February 1).", "2027-03-01"),
        (
            "Call for abstracts. Registration opens January 5, 2027; abstracts due January 20, 2027.",
            "2027-01-20",
        ),
        ("Call for abstracts for the congress, held 15-18 September 2027. Details to follow.", None),
        ("Call for papers. Submissions close on December 1.", "2026-12-01"),
        (
            "Call for abstracts.\n\nKey dates:\nCall opens: September 1, 2026\nAbstract deadline: January 15, 2027\n"
            "Notification: March 1, 2027\nCongress: September 15-18, 2027",
            "2027-01-15",
        ),
        (
            "Call for workshops. The deadline for early-bird registration is March 1, 2027. Proposals close "
            "February 1, 2027.",
            "2027-02-01",
        ),
        ("Call for papers. Submissions are accepted from January 1 through February 15, 2027.", "2027-02-15"),
        ("Call for proposals. The meeting is May 5 - May 8, 2027 in Denver.", None),
        ("Call for essays. Essays should be sent to x@example.org before March 31, 2027.", "2027-03-31"),
        ("Call for proposals! The submission window is January 4 - January 29, 2027.", "2027-01-29"),
        (
            "Call for proposals. If you also submit to the main program (deadline was October 30), fine. Workshop "
            "proposals are due by 12/4.",
            "2026-12-04",
        ),  # a deadline already past is never the answer
    ],
)
def test_cue_scoring_picks_the_submission_deadline(text: str, expected: str | None) -> None:
    """The words before a date decide; prefer no deadline over a wrong one."""
    assert expected == deadline_of(text)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date reckoned from another one is no date, and its anchor is not the deadline
        ("Call for abstracts. Abstracts close a week before the meeting on May 5, 2027.", None),
        # the end of a month is its last day
        ("Call for proposals. Send your proposal by the end of February.", "2027-02-28"),
        ("Call for essays. We accept them through the end of February 2028.", "2028-02-29"),
        # day-first only with evidence in the text; a sender's country is not evidence
        ("Call for abstracts. Abstracts are due 05/03/2027.", "2027-05-03"),
        ("Call for abstracts. Abstracts are due 05/03/2027. Notification by 20/04/2027.", "2027-03-05"),
        ("Call for abstracts. Abstracts are due 05.03.2027.", "2027-03-05"),
        # key dates: the label on the row picks the date, whether it comes before or after it
        (
            "Call for abstracts.\n\nKey dates\n1 December 2026 - submission system opens\n"
            "15 January 2027 - abstract submission closes\n1 March 2027 - notification of acceptance",
            "2027-01-15",
        ),
        (
            "Call for abstracts.\n\n| Milestone | Date |\n|---|---|\n| Submission opens | 1 December 2026 |\n"
            "| Abstract deadline | 15 January 2027 |\n| Notification | 1 March 2027 |",
            "2027-01-15",
        ),
        (
            "Call for abstracts.\n\nNotification of acceptance .......... March 1, 2027\n"
            "Abstract deadline ................... January 15, 2027\n",
            "2027-01-15",
        ),
        ("Call for papers. The closing date for contributions is 30 June 2027.", "2027-06-30"),
        # a moved deadline: the new date; a moved meeting is not a deadline
        (
            "Call for proposals. The deadline, originally April 15, 2027, has been pushed back to 4/29/2027.",
            "2027-04-29",
        ),
        ("Call for proposals. The meeting has been moved to May 5, 2027.", None),
        # what follows acceptance, and what the reader receives, are not the deadline
        (
            "Call for chapters. Send a proposal by 6/30/2027. If your proposal is accepted, full chapters "
            "will be due December 1, 2027.",
            "2027-06-30",
        ),
        (
            "Call for pieces. Send your piece by the end of July. I'll send edits back by August 21.",
            "2027-07-31",
        ),
        ("Call for papers. Authors will hear by October 1, 2027.", None),
        # a date asked about is not announced
        ("Call for essays. Can she submit a revised version before Jan 11?", None),
        (
            "Call for essays. Could she submit a revision\nbefore Jan 11, and would that\ncount as new? Thanks.",
            None,
        ),
        ("Call for abstracts.\n\nDeadline: January 15, 2027\nQuestions? Write to me.", "2027-01-15"),
        # someone else's deadline is context when the member asks to be written to first
        (
            "Co-presenters wanted. STFM's submission deadline is Monday, August 23, 2027, so please email me "
            "by Friday, August 13, 2027.",
            "2027-08-13",
        ),
        ("Call for proposals. Send me your idea by COB Friday the 11th.", "2026-12-11"),
    ],
)
def test_general_deadline_rules(text: str, expected: str | None) -> None:
    """Rules that read dev and dev2 alike: each one stated once, with the error it avoids."""
    assert expected == deadline_of(text)[0]


def test_deadline_only_in_the_subject() -> None:
    """'Proposals due March 3rd' in the subject is the deadline when the body names only other dates."""
    text = "We invite workshop proposals. Workshops run May 4-6 at the retreat center."

    assert "2027-03-03" == deadline_of(text, subject="Reminder: workshop proposals due March 3rd")[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Submit your essay by midnight Pacific on Feb 3.", ("2027-02-03", "23:59", "America/Los_Angeles")),
        ("Abstracts are due March 14, 2027 (AoE).", ("2027-03-14", None, "Etc/GMT+12")),
        ("Abstracts are due March 14, 2027, 23:59 Anywhere on Earth.", ("2027-03-14", "23:59", "Etc/GMT+12")),
        ("Essays are due February 15, 2027 at 5 pm Central.", ("2027-02-15", "17:00", "America/Chicago")),
        (
            "Proposals no later than 5:00 PM EST on March 2, 2027.",
            ("2027-03-02", "17:00", "America/New_York"),
        ),
        ("Abstracts are due 15 January 2027 at 23:59 CET.", ("2027-01-15", "23:59", "Europe/Berlin")),
        (
            "Abstracts are due January 15, 2027 at 11:59 pm.",
            ("2027-01-15", "23:59", None),
        ),  # no zone invented
        ("Abstracts are due January 15, 2027 at noon Eastern.", ("2027-01-15", "12:00", "America/New_York")),
    ],
)
def test_times_and_zones(sentence: str, expected: tuple[str, str | None, str | None]) -> None:
    """A time and zone next to the deadline are kept; AoE is Etc/GMT+12; a zone is never guessed."""
    assert expected == deadline_of(f"Call for abstracts. {sentence}")


@pytest.mark.parametrize(
    ("text", "posted", "expected"),
    [
        ("Letters of interest are due this Friday.", datetime(2026, 2, 3, 9, tzinfo=EST), "2026-02-06"),
        ("Proposals due next Monday at noon ET.", datetime(2026, 10, 26, 9, tzinfo=EST), "2026-11-02"),
        (
            "We are still accepting pieces through Friday. Send to bib@example.org.",
            datetime(2026, 2, 25, 9, tzinfo=EST),
            "2026-02-27",
        ),
    ],
)
def test_relative_weekdays(text: str, posted: datetime, expected: str) -> None:
    """'this Friday', 'next Monday' are read against the post's Date."""
    assert expected == deadline_of(text, subject="Call for submissions", when=posted)[0]


@pytest.mark.parametrize(
    ("subject", "text", "reply", "headers", "is_call"),
    [
        (
            "Call for Proposals: 2027 ABS National Meeting",
            "We invite workshop proposals. Due January 15, 2027.",
            False,
            (),
            True,
        ),
        ("Co-leaders wanted: Fall Intensive", "Letters of interest to me by June 5.", False, (), True),
        (
            "Registration is open",
            "Registration is now open. Early-bird rate until March 1, 2027. Hotel block closes April 1.",
            False,
            (),
            False,
        ),
        (
            "Essay contest winners",
            "Congratulations to the winners of the 2026 essay contest!",
            False,
            (),
            False,
        ),
        ("Call for Proposals", "Quick question: can residents submit as co-authors?", True, (), False),
        ("Call for Proposals", "Reminder: proposals are due this Friday, January 15, 2027!", True, (), True),
        (
            "Out of Office: Call for Proposals",
            "I am out of the office until Monday with limited access to email.",
            False,
            (),
            False,
        ),
        (
            "Calls for submissions digest",
            "Call for proposals ... due January 15, 2027",
            False,
            (("auto-submitted", "auto-generated"),),
            False,
        ),
        (
            "Seeking a co-leader",
            "I am seeking a co-leader for my resident group in Denver. Anyone nearby?",
            False,
            (),
            False,
        ),
        ("Annual dues", "Please submit your dues by January 31, 2027.", False, (), False),
        # accepted-presenter logistics are not calls
        (
            "Poster presenters: printing and setup",
            "Poster presenters,\n\nThank you for your accepted posters. Submit your file to the printer by "
            "September 25, 2027. Setup is Friday, October 8 at 7 am.",
            False,
            (),
            False,
        ),
        (
            "Presenter instructions",
            "Dear presenters, your slides are due March 1, 2027; please upload them to the portal.",
            False,
            (),
            False,
        ),
        # errands for people already chosen or already members: paperwork by a date is not a call
        (
            "Annual report",
            "Dear leaders, please submit your attendance numbers by Friday, January 15, 2027 using the form.",
            False,
            (),
            False,
        ),
        (
            "Committee call, Tuesday March 9",
            "Our next conference call is Tuesday, March 9. Please submit any other agenda items to me by Monday.",
            False,
            (),
            False,
        ),
        # questions about a call, as a reply or a new thread, are not calls
        (
            "Essay contest",
            "Does the word limit include references? Can she submit a revised version before Jan 11?",
            True,
            (),
            False,
        ),
        (
            "Call for Proposals",
            "Quick question about the call: do proposals need to be under 500 words, and is Jan 15 firm?",
            False,
            (),
            False,
        ),
        # a reply that keeps taking submissions to a new date restates the call
        (
            "Seeking co-leaders for the intensive",
            "I'll keep taking statements of interest through Jan. 18 (Monday).",
            True,
            (),
            True,
        ),
        # a prize open to entries, whose winner "is invited" to a meeting, is a call, not winners announced
        (
            "Essay Prize 2027",
            "Our annual Essay Prize is open to all. Entries close 15 January 2027 at 17:00 GMT. The winner is "
            "invited to our Spring Meeting.",
            False,
            (),
            True,
        ),
        ("Photos and memories wanted", "Please send them to us by COB Friday the 12th.", False, (), True),
        # a deadline only in the subject still counts
        (
            "Reminder: workshop proposals due March 3rd",
            "Workshops run May 4-6 at the retreat center.",
            False,
            (),
            True,
        ),
    ],
)
def test_detection(
    subject: str, text: str, reply: bool, headers: tuple[tuple[str, str], ...], is_call: bool
) -> None:
    """Calls are detected from phrases and a deadline; replies, logistics and automats are not calls."""
    assert is_call == extract(post(text, subject=subject, reply=reply, headers=headers), TZ).is_call


def test_forwarded_call_counts_but_quoted_reply_does_not() -> None:
    """A forwarded call is the author's content; the same text quoted in a reply is not."""
    call = "Call for abstracts: the IBF Congress invites abstracts. Abstracts are due 15 January 2027."
    forwarded = post(
        "FYI, see below.",
        subject="Fwd: IBF abstracts",
        body=f"FYI, see below.\n\n---------- Forwarded message ---------\nFrom: IBF\n\n{call}\n",
    )
    quoted = post(
        "Thanks!",
        subject="IBF abstracts",
        reply=True,
        body="Thanks!\n\nOn Mon, Jan 4, 2027 at 9:00 AM Fiona <f@example.org> wrote:\n> " + call,
    )

    assert (True, "2027-01-15") == (
        extract(forwarded, TZ).is_call,
        as_json(extract(forwarded, TZ), "-")["deadline"],
    )
    assert False is extract(quoted, TZ).is_call


def test_json_contract_keys_come_first() -> None:
    """listbot calls extract --json: the DESIGN.md keys, in order, then extras."""
    keys = list(as_json(extract(post("Call for papers, due January 15, 2027."), TZ), "f.eml"))

    assert ["file", "is_call", "title", "deadline", "deadline_time", "timezone", "link"] == keys[:7]


def test_link_prefers_the_submission_page() -> None:
    """The most relevant https URL: the submission portal, not the hotel or the homepage."""
    text = (
        "Call for proposals, due January 15, 2027. About us: https://www.example.org/ . Book the hotel at "
        "https://hotel.example.net/book . Submit at https://www.example.org/meeting/2027/proposals."
    )

    assert "https://www.example.org/meeting/2027/proposals" == extract(post(text), TZ).link
