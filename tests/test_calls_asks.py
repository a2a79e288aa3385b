"""Tables for what a post asks of its reader (work, time, a job, an errand) and what kind of post it is."""

from __future__ import annotations

import pytest

from listbot.core.calls.asks import (
    Ask,
    asks_of,
    form_of,
    in_an_election,
    interest_follows,
    kind_of_phrase,
    not_a_call,
    subject_asks,
    unwrap,
)


def kinds(text: str) -> set[str]:
    return {a.kind for a in asks_of(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # work: the imperative, the first person, the reader addressed, the work itself
        ("Please send your piece to the editor by Friday.", {"work"}),
        ("If that's you, send a 150-word statement of what you'd bring to the panel.", {"work"}),
        ("We invite abstracts for oral presentations and posters.", {"work"}),
        ("We're looking for vignettes of 200-400 words.", {"work"}),
        ("We would be very glad of a few short pieces from North American leaders.", {"work"}),
        ("The Annals of Relational Medicine invites manuscripts for a special issue.", {"work"}),
        ("If you would like to offer a workshop, write to me.", {"work"}),
        ("If you and your co-leader would like to be considered, write to us.", {"work"}),
        ("Essays should be emailed to the committee.", {"work"}),
        ("Letters of up to 300 words are welcome.", {"work"}),
        ("Short pieces wanted for the newsletter", {"work"}),
        ("Letters to the editor welcome", {"work"}),  # a headline: "X welcome" without "are"
        ("Essays always welcome on any topic", {"work"}),
        ("All welcome", set()),  # people, not work
        ("Newcomers always welcome at our group", set()),
        ("We are looking for two workshop leaders to offer sessions.", {"work"}),
        ("What we're looking for:\n  - a 3.5-hour interactive workshop\n", {"work"}),
        ("We need a few volunteers to write short pieces for the blog.", {"work"}),
        ("If you're thinking about submitting, we are happy to read drafts.", {"work"}),
        ("I'll keep taking statements of interest through Friday.", {"work"}),
        ("The newsletter editors would love to publish short reflections on the meeting.", {"work"}),
        ("The committee would like to receive nominations for the award.", {"work"}),
        ("The board would love to see you at the reception.", set()),  # people, not work
        (
            "Members of affiliated societies, including the ABS, are warmly invited to enter.",
            {"work"},
        ),
        ("Members are invited to attend the dinner.", {"time"}),
        (
            "Please read the two short pieces attached to your welcome packet.",
            set(),
        ),  # "welcome" names a thing
        # said in passing to people asked for their time: not what the post asks
        ("Reviewers are of course welcome to submit their own work as well.", {"time"}),
        # time: reviewers, judges, graders, volunteers, chairs
        ("Reviewers needed for 2027 National Meeting proposals", {"time"}),
        ("STFM Balint Collaborative: proposal graders needed", {"time"}),
        ("We need more judges than usual this year.", {"time"}),
        ("If you'd be willing to judge, let me know by Friday.", {"time"}),
        ("Please reply by Friday if you can grade.", {"time"}),
        ("We are looking for colleagues who would be willing to chair oral sessions.", {"time"}),
        ("We need volunteers for the registration desk.", {"time"}),
        ("Anyone interested in reviewing should write to me.", {"time"}),
        ("A call for reviewers for the special issue.", {"time"}),
        ("Could you review 8-10 proposals in February?", {"time"}),
        ("We need a judging panel of five for the essay prize.", {"time"}),
        # what people are asked to do, by the first infinitive naming a task
        ("We are looking for experienced leaders who will attend the congress to chair sessions.", {"time"}),
        ("We are looking for experienced leaders who will attend the congress to present a group.", {"work"}),
        ("We are looking for leaders for the congress to moderate workshops.", {"time"}),
        ("We are looking for leaders to the congress to lead demonstration groups.", {"work"}),
        # "help" says nothing of what is asked: the noun does
        ("If you can help, please send a short piece to the editor.", {"work"}),
        ("Please review the guidelines on the website.", set()),
        # a job application
        ("Please submit a CV and letter of interest at the careers page.", {"job"}),
        ("Interested candidates should submit a CV and cover letter by March 15.", {"job"}),
        # errands
        ("Please submit your supervision log for 2026 by December 31.", {"errand"}),
        ("Send your credentialing paperwork to the committee by March 26.", {"errand"}),
        ("Please submit your receipts and the reimbursement form by April 9.", {"errand"}),
        ("CME claims must be submitted by May 28.", {"errand"}),
        ("Ballots must be submitted by 11:59 p.m. ET on February 15.", {"errand"}),
        ("Dues for 2027 are due January 31.", {"errand"}),
        ("Please submit your reviewer interest form by January 29.", {"errand"}),
        ("Please renew by January 31.", {"errand"}),
        # nothing asked: reports, plans, questions, negations
        ("The call for proposals will go out on September 15.", set()),
        ("We'll invite presenters in March.", set()),
        ("We'll take the summer off from the webinar series.", set()),
        ("Our group would like to submit a workshop, but I can't find the deadline.", set()),
        ("No preparation beyond reading the abstracts is needed.", set()),
        ("Essays are due February 5; we have received four so far.", set()),
        ("Thank you to everyone who submitted.", set()),
        # an errand verb beside work is part of the call: "register" does not count there
        ("Submit your abstract by March 1 and register by April 1.", {"work"}),
        # an organiser's "I'll take / we'll accept" of work (dev38)
        ("Let's extend: I'll take submissions through the 20th.", {"work"}),
        ("We will accept late abstracts until Friday.", {"work"}),
        # the thing wished for, then "would be grand"; the request that ends "please"
        ("An outline of a chapter (a page) by the 1st March would be grand.", {"work"}),
        ("Your availability by Friday would be great.", {"errand"}),
        ("Any help would be appreciated.", set()),
        ("Same deal - title plus two lines, by end of next week please.", {"work"}),
        ("Entries closed on October 15, no more please.", set()),
        ("Replies to me only, please.", set()),
        # a body collecting or accepting work; a writer who "am looking for" after "I'm editing ... and"
        ("The shared case library is still collecting teaching cases.", {"work"}),
        ("The column accepts submissions year-round.", {"work"}),
        ("The portal accepts PDF files only.", set()),
        ("I'm editing a short collection and am looking for one or two more contributors.", {"work"}),
        # people "to help run" groups give time; people "to present" bring work
        ("We need two or three co-facilitators to help run small groups.", {"time"}),
        ("We need two or three co-facilitators to present a case.", {"work"}),
        # glad to include work asks for it; work accepted is a report
        ("We'd be delighted to include poems or very short prose from list members.", {"work"}),
        ("We are happy to publish short reflections from residents.", {"work"}),
        ("We accepted 38 posters for Chicago this year.", set()),
        # being a role gives time; organising a program is no ask; a sign-up fills a slot
        (
            "If you're a returning attendee and happy to be a buddy for a first-timer, reply by April 2.",
            {"time"},
        ),
        ("If you'd be willing to be observed leading a group, write to me.", {"work"}),
        ("The work: plan the program, recruit presenters, and sit in on the review of proposals.", set()),
        ("To sign up, use the form by March 5 and tick the mornings you're available.", {"time"}),
        # a thing measured in words is writing; a bio is not, nor is the report a writer compiles
        ("Send a verbatim (up to about 4,000 words, including your reflection) to the editor.", {"work"}),
        ("Please submit a short bio (100 words or so) and note any conflicts.", set()),
        ("Every year I compile a short report on the list's traffic.", set()),
        ("I'm compiling pearls for the December issue.", {"work"}),
        ("Students who might like to be at the whole conference should sign up with me.", {"time"}),
        # the reader receives what is sent to them; a negated ask asks nothing ("don't forget to" still asks)
        ("Each student will draft an abstract and send you the draft ahead of time.", set()),
        ("It isn't fair to ask more people to write proposals we can't use.", set()),
        ("I don't want people to write long essays.", set()),
        ("Don't forget to send your abstract to the committee.", {"work"}),
        # the small things casual asks collect; an imperative after a closing quotation mark
        ("Email me one tip by Monday week and I'll compile them.", {"work"}),
        ("Upload a 5-minute micro-teaching clip by Fri 1/29.", {"work"}),
        ('Next theme is "the save." Send me a voice memo (2-3 min) with your story by Friday.', {"work"}),
        (
            "One interesting de-identified image + a 2-line teaching point. Need them by tomorrow noon.",
            {"work"},
        ),
        ("The blog takes case write-ups on a rolling basis.", {"work"}),
        ("Please send me your tip-jar receipts.", {"errand"}),
        ("Mid-year milestone evals are due in MedHub by end of next week.", {"errand"}),
        # a negation of another word or clause does not negate the ask; a list of what is welcome
        (
            "If you have photos, taken with no patients of course, please send them to me within the week.",
            {"work"},
        ),
        (
            "If you haven't sent yours yet, please get it to me by the weekend: two or three sentences on a poem.",
            {"work"},
        ),
        (
            "Old photos, programs from early meetings, letters, recordings, and your own written recollections"
            " of the Society's early years are all welcome.",
            {"work"},
        ),
        # "keep them coming": more of the work named before
        ("So far I've got eleven photos from three programs. Keep them coming by Monday!", {"work"}),
        ("The questions were great. Keep them coming!", set()),
        # a quoted title inside the phrase does not hide its noun
        ('We still want a few more "What I wish I\'d known as an intern" pieces for the booklet.', {"work"}),
        # "than I needed" is the writer's verb, not the work's
        ("I got four pearls in a day, which is about three more than I needed.", set()),
        ("Four more pearls needed for the December issue.", {"work"}),
        # what the writers compile is their own work, not an errand
        ("We're putting together the 2027 annual report and a photo page.", set()),
        ("Please submit your annual report by March 1.", {"errand"}),
        # joining a committee, serving, consulting: time; joining a workshop asks nothing by itself
        ("If you'd like to join the Awards Committee, send me a note.", {"time"}),
        ("If you'd like to join a joint workshop, write to me before December 22.", set()),
        (
            "If you have been certified for at least five years and would like to serve, please submit a"
            " one-page letter of interest and your CV.",
            {"time", "work"},  # the letter of interest then follows the time (interest_follows)
        ),
        ("Anyone interested in serving as a consultant should write to me.", {"time"}),
        # reading another's work gives time; writing one's own is work, "wants to" as "would like to"
        ("Before we submit, we'd like two or three experienced leaders to read it critically.", {"time"}),
        ("Would anyone be willing to read my draft before I send it out?", {"time"}),
        ("If anyone else wants to write the companion review, there is room in the autumn issue.", {"work"}),
        ("The web committee is always looking for syllabi and reading lists you have developed.", {"work"}),
        ("Three or four sentences, de-identified, to me by tomorrow 6pm.", {"work"}),
        ("Judith would love a paragraph from each of you. Send it to her at editor@example.org.", {"work"}),
    ],
)
def test_what_is_asked(text: str, expected: set[str]) -> None:
    """Each ask is sorted by what it asks for: work, time, a job application, an errand."""
    assert expected == kinds(text)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("proposal graders", "time"),  # the head of the phrase decides: graders of proposals
        ("a CV and letter", "job"),
        ("your reviewer interest form", "errand"),
        ("a 150-word statement", "work"),
        ("co-leader pairs", "work"),
        ("your availability", "errand"),
        ("anything", None),
    ],
)
def test_kind_of_a_noun_phrase(phrase: str, expected: str | None) -> None:
    """An errand or job papers first, then people giving time, then work."""
    assert expected == kind_of_phrase(phrase)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("IBF 2027: volunteers to chair sessions and moderate workshops", 1),
        ('Peer reviewers for the "Balint at 70" special issue', 1),
        ("National Meeting volunteers -- registration desk and room hosts", 1),
        ("Call for Proposals: 2027 ABS National Meeting", 0),
        ("Presenters wanted: demonstration group at grand rounds", 0),
        ("Join the 2028 Program Committee", 1),
        ("Consultants for leaders in the certification track", 1),
        ("Join the conversation: essays on burnout", 0),
        ("Book reviewers' column - open call", 0),  # a column named for its writers
        ("Book reviewers - two needed", 1),
        ("The Chaplain's Chair: open to all disciplines", 0),  # a column's name, no seat to fill
        ("Session chairs for the spring meeting", 1),
        ("Nominations open: 2027 Teaching Awards + Board election timeline", 0),  # news of an election
        ("Call for candidates: 2027 Board election", 1),  # standing for a seat
        ("Two seats open on the Teaching Awards selection committee", 1),
        ("Nominations for the Steering Committee -- three at-large seats", 1),
    ],
)
def test_a_subject_naming_people_to_give_time(subject: str, expected: int) -> None:
    """A subject that names reviewers, judges or volunteers is the post's ask, verb or not."""
    assert expected == len(subject_asks(subject))


def test_unwrap_keeps_positions() -> None:
    """Wrapped prose is joined (a newline becomes a space); lists and blank lines stay."""
    text = "We invite original research, systematic and narrative\nreviews on Balint work.\n\n- a list item\n"

    expected = (
        "We invite original research, systematic and narrative reviews on Balint work.\n\n- a list item\n"
    )

    assert expected == unwrap(text)


FORMS = ("a job posting", "a job application", "a record", "minutes", "closed", "time", "errand")


def judge(body: str, subject: str = "", deadline: str | None = None) -> str | None:
    """not_a_call as extract asks it: the text is the subject line, then the body; `deadline`: the
    sentence that sets the deadline."""
    text = f"{subject}\n\n{body}"
    deadline_at = [(text.index(deadline), text.index(deadline) + len(deadline))] if deadline else None
    asks = subject_asks(subject) + asks_of(text)
    return not_a_call(form_of(subject, body, text), asks, (), deadline_at, len(subject))


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        # job postings: two signs of employment, or a post that says it is one
        (
            "Behavioral Science Faculty",
            "We are recruiting a full-time faculty member. Start date: July 1, 2027. Applications close "
            "November 30. Please submit a CV and letter of interest.",
            "a job posting",
        ),
        ("ABS is hiring", "We are hiring a part-time Executive Director.", "a job posting"),
        (
            "CPE residency positions for 2027-28",
            "Our residency has two stipended residency positions. Applications due Fri 12/4.",
            "a job posting",
        ),
        # a CV asked for with work applies to co-lead or present, unless the post is a job's otherwise
        (
            "Co-leaders for the online group",
            "Open on a rolling basis: send us a short letter describing your group experience and your CV.",
            None,
        ),
        ("Adjunct teaching", "Please send me your CV by Friday.", "a job application"),
        (
            "Clinical psychologist",
            "Full-time post. Please send a short letter describing your experience and your CV.",
            "a job posting",
        ),
        # records that only talk about calls
        (
            "Minutes: ABS Board of Directors",
            "The call for proposals will go out on September 15; decisions by March 1.",
            "minutes",
        ),
        ("Education Committee report -- December", "Essays are due February 5.", "a record"),
        # a roundup reports what bodies take; it asks nothing itself
        ("Member calls roundup", "The Annals takes manuscripts until March 1.", "a record"),
        # minutes ask nothing of the list: their asks are action items
        (
            "Minutes: Behavioral Science Committee call, 24 Sept 2026",
            "Action items: submit SFME proposal (Dana) by October 12; the newsletter needs two short pieces.",
            "minutes",
        ),
        ("ABS Board: summary of the June meeting", "Talks are due July 26.", "a record"),
        ("ABS Board", "Highlights from the Board meeting:\n\nTalks are due July 26.", "a record"),
        ("Summary of the spring intensive", "Summary of the weekend: twelve groups met.", "a record"),
        # a report that is the work, or what the work is for, makes no record
        ("Fellows' Case Report Competition", "Case reports are due April 2, 2027.", None),
        ("Your photos for the annual report", "Photos are due June 15.", None),
        ("Annual report of the Awards Committee", "Talks are due July 26.", "a record"),
        (
            "SUMMARY: where do your fellows present projects?",
            "Two said abstracts are due November 30.",
            "a record",
        ),
        # closed calls
        (
            "Webinar proposals",
            "Please send your proposals to me. We've received 41 proposals for 9 slots, so we're closing the call now.",
            "closed",
        ),
        (
            "Webinar proposals",
            "The webinar call is now closed. Next: please send your essays for the spring issue to me.",
            None,  # a new call after the closing words
        ),
        ("Poetry prize", "The prize is now closed to entries; results on 1 May.", "closed"),
        ("The winners", "The 2027 Balint Essay Contest is closed. Essays were due March 1.", "closed"),
        (
            "Caregiving essays",
            "Our call for essays on unpaid caregiving closed at the end of October. Please do not send further"
            " essays.",
            "closed",
        ),
        (
            "Pulse & Pen -- August 2027",
            "PULSE & PEN\nThe monthly newsletter of MEDHUM-L\n\nHHSA 2027: abstracts due 14 August 2027.",
            "a record",
        ),
        (
            "Chapter proposals",
            "The window for chapter proposals for Trauma-Informed Pedagogy in Counselor and Nursing Education has"
            " closed. Full chapters for accepted proposals will be due May 31, 2027.",
            "closed",
        ),
        (
            "Poster abstracts",
            "The extended deadline passed on Friday night and the portal is closed.",
            "closed",
        ),
        (
            "IBF 2027",
            "Abstract submission for the 25th International Balint Congress closed on 15 March.",
            "closed",
        ),
        # time and errands
        ("Judges wanted", "If you'd be willing to judge, let me know by Friday, December 4.", "time"),
        ("Supervision logs", "Please submit your supervision log by December 31, 2026.", "errand"),
        # calls: work asked for lifts every gate but the job posting's
        ("Letters to the editor", "Letters of up to 300 words are welcome.", None),
        (
            "Newsletter news and notes",
            "Call for pieces: please send your piece by March 1.",
            None,
        ),
        (
            "Call for workshops",
            "The deadline for early-bird registration is March 1, 2027. Proposals close February 1, 2027.",
            None,  # the errand is not where the deadline is (see deadline_at below)
        ),
    ],
)
def test_not_a_call(subject: str, text: str, expected: str | None) -> None:
    """Job postings, records, closed calls, asks for time or an errand are not calls; asks for work are."""
    why = judge(text, subject, "Proposals close February 1, 2027." if "Proposals close" in text else None)

    assert expected == (None if why is None else next((k for k in FORMS if k in why), why))


def test_an_extension_lifts_closed_unless_it_is_the_closed_words() -> None:
    """'The original deadline has passed; we have extended it' restates the call; 'the extended deadline
    passed' closes it."""
    text = "The deadline has passed, but we have extended it to March 1."
    form = form_of("", text, text)

    assert None is not_a_call(form, (), [(text.index("extended"), len(text))])
    assert "closed" in (not_a_call(form, (), [(4, 12)]) or "")  # an extension inside the closed words


def test_an_ask_for_time_decides_only_where_the_deadline_is() -> None:
    """A volunteer line beside a call's deadline does not make the call a call for volunteers."""
    time_ask = Ask("time", "we also need volunteers", (100, 120))

    assert None is not_a_call(form_of("", "", ""), (time_ask,), (), [(0, 50)], 0)
    assert "time" in (not_a_call(form_of("", "", ""), (time_ask,), (), [(90, 130)], 0) or "")


def test_an_ask_for_time_or_an_errand_decides_anywhere_when_no_call_is_named() -> None:
    """'I need four more judges ... If you can help, email me by Monday': no work asked for and no call
    named, so the request for time decides, wherever the deadline is."""
    time_ask = Ask("time", "I need four more judges", (100, 120))

    assert "time" in (not_a_call(form_of("", "", ""), (time_ask,), (), [(0, 50)], 0, named_call=False) or "")
    assert None is not_a_call(form_of("", "", ""), (time_ask,), (), [(0, 50)], 0, named_call=True)
    errand = Ask("errand", "please submit your registration", (100, 130))  # the same for an errand
    assert "errand" in (not_a_call(form_of("", "", ""), (errand,), (), [(0, 50)], 0, named_call=False) or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the people a post asks for give time when everything else it asks for is time
        (
            "The committee needs a reviewer pool. Leaders, co-leaders, and experienced group members are all"
            " welcome.",
            {"time"},
        ),
        # ... and bring work when the post asks for work too
        (
            "We need reviewers for the posters. Co-leaders are welcome. Please submit your abstract by May 1.",
            {"time", "work"},
        ),
        ("Presenters wanted for the spring meeting.", {"work"}),
        # people asked for before the request for time are the call's: co-leaders, then desk volunteers
        (
            "We're looking for co-leaders for the summer intensive. Send a letter of interest by May 1. We also"
            " need volunteers for the registration desk.",
            {"time", "work"},
        ),
    ],
)
def test_people_asked_for_follow_the_posts_other_asks(text: str, expected: set[str]) -> None:
    assert expected == {a.kind for a in interest_follows(asks_of(text))}


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("Call for candidates: 2027 Board election", "time"),  # standing for a seat
        ("Call for nominations: Balint Award", "work"),  # a nomination with a dossier
    ],
)
def test_statements_in_a_thread_about_an_election_stand_for_a_seat(topic: str, expected: str) -> None:
    text = "The nominating committee still needs your bio and statement by January 10."
    asks = in_an_election(topic, text, asks_of(text))

    assert [expected] == [a.kind for a in asks]
