"""What would change (``listbot check --what-if`` and the console's FAQ editor): the recorded posts of the last N
days decided again with an edited FAQ or edited thresholds, and the differences listed.

Nothing is parsed again: a post's new text, topic, whether it is a reply, whether it was automatic and who
wrote it were kept when it was first read (``posts`` table). History is not replayed: what held a post back
when it came (automatic mail, the grace period, a cap, a person replying first, the backlog cut-off) holds it
back again, read from its recorded reasons, and a call for submissions stays one.

The new decisions are compared with the recorded ones ("before" is what the bot did): with no edit (``faq``
and ``answers`` None) that is what the files and the learned examples as they are now would have done
differently; with an edit, what the edit would change (and, when the files or the learned examples changed
since a post came, that too: the post was decided with those).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from listbot.app import learning
from listbot.config import AnswerSettings, Config, FaqFile
from listbot.core.decide import decide
from listbot.core.match import Matcher
from listbot.model import Action, Decision, History, Match, Post
from listbot.store import Store
from listbot.store.posts import PostRow

ChangeKind = Literal["newly answered", "no longer answered", "another FAQ"]

# Reasons the pipeline recorded that came from the post's history or headers, not from matching: kept.
_HELD_BACK = (
    "seen before",
    "older than the backlog cut-off",
    "the author asked for no automatic answers",
    "already answered this author",
    "daily cap reached",
    "circuit breaker",
    "a person already replied",
    "a person replied in the thread within the wait",
)
_CALL = "a call for submissions, not a question"


@dataclass(frozen=True)
class Side:
    action: str
    faq: str | None
    score: float | None


@dataclass(frozen=True)
class Change:
    """One post decided differently."""

    kind: ChangeKind
    post_id: int  # the posts row (the console links /posts/<id>)
    message_id: str
    subject: str
    author: str
    before: Side
    after: Side
    reasons: tuple[str, ...]  # the new decision's


@dataclass(frozen=True)
class WhatIf:
    days: int
    posts: int  # posts of the period looked at
    before: dict[str, int]  # answer / review / ignore
    after: dict[str, int]
    changes: tuple[Change, ...]
    seconds: float

    def of_kind(self, kind: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def newly_answered(self) -> list[Change]:
        return self.of_kind("newly answered")

    @property
    def no_longer_answered(self) -> list[Change]:
        return self.of_kind("no longer answered")

    @property
    def another_faq(self) -> list[Change]:
        return self.of_kind("another FAQ")


class _Redecider:
    """Decides recorded posts with one FAQ and one set of thresholds."""

    def __init__(self, store: Store, faq: FaqFile, answers: AnswerSettings):
        entries = tuple(e for e in faq.entries if e.enabled)
        self.matcher = Matcher(entries, learned=learning.learned_of(store))
        self.answers = answers

    def match(self, row: PostRow) -> Match:
        return self.matcher.match(row.new_text, subject=None if row.is_reply else row.topic)

    def decide(self, row: PostRow) -> Decision:
        held = tuple(r for r in row.reasons if r.startswith(_HELD_BACK))
        if row.automated:
            held = ("automatic mail (as recorded)", *held)
        post = Post(
            message_id=row.message_id,
            author=row.author,
            subject=row.subject,
            topic=row.topic,
            new_text=row.new_text,
            body_text=row.new_text,  # only used to tell a quoted-only question; the new text stands in
        )
        if held:  # no need to match what is held back anyway
            return Decision("ignore", row.faq, row.score, held)
        return decide(
            post,
            self.match(row),
            automation=(),
            history=History(),
            settings=self.answers,
            now=row.received_at,
            is_call=_CALL in row.reasons,
        )


def _kind(before: Side, after: Side) -> ChangeKind | None:
    if before.action != "answer" and after.action == "answer":
        return "newly answered"
    if before.action == "answer" and after.action != "answer":
        return "no longer answered"
    if before.action == "answer" and after.action == "answer" and before.faq != after.faq:
        return "another FAQ"
    return None


def compare(
    config: Config,
    store: Store,
    now: datetime,
    days: int = 180,
    faq: FaqFile | None = None,
    answers: AnswerSettings | None = None,
    against: Literal["recorded", "current"] = "recorded",
) -> WhatIf:
    """Decide the posts recorded in the last ``days`` again with ``faq`` and ``answers`` (the config's when
    None) and list what changes; see the module docstring for what "before" is. ``against="current"``:
    "before" is the same posts decided again with the files as they are, so that only the edit's own effect
    shows (the console asks this before a moderator saves)."""
    started = time.perf_counter()
    rows = store.posts_since(now - timedelta(days=days))
    settings = answers or config.settings.answers
    redecider = _Redecider(store, faq or config.faq, settings)
    baseline = _Redecider(store, config.faq, config.settings.answers) if against == "current" else None
    before_counts: Counter[str] = Counter()
    after_counts: Counter[str] = Counter()
    changes: list[Change] = []
    for row in rows:
        if baseline is None:
            before = Side(row.action, row.faq, row.score)
        else:
            old = baseline.decide(row)
            before = Side(old.action, old.faq, old.score)
        new = redecider.decide(row)
        after = Side(new.action, new.faq, new.score)
        before_counts[before.action] += 1
        after_counts[after.action] += 1
        kind = _kind(before, after)
        if kind is not None:
            changes.append(
                Change(kind, row.id, row.message_id, row.subject, row.author, before, after, new.reasons)
            )
    actions: tuple[Action, ...] = ("answer", "review", "ignore")
    return WhatIf(
        days=days,
        posts=len(rows),
        before={a: before_counts[a] for a in actions},
        after={a: after_counts[a] for a in actions},
        changes=tuple(changes),
        seconds=round(time.perf_counter() - started, 3),
    )
