"""Turn a post, its match and its history into a Decision. Pure: ``now`` and history are arguments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from listbot.config import AnswerSettings
from listbot.model import Decision, History, Match, Post

# Below this margin over the runner-up FAQ, a confident score still goes to review: two entries fit.
MIN_MARGIN = 0.08
# How the reasons for review begin (``waits_because`` reads them back, from a stored post's reasons).
_COUNTER = "like a learned counter-example of"
_RUNNER_UP = "runner-up within"
_UNSURE = "between review"


def decide(
    post: Post,
    match: Match,
    *,
    automation: tuple[str, ...],
    history: History,
    settings: AnswerSettings,
    now: datetime,
    is_call: bool = False,
) -> Decision:
    """answer / review / ignore, with every reason. Any blocking reason means ignore.

    A call for submissions is never answered (it goes to the register instead); ``breaker`` on the
    decision says the circuit breaker stopped an answer, so that the moderators are told.
    """
    decision = _decide(post, match, automation, history, settings, now)
    limits = tuple(d for d in post.defects if d.startswith("only the first")) + match.limits
    if limits:  # say what was left unread
        decision = replace(decision, reasons=(*decision.reasons, *limits))
    if is_call and decision.action != "ignore":
        return replace(
            decision, action="ignore", reasons=("a call for submissions, not a question", *decision.reasons)
        )
    return decision


def _decide(
    post: Post,
    match: Match,
    automation: tuple[str, ...],
    history: History,
    settings: AnswerSettings,
    now: datetime,
) -> Decision:
    blocking = list(automation)
    if history.seen:
        blocking.append("seen before (same Message-ID)")
    if post.date is not None and now - post.date > timedelta(hours=settings.backlog_hours):
        blocking.append(f"older than the backlog cut-off ({settings.backlog_hours:g} h)")
    best = match.best
    explanation = match.explain()
    if best is None:
        if not match.questions and "?" in _quoted_part(post):
            explanation = "the only question is in quoted text"
        return Decision("ignore", None, None, (*blocking, explanation))
    score = best.score
    if score < settings.review_threshold:
        return Decision(
            "ignore",
            best.faq,
            score,
            (
                *blocking,
                f"score {score:.2f} below review threshold {settings.review_threshold:.2f}",
                explanation,
            ),
            match,
        )
    if history.opted_out:
        blocking.append("the author asked for no automatic answers")
    if history.answered_same_faq:
        blocking.append(f"already answered this author with {best.faq} within {settings.grace_days:g} days")
    if history.author_answers_today >= settings.daily_cap_per_author:
        blocking.append(f"daily cap reached for this author ({settings.daily_cap_per_author})")
    breaker = history.answers_in_window >= settings.breaker.max_answers
    if breaker:
        blocking.append(
            f"circuit breaker: {history.answers_in_window} answers in {settings.breaker.window_minutes} min"
        )
    if history.human_replied:
        blocking.append("a person already replied in the thread")
    if blocking:
        return Decision("ignore", best.faq, score, (*blocking, explanation), match, breaker=breaker)
    margin = score - (match.runner_up.score if match.runner_up else 0.0)
    if score >= settings.answer_threshold and margin >= MIN_MARGIN and best.counter is not None:
        similar = (
            f" (similarity {best.counter_similarity:.2f})" if best.counter_similarity is not None else ""
        )
        return Decision(
            "review",
            best.faq,
            score,
            (
                f"{_COUNTER} {best.faq}: {best.counter!r}{similar}; a moderator decides",
                explanation,
            ),
            match,
        )
    if score >= settings.answer_threshold and margin >= MIN_MARGIN:
        return Decision(
            "answer",
            best.faq,
            score,
            (f"score {score:.2f} >= {settings.answer_threshold:.2f}", explanation),
            match,
        )
    why = (
        f"{_RUNNER_UP} {MIN_MARGIN:.2f}"
        if score >= settings.answer_threshold
        else f"score {score:.2f} {_UNSURE} {settings.review_threshold:.2f} and answer "
        f"{settings.answer_threshold:.2f}"
    )
    return Decision("review", best.faq, score, (why, explanation), match)


def _quoted_part(post: Post) -> str:
    """The body lines that are not the author's new text (quotes, signature, footers)."""
    new = post.new_text
    lines = (line.strip().lstrip(">").strip() for line in post.body_text.splitlines())
    return "\n".join(line for line in lines if line and line not in new)


def waits_because(
    reasons: Sequence[str], faq: str | None, score: float | None, answer_threshold: float, mode: str
) -> str:
    """Why a proposed answer waits for a moderator, in a moderator's words (the review card and mail say it
    above the reasons themselves), read from a decision's reasons as ``_decide`` writes them."""
    first = reasons[0] if reasons else ""
    if first.startswith(_COUNTER):
        said = re.search(r": (.+?)(?: \(similarity [\d.]+\))?; a moderator decides$", first)
        like = f": {said.group(1)}" if said else ""
        return f"it resembles a question a moderator said {faq} does not answer{like}"
    if first.startswith(_RUNNER_UP):
        other = next((m for r in reasons[1:] if (m := re.search(r"; runner-up (\S+) (\d\.\d+)$", r))), None)
        scored = f" ({score:.2f})" if score is not None else ""
        also = f" and {other.group(1)} ({other.group(2)})" if other else ""
        return f"two FAQs fit almost equally: {faq}{scored}{also}; choose one, or do not answer"
    if first.startswith("score ") and f" {_UNSURE} " in first:
        return (
            f"the bot is not sure this asks {faq}: it scored {score or 0.0:.2f}, and it answers by itself from "
            f"{answer_threshold:.2f}"
        )
    if mode != "live":
        return f"the list runs in {mode} mode: every answer waits for a moderator"
    return first or "the bot is unsure"
