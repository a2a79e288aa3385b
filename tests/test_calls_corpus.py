"""Regression figures for call detection and deadline extraction on the labelled corpus.

Whether a post is a call is the call model's word, read over the rules' reasons (``core/calls/model.py``),
and the model is fitted on every dev set: on the dev sets, detection figures are what it learnt, and only
the held-out sets and each dev set's figures on arrival say how it carries to new posts.

Dev sets (tests/corpus/calls/dev to dev47, each written independently of the others and, from dev3 on, of the
code, most from another list): issue 13's bar is asserted on dev to dev4, dev7 to dev14, dev16 to dev21,
dev23, dev25, dev27 to dev30 and dev33 to dev39 (on arrival, before any rule was written for them: 0.913 /
0.857, 0.887 / 0.940, 0.904 / 0.940, 0.906 / 0.960, 0.875 / 0.980, 0.941 / 0.711, 0.971 / 0.733, 0.929 /
0.867, 0.878 / 0.956, 0.826 / 0.950, 0.816 / 0.889, 0.880 / 0.978, 0.909 / 1.000, 0.923 / 0.800, 0.926 /
0.833, 0.933 / 1.000, 0.870 / 1.000, 0.960 / 0.800, 0.938 / 1.000, 0.903 / 0.933, and with the call model
deciding 0.933 / 0.933, 0.968 / 1.000, 1.000 / 0.933, 1.000 / 1.000, 1.000 / 0.767, 1.000 / 0.900 and 1.000 /
0.960; dev33 is short posts and members' one-line questions, dev34 other organisations' announcements
forwarded to the list, dev35 one- and two-line posts, dev36 a varied month of the list, dev37 replies in
calls' threads (reminders, extensions, and the questions and thanks around them), dev38 invitations to apply,
propose or co-lead against requests for people's time, dev39 another varied month (the call model is not
fitted on it); dev12, dev13, dev20, dev23 and dev28 are mostly informal asks with relative dates and their
look-alikes, dev14 replies and forwards, dev25 threads in which calls are posted and discussed, dev27 forty
posts in a call's words that ask for no work, dev29 every kind the issue names, dev30 members outside the US
("Friday week", "close of play Thursday", day-first numeric dates), dev17, dev21, dev23, dev25 and dev27 to
dev29 Balint-L, dev18 calls that also ask for people's time); dev5 and dev6 one error wider; dev15, dev22
(relative deadlines, 0.964 / 0.844 on arrival), dev24 (several dates in a post, only one of them the deadline:
1.000 / 1.000 but 4 wrong deadlines in 32 on arrival), dev26 (short informal asks written as from a phone,
"newsletter's short a piece -- 300 words to me by EOW pls": 0.917 / 0.367 on arrival), dev31 (borderline
posts) and dev32 (long posts whose call comes late: 1.000 / 0.533 on arrival, when the model read only a
post's start) are held where they stand.

Holdouts: holdout3 is asserted one error of each sort wider; holdout and holdout4 to holdout8 (Balint-L,
each written after a session's last round and measured once) are held to where they stand. Nobody reads or
tunes on them -- when they miss, we report it. Sets 1-2 label a ``group`` per post; later sets a ``kind``
(call-relative, not-job, ...), and their figures are printed per kind too.

    .venv/bin/pytest -s tests/test_calls_corpus.py        # prints the figures
    .venv/bin/python tests/test_calls_corpus.py [dev|dev2|...|dev47|holdout|...|holdout11] [-v]   # misses, -v

The lists below say which set is asserted how (dev40 to dev47 and holdout9 to holdout11 came later than
this summary: see the comments above ``FIRST_MEASURED`` and ``WHERE_IT_GOES``).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from listbot.core.calls import extract
from listbot.core.read import read_post
from listbot.model import CallInfo

CORPUS = Path(__file__).parent / "corpus" / "calls"


@dataclass
class Figures:
    name: str
    calls: int = 0
    others: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    stated: int = 0  # detected calls whose label states a deadline
    exact: int = 0  # ... where we found exactly that date
    exact_full: int = 0  # ... and the same time and timezone
    wrong: int = 0  # detected calls where we gave a deadline that is not the labelled one
    missed_deadline: int = 0  # stated, but we found none
    open_ended: int = 0  # detected calls labelled open-ended (kind call-open-ended)
    open_flagged: int = 0  # ... that we flagged open-ended ("no deadline: rolling")
    # where the work goes (sets whose labels have ``submit_to``), over detected calls
    send_labelled: bool = False
    send_named: int = 0  # the label names an address
    send_right: int = 0  # ... and we read that address
    send_wrong: int = 0  # we read an address that is not the label's (the label may name none)
    # what went wrong, post by post: printed for dev sets only, never in a failing assertion's repr (a
    # holdout's posts are not to be read)
    misses: list[str] = field(default_factory=list, repr=False)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.stated if self.stated else 1.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.tp if self.tp else 0.0

    def send_line(self) -> str:
        if not self.send_labelled:
            return ""
        return f" | send to: {self.send_right}/{self.send_named} read, {self.send_wrong} wrong of {self.tp}"

    def line(self) -> str:
        if not self.calls:  # a kind of post that is not a call
            return f"{self.name}: {self.others} others | taken for calls {self.fp}/{self.others}"
        if not self.others:  # a kind of call
            return (
                f"{self.name}: {self.calls} calls | detection recall {self.recall:.3f} (fn {self.fn}) | exact"
                f" deadline {self.exact}/{self.stated} = {self.exact_rate:.3f} (with time+zone {self.exact_full})"
                f" | wrong deadline {self.wrong}/{self.tp} | none found {self.missed_deadline}"
                + (f" | flagged open-ended {self.open_flagged}/{self.open_ended}" if self.open_ended else "")
                + self.send_line()
            )
        return (
            f"{self.name}: {self.calls} calls, {self.others} others | detection precision {self.precision:.3f}"
            f" recall {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn}) | exact deadline"
            f" {self.exact}/{self.stated} = {self.exact_rate:.3f} (with time+zone {self.exact_full}) | wrong"
            f" deadline {self.wrong}/{self.tp} = {self.wrong_rate:.3f} | none found {self.missed_deadline}"
            + self.send_line()
        )


TIMEZONE = "America/New_York"  # the list's timezone: relative deadlines count from the post's Date there


def labels(folder: Path) -> list[dict[str, str]]:
    """A set's labels.csv; sets 1-2 name a ``group`` (the call a post belongs to), sets 3-4 a ``kind``
    (call-plain, call-relative, ..., not-reviewers, not-job, ...)."""
    with (folder / "labels.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def as_delivered(raw: bytes) -> bytes:
    """A post as the daemon gets it from IMAP or LMTP: every line ends in CRLF (the sets' files mostly in LF)."""
    return re.sub(rb"\r?\n", b"\r\n", raw)


def evaluate(folder: Path) -> Figures:
    """The whole set's figures."""
    return evaluate_by_kind(folder)[""]


def evaluate_by_kind(folder: Path) -> dict[str, Figures]:
    """The figures of the whole set (key "") and, when its labels name a kind, of each kind."""
    figures: dict[str, Figures] = {"": Figures(folder.name)}
    for row in labels(folder):
        kind = (row.get("kind") or "").strip()
        targets = [figures[""]]
        if kind:
            targets.append(figures.setdefault(kind, Figures(kind)))
        info = extract(read_post(as_delivered((folder / row["file"]).read_bytes())), TIMEZONE)
        for target in targets:
            _count(target, row, info)
    return figures


def _count(figures: Figures, row: dict[str, str], info: CallInfo) -> None:
    truth = row["is_call"].strip().lower() in ("1", "true", "yes", "y")
    figures.calls += truth
    figures.others += not truth
    if truth and not info.is_call:
        figures.fn += 1
        figures.misses.append(f"{row['file']}: missed call ({row['note']}) {info.reasons[:3]}")
        return
    if not truth:
        if info.is_call:
            figures.fp += 1
            figures.misses.append(f"{row['file']}: false call ({row['note']}) {info.reasons[:4]}")
        return
    figures.tp += 1
    if "submit_to" in row:
        _count_where_it_goes(figures, row, info)
    if (row.get("kind") or "").strip() == "call-open-ended":
        figures.open_ended += 1
        figures.open_flagged += info.open_ended
        if not info.open_ended:
            figures.misses.append(f"{row['file']}: open-ended call not flagged ({row['note']})")
    want = row["deadline"].strip() or None
    got = info.deadline.day.isoformat() if info.deadline else None
    got_time = info.deadline.at.strftime("%H:%M") if info.deadline and info.deadline.at else ""
    got_zone = (info.deadline.timezone or "") if info.deadline else ""
    if want:
        figures.stated += 1
        if got == want:
            figures.exact += 1
            if (got_time, got_zone) == (row["deadline_time"].strip(), row["timezone"].strip()):
                figures.exact_full += 1
            else:
                figures.misses.append(
                    f"{row['file']}: time/zone {got_time or '-'} {got_zone or '-'} want"
                    f" {row['deadline_time'] or '-'} {row['timezone'] or '-'}"
                )
        elif got is None:
            figures.missed_deadline += 1
            figures.misses.append(
                f"{row['file']}: no deadline, want {want} ({row['note']}) {info.reasons[-2:]}"
            )
    if got is not None and got != want:
        figures.wrong += 1
        figures.misses.append(f"{row['file']}: WRONG {got} want {want} ({row['note']}) {info.reasons[-2:]}")


def _count_where_it_goes(figures: Figures, row: dict[str, str], info: CallInfo) -> None:
    figures.send_labelled = True
    want = (row["submit_to"] or "").strip().lower() or None
    figures.send_named += want is not None
    if info.submit_to is not None and info.submit_to == want:
        figures.send_right += 1
    elif info.submit_to is not None:
        figures.send_wrong += 1
        figures.misses.append(f"{row['file']}: SEND TO {info.submit_to} want {want or '-'} ({row['note']})")
    elif want is not None:
        figures.misses.append(f"{row['file']}: send to not read, want {want} ({row['note']})")


def _check(figures: Figures, spare: int = 0) -> list[str]:
    """Issue 13's bar: precision >= 0.95, recall >= 0.93, exact deadline >= 0.95, wrong deadline <= 0.02.

    `spare`: errors of each sort forgiven (a held-out set of ~25 calls moves a rate by 4 points per error).
    """
    fp, fn, wrong = max(0, figures.fp - spare), max(0, figures.fn - spare), max(0, figures.wrong - spare)
    exact = min(figures.stated, figures.exact + spare)
    precision = figures.tp / (figures.tp + fp) if figures.tp + fp else 1.0
    recall = figures.tp / (figures.tp + fn) if figures.tp + fn else 1.0
    exact_rate = exact / figures.stated if figures.stated else 1.0
    wrong_rate = wrong / figures.tp if figures.tp else 0.0
    failures = []
    if precision < 0.95:
        failures.append(f"precision {figures.precision:.3f} < 0.95")
    if recall < 0.93:
        failures.append(f"recall {figures.recall:.3f} < 0.93")
    if exact_rate < 0.95:
        failures.append(f"exact deadline {figures.exact_rate:.3f} < 0.95")
    if wrong_rate > 0.02:
        failures.append(f"wrong deadline {figures.wrong_rate:.3f} > 0.02")
    return failures


def report(name: str) -> str:
    """The set's line, then one line per kind (sets that label kinds)."""
    figures = evaluate_by_kind(CORPUS / name)
    lines = [figures[""].line()]
    lines.extend("  " + figures[kind].line() for kind in sorted(figures) if kind)
    return "\n".join(lines)


DEV_SETS = (
    "dev",
    "dev2",
    "dev3",
    "dev4",
    *(
        f"dev{n}"
        for n in (
            *range(7, 15),
            *range(16, 22),
            23,
            25,
            *range(27, 31),
            *range(33, 40),
            *range(41, 47),
            48,
            50,
            51,
            52,
            53,
        )
    ),
)
NEWEST = ("dev5", "dev6")
HOLDOUTS = ("holdout3",)


@pytest.mark.parametrize("name", DEV_SETS)
def test_dev_set_meets_the_bar(name: str) -> None:
    """Issue 13's bar on each dev set: precision >= 0.95, recall >= 0.93, exact >= 95%, wrong <= 2%."""
    figures = evaluate(CORPUS / name)
    print("\n" + report(name))

    assert [] == _check(figures), "\n".join(figures.misses)


@pytest.mark.parametrize("name", NEWEST)
def test_the_newest_dev_sets_are_measured_while_their_misses_are_worked_through(name: str) -> None:
    """dev5 and dev6, each written after the rules before it, one error of each sort forgiven (each still
    fails if a change makes it worse). dev5: three rounds of rules brought it from precision 0.949 recall
    0.804 to 0.978 / 0.978. dev6 (another list, other writers' habits) measured 0.902 / 0.920 on arrival and
    1.000 / 0.980 after one round; its one wrong deadline is a post sent after midnight in Melbourne but
    before it in the list's timezone, where "the next fortnight" is counted from the list's date."""
    figures = evaluate(CORPUS / name)
    print("\n" + report(name))

    assert [] == _check(figures, spare=1), "\n".join(figures.misses)


@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_set_is_measured(name: str) -> None:
    """Each held-out set, written by someone else, is measured, never read or tuned on; misses are not printed.

    With ~25 held-out calls one error moves a rate by 4 points, so here the bar forgives one error of each
    sort; the exact figures, per kind, go into the closing note.
    """
    figures = evaluate(CORPUS / name)
    print("\n" + report(name))

    assert [] == _check(figures, spare=1)


# Sets held to their figures as they stand, because they miss the bar: a change that makes them worse fails.
# The figures are those since the call model decides (``listbot/core/calls/model.py``); what each set
# measured first is in the comment. holdout (the first held-out set) read 0.963 / 1.000 with the rules alone
# and reads 1.000 / 0.885 with the model: three of its calls are held for a moderator instead. holdout4
# (60 posts from Balint-L itself, written after every dev round, never read) measured 0.800 first: requests
# for reviewers and volunteers read as calls. holdout5 and holdout6 (60 more each, written after a session's
# last round, measured once): 0.906 / 0.967 and 0.879 / 0.967 with the rules. dev15 (90 posts from
# Balint-L, most of them requests for people's time) measured 0.569 / 0.967 on arrival; dev31 (borderline
# posts: a call in the last paragraph of a meeting's recap, letters of support, names for an election)
# 1.000 / 0.900 with the model on arrival (0.935 / 0.967 with the rules alone); dev32 (long posts) 1.000 /
# 0.533 on arrival, 0.784 / 0.967 with the rules alone. holdout7 (60 posts from
# Balint-L, every kind the issue names, written while the model was made to decide and measured once after
# it): 1.000 / 0.933, exact 23/24, none wrong -- the bar; the session's first code read 0.848 / 0.933.
# dev40 (calls inside newsletters, digests and roundups, and roundups without one) 1.000 / 0.667 on arrival
# (dev41, reminders and invitations to apply, 1.000 / 0.882 on arrival, now meets the bar). holdout, after
# the refit on dev40 and dev41: one call fewer held, and it is listed with the rules' wrong deadline.
# holdout9 (60 posts, five of each of the twelve kinds, a third of them replies, half in CRLF,
# written after that refit, measured once): 1.000 / 1.000, but two deadlines of 30 wrong -- one of them a
# label that counted "two weeks from today" from the author's evening (May 31, -0700) instead of the list's
# date (June 1 in New York), as the issue says; relabelled, one wrong deadline of 30. dev42 (calls whose
# deadline sits among other dates: extensions naming old and new, relative dates, later steps, replies)
# 1.000 / 0.900 on arrival, exact 40/45, wrong 3 (two more labels relabelled to the list's date; it meets
# the bar since its rules and the refit on it). The
# deadline rules written on dev42 then took holdout9's last wrong deadline away (measured a second time,
# still unread): 1.000 / 1.000, exact 25/25, none wrong. dev43 (invitations to co-lead that ask for a
# statement or CV, and long letters whose last paragraph asks for work) 1.000 / 0.889 on arrival: the model
# held two co-leader asks; it meets the bar since the refit on it. holdout10 (60 posts, five of each of
# the twelve kinds, written by a helper who saw neither code nor sets, measured once before any
# change to detection): 0.967 / 0.967, exact 23/24, one wrong deadline of 29 (the rules alone 0.903 / 0.933).
# dev44 (calls that say where the work goes, and posts whose addresses are not for work) 1.000 / 0.911,
# exact 37/39 on arrival; no rule was written for its calls. The rules written on dev44 to dev46 (never on a
# held-out set) took one miss each from holdout5 (now 1.000 / 1.000) and holdout7 (1.000 / 0.967, exact
# 24/25): held there since. holdout11 (60 posts of the twelve kinds, written after those rules and
# the refit on 46 sets, measured once): 1.000 / 0.867, exact 21/22, none wrong; where the work goes 13 of
# 15, none wrong (the rules alone 1.000 / 0.900). dev47 (calls that do not look like calls: hesitant,
# buried, terse, put as questions; and look-alikes), written then, 1.000 / 0.833 on arrival, exact 24/26,
# one wrong deadline (the rules alone 1.000 / 0.806). The refit on 47 sets (dev47 added), shipped as every
# refit is, whatever the held-out sets say: holdout 1.000 / 0.923 -> 0.885 (the call that carried the rules'
# wrong deadline is held for a moderator again: wrong 1 -> 0), holdout3 0.960 -> 0.920 (one call held);
# no other held-out figure moves. dev48 (calls with relative deadlines or none, and look-alikes; written at
# the session's end, the call model not fitted on it): 0.903 / 0.933, exact 14/16 on arrival (the rules
# alone 0.844 / 0.900); its rules made four more open-ended calls say so and one more deadline exact. dev45 (applications to present, co-lead or
# for a fellowship against job postings, elections and requests for time, all asking to "apply") 0.957 /
# 0.733 on arrival (the rules alone 0.833 / 0.833); dev46 (extensions and relative deadlines, and their
# look-alikes) 0.974 / 0.925, exact 31/37 and 3 wrong on arrival, exact 36/37 and none wrong after the
# rules for a deadline "pushed back a week" from the date it "was due", "the last Friday of this month",
# "the end of the working week" and a draft's date "before the deadline"; it meets the bar since the
# rules written on it and dev45 (book reviews are work, "holding it open for two more weeks", "extending by
# ten days"; dev45: nominations named after an errand, "we ask for a reflection", a job's thread). dev44
# and dev45 meet the bar since the refit on 46 sets, and are asserted on it. dev48's rules of the next
# session ("at the\nlatest" wrapped, "I've stopped collecting", reading a manuscript gives time, a column
# called "The Chaplain's Chair") took two false calls and a miss from it. dev49 (calls that ask for work in
# few words, buried, forwarded, put as offers; look-alikes: reading requests, reminders, questions, programs)
# 1.000 / 0.853 on arrival, exact 21/24, 2 wrong (the rules alone 1.000 / 0.706); 1.000 / 0.912 after its
# rules ("the last day of April", "tomorrow (Friday)" written a zone west, "the Friday before the intensive"
# is no coming Friday, "wants to write", "is always looking for"). The refit on 49 sets (dev48 and dev49
# added; shipped whatever the held-out sets say): holdout3 0.920 -> 0.960 (one call fewer held: it meets the
# bar again), dev48 meets the bar (asserted with the dev sets), dev49 1.000 / 1.000 (exact 26/28), every
# other set's readings unchanged. holdout12 (60 posts of the twelve kinds, written by a helper who
# saw neither code nor sets, measured once after that refit): 1.000 / 1.000, exact 22/25, one wrong of 30
# (its relative deadlines: 2 of 5 exact); at this session's start the rules alone read 0.882 / 1.000.
# dev50 (42 calls with deadlines written relative to the post, 18 look-alikes) 1.000 / 0.905 on arrival,
# exact 32/38, one wrong (the rules alone at the session's start 0.974 / 0.905); its rules ("Today was
# supposed to be the deadline" and "originally due at the end of this month" are old dates an extension
# moves, "one week left" beside a meeting's dates, "collecting proposals over the next two weeks", "the
# middle of next month", "next Wednesday" on a Tuesday, "get it to <address>", a letter of intent before
# full proposals) bring it to 1.000 / 0.952, exact 39/40, none wrong: asserted with the dev sets. The
# refit on 50 sets (dev50 added), shipped as every refit is: holdout 0.885 -> 0.923 (one call fewer held,
# and it carries the rules' wrong deadline again: wrong 0 -> 1), holdout9 one false call (precision
# 0.968), holdout12 one call held (recall 0.967, exact 22/24); no dev set's reading moves. holdout13 (50
# posts, 20 of them calls with relative deadlines, by a helper who saw neither code nor sets; measured once
# with the 49-set model and once after this refit: the same figures) 1.000 / 1.000, exact 28/30, none wrong
# (the session's first code: exact 28/30 and one wrong of 35). dev51 (24 extended calls, 14 open-ended, 22
# look-alikes) 1.000 / 0.921 on arrival, exact 14/22, 3 wrong (the rules alone 0.969 / 0.816); its rules (an
# extension by a span from an old date said in another sentence, a portal kept open another week,
# "previously X, is now Y", "pushed back the deadline ... a week from the original date", "moving the
# cut-off to the 30th", 72 hours, "3/22 -> 4/5", "you now have ten more days", a reply that "pushed this
# back to October 16" or "extended this one week"; "first come, first served", "no fixed date") bring it to
# 1.000 / 0.974, exact 24/24, none wrong, all 13 open-ended calls flagged: asserted with the dev sets. The
# refit on 51 sets (dev51 added; the session's third, shipped as every refit is): holdout9 and holdout12
# back to their first figures (1.000 / 1.000), holdout3 1.000 / 0.960 -> 0.920 (one more call held; inside
# its one forgiven error), holdout unchanged at 0.923 with one wrong; no dev set's reading moves. Which of
# the held-out calls near the model's threshold it holds changes with each refit: a call or two a set.
# dev52 (60 posts: extensions, relative and several dates, open-ended, look-alikes) 1.000 / 0.977, exact
# 32/37, 6 wrong on arrival; its rules (revised manuscripts a later step, "EXTENDED to Oct 23" in a subject,
# "Lisbon time", "usually reply within two weeks", "adding ten days", "before Thanksgiving") bring it to 1.000
# / 1.000, exact 38/38, none wrong: asserted with the dev sets. The refit on 52 sets (dev52 and stream/dev3
# added) moves no held-out figure. dev53 (60 short posts: 32 calls in a few words, 28 look-alikes) 1.000 /
# 0.969, exact 25/27, none wrong on arrival; its rules ("open for submissions through April 30", "last call
# for posters - Monday", "Tomorrow noon: last chance", "by 5 today", "CET (Brussels time)") bring it to
# 1.000 / 1.000, exact 28/28: asserted with the dev sets.
FIRST_MEASURED = {
    "holdout": {"fp": 0, "fn": 2, "wrong": 1, "exact": 22},  # with the rules alone: fp 1, fn 0, wrong 1
    "holdout4": {"fp": 1, "fn": 0, "wrong": 0, "exact": 29},  # first measured: fp 8, fn 1
    "holdout5": {"fp": 0, "fn": 0, "wrong": 0, "exact": 27},  # first measured: fp 3, fn 1, exact 27
    "holdout6": {"fp": 0, "fn": 0, "wrong": 0, "exact": 26},  # first measured: fp 4, fn 1, exact 25
    "dev15": {"fp": 0, "fn": 0, "wrong": 1, "exact": 25},  # on arrival: fp 22, fn 1, exact 24
    "dev22": {"fp": 0, "fn": 0, "wrong": 1, "exact": 28},  # on arrival fp 1, fn 5, wrong 2, exact 23
    "dev24": {"fp": 0, "fn": 0, "wrong": 1, "exact": 28},  # on arrival wrong 4, exact 25 (dates a post)
    "dev26": {"fp": 0, "fn": 2, "wrong": 1, "exact": 22},  # on arrival fp 1, fn 19, wrong 1, exact 9
    "dev31": {"fp": 0, "fn": 0, "wrong": 0, "exact": 25},  # on arrival fn 3, exact 21 (borderline posts)
    "dev32": {"fp": 0, "fn": 1, "wrong": 0, "exact": 25},  # on arrival fn 14 (long posts, the ask late)
    "holdout7": {
        "fp": 0,
        "fn": 1,
        "wrong": 0,
        "exact": 24,
    },  # measured once: fn 2, exact 23; rules: fp 5, fn 2
    "holdout8": {"fp": 0, "fn": 0, "wrong": 0, "exact": 24},  # measured once; the rules alone: fp 2, fn 1
    "dev40": {"fp": 0, "fn": 3, "wrong": 0, "exact": 24},  # on arrival fn 10, wrong 1, exact 18 (newsletters)
    "holdout9": {"fp": 0, "fn": 0, "wrong": 0, "exact": 25},  # the rules alone: fp 2, fn 0
    "holdout10": {"fp": 1, "fn": 1, "wrong": 1, "exact": 23},  # measured once; the rules alone: fp 3, fn 2
    "holdout11": {"fp": 0, "fn": 4, "wrong": 0, "exact": 21},  # measured once; the rules alone: fp 0, fn 3
    "dev47": {"fp": 0, "fn": 0, "wrong": 0, "exact": 28},  # on arrival fn 6, wrong 1, exact 24 (unusual asks)
    "dev49": {"fp": 0, "fn": 0, "wrong": 0, "exact": 26},  # on arrival fn 5, wrong 2, exact 21 (terse asks)
    "holdout12": {"fp": 0, "fn": 0, "wrong": 1, "exact": 22},  # measured once; the rules alone: fp 2, fn 0
    "holdout13": {"fp": 0, "fn": 0, "wrong": 0, "exact": 28},  # measured once; the rules alone: fp 1, fn 0
}


@pytest.mark.parametrize("name", sorted(FIRST_MEASURED))
def test_sets_below_the_bar_do_not_get_worse_than_first_measured(name: str) -> None:
    first = FIRST_MEASURED[name]
    figures = evaluate(CORPUS / name)
    print("\n" + report(name))

    assert figures.fp <= first["fp"]
    assert figures.fn <= first["fn"]
    assert figures.wrong <= first["wrong"]
    assert figures.exact >= first["exact"]


# Where the work goes (the digest's "Send to:"), on the sets whose labels say it: the address read must be
# the one the call names, and a wrong address is worse than none (a reader's essay goes astray). dev44
# (written for it) read 31 of 36 named addresses and 3 wrong on arrival; holdout10 (measured before dev44's
# rules) 13 of 15 and 1 wrong, then 14 of 15 and none wrong after them; dev45 14 of 21 and 1 wrong, dev46 31
# of 34 and none wrong on arrival (22 of 25 and 33 of 36, none wrong, since their rules).
WHERE_IT_GOES = {
    "dev44": (36, 0),
    "dev45": (24, 0),
    "dev46": (33, 0),
    "holdout10": (15, 0),
    "holdout11": (13, 0),
    "dev47": (35, 0),  # on arrival 23 of 30 and 1 wrong
    "dev48": (27, 0),  # on arrival 25 of 29
    "dev49": (22, 0),  # on arrival 18 of 25
    "holdout12": (19, 0),  # measured once: 19 of 23
    "holdout13": (33, 0),  # measured once: 33 of 33
    "dev50": (37, 0),  # on arrival 35 of 39
    "dev51": (24, 0),  # on arrival 24 of 25
    "dev52": (39, 0),  # on arrival 36 of 41 and 1 wrong (a draft's reader, not where the work goes)
    "dev53": (29, 0),  # on arrival 24 of 29
}  # (addresses read, wrong), at least / at most


@pytest.mark.parametrize("name", sorted(WHERE_IT_GOES))
def test_where_the_work_goes_is_read(name: str) -> None:
    read, wrong = WHERE_IT_GOES[name]
    figures = evaluate(CORPUS / name)

    assert (figures.send_right >= read, figures.send_wrong <= wrong) == (True, True), figures.send_line()


def test_every_set_is_asserted_somewhere() -> None:
    """A set added to the corpus and to none of the lists above would be measured by nobody."""
    asserted = {*DEV_SETS, *NEWEST, *HOLDOUTS, *FIRST_MEASURED}
    assert sorted(d.name for d in CORPUS.iterdir() if d.is_dir()) == sorted(asserted)


# FAQ questions misread as calls lose their answer (a call is not answered): "Places for residents to submit
# Balint writing? Someone mentioned an essay contest" is a member's question. Two known exceptions.
KNOWN_FAQ_QUESTIONS_READ_AS_CALLS = {
    "d2-088-member-docs-nav.eml",
    "100-rmehta-writing-presenting-opportunities-for-fellows.eml",
}


@pytest.mark.parametrize("part", ["faq/dev", "faq/dev2", "stream/dev", "stream/dev2"])
def test_members_faq_questions_are_not_read_as_calls(part: str) -> None:
    folder = Path(__file__).parent / "corpus" / part
    with (folder / "labels.csv").open(encoding="utf-8") as labels:
        rows = list(csv.DictReader(labels))
    read_as_calls = {
        row["file"]
        for row in rows
        if row["category"] == "faq"
        and extract(read_post((folder / row["file"]).read_bytes()), TIMEZONE).is_call
    }

    assert set() == read_as_calls - KNOWN_FAQ_QUESTIONS_READ_AS_CALLS


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "dev"
    print(report(which))
    if "-v" in sys.argv and not which.startswith("holdout"):  # nobody reads the holdouts' misses
        print("\n".join(evaluate(CORPUS / which).misses))
