"""The review queue: held answers, disputes and uncertain calls, decided once, audited, and teaching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest

from listbot.app import review
from listbot.app.pipeline import Pipeline
from listbot.store import Store
from tests.factories import list_post, shipped_config

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
BASICS = "Where can I find the Balint Basics curriculum materials on the website?"
MOD = "balint-moderators@americanbalintsociety.org"


def held(store: Store, body: str = BASICS, mid: str = "q1@example.org") -> review.ReviewItem:
    """A question processed in review mode: its answer held, one open item in the queue."""
    config = shipped_config(mode="review")
    Pipeline(config, store).process(list_post(f"Hi all,\n\n{body}\n\nAnn", mid=mid), f"t:{mid}", NOW)
    [item] = [i for i in review.queue(store) if i.row.message_id == mid]
    return item


def body_of(data: bytes) -> str:
    return message_from_bytes(data, policy=default).get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_held_answer_is_an_open_item_with_the_question_and_the_answer(store: Store) -> None:
    item = held(store)

    assert ("answer", "balint-basics", "open") == (item.row.kind, item.row.faq, item.row.status)
    assert BASICS == item.row.question
    assert "Documents tab" in item.answer_text()
    assert "held" == item.answer.status  # type: ignore[union-attr]


def test_send_as_proposed_releases_the_answer_and_teaches_an_example(store: Store) -> None:
    config = shipped_config(mode="review")
    item = held(store)

    done = review.decide_answer(config, store, item.id, "send", MOD, NOW, version=item.row.version)

    assert "pending" == store.outbox_get("answer:q1@example.org").status  # type: ignore[union-attr]
    assert [("balint-basics", BASICS, "example", "review")] == [
        (r.faq, r.sentence, r.polarity, r.source) for r in store.learned_all()
    ]
    assert ["review.send", "learn.example"] == [a.action for a in reversed(store.audit_rows())]
    assert "goes out" in done


def test_a_second_decision_on_the_same_item_is_a_conflict_and_changes_nothing(store: Store) -> None:
    """A double click, or two moderators at once: one decision wins, the other gets Conflict."""
    config = shipped_config(mode="review")
    item = held(store)
    review.decide_answer(config, store, item.id, "send", MOD, NOW, version=item.row.version)

    with pytest.raises(review.Conflict):
        review.decide_answer(
            config, store, item.id, "drop", "other@example.org", NOW, version=item.row.version
        )
    with pytest.raises(review.Conflict):
        review.decide_answer(config, store, item.id, "send", MOD, NOW)

    assert "pending" == store.outbox_get("answer:q1@example.org").status  # type: ignore[union-attr]
    assert 1 == len([a for a in store.audit_rows() if a.action.startswith("review.")])


def test_send_another_faq_replaces_the_held_answer_under_the_same_key(store: Store) -> None:
    config = shipped_config(mode="review")
    item = held(store)
    before = store.outbox_get("answer:q1@example.org")

    review.decide_answer(config, store, item.id, "send-other", MOD, NOW, faq="org-chart")

    after = store.outbox_get("answer:q1@example.org")
    assert ("pending", "org-chart") == (after.status, after.faq)  # type: ignore[union-attr]
    assert "Organizational Chart" in body_of(after.message)  # type: ignore[union-attr]
    assert message_from_bytes(before.message)["Message-ID"] == message_from_bytes(after.message)["Message-ID"]  # type: ignore[union-attr]
    # the wording is an example of the FAQ sent, and a counter-example of the FAQ the bot proposed
    assert [("org-chart", "example"), ("balint-basics", "counter")] == [
        (r.faq, r.polarity) for r in store.learned_all()
    ]


@pytest.mark.parametrize(
    ("reason", "learned"),
    [
        ("not-faq", [("balint-basics", "counter")]),
        ("wrong-faq", [("balint-basics", "counter")]),
        ("other", []),
    ],
)
def test_do_not_answer_drops_it_and_a_not_faq_reason_teaches_a_counter_example(
    store: Store, reason: review.DropReason, learned: list[tuple[str, str]]
) -> None:
    config = shipped_config(mode="review")
    item = held(store)

    review.decide_answer(config, store, item.id, "drop", MOD, NOW, reason=reason)

    assert "dropped" == store.outbox_get("answer:q1@example.org").status  # type: ignore[union-attr]
    assert learned == [(r.faq, r.polarity) for r in store.learned_all()]
    assert [] == review.queue(store)


def test_a_disputed_answer_is_queued_once_and_a_correction_goes_out_as_new_mail(store: Store) -> None:
    config = shipped_config(
        mode="live", answers=shipped_config().settings.answers.model_copy(update={"wait_minutes": 0})
    )
    Pipeline(config, store).process(list_post(f"Hi all,\n\n{BASICS}\n\nAnn"), "t:1", NOW)

    first = review.dispute(store, "answer:q1@example.org", NOW + timedelta(hours=1))
    again = review.dispute(store, "answer:q1@example.org", NOW + timedelta(hours=2))
    [item] = review.queue(store)
    review.decide_answer(config, store, item.id, "send-other", MOD, NOW, faq="org-chart")

    assert first is not None and again is None
    correction = store.outbox_get("correction:q1@example.org")
    assert ("pending", ("ann@example.org",), "org-chart") == (
        correction.status,
        correction.recipients,
        correction.faq,
    )  # type: ignore[union-attr]


def test_a_members_reply_saying_the_answer_missed_disputes_it(store: Store) -> None:
    """Mail to the bot replying to its answer: "This did not help" puts the answer in the queue."""
    config = shipped_config(
        mode="live", answers=shipped_config().settings.answers.model_copy(update={"wait_minutes": 0})
    )
    pipeline = Pipeline(config, store)
    pipeline.process(list_post(f"Hi all,\n\n{BASICS}\n\nAnn"), "t:1", NOW)
    answer_id = message_from_bytes(store.outbox_get("answer:q1@example.org").message)["Message-ID"].strip(
        "<>"
    )  # type: ignore[union-attr]
    reply = list_post(
        "This did not help, I was asking about something else.\n\n> Dear Ann,",
        mid="r1@example.org",
        subject="Re: A question",
        to="balint-bot@americanbalintsociety.org",
        list_copy=False,
        extra=f"In-Reply-To: <{answer_id}>\nReferences: <q1@example.org> <{answer_id}>",
        date=NOW,
    )

    outcome = pipeline.process(reply, "t:2", NOW + timedelta(minutes=5))

    [item] = review.queue(store)
    assert ("disputed", "balint-basics") == (item.row.kind, item.row.faq)
    assert ("command: unhelpful",) == outcome.decision.reasons
