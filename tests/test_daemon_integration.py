"""`listbot run` against real servers on loopback: a private Dovecot (IMAP, LMTP, Sieve) and an aiosmtpd sink.

The daemon runs as a child process with a test config (mode live, answers.wait_minutes 0, imap.security none).
Posts are APPENDed to the bot's mailbox as the list would deliver its copy. What reaches the sink is what
the bot sent. The questions are ones the matcher answers confidently; if one of those assertions fails
because the matcher chose differently, that is a matcher finding, not a reason to loosen the test.
"""

from __future__ import annotations

import smtplib
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path

import pytest

from listbot.store import Store
from tests.servers import (
    BOT_ADDRESS,
    BOT_PASSWORD,
    BOT_USER,
    LIST_ID,
    MEMBER,
    REPO,
    DaemonProcess,
    Dovecot,
    Received,
    SmtpSink,
    free_port,
    list_copy,
    wait_settled,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.integration

CURRICULUM = "Where can I find the Balint Basics curriculum materials on the website?"
ORG_CHART = (
    "Is there an organizational chart of the ABS showing which committees are looking for new members?"
)
QUESTIONS = (CURRICULUM, ORG_CHART)
OFF_TOPIC = (
    "Our group met on Tuesday and we talked about a difficult patient encounter. It went well and\r\n"
    "the residents were engaged. Looking forward to the spring meeting."
)
OUT_OF_OFFICE_HEADERS = "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n"
OUT_OF_OFFICE = "I am out of the office until Monday with limited access to email."


def parse(data: bytes) -> Message:
    return message_from_bytes(data, policy=default_policy)


def answers_to(sink: SmtpSink, message_id: str) -> list[Received]:
    return [m for m in sink.messages() if f"<{message_id}>" in (parse(m.data)["In-Reply-To"] or "")]


def STATE(config: Path) -> Path:  # noqa: N802 - reads as a constant of the config
    return config.parent / "state" / "listbot.sqlite3"


def state(config: Path) -> Store:
    return Store(STATE(config))


def wait_decided(config: Path, message_ids: list[str], timeout: float = 20.0) -> dict[str, dict]:
    """Until every post is recorded with its decision; returns the decisions."""
    found: dict[str, dict] = {}

    def all_decided() -> bool:
        with state(config) as store:
            for mid in message_ids:
                if mid not in found:
                    decision = store.decision_of(mid)
                    if decision is not None:
                        found[mid] = decision
        return len(found) == len(message_ids)

    wait_until(all_decided, timeout, f"{len(message_ids)} post(s) to be decided", every=0.1)
    return found


@pytest.fixture
def config(tmp_path: Path, dovecot: Dovecot, sink: SmtpSink) -> Path:
    """The daemon under test runs with the console on, as a deployment with moderators would."""
    return write_config(tmp_path / "listbot", dovecot, sink, console_port=free_port())


@pytest.fixture
def daemon(config: Path, daemon_factory) -> DaemonProcess:
    process = daemon_factory(config)
    process.start()
    process.wait_ready()
    return process


def test_faq_question_gets_one_answer_with_the_designed_headers(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path
) -> None:
    """One FAQ question, one answer, to the author only, with every header DESIGN.md lists; an off-topic
    post and an out-of-office get nothing."""
    question_id, question = list_copy(
        "ann@example.org", "[BALINT-L] Curriculum", CURRICULUM, name="Ann Smith"
    )
    other_id, other = list_copy("bob@example.org", "Tuesday group", OFF_TOPIC)
    away_id, away = list_copy(
        "carl@example.org",
        "Automatic reply: Tuesday group",
        OUT_OF_OFFICE,
        extra_headers=OUT_OF_OFFICE_HEADERS,
    )
    for raw in (question, other, away):
        dovecot.append(BOT_USER, raw)

    sink.wait_for(1, timeout=15)
    decisions = wait_decided(config, [question_id, other_id, away_id])
    wait_settled(STATE(config), sink)  # anything else would have reached the sink by now

    [answer] = sink.messages()
    msg = parse(answer.data)
    assert ("<>", ("ann@example.org",)) == (answer.mail_from, answer.rcpt_tos)
    assert BOT_ADDRESS == msg["From"].addresses[0].addr_spec
    assert msg["From"].addresses[0].display_name  # names the service
    assert ["ann@example.org"] == [a.addr_spec for a in msg["To"].addresses]
    assert msg["Cc"] is None and msg["Bcc"] is None
    assert "Re: [BALINT-L] Curriculum" == msg["Subject"] or "Re: Curriculum" == msg["Subject"]
    assert f"<{question_id}>" == msg["In-Reply-To"]
    assert f"<{question_id}>" in msg["References"]
    assert "auto-replied" == msg["Auto-Submitted"]
    assert "All" == msg["X-Auto-Response-Suppress"]
    assert "bulk" == msg["Precedence"]
    assert BOT_ADDRESS == msg["X-Loop"]
    assert msg["Message-ID"].strip("<>").endswith("@example.org")
    first_text = next(part for part in msg.walk() if not part.is_multipart())
    assert "text/plain" == first_text.get_content_type()
    assert "answer" == decisions[question_id]["action"]
    assert "balint-basics" == decisions[question_id]["faq"]
    assert "answer" != decisions[other_id]["action"]
    assert "ignore" == decisions[away_id]["action"]
    log = daemon.log_text()
    assert f"message_id=<{question_id}> action=answer faq=balint-basics" in log
    assert "bot-secret" not in log  # the IMAP password never reaches the log
    assert 0 == daemon.terminate()


def test_kill_9_during_a_batch_then_restart_answers_each_post_exactly_once(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path, daemon_factory
) -> None:
    """SIGKILL amid 50 posts; after a restart no post is answered twice and none is missed.

    SMTP cannot make delivery exactly-once. The outbox claims a row ('sending', committed) before the relay
    sees it, and a restart never resends a claimed row: it becomes 'unknown'. So a kill can cost at most the
    one answer in flight (if the relay had not taken it yet), and can never send one twice. This test kills
    right after the sink accepts a message, inside that window.
    """
    posts = [
        list_copy(f"member{i:02d}@example.org", f"Question {i}", QUESTIONS[i % 2], name=f"Member {i}")
        for i in range(50)
    ]
    for _, raw in posts:
        dovecot.append(BOT_USER, raw)
    sink.wait_for(5, timeout=30)
    daemon.kill9()
    at_kill = len(sink.messages())

    again = daemon_factory(config)
    again.start()
    again.wait_ready()
    decisions = wait_decided(config, [mid for mid, _ in posts], timeout=60)
    answerable = [mid for mid, _ in posts if decisions[mid]["action"] == "answer"]
    distinct = lambda ms: {parse(m.data)["Message-ID"] for m in ms}  # noqa: E731
    # One answer may be lost with the kill (never doubled): wait for the rest, then let the outbox settle.
    sink.wait_for(lambda ms: len(distinct(ms)) >= len(answerable) - 1, timeout=30)
    wait_settled(STATE(config), sink, timeout=30)

    delivered = sink.messages()
    answers_per_post: dict[str, set[str]] = {}
    for m in delivered:
        msg = parse(m.data)
        answers_per_post.setdefault(msg["In-Reply-To"].strip("<>"), set()).add(msg["Message-ID"])
    assert 0 < at_kill < 50, "the kill should land in the middle of the batch"
    assert 50 == len(answerable), f"matcher: {50 - len(answerable)} of the 50 FAQ questions not answered"
    assert len(delivered) == len({parse(m.data)["Message-ID"] for m in delivered}), "an answer went out twice"
    assert all(1 == len(ids) for ids in answers_per_post.values())
    with state(config) as store:
        statuses = {r.key: r.status for r in store.outbox_all("answer")}
    missing = [mid for mid in answerable if mid not in answers_per_post]
    assert len(missing) <= 1, f"only the answer in flight at the kill may be lost: {missing}"
    assert all("unknown" == statuses[f"answer:{mid}"] for mid in missing)
    assert set(statuses.values()) <= {"sent", "unknown"} and list(statuses.values()).count("unknown") <= 1
    assert 0 == again.terminate()


def test_sigterm_amid_a_batch_finishes_cleanly_and_a_restart_completes_it(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path, daemon_factory
) -> None:
    """SIGTERM while 20 posts are being handled: exit 0 within seconds, no post marked failed, and after a
    restart each post is answered exactly once (a clean stop leaves no message in flight)."""
    posts = [list_copy(f"ola{i:02d}@example.org", f"Question {i}", QUESTIONS[i % 2]) for i in range(20)]
    for _, raw in posts:
        dovecot.append(BOT_USER, raw)
    sink.wait_for(2, timeout=30)

    started = time.monotonic()
    assert 0 == daemon.terminate()
    stopped_in = time.monotonic() - started
    again = daemon_factory(config)
    again.start()
    again.wait_ready()
    wait_decided(config, [mid for mid, _ in posts], timeout=60)
    sink.wait_for(20, timeout=30)
    wait_settled(STATE(config), sink)

    per_post = Counter(parse(m.data)["In-Reply-To"].strip("<>") for m in sink.messages())
    assert stopped_in < 5
    assert {mid: 1 for mid, _ in posts} == dict(per_post)
    with state(config) as store:
        errors = store.db.execute("SELECT count(*) FROM inbox WHERE error IS NOT NULL").fetchone()[0]
    assert 0 == errors
    assert 0 == again.terminate()


def test_dovecot_down_for_10_seconds_while_posts_arrive(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path
) -> None:
    """Dovecot stops, posts land in the mailbox meanwhile, Dovecot returns: the daemon reconnects."""
    first_id, first = list_copy("dora@example.org", "Curriculum", CURRICULUM)
    dovecot.append(BOT_USER, first)
    sink.wait_for(1, timeout=15)
    wait_settled(STATE(config), sink)

    dovecot.stop()
    assert 1 == len(sink.messages())
    during = [list_copy(f"late{i}@example.org", f"Question {i}", QUESTIONS[i % 2]) for i in range(3)]
    for _, raw in during:
        dovecot.drop_into_maildir(BOT_USER, raw)  # the MTA keeps delivering while IMAP is down
    # down until the daemon has tried, and failed, to reconnect twice
    wait_until(lambda: daemon.log_text().count("reconnecting in") >= 2, 30, "two failed reconnects")
    dovecot.start()

    sink.wait_for(4, timeout=45)
    wait_settled(STATE(config), sink)
    per_post = Counter(parse(m.data)["In-Reply-To"].strip("<>") for m in sink.messages())
    assert {mid: 1 for mid in [first_id] + [mid for mid, _ in during]} == dict(per_post)
    log = daemon.log_text()
    assert "reconnecting in" in log
    assert "imap: reconnected" in log
    assert 0 == daemon.terminate()


def test_answers_wait_in_the_outbox_while_the_relay_is_down(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path
) -> None:
    """SMTP sink stopped: answers stay pending with attempts counted; when it is back they go out, once."""
    sink.stop()
    posts = [list_copy(f"eve{i}@example.org", f"Question {i}", QUESTIONS[i % 2]) for i in range(2)]
    for _, raw in posts:
        dovecot.append(BOT_USER, raw)

    def retried(attempts: int = 1) -> bool:
        with state(config) as store:
            rows = store.outbox_all("answer")
        return len(rows) == 2 and all(r.status == "pending" and r.attempts >= attempts for r in rows)

    wait_until(retried, 20, "both answers to fail at least once")
    wait_until(lambda: retried(attempts=2), 20, "both answers to fail a second time, after a backoff")
    sink.start()
    sink.wait_for(2, timeout=20)
    wait_settled(STATE(config), sink)

    per_post = Counter(parse(m.data)["In-Reply-To"].strip("<>") for m in sink.messages())
    assert {mid: 1 for mid, _ in posts} == dict(per_post)
    with state(config) as store:
        assert {"sent"} == {r.status for r in store.outbox_all("answer")}
    assert 0 == daemon.terminate()


def test_vacation_responder_member_no_loop(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path
) -> None:
    """A member with a Sieve vacation responder asks a FAQ: the bot's answer draws at most one vacation reply,
    and a vacation reply reaching the bot (directly or through the list) is never answered."""
    question_id, question = list_copy(MEMBER, "Curriculum", CURRICULUM, name="Vera Cation")
    dovecot.append(BOT_USER, question)
    [answer] = sink.wait_for(1, timeout=15)
    assert (MEMBER,) == answer.rcpt_tos

    # The relay delivers the bot's answer to the member's mailbox, twice (an MTA retry); Sieve runs.
    for _ in range(2):
        dovecot.deliver_lmtp("", [MEMBER], answer.data)
        dovecot.deliver_lmtp("bounces@example.org", [MEMBER], answer.data)  # a non-null envelope sender too
    answer_mid = parse(answer.data)["Message-ID"]
    wait_until(  # Sieve decides during each delivery and logs it; a reply it sends is submitted by then
        lambda: dovecot.log_text().count(f"msgid={answer_mid}: vacation action") >= 4,
        10,
        "Sieve's four decisions",
    )
    vacation_to_bot = [
        m for m in sink.messages()[1:] if "vacation" in (parse(m.data)["Auto-Submitted"] or "")
    ]
    assert len(vacation_to_bot) <= 1

    # A real vacation reply (to a person's private mail) reaching the bot, directly and as a list copy.
    dovecot.deliver_lmtp(
        "bob@example.org",
        [MEMBER],
        b"From: Bob <bob@example.org>\r\nTo: "
        + MEMBER.encode()
        + b"\r\nSubject: Where can I find the Balint Basics curriculum?\r\nMessage-ID: <b1@example.org>"
        + b"\r\n\r\n"
        + CURRICULUM.encode()
        + b"\r\n",
    )
    [vacation] = sink.wait_for(
        lambda ms: any("vacation" in (parse(m.data)["Auto-Submitted"] or "") for m in ms), timeout=10
    )[-1:]
    before = len(sink.messages())
    vacation_id = parse(vacation.data)["Message-ID"].strip("<>")
    as_list_copy = (f"List-Id: Balint-L <{LIST_ID}>\r\nSender: owner-balint-l@lists.example.org\r\n").encode()
    dovecot.append(BOT_USER, vacation.data.replace(b"To: <bob@example.org>", f"To: <{BOT_ADDRESS}>".encode()))
    decisions = wait_decided(config, [vacation_id])
    relayed = vacation.data.replace(vacation_id.encode(), b"relayed-" + vacation_id.encode())
    dovecot.append(BOT_USER, as_list_copy + relayed)
    decisions |= wait_decided(config, ["relayed-" + vacation_id])
    wait_settled(STATE(config), sink)

    assert before == len(sink.messages())
    assert {"ignore"} == {d["action"] for d in decisions.values()}
    with state(config) as store:
        assert [f"answer:{question_id}"] == [r.key for r in store.outbox_all()]
    assert 0 == daemon.terminate()


def test_the_bots_own_answer_coming_back_through_the_list_is_ignored(
    daemon: DaemonProcess, dovecot: Dovecot, sink: SmtpSink, config: Path
) -> None:
    """The bot's answer, redistributed by the list (List-Id added), is recorded and not answered."""
    _, question = list_copy("fay@example.org", "Org chart", ORG_CHART)
    dovecot.append(BOT_USER, question)
    [answer] = sink.wait_for(1, timeout=15)
    answer_id = parse(answer.data)["Message-ID"].strip("<>")

    returned = (
        f"List-Id: Balint-L <{LIST_ID}>\r\nSender: owner-balint-l@lists.example.org\r\n".encode()
        + answer.data
    )
    dovecot.append(BOT_USER, returned)
    decision = wait_decided(config, [answer_id])[answer_id]
    wait_settled(STATE(config), sink)

    assert 1 == len(sink.messages())
    assert "ignore" == decision["action"]
    with state(config) as store:
        assert 1 == len(store.outbox_all())
    assert 0 == daemon.terminate()


def test_shadow_mode_writes_the_answer_to_the_maildir_and_sends_nothing(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """mode shadow: the would-be answer is in shadow-maildir beside the state file; the relay gets nothing."""
    config = write_config(tmp_path / "shadow", dovecot, sink, mode="shadow")
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready()
    question_id, question = list_copy("gil@example.org", "Curriculum", CURRICULUM)

    dovecot.append(BOT_USER, question)
    maildir = config.parent / "state" / "shadow-maildir" / "new"
    wait_until(lambda: maildir.exists() and any(maildir.iterdir()), 15, "the shadow Maildir")
    wait_settled(STATE(config), sink)

    [shadow] = list(maildir.iterdir())
    assert f"<{question_id}>" == parse(shadow.read_bytes())["In-Reply-To"]
    assert [] == sink.messages()
    assert 0 == daemon.terminate()


def test_human_first_wait_drops_the_answer_when_a_person_replies(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """live, answers.wait_minutes 0.05 (3 s): a colleague's reply in the thread within the wait drops it."""
    config = write_config(tmp_path / "wait", dovecot, sink, wait_minutes=0.05)
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready()
    question_id, question = list_copy("hal@example.org", "Curriculum", CURRICULUM)
    _, reply = list_copy(
        "ida@example.org",
        "Re: Curriculum",
        "It is under Members Only > Documents.",
        extra_headers=f"In-Reply-To: <{question_id}>\r\nReferences: <{question_id}>\r\n",
    )

    dovecot.append(BOT_USER, question)
    dovecot.append(BOT_USER, reply)

    def settled() -> bool:
        with state(config) as store:
            row = store.outbox_get(f"answer:{question_id}")
        return row is not None and row.status != "pending"

    wait_until(settled, 15, "the answer to be sent or dropped")
    with state(config) as store:
        assert "dropped" == store.outbox_get(f"answer:{question_id}").status
    assert [] == sink.messages()
    assert 0 == daemon.terminate()


def test_once_catches_up_answers_and_exits(
    config: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """`listbot run --once`: what arrived while it was down is read, decided, answered; then it exits 0."""
    question_id, question = list_copy("kim@example.org", "Org chart", ORG_CHART)
    dovecot.append(BOT_USER, question)
    daemon = daemon_factory(config)

    daemon.start("--once")
    code = daemon.process.wait(60)

    assert 0 == code, daemon.log_text()
    [answer] = sink.messages()
    assert f"<{question_id}>" == parse(answer.data)["In-Reply-To"]


def test_catch_up_after_downtime_records_old_posts_without_answering(
    config: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """Posts that arrived while listbot was down: a fresh one is answered, one older than answers.backlog_hours
    (24 h) is recorded and not answered -- the catch-up decides with the real current time."""
    old_id, old = list_copy(
        "lea@example.org", "Curriculum", CURRICULUM, date=datetime.now(UTC) - timedelta(hours=30)
    )
    new_id, new = list_copy("max@example.org", "Org chart", ORG_CHART)
    dovecot.append(BOT_USER, old)
    dovecot.append(BOT_USER, new)
    daemon = daemon_factory(config)

    daemon.start()
    daemon.wait_ready()
    decisions = wait_decided(config, [old_id, new_id])
    [answer] = sink.wait_for(1, timeout=15)
    wait_settled(STATE(config), sink)

    assert f"<{new_id}>" == parse(answer.data)["In-Reply-To"]
    assert 1 == len(sink.messages())
    assert "answer" != decisions[old_id]["action"]
    assert any("backlog" in reason for reason in decisions[old_id]["reasons"])
    assert 0 == daemon.terminate()


def test_circuit_breaker_stops_answering_and_alerts_the_moderators_once(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """answers.breaker.max_answers 1: the first question is answered, the next ones are not, and the
    moderators get one alert mail."""
    config = write_config(tmp_path / "breaker", dovecot, sink)
    config.write_text(config.read_text().replace("max_answers: 1000", "max_answers: 1"))
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready()
    posts = [list_copy(f"nia{i}@example.org", f"Question {i}", QUESTIONS[i % 2]) for i in range(3)]

    for _, raw in posts:
        dovecot.append(BOT_USER, raw)
    wait_decided(config, [mid for mid, _ in posts])
    sink.wait_for(2, timeout=15)
    wait_settled(STATE(config), sink)

    to_members = [m for m in sink.messages() if m.rcpt_tos != ("moderators@example.org",)]
    alerts = [m for m in sink.messages() if m.rcpt_tos == ("moderators@example.org",)]
    assert [f"<{posts[0][0]}>"] == [parse(m.data)["In-Reply-To"] for m in to_members]
    assert 1 == len(alerts)
    assert "circuit breaker" in parse(alerts[0].data)["Subject"]
    assert 0 == daemon.terminate()


def test_lmtp_source_answers_a_delivered_post(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """source lmtp: the list server delivers its copy to listbot's LMTP listener; the answer reaches the relay."""
    port = free_port()
    config = write_config(tmp_path / "lmtp", dovecot, sink, extra=f"lmtp:\n  port: {port}\n")
    config.write_text(config.read_text().replace("source: imap", "source: lmtp"))
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready(marker="listening for LMTP")
    question_id, question = list_copy("jo@example.org", "Curriculum", CURRICULUM)

    with smtplib.LMTP("127.0.0.1", port) as client:
        client.sendmail("owner-balint-l@lists.example.org", [BOT_ADDRESS], question)
    [answer] = sink.wait_for(1, timeout=15)

    assert f"<{question_id}>" == parse(answer.data)["In-Reply-To"]
    assert 0 == daemon.terminate()


@pytest.mark.parametrize("which", ["imap", "smtp"])
def test_unreachable_server_at_start_is_one_line_and_exit_1(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory, which: str
) -> None:
    """A server that cannot be reached at start-up: one line naming it and what to check, exit status 1."""
    config = write_config(tmp_path / which, dovecot, sink)
    text = config.read_text()
    port = dovecot.imap_port if which == "imap" else sink.port
    config.write_text(text.replace(f"port: {port}\n", f"port: {free_port()}\n", 1))
    daemon = daemon_factory(config)

    daemon.start()
    code = daemon.process.wait(30)

    lines = [line for line in daemon.log_text().splitlines() if line.strip()]
    assert 1 == code
    assert 1 == len(lines), lines
    assert lines[0].startswith(f"error: cannot reach the {which.upper()} server 127.0.0.1:")


def test_the_daemon_mails_one_digest_per_period_even_across_a_restart(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """A call seen on the list reaches the digest recipients through the scheduler, the outbox and SMTP:
    text, HTML and an .ics, auto-generated, with List-Unsubscribe; a restart in the same period sends no
    second digest. A daily schedule at midnight makes today's period one the start-up catch-up sends: the call,
    first seen after that fire time (as after downtime), is in it."""
    config = write_config(
        tmp_path / "digest",
        dovecot,
        sink,
        extra=(
            "digest:\n  recipients: [digest-reader@example.org]\n  catch_up_hours: 30\n"
            "  schedule:\n    day_of_week: '*'\n    hour: 0\n    minute: 0\n"
        ),
    )
    deadline = (datetime.now(UTC) + timedelta(days=60)).strftime("%B %d, %Y")
    body = (
        "Dear colleagues,\r\n\r\nThe American Balint Society invites proposals for workshops at the 2027 "
        f"National Meeting.\r\nThe submission deadline is {deadline}.\r\n"
        "Details: https://www.americanbalintsociety.org/proposals\r\n"
    )
    _, call = list_copy("events@example.org", "Call for proposals: ABS National Meeting 2027", body)
    dovecot.append(BOT_USER, call)
    first = daemon_factory(config)
    first.start("--once")  # the call is read and registered
    assert 0 == first.process.wait(60), first.log_text()

    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready()
    digests = lambda ms: [m for m in ms if "digest-reader@example.org" in m.rcpt_tos]  # noqa: E731
    sink.wait_for(lambda ms: len(digests(ms)) >= 1, timeout=30)
    assert 0 == daemon.terminate()
    again = daemon_factory(config)
    again.start()
    again.wait_ready()
    wait_until(lambda: "digest catch-up: already" in again.log_text(), 15, "the restart's digest catch-up")
    assert 0 == again.terminate()

    [digest] = digests(sink.messages())
    msg = parse(digest.data)
    types = [part.get_content_type() for part in msg.walk()]
    assert "<>" == digest.mail_from
    assert ("auto-generated", "listbot@example.org") == (msg["Auto-Submitted"], msg["X-Loop"])
    assert msg["List-Unsubscribe"]
    assert {"text/plain", "text/html", "text/calendar"} <= set(types)
    text = msg.get_body(("plain",)).get_content()
    assert "ABS National Meeting 2027" in text and "days left" in text


def test_kill_9_in_the_middle_of_a_digest_then_restart_everyone_gets_it_with_one_message_id(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """Eight recipients; the sink takes each digest but waits 1 s before its 250; the daemon is killed while
    the third waits. After the restart every recipient has the digest, the one left unsure has it twice with
    the same Message-ID (a duplicate beats a loss, RFC 5321 section 6.1), and no one else has it twice."""
    readers = [f"reader{i}@example.org" for i in range(8)]
    config = write_config(
        tmp_path / "digest-kill",
        dovecot,
        sink,
        extra=(
            f"digest:\n  recipients: [{', '.join(readers)}]\n  catch_up_hours: 30\n"
            "  schedule:\n    day_of_week: '*'\n    hour: 0\n    minute: 0\n"
        ),
    )
    deadline = (datetime.now(UTC) + timedelta(days=60)).strftime("%B %d, %Y")
    body = (
        "Dear colleagues,\r\n\r\nThe American Balint Society invites proposals for workshops at the 2027 "
        f"National Meeting.\r\nThe submission deadline is {deadline}.\r\n"
    )
    _, call = list_copy("events@example.org", "Call for proposals: ABS National Meeting 2027", body)
    dovecot.append(BOT_USER, call)
    first = daemon_factory(config)
    first.start("--once")  # the call is registered; the digest waits for the running daemon's catch-up
    assert 0 == first.process.wait(60), first.log_text()
    sink.delay = 1.0

    crashed = daemon_factory(config)
    crashed.start()
    sink.wait_for(3, timeout=30)
    crashed.kill9()
    with state(config) as store:
        before = Counter(row.status for row in store.outbox_all("digest"))
    sink.delay = 0.0
    unsure = sink.messages()[-1].rcpt_tos[0]
    restarted = daemon_factory(config)
    restarted.start()
    restarted.wait_ready()
    sink.wait_for(lambda ms: {r for m in ms for r in m.rcpt_tos} >= set(readers), timeout=30)
    wait_settled(STATE(config), sink)
    assert 0 == restarted.terminate()

    copies: dict[str, list[str]] = {}
    for m in sink.messages():
        [reader] = m.rcpt_tos
        copies.setdefault(reader, []).append(parse(m.data)["Message-ID"])
    assert {"sent": 2, "sending": 1, "pending": 5} == dict(before)
    assert set(readers) == set(copies)
    assert [unsure] == [r for r, ids in copies.items() if len(ids) > 1]
    assert 1 == len(set(copies[unsure]))  # the same message again, which clients show once
    assert 8 == len({ids[0] for ids in copies.values()})  # one message per recipient (its own unsubscribe)
    assert "interrupted by a crash; sent again" in restarted.log_text()
    with state(config) as store:
        assert {"sent"} == {row.status for row in store.outbox_all("digest")}


def test_debug_logging_never_shows_the_password(
    config: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """Even with --debug (IMAP protocol traces on), the IMAP password is not in the log."""
    question_id, question = list_copy("kim@example.org", "Org chart", ORG_CHART)
    dovecot.append(BOT_USER, question)
    daemon = daemon_factory(config)

    daemon.start("--once", "--debug")
    code = daemon.process.wait(60)

    log = daemon.log_text()
    assert 0 == code, log
    assert "DEBUG" in log and "LOGIN" in log.upper()
    assert BOT_PASSWORD not in log


def test_an_faq_edit_applies_to_the_next_post_and_a_broken_one_alerts_once(
    tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, daemon_factory
) -> None:
    """No restart: a moderator's new example question answers the next post; a broken faq.yaml keeps the
    last good FAQ running and the moderators get one alert."""
    config = write_config(tmp_path / "reload", dovecot, sink)
    faq = config.parent / "faq.yaml"
    faq.write_text((REPO / "config" / "faq.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    config.write_text(
        config.read_text().replace(f"faq_file: {REPO / 'config' / 'faq.yaml'}", f"faq_file: {faq}")
    )
    daemon = daemon_factory(config)
    daemon.start()
    daemon.wait_ready()
    odd = "Where would I find the zebra-striped handbook for new group facilitators?"

    before_id, before = list_copy("ola@example.org", "Handbook", odd)
    dovecot.append(BOT_USER, before)
    first = wait_decided(config, [before_id])[before_id]
    text = faq.read_text()
    faq.write_text(text.replace("    examples:\n", f'    examples:\n      - "{odd}"\n', 1))
    after_id, after = list_copy("pia@example.org", "Handbook", odd)
    dovecot.append(BOT_USER, after)
    second = wait_decided(config, [after_id])[after_id]

    faq.write_text(text.replace("    question:", "    questoin:", 1))  # a moderator's typo
    broken_id, broken = list_copy("quinn@example.org", "Curriculum", CURRICULUM)
    dovecot.append(BOT_USER, broken)
    third = wait_decided(config, [broken_id])[broken_id]
    wait_settled(STATE(config), sink)
    alerts = [m for m in sink.messages() if m.rcpt_tos == ("moderators@example.org",)]

    assert ("ignore", "answer", "membership-benefits") == (first["action"], second["action"], second["faq"])
    assert ("answer", "balint-basics") == (third["action"], third["faq"])
    assert 1 == len(alerts)
    assert "configuration edit not applied" in parse(alerts[0].data)["Subject"]
    assert "faq.yaml" in parse(alerts[0].data).get_body(("plain",)).get_content()
    assert "configuration not reloaded" in daemon.log_text()
    assert 0 == daemon.terminate()
