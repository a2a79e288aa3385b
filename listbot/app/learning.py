"""What people teach the bot: learned examples and counter-examples, kept in the state file.

A moderator's review decision teaches (``from_review``); so can ``listbot learn add|reject`` and the console.
Learned examples count like the examples moderators write in faq.yaml; a counter-example keeps similar
wording from being answered with that FAQ (at most reviewed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from listbot.config import Config
from listbot.errors import ListbotError
from listbot.store import LearnedRow, Store
from listbot.store.learning import Polarity


@dataclass(frozen=True)
class Taught:
    id: int | None  # None: the same example was there already
    faq: str
    sentence: str
    polarity: Polarity


def teach(
    config: Config,
    store: Store,
    faq: str,
    sentence: str,
    polarity: Polarity,
    moderator: str,
    source: str,
    now: datetime,
    message_id: str | None = None,
) -> Taught:
    """Keep one learned example (or counter-example) of an FAQ, with its provenance, and audit it."""
    sentence = " ".join(sentence.split())
    if faq not in {e.id for e in config.faq.entries}:
        known = ", ".join(e.id for e in config.faq.entries)
        raise ListbotError(f"no FAQ with id {faq!r}; the ids are: {known}")
    if not sentence:
        raise ListbotError("the sentence is empty; give the member's wording")
    learned_id = store.learned_add(faq, sentence, polarity, moderator, source, now, message_id)
    if learned_id is not None:
        store.audit(
            moderator, f"learn.{polarity}", f"faq:{faq}", now, after={"id": learned_id, "sentence": sentence}
        )
    return Taught(learned_id, faq, sentence, polarity)


def listing(store: Store) -> list[LearnedRow]:
    return store.learned_all()


def forget(store: Store, learned_id: int, moderator: str, now: datetime) -> LearnedRow:
    """Remove a learned example; ListbotError when there is none with that id."""
    row = next((r for r in store.learned_all() if r.id == learned_id), None)
    if row is None:
        raise ListbotError(f"no learned example with id {learned_id}; see listbot learn list")
    store.learned_remove(learned_id)
    store.audit(
        moderator, "learn.remove", f"faq:{row.faq}", now, before={"id": row.id, "sentence": row.sentence}
    )
    return row


def record_vote(config: Config, store: Store, answer_key: str, helpful: bool, now: datetime) -> bool:
    """A member's vote on an answer (from the link in it). One vote per answer: the first counts. "It did
    not help" puts the post in the review queue as a disputed answer. False when nothing was counted."""
    from listbot.app import review  # review teaches through this module

    out = store.outbox_get(answer_key)
    if out is None or out.kind != "answer" or out.status not in ("sent", "shadow", "unknown"):
        return False
    with store.transaction():
        if not store.vote(answer_key, out.faq, helpful, now):
            return False
        if not helpful:
            review.dispute(store, answer_key, now)
    return True
