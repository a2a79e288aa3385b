"""The only package that speaks SQL. One SQLite file in WAL mode; versioned migrations (``schema``).

Tables, and the module that reads and writes each:

    inbox           raw posts as received (source_ref unique), until processed        inbox
    imap_state      UIDVALIDITY and last processed UID per mailbox                     inbox
    posts           every post seen, with its decision and reasons (Message-ID unique)  posts
    outbox          every outgoing message, unique idempotency key; answer history     outbox, posts
    calls           the register of calls for submissions                              calls
    call_sources    what each call was read from (posts, threads, links, titles)       calls
    digests         the digest ledger: a period is claimed before sending              calls
    reminders       which reminder (call, days before) went out                        calls
    subscriptions   digest / reminder subscribers, and opt-outs                        people
    reviews         what waits for a moderator                                         reviews
    audit, events, health   who did what; what rate limits count; when sources last worked   audit
    learned, votes  examples moderators taught; members' votes on answers              learning
    tokens, sessions   one-use tokens and console sessions, as hashes                  access

``Store`` is all of them over one connection (open one per thread).
"""

from __future__ import annotations

from listbot.store.access import AccessStore, SessionRow, TokenRow
from listbot.store.audit import AuditRow, AuditStore
from listbot.store.base import iso, storage_fault
from listbot.store.calls import CallStore
from listbot.store.inbox import InboxItem, InboxStore
from listbot.store.learning import LearnedRow, LearningStore
from listbot.store.outbox import OutboxStore, OutMessage
from listbot.store.people import PeopleStore
from listbot.store.posts import PostStore
from listbot.store.reviews import ReviewRow, ReviewStore


class Store(
    InboxStore,
    PostStore,
    OutboxStore,
    CallStore,
    PeopleStore,
    ReviewStore,
    AuditStore,
    LearningStore,
    AccessStore,
):
    """A connection to the state file with every table's methods. Not shared between threads."""


__all__ = [
    "AuditRow",
    "InboxItem",
    "LearnedRow",
    "OutMessage",
    "ReviewRow",
    "SessionRow",
    "Store",
    "TokenRow",
    "iso",
    "storage_fault",
]
