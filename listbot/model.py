"""Frozen values that flow through the pipeline. No IO, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

Action = Literal["answer", "review", "ignore"]
# An outbox row's life: pending -> sending -> sent | shadow | failed | unknown (a crash mid-send);
# held (waiting for a moderator) -> pending | dropped.
OutboxStatus = Literal["pending", "held", "sending", "sent", "shadow", "failed", "unknown", "dropped"]
OutboxKind = Literal["answer", "review", "notice", "alert", "digest", "reminder"]
CallStatus = Literal["open", "review", "closed", "removed"]


@dataclass(frozen=True)
class Post:
    """A list post as the core sees it (built by listbot.core.read from raw bytes).

    Every field has a default, so that a post a reader could not make sense of, and a post written out in
    a test, name only what they know.
    """

    message_id: str = ""  # without angle brackets; "sha256:<hex>" when the post had none
    author: str = ""  # the real author's address, lower-cased (list rewriting undone)
    author_name: str = ""
    from_addr: str = ""  # the From address as it arrived (may be the list's, when rewritten)
    subject: str = ""  # as it arrived, decoded
    topic: str = ""  # subject without list tags and Re:/Fwd: prefixes
    date: datetime | None = None  # timezone-aware; None when missing or unreadable
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    list_id: str | None = None  # the bare id inside <...>, lower-cased
    new_text: str = ""  # the author's own new words: no quotes, signature, footers
    body_text: str = ""  # the whole text body (for diagnostics; never matched against)
    headers: tuple[tuple[str, str], ...] = ()  # automation-related headers, names lower-cased
    content_type: str = "text/plain"
    size: int = 0
    envelope_sender: str | None = None  # Return-Path; "" is the null sender
    defects: tuple[str, ...] = ()  # what reading had to work around

    @property
    def thread_id(self) -> str:
        """The Message-ID that started the thread (first References entry, else In-Reply-To, else own)."""
        if self.references:
            return self.references[0]
        return self.in_reply_to or self.message_id

    def header(self, name: str) -> tuple[str, ...]:
        name = name.lower()
        return tuple(v for k, v in self.headers if k == name)


@dataclass(frozen=True)
class Candidate:
    """One FAQ's best score for a post, and why."""

    faq: str
    score: float
    sentence: str
    words: tuple[str, ...]
    # a learned counter-example of this FAQ that the sentence resembles: answered with it, never; reviewed
    counter: str | None = None
    counter_similarity: float | None = None


@dataclass(frozen=True)
class Match:
    """What the matcher found: the best FAQ, the runner-up, and the evidence."""

    best: Candidate | None
    runner_up: Candidate | None
    questions: tuple[str, ...]  # the author's question/request sentences that were scored
    limits: tuple[str, ...] = ()  # what was left unread because the post was too long (bounded work)

    def explain(self) -> str:
        if self.best is None:
            return (
                "no question or request in the author's new text" if not self.questions else "no FAQ matched"
            )
        text = (
            f"{self.best.faq} {self.best.score:.2f} on {self.best.sentence!r} "
            f"(words: {', '.join(self.best.words) or '-'})"
        )
        if self.runner_up is not None:
            text += f"; runner-up {self.runner_up.faq} {self.runner_up.score:.2f}"
        return text


@dataclass(frozen=True)
class Decision:
    """What to do with a post, and every reason. Logged, stored, then executed."""

    action: Action
    faq: str | None = None
    score: float | None = None
    reasons: tuple[str, ...] = ()
    match: Match | None = None
    breaker: bool = False  # the circuit breaker stopped this answer: the moderators are told

    def as_json(self) -> dict[str, object]:
        return {
            "action": self.action,
            "faq": self.faq,
            "score": None if self.score is None else round(self.score, 3),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class History:
    """What the store knows that the decision needs, gathered before deciding (the core does no IO)."""

    seen: bool = False  # this Message-ID was processed before
    answered_same_faq: bool = False  # (author, best FAQ) answered within the grace period
    author_answers_today: int = 0  # answers to this author in the last 24 hours
    answers_in_window: int = 0  # all answers within the circuit-breaker window
    human_replied: bool = False  # a person other than the author already replied in the thread
    opted_out: bool = False  # the author asked for no automatic answers


@dataclass(frozen=True)
class Deadline:
    """A submission deadline: a date, optionally a time and the timezone the call states."""

    day: date
    at: time | None = None
    timezone: str | None = None  # IANA name, only when the call states one


@dataclass(frozen=True)
class CallInfo:
    """What the extractor read from one post."""

    is_call: bool
    title: str | None = None
    kind: str | None = None  # meeting | congress | essay | newsletter | journal | leadership | other
    organisation: str | None = None
    deadline: Deadline | None = None
    extended: bool = False
    open_ended: bool = False  # the call says it has no deadline ("rolling basis", "open until filled")
    link: str | None = None
    eligibility: str | None = None
    submit_to: str | None = None  # the e-mail address the call asks the work to be sent to
    confidence: float = 0.0
    reasons: tuple[str, ...] = field(default=())
    # the rules and the call model disagree: why a moderator decides before the digest lists it
    held: str | None = None

    @property
    def rules_call(self) -> bool:
        """Whether the call rules alone read a call (the call model disagrees exactly when ``held``)."""
        return self.is_call != (self.held is not None)


@dataclass(frozen=True)
class CallRow:
    """One call in the register (the store's ``calls`` table as a value)."""

    id: str
    title: str
    kind: str = "other"
    organisation: str | None = None
    deadline: date | None = None
    deadline_time: time | None = None
    timezone: str | None = None
    link: str | None = None
    eligibility: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    first_seen: datetime | None = None
    updated_at: datetime | None = None
    previous_deadline: date | None = None
    sequence: int = 0
    status: CallStatus = "open"
    extended: bool = False
    manual: bool = False
    confidence: float = 1.0
    open_ended: bool = False  # the call says it has no deadline ("rolling basis")
    submit_to: str | None = None  # the e-mail address the work goes to, when the call names one


@dataclass(frozen=True)
class Outcome:
    """What happened to one post: the decision, and the outbox keys it queued."""

    source_ref: str
    post: Post | None
    decision: Decision
    queued: tuple[str, ...] = ()
    call: CallInfo | None = None
    duplicate: bool = False
    notes: tuple[str, ...] = field(default=())

    def log_line(self) -> str:
        post = self.post
        parts = [
            f"message_id=<{post.message_id if post else '?'}>",
            f"action={self.decision.action}",
            f"faq={self.decision.faq or '-'}",
            "score=" + ("-" if self.decision.score is None else f"{self.decision.score:.2f}"),
        ]
        if self.queued:
            parts.append("queued=" + ",".join(self.queued))
        if self.call is not None and (self.call.is_call or self.call.held):
            parts.append(f"call={self.call.title!r}" + (" held" if self.call.held else ""))
        parts.append("reasons=" + " | ".join(self.decision.reasons + self.notes))
        return " ".join(parts)
