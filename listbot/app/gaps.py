"""What the FAQ is missing (``listbot gaps`` and the console): members' questions that no FAQ answered,
grouped into recurring topics by ``listbot.core.gaps``, and a draft FAQ entry from a topic.

The questions come from the state file's posts (what the daemon recorded), or from a mailbox run through the
same pipeline in a throw-away state. A post counts when the bot left it alone (action ignore), it is not
automatic mail, no FAQ scored even the review threshold (a question an FAQ covers but a rule held back, say
the grace period, is no gap), and its new text asks something.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from listbot.app import learning, sources
from listbot.app.pipeline import Pipeline
from listbot.config import Config
from listbot.core import gaps as core_gaps
from listbot.core.gaps import Topic
from listbot.core.read import read_post
from listbot.store import Store
from listbot.store.posts import PostRow

__all__ = ["FaqDraft", "Topic", "draft_entry", "topics", "topics_of_source"]


def _unanswered(config: Config, store: Store, row: PostRow) -> bool:
    """Left alone with no FAQ near it, or held for review and not sent (still open, or dropped)."""
    if row.automated:
        return False
    if row.action == "ignore":
        return row.score is None or row.score < config.settings.answers.review_threshold
    if row.action == "review":
        item = store.review_of("answer", row.message_id)
        return item is None or item.resolution not in ("sent", "sent-other")
    return False


def _asked(config: Config, store: Store, row: PostRow) -> core_gaps.Asked | None:
    if not _unanswered(config, store, row):
        return None
    if any(r.startswith("a call for submissions") for r in row.reasons):
        return None
    questions = core_gaps.questions_in(row.new_text, None if row.is_reply else row.topic)
    if not questions:
        return None
    return core_gaps.Asked(row.message_id, row.author, questions, row.topic, row.new_text)


def topics(config: Config, store: Store, since: datetime | None = None) -> list[Topic]:
    """Recurring unanswered topics among the posts recorded since ``since`` (all when None), most askers
    first."""
    found = (_asked(config, store, row) for row in store.posts_since(since))
    return core_gaps.topics([a for a in found if a is not None])


def topics_of_source(config: Config, source: Path, since: datetime | None = None) -> list[Topic]:
    """The same for a mailbox (mbox, Maildir or folder of .eml): its posts go through the pipeline in a
    throw-away state first, in order, with the clock at each post's date; ``since`` filters by that date."""
    with (
        tempfile.TemporaryDirectory(prefix="listbot-gaps-") as tmp,
        Store(Path(tmp) / "gaps.sqlite3") as store,
    ):
        pipeline = Pipeline(config, store, taught=learning.of_state_file(config))
        clock = datetime(1970, 1, 1, tzinfo=UTC)
        for ref, raw in sources.messages(source):
            post = read_post(raw, config.settings.max_message_bytes)
            clock = max(clock, post.date or clock)
            if since is not None and (post.date or clock) < since:
                continue
            pipeline.process(raw, ref, clock, post=post)
        return topics(config, store, None)


@dataclass(frozen=True)
class FaqDraft:
    """A new FAQ entry prefilled from a topic, for a moderator to complete (the answer is theirs to write)."""

    id: str
    question: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str = ""
    enabled: bool = False  # switched on by the moderator once the answer is written

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "examples": list(self.examples),
            "keywords": list(self.keywords),
            "enabled": self.enabled,
        }


def draft_entry(topic: Topic) -> FaqDraft:
    """The topic as an FAQ entry: its most central question as the question, the others as examples, its
    label's words as keywords; no answer, and switched off until a moderator writes one."""
    slug = (
        re.sub(r"[^a-z0-9]+", "-", "-".join(topic.words or (topic.label,)).lower()).strip("-") or "new-topic"
    )
    question, *rest = topic.examples or (topic.label,)
    return FaqDraft(id=slug[:60].rstrip("-"), question=question, examples=tuple(rest), keywords=topic.words)
