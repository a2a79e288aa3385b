"""The pipeline with a real SQLite store: what gets recorded and queued, exactly once."""

from __future__ import annotations

import email
import email.policy
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from listbot import cli
from listbot.app.pipeline import Pipeline
from listbot.config import AnswerSettings, BreakerSettings
from listbot.store import Store, storage_fault
from tests.factories import list_post, shipped_config

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
LIST_ID = "balint-l.lists.americanbalintsociety.org"
BASICS = "Where can I find the Balint Basics curriculum materials on the website?"
ORG = "Is there an organizational chart of the ABS that shows which committees want new members?"
TRAINING = "After I am credentialed as a leader, do I still need more training?"


config = shipped_config
post = list_post


def test_a_faq_question_queues_one_answer_with_the_service_headers(store: Store):
    """The answer: one recipient, the bot's From, Re: subject, threading, RFC 3834 headers, no quoted text."""
    pipeline = Pipeline(config(), store)

    outcome = pipeline.process(post(f"Hi all,\n\n{BASICS}\n\nThanks,\nAnn"), "t:1", NOW)

    assert ("answer", "balint-basics", ("answer:q1@example.org",)) == (
        outcome.decision.action,
        outcome.decision.faq,
        outcome.queued,
    )
    out = store.outbox_get("answer:q1@example.org")
    msg = email.message_from_bytes(out.message, policy=email.policy.default)
    assert ("ann@example.org",) == out.recipients
    assert "" == out.envelope_from  # the null sender: nothing bounces back to the bot
    assert "Balint-L FAQ Assistant <balint-bot@americanbalintsociety.org>" == str(msg["From"])
    assert "ann@example.org" == str(msg["To"])
    assert "Re: A question" == str(msg["Subject"])
    assert ("<q1@example.org>", "<q1@example.org>") == (msg["In-Reply-To"], msg["References"])
    assert ("auto-replied", "All", "bulk", "balint-bot@americanbalintsociety.org") == (
        msg["Auto-Submitted"],
        msg["X-Auto-Response-Suppress"],
        msg["Precedence"],
        msg["X-Loop"],
    )
    assert msg["Message-ID"].startswith("<listbot.") and msg["Message-ID"].endswith(
        "@americanbalintsociety.org>"
    )
    assert "text/plain" == msg.get_content_type()
    text = msg.get_content()
    assert text.startswith("Dear Ann,\n\nYour message to Balint-L asked:\n")
    assert "Balint Basics, as well as all other Balint resources, can be accessed" in text
    assert "https://www.americanbalintsociety.org/members-only/documents" in text
    assert "automatic answer" in text and "info@americanbalintsociety.org" in text and '"stop"' in text
    assert "Thanks," not in text  # nothing of the post is quoted


def test_the_same_post_twice_is_answered_once(store: Store):
    pipeline = Pipeline(config(), store)
    raw = post(BASICS)

    first = pipeline.process(raw, "imap:INBOX:1:7", NOW)
    again = pipeline.process(raw, "imap:INBOX:1:8", NOW + timedelta(minutes=1))

    assert (False, True) == (first.duplicate, again.duplicate)
    assert 1 == len(store.outbox_all("answer"))


def test_the_same_author_is_not_answered_twice_for_the_same_faq_within_the_grace_period(store: Store):
    pipeline = Pipeline(config(), store)
    pipeline.process(post(BASICS, mid="a@example.org"), "t:1", NOW)

    again = pipeline.process(
        post(BASICS, mid="b@example.org", date=NOW + timedelta(days=3)), "t:2", NOW + timedelta(days=3)
    )
    other = pipeline.process(post(BASICS, mid="c@example.org", sender="Bo <bo@example.org>"), "t:3", NOW)
    later = pipeline.process(
        post(BASICS, mid="d@example.org", date=NOW + timedelta(days=8)), "t:4", NOW + timedelta(days=8)
    )

    assert "ignore" == again.decision.action
    assert any("already answered this author with balint-basics" in r for r in again.decision.reasons)
    assert ("answer", "answer") == (other.decision.action, later.decision.action)


def test_the_daily_cap_per_author(store: Store):
    pipeline = Pipeline(config(answers=AnswerSettings(daily_cap_per_author=2)), store)

    actions = [
        pipeline.process(post(q, mid=f"m{i}@example.org"), f"t:{i}", NOW + timedelta(minutes=i)).decision
        for i, q in enumerate((BASICS, ORG, TRAINING))
    ]

    assert ["answer", "answer", "ignore"] == [d.action for d in actions]
    assert any("daily cap" in r for r in actions[2].reasons)


def test_the_circuit_breaker_stops_answers_and_tells_the_moderators_once(store: Store):
    pipeline = Pipeline(
        config(answers=AnswerSettings(breaker=BreakerSettings(max_answers=2, window_minutes=60))), store
    )

    decisions = [
        pipeline.process(
            post(BASICS, mid=f"m{i}@example.org", sender=f"<p{i}@example.org>"),
            f"t:{i}",
            NOW + timedelta(minutes=i),
        ).decision
        for i in range(4)
    ]

    assert ["answer", "answer", "ignore", "ignore"] == [d.action for d in decisions]
    alerts = store.outbox_all("alert")
    assert 1 == len(alerts)
    assert ("balint-moderators@americanbalintsociety.org",) == alerts[0].recipients


def test_automated_posts_are_recorded_and_never_answered(store: Store):
    pipeline = Pipeline(config(), store)
    raw = post(BASICS, subject="Out of Office: A question", extra="Auto-Submitted: auto-replied")

    outcome = pipeline.process(raw, "t:1", NOW)

    assert ("ignore", ()) == (outcome.decision.action, outcome.queued)
    assert store.seen("q1@example.org")


def test_review_mode_holds_the_answer_until_a_moderator_approves(store: Store):
    pipeline = Pipeline(config(mode="review"), store)
    outcome = pipeline.process(post(BASICS), "t:1", NOW)
    review = email.message_from_bytes(
        store.outbox_get("review:q1@example.org").message, policy=email.policy.default
    )

    approval = post(
        "approve\n\nLooks right.",
        mid="ok@example.org",
        to="balint-bot@americanbalintsociety.org",
        sender="<balint-moderators@americanbalintsociety.org>",
        subject="Re: " + review["Subject"],
        list_copy=False,
        in_reply_to=review["Message-ID"].strip("<>"),
    )
    before = store.outbox_get("answer:q1@example.org").status
    pipeline.process(approval, "t:2", NOW + timedelta(minutes=5))

    assert ("answer", "held", "pending") == (
        outcome.decision.action,
        before,
        store.outbox_get("answer:q1@example.org").status,
    )
    assert "Balint Basics, as well as all other" in review.get_content()


def test_an_approval_from_a_non_moderator_releases_nothing(store: Store):
    pipeline = Pipeline(config(mode="review"), store)
    pipeline.process(post(BASICS), "t:1", NOW)
    review_id = email.message_from_bytes(store.outbox_get("review:q1@example.org").message)["Message-ID"]

    pipeline.process(
        post(
            "approve",
            mid="x@example.org",
            to="balint-bot@americanbalintsociety.org",
            list_copy=False,
            in_reply_to=review_id.strip("<>"),
        ),
        "t:2",
        NOW,
    )

    assert "held" == store.outbox_get("answer:q1@example.org").status


def test_stop_takes_effect_at_once(store: Store):
    pipeline = Pipeline(config(), store)

    outcome = pipeline.process(
        post("", subject="stop", to="balint-bot@americanbalintsociety.org", list_copy=False), "t:1", NOW
    )

    assert store.is_subscribed("ann@example.org", "optout")
    assert ("notice:q1@example.org",) == outcome.queued


@pytest.mark.parametrize(
    ("subject", "kind"), [("subscribe digest", "digest"), ("Subscribe reminders", "reminders")]
)
def test_a_subscription_starts_only_when_the_address_confirms(store: Store, subject: str, kind: str):
    """Double opt-in: the request mails a one-use code; the reply carrying it subscribes."""
    pipeline = Pipeline(config(), store)

    asked = pipeline.process(
        post("", subject=subject, to="balint-bot@americanbalintsociety.org", list_copy=False), "t:1", NOW
    )
    mail = email.message_from_bytes(
        store.outbox_get("notice:q1@example.org").message, policy=email.policy.default
    )
    pending = store.is_subscribed("ann@example.org", kind)
    confirmed = pipeline.process(
        post(
            "Yes please.",
            mid="c1@example.org",
            subject="Re: " + mail["Subject"],
            to="balint-bot@americanbalintsociety.org",
            list_copy=False,
        ),
        "t:2",
        NOW + timedelta(minutes=3),
    )

    assert ("notice:q1@example.org",) == asked.queued and not pending
    assert (
        "confirm " in mail["Subject"]
        and ("ann@example.org",) == store.outbox_get("notice:q1@example.org").recipients
    )
    assert store.is_subscribed("ann@example.org", kind)
    assert f"confirmed: ann@example.org subscribed to the {kind}" in confirmed.decision.reasons


def test_a_member_who_said_stop_gets_no_answers(store: Store):
    pipeline = Pipeline(config(), store)
    pipeline.process(
        post("stop", mid="s@example.org", to="balint-bot@americanbalintsociety.org", list_copy=False),
        "t:1",
        NOW,
    )

    outcome = pipeline.process(post(BASICS), "t:2", NOW)

    assert "ignore" == outcome.decision.action
    assert any("no automatic answers" in r for r in outcome.decision.reasons)


def test_a_call_for_submissions_enters_the_register_and_is_not_answered(store: Store):
    pipeline = Pipeline(config(), store)
    body = (
        "Dear colleagues,\n\nThe American Balint Society invites proposals for workshops and presentations at "
        "the 2027 National Meeting, October 7-10, 2027.\nThe submission deadline is January 15, 2027.\n"
        "Submit at https://www.americanbalintsociety.org/proposals\n"
    )

    outcome = pipeline.process(
        post(body, subject="Call for proposals: ABS National Meeting 2027"), "t:1", NOW
    )

    assert outcome.call is not None and outcome.call.is_call
    assert ("ignore", ()) == (outcome.decision.action, outcome.queued)
    rows = store.db.execute("SELECT deadline FROM calls").fetchall()
    assert [("2027-01-15",)] == [tuple(r) for r in rows]


@pytest.mark.parametrize(
    ("path", "last_line", "is_call", "action"),
    [
        # only the call model reads a call: the member's question below it is answered
        ("dev26/m045.eml", b"by Mon 2/1 pls", True, "answer"),
        # only the rules read a call: as before the model, the post is not answered
        (
            "dev15/m003.eml",
            b"If you're coming to the meeting and can help, email me by Friday.",
            False,
            "ignore",
        ),
    ],
)
def test_where_the_rules_and_the_call_model_disagree_a_moderator_decides(
    store: Store, path: str, last_line: bytes, is_call: bool, action: str
):
    """Either way, the post is held in the register for a moderator and is not in the digest, and the FAQ
    side reads the post as the rules do (the model never costs a member's question its answer)."""
    pipeline = Pipeline(config(), store)
    raw = (ROOT / "tests" / "corpus" / "calls" / path).read_bytes()
    raw = raw.replace(last_line, last_line + b"\n\nUnrelated: " + BASICS.encode())

    outcome = pipeline.process(raw, "t:1", NOW)

    assert outcome.call is not None and outcome.call.held
    assert is_call == outcome.call.is_call
    assert action == outcome.decision.action, outcome.decision.reasons
    assert (action == "ignore") == ("a call for submissions, not a question" in outcome.decision.reasons)
    assert [("review",)] == [tuple(r) for r in store.db.execute("SELECT status FROM calls")]
    assert any(key.startswith("call-review:") for key in outcome.queued)
    review = store.review_of("call", outcome.post.message_id)  # type: ignore[union-attr]
    assert review is not None and outcome.call.held in (review.question or "")  # why it waits, in the console
    [key] = [key for key in outcome.queued if key.startswith("call-review:")]
    mail = email.message_from_bytes(store.outbox_get(key).message, policy=email.policy.default)
    assert f"Why:      {outcome.call.held}" in mail.get_content()  # and in the moderators' mail
    assert "List it if it invites people to send work" in mail.get_content()  # and what to weigh


def test_drain_inbox_processes_in_order_and_marks_each(store: Store):
    pipeline = Pipeline(config(), store)
    store.add_inbox("lmtp:1", post(BASICS, mid="a@example.org"), NOW)
    store.add_inbox("lmtp:2", post("Thanks, all!", mid="b@example.org", sender="<bo@example.org>"), NOW)

    outcomes = pipeline.drain_inbox(lambda: NOW)

    assert ["a@example.org", "b@example.org"] == [o.post.message_id for o in outcomes]
    assert [] == store.pending_inbox()


def test_match_json_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "q.eml").write_bytes(post(BASICS))

    code = cli.main(["match", "--json", "-c", str(ROOT / "config" / "listbot.yaml"), str(tmp_path / "q.eml")])

    row = json.loads(capsys.readouterr().out)
    assert 0 == code
    assert ["file", "message_id", "action", "faq", "score", "reasons", "question"] == list(row)
    assert ("answer", "balint-basics", "q1@example.org") == (row["action"], row["faq"], row["message_id"])
    assert BASICS == row["question"]  # the author's sentence that scored best


def test_replay_drops_an_answer_when_a_person_replied_within_the_wait(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Stateful replay: human first, and the same author is not answered twice for the same FAQ."""
    (tmp_path / "1.eml").write_bytes(post(BASICS, mid="a@example.org"))
    (tmp_path / "2.eml").write_bytes(
        post(
            "It is under Members Only > Documents.",
            mid="b@example.org",
            sender="Bo <bo@example.org>",
            subject="Re: A question",
            in_reply_to="a@example.org",
            date=NOW + timedelta(minutes=10),
        )
    )
    (tmp_path / "3.eml").write_bytes(
        post(ORG, mid="c@example.org", sender="Cy <cy@example.org>", date=NOW + timedelta(hours=1))
    )
    (tmp_path / "4.eml").write_bytes(
        post(ORG, mid="d@example.org", sender="Cy <cy@example.org>", date=NOW + timedelta(hours=2))
    )

    code = cli.main(["replay", "--json", "-c", str(ROOT / "config" / "listbot.yaml"), str(tmp_path)])

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert 0 == code
    assert ["ignore", "ignore", "answer", "ignore"] == [r["action"] for r in lines[:4]]
    assert "a person replied in the thread within the wait" in lines[0]["reasons"]
    assert any("already answered this author" in r for r in lines[3]["reasons"])
    assert {"messages": 4, "answer": 1, "dropped_human_replied": 1} == {
        k: lines[4]["summary"][k] for k in ("messages", "answer", "dropped_human_replied")
    }


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Re: A question", "Stop sending me these.\n", "command: stop"),
        ("Re: A question", "Thank you, this helps!\n", "mail to the bot without a known command"),
        (
            "Help with a resident group",
            "Could someone advise me on a quiet group?\n",
            "mail to the bot without a known command",
        ),
    ],
)
def test_only_clear_commands_act_and_a_thank_you_gets_no_reply(
    store: Store, subject: str, body: str, expected: str
):
    pipeline = Pipeline(config(), store)

    outcome = pipeline.process(
        post(body, subject=subject, to="balint-bot@americanbalintsociety.org", list_copy=False), "t:1", NOW
    )

    assert (expected,) == outcome.decision.reasons
    assert (expected == "command: stop") == bool(outcome.queued)


def test_a_locked_state_file_leaves_the_post_pending_and_it_is_answered_once_it_is_free(tmp_path: Path):
    """Another writer holds the state file past the busy timeout: processing fails as a storage fault, the
    post is not marked as failed, and once the lock is gone the same post is answered, once."""
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    store.add_inbox("t:1", post(f"Hi all,\n\n{BASICS}\n\nThanks,\nAnn"), NOW)
    store.db.execute("PRAGMA busy_timeout = 50")
    pipeline = Pipeline(config(), store)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    with pytest.raises(sqlite3.OperationalError) as failed:
        pipeline.drain_inbox(lambda: NOW)

    assert "locked" in str(failed.value) and storage_fault(failed.value)
    assert not store.db.in_transaction
    assert ["t:1"] == [item.source_ref for item in store.pending_inbox()]
    assert [] == store.outbox_all()

    other.execute("ROLLBACK")
    outcomes = pipeline.drain_inbox(lambda: NOW + timedelta(minutes=1))
    again = pipeline.drain_inbox(lambda: NOW + timedelta(minutes=2))

    assert [("answer", "balint-basics")] == [(o.decision.action, o.decision.faq) for o in outcomes]
    assert ([], []) == (again, store.pending_inbox())
    assert ["answer:q1@example.org"] == [m.key for m in store.outbox_all()]
    other.close()
    store.close()


def test_a_failed_commit_leaves_the_connection_usable(tmp_path: Path):
    """A COMMIT refused by the disk rolls back; the next transaction on the same connection works."""
    store = Store(tmp_path / "state.sqlite3")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")

    for _ in range(2):  # twice: a transaction left open would make the second BEGIN fail differently
        with pytest.raises(sqlite3.OperationalError, match="full"):
            with store.transaction():
                store.add_inbox("t:big", b"x" * 200_000, NOW)
        assert not store.db.in_transaction

    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert store.add_inbox("t:big", b"x" * 200_000, NOW) is not None
    store.close()


def test_the_moderators_mail_about_a_call_says_its_deadline_as_people_write_it(store: Store):
    """Day, hours and minutes, and the zone: '2027-03-14 23:59 America/Los_Angeles', not '23:59:00'."""
    pipeline = Pipeline(config(), store)
    raw = (ROOT / "tests" / "corpus" / "calls" / "dev37" / "m024.eml").read_bytes()  # held, with a time

    outcome = pipeline.process(raw, "t:1", datetime(2027, 3, 10, 15, tzinfo=UTC))

    [key] = [key for key in outcome.queued if key.startswith("call-review:")]
    mail = email.message_from_bytes(store.outbox_get(key).message, policy=email.policy.default)
    assert "  Deadline: 2027-03-14 23:59 America/Los_Angeles\n" in mail.get_content()
