"""decide(): a table of situations and the action each must lead to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from listbot.config import AnswerSettings
from listbot.core.decide import decide, waits_because
from listbot.model import Candidate, History, Match
from tests.factories import make_post

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
POST = make_post(
    subject="Balint Basics?", date=NOW - timedelta(minutes=5), new_text="Where is Balint Basics?"
)
SETTINGS = AnswerSettings(answer_threshold=0.62, review_threshold=0.45)


def match_of(score: float, runner: float = 0.1) -> Match:
    q = "Where is Balint Basics?"
    return Match(
        Candidate("balint-basics", score, q, ("basic",)), Candidate("org-chart", runner, q, ()), (q,)
    )


@pytest.mark.parametrize(
    ("match", "history", "automation", "post", "action", "reason"),
    [
        (match_of(0.8), History(), (), POST, "answer", "score 0.80 >= 0.62"),
        (match_of(0.5), History(), (), POST, "review", "between review 0.45 and answer 0.62"),
        (match_of(0.8, runner=0.78), History(), (), POST, "review", "runner-up within"),
        (match_of(0.3), History(), (), POST, "ignore", "below review threshold"),
        (match_of(0.8), History(seen=True), (), POST, "ignore", "seen before"),
        (match_of(0.8), History(answered_same_faq=True), (), POST, "ignore", "already answered this author"),
        (match_of(0.8), History(author_answers_today=2), (), POST, "ignore", "daily cap"),
        (match_of(0.8), History(answers_in_window=20), (), POST, "ignore", "circuit breaker"),
        (match_of(0.8), History(opted_out=True), (), POST, "ignore", "no automatic answers"),
        (match_of(0.8), History(human_replied=True), (), POST, "ignore", "a person already replied"),
        (match_of(0.8), History(), ("auto-submitted: auto-replied",), POST, "ignore", "auto-submitted"),
        (
            match_of(0.8),
            History(),
            (),
            replace(POST, date=NOW - timedelta(hours=30)),
            "ignore",
            "backlog cut-off",
        ),
        (Match(None, None, ()), History(), (), POST, "ignore", "no question or request"),
    ],
)
def test_decide(match, history, automation, post, action, reason):
    decision = decide(post, match, automation=automation, history=history, settings=SETTINGS, now=NOW)

    assert action == decision.action
    assert any(reason in r for r in decision.reasons), decision.reasons


def test_only_a_quoted_question_is_named_as_such():
    post = replace(POST, new_text="+1, same here.", body_text="+1, same here.\n\n> Where is Balint Basics?")

    decision = decide(
        post, Match(None, None, ()), automation=(), history=History(), settings=SETTINGS, now=NOW
    )

    assert ("ignore", ("the only question is in quoted text",)) == (decision.action, decision.reasons)


@pytest.mark.parametrize(
    ("match", "mode", "expected"),
    [
        (
            match_of(0.5),
            "live",
            "the bot is not sure this asks balint-basics: it scored 0.50, and it answers by itself from 0.62",
        ),
        (
            match_of(0.8, runner=0.78),
            "live",
            "two FAQs fit almost equally: balint-basics (0.80) and org-chart (0.78); choose one, or do not answer",
        ),
        (
            replace(
                match_of(0.8),
                best=Candidate(
                    "balint-basics",
                    0.8,
                    "Where is Balint Basics?",
                    ("basic",),
                    counter="Is the curriculum free?",
                    counter_similarity=0.41,
                ),
            ),
            "live",
            "it resembles a question a moderator said balint-basics does not answer: 'Is the curriculum free?'",
        ),
        (match_of(0.8), "review", "the list runs in review mode: every answer waits for a moderator"),
    ],
)
def test_why_a_proposed_answer_waits_in_a_moderators_words(match: Match, mode: str, expected: str) -> None:
    """The review card and mail say it above the reasons, read from the reasons decide() writes."""
    decision = decide(POST, match, automation=(), history=History(), settings=SETTINGS, now=NOW)

    assert expected == waits_because(
        decision.reasons, decision.faq, decision.score, SETTINGS.answer_threshold, mode
    )
