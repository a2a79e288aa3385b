"""listbot.core.guard: header-level reasons not to speak. Every rule, positive and negative."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from listbot.config import load
from listbot.core.guard import automation_reasons, is_automated
from listbot.core.read import read_post
from listbot.model import Post
from tests.factories import make_post

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load(ROOT / "config" / "listbot.yaml").settings
BOT = SETTINGS.bot.address  # balint-bot@americanbalintsociety.org
LIST_ID = SETTINGS.list.list_id
LIST = SETTINGS.list.address

BASE = make_post(
    message_id="CAF3x9Q1@mail.example.org",
    author="jane@clinic.example.org",
    author_name="Jane Doe",
    from_addr="jane@clinic.example.org",
    subject="[BALINT-L] How do I join?",
    topic="How do I join?",
    new_text="How do I join?",
    headers=(("precedence", "list"), ("list-id", f"Balint-L <{LIST_ID}>"), ("to", LIST)),
    envelope_sender="balint-l-bounces@lists.americanbalintsociety.org",
)


def post(headers: tuple[tuple[str, str], ...] = (), **changes: Any) -> Post:
    return replace(BASE, headers=BASE.headers + headers, **changes)


CASES: list[tuple[str, Post, tuple[str, ...]]] = [
    # the normal input: a copy from our own list, Precedence: list
    ("own list copy may speak", post(), ()),
    ("direct mail without list-id may speak", post(list_id=None, headers=(), envelope_sender=None), ()),
    # sent by the bot itself
    ("x-loop is the bot", post((("x-loop", BOT),)), ("from the bot itself (X-Loop)",)),
    (
        "x-loop bot among several",
        post((("x-loop", "other@x.org"), ("x-loop", f"<{BOT.upper()}>"))),
        ("from the bot itself (X-Loop)",),
    ),
    ("x-loop of someone else", post((("x-loop", "helpdesk@x.org"),)), ()),
    (
        "own message-id",
        post(message_id="listbot.abc123@americanbalintsociety.org"),
        ("from the bot itself (Message-ID)",),
    ),
    ("listbot. id at another domain", post(message_id="listbot.abc@example.org"), ()),
    ("from the bot", post(author=BOT, from_addr=BOT), (f"from the bot itself (From: {BOT})",)),
    # bounces
    ("null sender", post(envelope_sender=""), ("bounce: null sender (Return-Path: <>)",)),
    ("no return-path is not null", post(envelope_sender=None), ()),
    ("multipart/report", post(content_type="multipart/report"), ("bounce: multipart/report",)),
    ("multipart/mixed", post(content_type="multipart/mixed"), ()),
    (
        "mailer-daemon",
        post(author="mailer-daemon@mx.example.org", from_addr="MAILER-DAEMON@mx.example.org"),
        ("bounce: from mailer-daemon@mx.example.org",),
    ),
    (
        "postmaster",
        post(author="postmaster@x.org", from_addr="postmaster@x.org"),
        ("bounce: from postmaster@x.org",),
    ),
    ("x-failed-recipients", post((("x-failed-recipients", "a@x.org"),)), ("bounce: X-Failed-Recipients",)),
    # auto-submitted
    (
        "auto-submitted auto-replied",
        post((("auto-submitted", "auto-replied"),)),
        ("auto-submitted: auto-replied",),
    ),
    (
        "auto-submitted auto-generated with params",
        post((("auto-submitted", "Auto-Generated; owner-email=x"),)),
        ("auto-submitted: auto-generated",),
    ),
    ("auto-submitted no", post((("auto-submitted", "no"),)), ()),
    # x-auto-response-suppress
    ("suppress OOF", post((("x-auto-response-suppress", "OOF"),)), ("x-auto-response-suppress: OOF",)),
    ("suppress All", post((("x-auto-response-suppress", "All"),)), ("x-auto-response-suppress: All",)),
    (
        "suppress list",
        post((("x-auto-response-suppress", "DR, AutoReply"),)),
        ("x-auto-response-suppress: Autoreply",),
    ),
    ("suppress DR only", post((("x-auto-response-suppress", "DR, RN, NRN"),)), ()),
    # x-autoreply / x-autorespond
    ("x-autoreply", post((("x-autoreply", "yes"),)), ("x-autoreply: yes",)),
    ("x-autorespond", post((("x-autorespond", ""),)), ("x-autorespond: present",)),
    # precedence
    ("precedence bulk", post(headers=(("precedence", "bulk"),)), ("precedence: bulk",)),
    ("precedence junk", post(headers=(("precedence", "Junk"),)), ("precedence: junk",)),
    ("precedence auto_reply", post(headers=(("precedence", "auto_reply"),)), ("precedence: auto_reply",)),
    ("precedence list is normal", post(headers=(("precedence", "list"),)), ()),
    # out-of-office subjects
    *[
        (f"ooo subject {s!r}", post(subject=s), ("out-of-office subject",))
        for s in (
            "Out of Office: How do I join?",
            "Automatic reply: [BALINT-L] How do I join?",
            "Auto-Reply: How do I join?",
            "Autoreply: Re: dues",
            "[BALINT-L] Out of office",
            "Abwesenheitsnotiz: Mitgliedschaft",
            "Réponse automatique : adhésion",
            "Respuesta automática: cuota",
            "Resposta automática: Re: x",
            "Absence du bureau",
            "On vacation until May 5",
            "Away from the office",
            "Afwezig: lidmaatschap",
            "Frånvaro: medlemskap",
            "Re: dues (Out of Office)",
        )
    ],
    *[
        (f"normal subject {s!r}", post(subject=s), ())
        for s in (
            "Re: Leading a group about absence of empathy",
            "Office hours for new leaders",
            "Absent-minded question about dues",
            "Automatic enrollment in the Balint Basics course?",
        )
    ],
    # the sender (the real author) looks automated
    *[
        (f"automated sender {a}", post(author=a, from_addr=a), (f"sender looks automated: {a}",))
        for a in (
            "owner-balint-l@lists.americanbalintsociety.org",
            "balint-l-owner@lists.americanbalintsociety.org",
            "balint-l-request@lists.americanbalintsociety.org",
            "listserv@lists.americanbalintsociety.org",
            "noreply@zoom.us",
            "no-reply@accounts.example.com",
            "donotreply@example.org",
            "bounce@example.org",
            "bounces+123@example.org",
            "balint-l-bounces@lists.americanbalintsociety.org",
        )
    ],
    (
        "person named like a robot part",
        post(author="requester.jones@x.org", from_addr="requester.jones@x.org"),
        (),
    ),
    (
        "listserv dmarc rewriting with the real author recovered",
        post(
            author="jane@clinic.example.org",
            from_addr="balint-l-dmarc-request@lists.americanbalintsociety.org",
        ),
        (),
    ),
    (
        "listserv dmarc rewriting, author unknown",
        post(
            author="balint-l-dmarc-request@lists.americanbalintsociety.org",
            from_addr="balint-l-dmarc-request@lists.americanbalintsociety.org",
        ),
        (
            "sender looks automated: balint-l-dmarc-request@lists.americanbalintsociety.org "
            "(list rewriting hid the real author)",
        ),
    ),
    ("mailman rewriting: judge the author not the list", post(from_addr=LIST), ()),
    # list-id
    ("another list", post(list_id="foo.example.com"), ("list-id of another list: foo.example.com",)),
    ("our list", post(list_id=LIST_ID), ()),
    ("no list-id", post(list_id=None), ()),
    # several at once, in checklist order
    (
        "vacation responder",
        post(
            (("auto-submitted", "auto-replied"), ("x-autoreply", "yes")),
            subject="Out of Office",
            list_id=None,
            envelope_sender="",
        ),
        (
            "bounce: null sender (Return-Path: <>)",
            "auto-submitted: auto-replied",
            "x-autoreply: yes",
            "out-of-office subject",
        ),
    ),
]


@pytest.mark.parametrize(("name", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_automation_reasons(name: str, given: Post, expected: tuple[str, ...]) -> None:
    """Each rule gives its reason when it holds, and nothing when it does not."""
    assert expected == automation_reasons(given, SETTINGS)
    assert bool(expected) == is_automated(given, SETTINGS)


SAMPLES = ROOT / "listbot" / "samples"
SAMPLE_CASES = [
    ("01-membership-dues.eml", False),
    ("06-out-of-office.eml", True),
    ("07-call-for-submissions.eml", False),
    ("08-bot-answer-returns.eml", True),
    ("09-thanks.eml", False),
]


@pytest.mark.parametrize(("name", "automated"), SAMPLE_CASES)
def test_shipped_samples(name: str, automated: bool) -> None:
    """read + guard on the shipped samples: list copies pass, the bot's own answer and an OOO do not."""
    given = read_post((SAMPLES / name).read_bytes())

    assert automated == is_automated(given, SETTINGS)
