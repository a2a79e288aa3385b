"""What people teach the bot: learned examples and counter-examples, kept in the state file; members' votes.

A moderator's review decision teaches (``listbot.app.review``); so can ``listbot learn add|reject`` and the
console, and a moderator who says a post the bot left alone asks an FAQ (``teach_post``). Learned examples count like the examples moderators write in faq.yaml; a counter-example keeps
similar wording from being answered with that FAQ (at most reviewed). ``promote`` moves a learned example
into faq.yaml itself. Members say whether an answer helped (``record_vote``); "it did not" puts the answer
in the review queue, where the moderator's decision teaches in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from listbot.app import review
from listbot.config import Config
from listbot.config.edit import RoundTrip, read_faq, replace_file
from listbot.core.match import Learned, Matcher, context_of
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.store import LearnedRow, Store
from listbot.store.learning import LearnedSource, Polarity, read_learned


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


def asked(config: Config, store: Store, message_id: str, faq: str, question: str | None) -> tuple[str, ...]:
    """What to teach as examples of ``faq`` when a person says a post asks it: ``question`` (the sentence the
    bot matched) when it asks ``faq``, and every other question sentence of the post whose best FAQ is ``faq``
    for the FAQ as written (a post often asks twice: "Where is the collection?" ... "Balint Basics on
    mobile?"). When the bot matched another FAQ, its sentence is taught only if no sentence asks ``faq``."""
    post = store.post_row(message_id)
    if post is None:
        return (question,) if question else ()
    found = Matcher(config.faq_entries).asking(post.new_text, None if post.is_reply else post.topic, faq)
    first = (question,) if question and (question in found or not found) else ()
    return (*first, *(s for s in found if s not in first))


def teach_post(
    config: Config, store: Store, message_id: str, faq: str, moderator: str, source: str, now: datetime
) -> tuple[Taught, ...]:
    """A person says a post asks ``faq`` (one the bot left alone, or answered with another FAQ): its question
    sentences that ask ``faq`` are learned as examples, as a review's "send another FAQ" teaches. Nothing is
    sent: answering the member is the moderator's call (the post may be days old)."""
    post = store.post_row(message_id)
    if post is None:
        raise ListbotError(f"no post with Message-ID {message_id!r} in the state file; see listbot status")
    sentences = asked(config, store, message_id, faq, post.question)
    if not sentences:
        raise ListbotError(
            f"post {message_id} has no question or request sentence to learn from; teach the member's "
            "wording with: listbot learn add FAQ_ID SENTENCE"
        )
    return tuple(
        teach(config, store, faq, s, "example", moderator, source, now, message_id) for s in sentences
    )


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


def as_learned(rows: list[LearnedRow], sources: dict[int, LearnedSource]) -> tuple[Learned, ...]:
    """The state file's rows as the matcher takes them, each with the context its sentence had in its post."""
    out = []
    for r in rows:
        source = sources.get(r.id)
        context = (
            context_of(source.new_text, None if source.is_reply else source.topic, r.sentence)
            if source
            else ""
        )
        out.append(Learned(r.faq, r.sentence, r.polarity == "counter", r.id, context))
    return tuple(out)


def learned_of(store: Store) -> tuple[Learned, ...]:
    """What the matcher takes from a state: every learned example and counter-example, with context."""
    return as_learned(store.learned_all(), store.learned_sources())


def rows_of_state_file(config: Config) -> list[LearnedRow]:
    """The learned rows of the state file that the config names, read without creating or changing it."""
    return read_learned(config.state_path)[0]


def of_state_file(config: Config) -> tuple[Learned, ...]:
    """What the state file that the config names has learned, as the matcher takes it, read without creating
    or changing the file (``listbot match`` and ``replay`` may run beside the daemon, or before it ever ran)."""
    return as_learned(*read_learned(config.state_path))


def moderator(config: Config, given: str | None = None) -> str:
    """Who is teaching: the address given, else the config's first moderator."""
    return (given or config.settings.bot.moderators[0]).strip().lower()


@dataclass(frozen=True)
class Promoted:
    row: LearnedRow
    path: Path  # faq.yaml
    backup: Path  # the file as it was, beside it
    added: bool  # False: faq.yaml had the sentence already; the learned example was only removed


def promote(config: Config, store: Store, learned_id: int, moderator: str, now: datetime) -> Promoted:
    """Move a learned example into faq.yaml's ``examples`` of its entry, keeping the file's comments and
    layout: a timestamped backup beside the file, and the new file validated like ``listbot check`` (schema,
    cross-checks, every answer rendered) before it replaces the old one. The daemon reads faq.yaml when it
    starts; the learned example is removed from the state file once the file is written."""
    row = store.learned_get(learned_id)
    if row is None:
        raise ListbotError(f"no learned example with id {learned_id}; see listbot learn list")
    if row.polarity != "example":
        raise ListbotError(
            f"learned item {learned_id} is a counter-example; faq.yaml has no counter-examples, so it stays in "
            "the state file (listbot learn remove ID drops it)"
        )
    path = config.faq_path
    doc = RoundTrip.load(path)
    entries = doc.data.get("entries") if hasattr(doc.data, "get") else None
    entry = next(
        (e for e in entries or () if hasattr(e, "get") and e.get("id") == row.faq),
        None,
    )
    if entry is None:
        raise ConfigError(
            [Problem(str(path), "entries", f"no entry with id {row.faq!r}; add it, then promote")]
        )
    examples = entry.get("examples")
    added = row.sentence not in (examples or ())
    if added:
        if examples is None:
            entry["examples"] = [doc.quoted(row.sentence)]
        else:
            examples.append(doc.quoted(row.sentence))

    def validate(staged: Path) -> None:
        from listbot.app import inspect  # inspect -> pipeline -> learning: imported when used

        faq = read_faq(staged)
        inspect.check(Config(config.path, config.settings, faq, config.calls), now)

    backup = replace_file(path, doc.dump(), validate, now)
    with store.transaction():
        store.learned_remove(row.id)
        store.audit(
            moderator,
            "learn.promote",
            f"faq:{row.faq}",
            now,
            before={"id": row.id, "sentence": row.sentence},
            after={"file": str(path), "backup": str(backup), "added": added},
        )
    return Promoted(row, path, backup, added)


# -- members' votes ------------------------------------------------------------------------------------


def record_vote(config: Config, store: Store, answer_key: str, helpful: bool, now: datetime) -> bool:
    """A member's "this answered my question" / "it did not" on one answer (the outbox key
    ``answer:<message-id>``). One vote per answer: False when it had one already or is no answer the bot
    sent. "It did not" also puts the answer in the review queue as disputed, where the moderator's decision
    teaches the matcher."""
    out = store.outbox_get(answer_key)
    if out is None or out.kind != "answer" or out.status not in ("sent", "shadow", "unknown"):
        return False  # only an answer that went out can be voted on
    with store.transaction():
        if not store.vote(answer_key, out.faq, helpful, now):
            return False
        if not helpful:
            review.dispute(store, answer_key, now)
        elif out.faq:  # the member confirms this wording asks that FAQ
            post = store.post_row(answer_key.split(":", 1)[1])
            if post is not None and post.question:
                teach(
                    config,
                    store,
                    out.faq,
                    post.question,
                    "example",
                    out.author or "member",
                    "vote",
                    now,
                    post.message_id,
                )
    return True


@dataclass(frozen=True)
class HelpfulRate:
    faq: str
    helpful: int
    votes: int

    @property
    def rate(self) -> float | None:
        return self.helpful / self.votes if self.votes else None


def helpful_rates(config: Config, store: Store) -> list[HelpfulRate]:
    """Per FAQ entry (in faq.yaml's order, then any retired id that has votes): the helpful votes and all."""
    counted = store.votes_by_faq()
    ids = [e.id for e in config.faq.entries] + sorted(set(counted) - {e.id for e in config.faq.entries})
    return [HelpfulRate(faq, *counted.get(faq, (0, 0))) for faq in ids]
