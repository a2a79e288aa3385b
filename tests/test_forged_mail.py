"""Forged and hostile mail to the bot, through its real LMTP listener, with a real aiosmtpd sink as the relay.

`listbot run` (source LMTP, review mode, security.authserv_id set) runs as a child process. Each test
delivers what an attacker could send and asserts what reached the sink and what the state file holds.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from listbot.app import access
from listbot.app.reload import LiveConfig
from listbot.config import load
from listbot.store import Store
from listbot.store.base import iso
from listbot.web.app import Console, create_app
from tests.servers import (
    BOT_ADDRESS,
    LIST_ADDRESS,
    LIST_ID,
    DaemonProcess,
    SmtpSink,
    free_port,
    settled,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.integration

AUTHSERV = "mx.lists.example.org"
MOD = "moderators@example.org"
CURRICULUM = "Where can I find the Balint Basics curriculum materials on the website?"
ORG_CHART = (
    "Is there an organizational chart of the ABS showing which committees are looking for new members?"
)


class Bot:
    """The running bot, and how to mail it."""

    def __init__(self, config: Path, daemon: DaemonProcess, sink: SmtpSink, lmtp_port: int):
        self.config, self.daemon, self.sink, self.lmtp_port = config, daemon, sink, lmtp_port
        self.state = config.parent / "state" / "listbot.sqlite3"

    def deliver(self, raw: bytes, sender: str = "someone@example.org") -> None:
        with smtplib.LMTP("127.0.0.1", self.lmtp_port) as client:
            client.sendmail(sender, [BOT_ADDRESS], raw)

    def decided(self, *mids: str) -> None:
        def done() -> bool:
            with Store(self.state) as store:
                return all(store.post_row(m) is not None for m in mids)

        wait_until(done, 20, f"{len(mids)} post(s) to be decided")
        wait_until(lambda: settled(self.state, self.sink), 20, "the outbox to settle", every=0.1)

    def reasons(self, mid: str) -> tuple[str, ...]:
        with Store(self.state) as store:
            row = store.post_row(mid)
        assert row is not None
        return row.reasons

    def store(self) -> Store:
        return Store(self.state)

    def mails(self, to: str | None = None, subject: str = "") -> list:  # type: ignore[type-arg]
        parsed = [(m, message_from_bytes(m.data, policy=default)) for m in self.sink.messages()]
        return [p for m, p in parsed if (to is None or to in m.rcpt_tos) and subject in (p["Subject"] or "")]


@pytest.fixture
def bot(tmp_path: Path, sink: SmtpSink, daemon_factory) -> Iterator[Bot]:  # type: ignore[no-untyped-def]
    lmtp_port = free_port()
    extra = (
        f"security:\n  authserv_id: {AUTHSERV}\n  replies_per_address_per_day: 3\n  replies_per_hour: 30\n"
    )
    config = write_config(
        tmp_path / "bot",
        None,
        sink,
        mode="review",
        lmtp_port=lmtp_port,
        console_port=free_port(),
        extra=extra,
    )
    text = config.read_text().replace("base_url: http://", "base_url: https://")
    config.write_text(text)
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready(marker="listening for LMTP")
    yield Bot(config, daemon, sink, lmtp_port)
    daemon.terminate()


def to_bot(
    sender: str, subject: str, body: str, *, mid: str | None = None, headers: str = ""
) -> tuple[str, bytes]:
    mid = mid or make_msgid(domain="example.org").strip("<>")
    raw = (
        f"{headers}From: {sender}\r\nTo: {BOT_ADDRESS}\r\nSubject: {subject}\r\n"
        f"Date: {format_datetime(datetime.now(UTC))}\r\nMessage-ID: <{mid}>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    return mid, raw.encode()


def question(bot: Bot, author: str, text: str) -> tuple[str, object]:
    """A list post the bot holds for review; (its Message-ID, the review mail the moderators got)."""
    mid = make_msgid(domain="members.example.org").strip("<>")
    raw = (
        f"From: A Member <{author}>\r\nTo: {LIST_ADDRESS}\r\nSubject: [BALINT-L] A question\r\n"
        f"Date: {format_datetime(datetime.now(UTC))}\r\nMessage-ID: <{mid}>\r\n"
        f"List-Id: Balint-L <{LIST_ID}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    ).encode()
    bot.deliver(raw, sender="owner-balint-l@lists.example.org")
    bot.decided(mid)
    [review] = [m for m in bot.mails(MOD, "[listbot review]") if mid in m.get_body(("plain",)).get_content()]
    return mid, review


def approve(
    review, extra_subject: str = "", auth: str = "", in_reply_to: str | None = None
) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    headers = auth
    reply_to = in_reply_to or review["Message-ID"].strip("<>")
    headers += f"In-Reply-To: <{reply_to}>\r\nReferences: <{reply_to}>\r\n"
    return to_bot(
        MOD, "Re: " + review["Subject"] + extra_subject, "approve\r\n\r\nLooks right.", headers=headers
    )


def ar(result: str, authserv: str = AUTHSERV) -> str:
    return f"Authentication-Results: {authserv}; spf=pass smtp.mailfrom=example.org; dkim=none; dmarc={result} header.from=example.org\r\n"


def held(bot: Bot, mid: str) -> str:
    with bot.store() as store:
        row = store.outbox_get(f"answer:{mid}")
    assert row is not None
    return row.status


def answers_to(bot: Bot, author: str) -> list:  # type: ignore[type-arg]
    return [m for m in bot.mails(author) if (m["Auto-Submitted"] or "").startswith("auto-replied")]


def test_a_forged_approve_without_the_code_releases_nothing(bot: Bot) -> None:
    """From a moderator, In-Reply-To the review mail (public information): no code, no release, no reply."""
    mid, review = question(bot, "ann@example.org", CURRICULUM)
    forged_mid, forged = to_bot(
        MOD, "Re: [listbot review] balint-basics", "approve",
        headers=ar("pass") + f"In-Reply-To: {review['Message-ID']}\r\n",
    )  # fmt: skip
    before = len(bot.sink.messages())

    bot.deliver(forged)
    bot.decided(forged_mid)

    assert "held" == held(bot, mid)
    assert before == len(bot.sink.messages())
    assert any("no approval code" in r for r in bot.reasons(forged_mid))


def test_approve_with_the_code_and_dmarc_pass_releases_once_and_a_replay_is_refused(bot: Bot) -> None:
    mid, review = question(bot, "ben@example.org", CURRICULUM)
    good_mid, good = approve(review, auth=ar("pass"))
    bot.deliver(good)
    bot.decided(good_mid)
    wait_until(lambda: len(answers_to(bot, "ben@example.org")) == 1, 15, "the released answer")

    replay_mid, replay = approve(review, auth=ar("pass"))
    bot.deliver(replay)
    bot.decided(replay_mid)

    assert "sent" == held(bot, mid)
    assert 1 == len(answers_to(bot, "ben@example.org"))
    assert any("used already" in r for r in bot.reasons(replay_mid))


def test_the_code_is_not_enough_without_proof_of_the_moderators_domain(bot: Bot) -> None:
    """authserv_id is set: DMARC fail in the trusted header refuses; a forged 'pass' header below the
    trusted one is ignored; a header from another server on top is not trusted."""
    mid, review = question(bot, "cy@example.org", CURRICULUM)
    cases = {
        "dmarc fail": ar("fail"),
        "forged pass below": ar("fail") + ar("pass"),
        "another server on top": ar("pass", "mx.evil.example") + ar("pass"),
        "no header": "",
    }
    mids = {}
    for name, headers in cases.items():
        attempt_mid, attempt = approve(review, auth=headers)
        bot.deliver(attempt)
        mids[name] = attempt_mid
    bot.decided(*mids.values())

    assert "held" == held(bot, mid)
    assert [] == answers_to(bot, "cy@example.org")
    for name, attempt_mid in mids.items():
        assert any("is not proven by" in r for r in bot.reasons(attempt_mid)), (
            name,
            bot.reasons(attempt_mid),
        )


def test_an_expired_code_and_a_code_for_another_held_answer_are_refused(bot: Bot) -> None:
    first_mid, first = question(bot, "dee@example.org", CURRICULUM)
    second_mid, second = question(bot, "eve@example.org", ORG_CHART)
    second_code = second["Subject"].rsplit("approve: ", 1)[1].rstrip("]")
    # the first answer's review mail, replied to with the second answer's code
    crossed_mid, crossed = approve(first, extra_subject=f" approve: {second_code}", auth=ar("pass"))
    crossed = crossed.replace(first["Subject"].encode(), b"[listbot review] x")
    bot.deliver(crossed)
    bot.decided(crossed_mid)
    with bot.store() as store:  # a week later: the code has expired
        store.db.execute(
            "UPDATE tokens SET expires_at = ? WHERE purpose = 'approve'",
            (iso(datetime.now(UTC) - timedelta(minutes=1)),),
        )
    late_mid, late = approve(first, auth=ar("pass"))
    bot.deliver(late)
    bot.decided(late_mid)

    assert ("held", "held") == (held(bot, first_mid), held(bot, second_mid))
    assert any("another held answer" in r for r in bot.reasons(crossed_mid)), bot.reasons(crossed_mid)
    assert any("expired" in r for r in bot.reasons(late_mid)), bot.reasons(late_mid)


def test_forged_subscriptions_mail_each_victim_at_most_once_and_subscribe_nobody(bot: Bot) -> None:
    """100 'subscribe digest' requests forged for 50 victims: one confirmation each at most, no subscription."""
    victims = [f"victim{i}@example.net" for i in range(50)]
    mids = []
    for _ in range(2):
        for victim in victims:
            mid, raw = to_bot(victim, "subscribe digest", "")
            mids.append(mid)
            bot.deliver(raw, sender="attacker@example.com")
    bot.decided(*mids)

    per_victim = {v: len(bot.mails(v, "Confirm")) for v in victims}
    assert max(per_victim.values()) <= 1
    assert sum(per_victim.values()) <= 30  # the hourly cap of replies holds too
    with bot.store() as store:
        assert [] == store.subscribers("digest")


def test_a_flood_of_help_requests_meets_the_caps(bot: Bot) -> None:
    one = [to_bot("flooder@example.com", "help", "") for _ in range(10)]
    many = [to_bot(f"person{i}@example.com", "help", "") for i in range(40)]
    for _, raw in one + many:
        bot.deliver(raw)
    bot.decided(*(mid for mid, _ in one + many))

    assert 3 == len(bot.mails("flooder@example.com"))
    assert len(bot.sink.messages()) <= 30
    with bot.store() as store:
        refused = [
            r for mid, _ in one + many for r in store.post_row(mid).reasons if r.startswith("no reply")
        ]  # type: ignore[union-attr]
    assert len(refused) >= 20


def test_a_tampered_one_click_unsubscribe_is_refused(bot: Bot) -> None:
    config = load(bot.config)
    with bot.store() as store:
        store.subscribe("reader@example.org", "digest", datetime.now(UTC))
    link = access.unsubscribe_link(config, "reader@example.org", "digest")
    assert link is not None
    client = TestClient(create_app(Console(LiveConfig(config))), base_url=config.settings.console.base_url)
    path = link.removeprefix(config.settings.console.base_url)
    token = path.rsplit("/", 1)[1]

    for forged in (token[:-2] + "xx", token.replace(token.split(".")[0], "b3RoZXJAZXhhbXBsZS5vcmc")):
        assert (
            400 == client.post(f"/unsubscribe/{forged}", data={"List-Unsubscribe": "One-Click"}).status_code
        )
    with bot.store() as store:
        assert ["reader@example.org"] == store.subscribers("digest")
