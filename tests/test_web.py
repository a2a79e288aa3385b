"""The console's routes with Starlette's TestClient: sign-in, sessions, CSRF, what GET may not do, escaping,
monitoring. The browser tests (tests/test_console_browser.py) drive the same pages in Chromium."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from listbot.app import access
from listbot.app.pipeline import Pipeline
from listbot.app.reload import LiveConfig
from listbot.config import load
from listbot.store import Store
from listbot.web.app import Console, create_app, page_paths
from tests.factories import config_dir, list_post

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
MOD = "balint-moderators@americanbalintsociety.org"
PUBLIC = {
    "/login",
    "/login/{token}",
    "/logout",
    "/healthz",
    "/metrics",
    "/feedback/{token}/{vote}",
    "/confirm/{token}",
    "/unsubscribe/{token}",
}
SAMPLE = {"{id}": "org-chart", "{id:int}": "1", "{token}": "x", "{vote}": "yes", "{lid:int}": "1"}


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console(tmp_path: Path, clock: Clock) -> Console:
    path = config_dir(tmp_path, ("mode: shadow", "mode: review"))
    return Console(LiveConfig(load(path)), clock)


@pytest.fixture
def client(console: Console) -> TestClient:
    return TestClient(create_app(console), base_url="http://127.0.0.1:8025", follow_redirects=False)


def sign_in(client: TestClient, console: Console, address: str = MOD) -> str:
    """Sign in with a link as the command line prints it; the session's CSRF token."""
    with Store(console.live.current.state_path) as store:
        link = access.signin_link(console.live.current, store, address, console.clock())
    path = link.removeprefix("http://127.0.0.1:8025")
    page = client.get(path)
    pre = re.search(r'name="pre" value="([^"]+)"', page.text)
    assert pre, page.text
    signed = client.post(path, data={"pre": pre.group(1)})
    assert (303, "/") == (signed.status_code, signed.headers["location"])
    home = client.get("/")
    return re.search(r'data-csrf="([^"]+)"', home.text).group(1)  # type: ignore[union-attr]


def seed(console: Console) -> None:
    config = console.live.current
    with Store(config.state_path) as store:
        pipeline = Pipeline(config, store)
        pipeline.process(
            list_post(
                "Where can I find the Balint Basics curriculum materials on the website?",
                mid="q1@x",
                date=NOW,
            ),
            "t:1",
            NOW,
        )
        pipeline.process(
            list_post(
                "<script>alert(1)</script> Does anyone know <img src=x onerror=alert(2)> the committee?",
                mid="q2@x",
                subject="<b>bold</b> <script>alert(3)</script>",
                date=NOW,
            ),
            "t:2",
            NOW,
        )


def concrete(path: str) -> str:
    for pattern, value in SAMPLE.items():
        path = path.replace(pattern, value)
    return path


def test_every_page_but_the_public_ones_needs_a_session(client: TestClient) -> None:
    """Enumerates the app's routes: a new page cannot be forgotten."""
    private = [p for p in page_paths() if p not in PUBLIC]

    answers = {p: client.get(concrete(p)) for p in private}
    posts = {p: client.post(concrete(p), data={}) for p in private}

    assert len(private) >= 12
    for path, response in answers.items():
        assert response.status_code in (303, 405), path
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login?next="), path
    assert all(r.status_code in (403, 405) for r in posts.values())


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(client: TestClient, console: Console) -> None:
    csrf = sign_in(client, console)

    missing = client.post(
        "/subscribers", data={"kind": "digest", "address": "x@example.org", "action": "add"}
    )
    wrong = client.post(
        "/subscribers", data={"kind": "digest", "address": "x@example.org", "action": "add", "csrf": "nope"}
    )
    right = client.post(
        "/subscribers", data={"kind": "digest", "address": "x@example.org", "action": "add", "csrf": csrf}
    )

    assert (403, 403, 303) == (missing.status_code, wrong.status_code, right.status_code)
    with Store(console.live.current.state_path) as store:
        assert ["x@example.org"] == store.subscribers("digest")
        assert ["subscribers.add"] == [
            a.action for a in store.audit_rows() if a.action.startswith("subscribers")
        ]


def test_a_sign_in_link_works_once_and_not_after_15_minutes(
    client: TestClient, console: Console, clock: Clock
) -> None:
    with Store(console.live.current.state_path) as store:
        first = access.signin_link(console.live.current, store, MOD, NOW).removeprefix(
            "http://127.0.0.1:8025"
        )
        late = access.signin_link(console.live.current, store, MOD, NOW).removeprefix("http://127.0.0.1:8025")
    pre = re.search(r'name="pre" value="([^"]+)"', client.get(first).text).group(1)  # type: ignore[union-attr]

    opened_twice = client.get(first)  # a mail scanner opening the link changes nothing
    used = client.post(first, data={"pre": pre})
    client.cookies.delete("listbot_session")
    again = client.post(first, data={"pre": pre})
    clock.now = NOW + timedelta(minutes=16)
    expired = client.post(late, data={"pre": pre})

    assert 200 == opened_twice.status_code and "Sign in as" in opened_twice.text
    assert (303, 400, 400) == (used.status_code, again.status_code, expired.status_code)
    assert "does not work" in again.text


def test_sign_in_needs_the_browser_that_opened_the_link(client: TestClient, console: Console) -> None:
    """Login CSRF: a page elsewhere cannot post a link's token into this browser."""
    with Store(console.live.current.state_path) as store:
        link = access.signin_link(console.live.current, store, MOD, NOW).removeprefix("http://127.0.0.1:8025")

    forged = client.post(link, data={"pre": "guessed"})

    assert 400 == forged.status_code
    assert "listbot_session" not in forged.cookies


def test_a_non_moderator_gets_the_same_page_and_no_mail(client: TestClient, console: Console) -> None:
    pre = re.search(r'name="pre" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]

    stranger = client.post("/login", data={"address": "someone@example.org", "pre": pre})
    moderator = client.post("/login", data={"address": MOD, "pre": pre})
    page_a = client.get(stranger.headers["location"]).text
    page_b = client.get(moderator.headers["location"]).text

    assert stranger.headers["location"] == moderator.headers["location"]
    assert page_a == page_b and "If that address belongs to a moderator" in page_a
    with Store(console.live.current.state_path) as store:
        mails = store.outbox_all("notice")
    assert [(MOD,)] == [m.recipients for m in mails]


def test_sign_in_requests_are_rate_limited_per_address(client: TestClient, console: Console) -> None:
    pre = re.search(r'name="pre" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]

    for _ in range(access.SIGNIN_PER_ADDRESS_PER_HOUR + 3):
        client.post("/login", data={"address": MOD, "pre": pre})

    with Store(console.live.current.state_path) as store:
        assert access.SIGNIN_PER_ADDRESS_PER_HOUR == len(store.outbox_all("notice"))


def test_html_and_script_in_a_post_are_shown_as_text(client: TestClient, console: Console) -> None:
    seed(console)
    sign_in(client, console)
    with Store(console.live.current.state_path) as store:
        row = store.post_row("q2@x")

    listing = client.get("/posts").text
    page = client.get(f"/posts/{row.id}").text  # type: ignore[union-attr]

    for text in (listing, page):
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold</b>" not in text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in listing
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_healthz_and_metrics(client: TestClient, console: Console) -> None:
    seed(console)

    health = client.get("/healthz")
    metrics = client.get("/metrics")

    assert 503 == health.status_code  # the IMAP watcher never reached the server in this test
    assert {"status": "degraded"}.items() <= health.json().items()
    assert health.json()["checks"]["imap"] == "never reached"
    assert 'listbot_posts_total{action="answer"} 1.0' in metrics.text
    assert "listbot_outbox_messages" in metrics.text and "listbot_processing_seconds_bucket" in metrics.text


def test_pages_carry_the_security_headers(client: TestClient) -> None:
    response = client.get("/login")

    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert ("DENY", "no-referrer", "no-store") == (
        response.headers["x-frame-options"],
        response.headers["referrer-policy"],
        response.headers["cache-control"],
    )


def test_the_session_cookie_is_httponly_lax_and_secure_under_https(tmp_path: Path, clock: Clock) -> None:
    path = config_dir(tmp_path, ("base_url: http://127.0.0.1:8025", "base_url: https://console.example.org"))
    console = Console(LiveConfig(load(path)), clock)
    client = TestClient(create_app(console), base_url="https://console.example.org", follow_redirects=False)
    with Store(console.live.current.state_path) as store:
        link = access.signin_link(console.live.current, store, MOD, NOW).removeprefix(
            "https://console.example.org"
        )
    pre = re.search(r'name="pre" value="([^"]+)"', client.get(link).text).group(1)  # type: ignore[union-attr]

    signed = client.post(link, data={"pre": pre})

    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_the_session_ends_after_12_idle_hours_and_at_sign_out(
    client: TestClient, console: Console, clock: Clock
) -> None:
    csrf = sign_in(client, console)
    clock.now = NOW + timedelta(hours=11)
    assert 200 == client.get("/").status_code
    clock.now = NOW + timedelta(hours=11 + 12, minutes=1)
    assert 303 == client.get("/").status_code

    csrf = sign_in(client, console)
    client.post("/logout", data={"csrf": csrf})
    assert 303 == client.get("/").status_code


def test_console_link_exits_2_for_someone_who_is_not_a_moderator(
    console: Console, capsys: pytest.CaptureFixture[str]
) -> None:
    from listbot.cli import main

    path = str(console.live.current.path)

    assert 2 == main(["console", "link", "someone@example.org", "-c", path])
    assert "is not a moderator" in capsys.readouterr().err
    assert 0 == main(["console", "link", MOD, "-c", path])
    assert "/login/" in capsys.readouterr().out


def https_console(tmp_path: Path, clock: Clock) -> tuple[Console, TestClient]:
    path = config_dir(
        tmp_path,
        ("base_url: http://127.0.0.1:8025", "base_url: https://console.example.org"),
        ("console:\n  enabled: false", "console:\n  enabled: true"),
    )
    console = Console(LiveConfig(load(path)), clock)
    return console, TestClient(
        create_app(console), base_url="https://console.example.org", follow_redirects=False
    )


def test_a_members_vote_counts_once_only_on_post_and_no_disputes_the_answer(
    tmp_path: Path, clock: Clock
) -> None:
    console, client = https_console(tmp_path, clock)
    config = console.live.current.replace(
        mode="live", answers=console.live.current.settings.answers.model_copy(update={"wait_minutes": 0})
    )
    with Store(config.state_path) as store:
        Pipeline(config, store).process(
            list_post("Where can I find the Balint Basics curriculum materials on the website?", date=NOW),
            "t:1",
            NOW,
        )
        store.mark_sent("answer:q1@example.org", NOW)
        raw = store.outbox_get("answer:q1@example.org").message  # type: ignore[union-attr]
    answer = message_from_bytes(raw, policy=default).get_body(("plain",)).get_content()  # type: ignore[union-attr]
    no_link = re.search(r"No:  (https://\S+)", answer).group(1).removeprefix("https://console.example.org")  # type: ignore[union-attr]

    scanned = client.get(no_link)  # a mail scanner opens the link: nothing happens
    with Store(config.state_path) as store:
        after_get = (store.votes_by_faq(), len(store.reviews_open()))
    voted = client.post(no_link)
    again = client.post(no_link)
    token = no_link.split("/")[2]
    tampered = client.post(
        no_link.replace(token, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    )

    assert 200 == scanned.status_code and ({}, 0) == after_get
    assert "Thank you" in voted.text and "already" in again.text
    assert 400 == tampered.status_code
    with Store(config.state_path) as store:
        assert {"balint-basics": (0, 1)} == store.votes_by_faq()
        assert ["disputed"] == [r.kind for r in store.reviews_open()]


def test_one_click_unsubscribe_works_for_its_address_only_and_refuses_a_tampered_link(
    tmp_path: Path, clock: Clock
) -> None:
    console, client = https_console(tmp_path, clock)
    config = console.live.current
    with Store(config.state_path) as store:
        for address in ("a@example.org", "b@example.org"):
            store.subscribe(address, "digest", NOW)
    link = access.unsubscribe_link(config, "a@example.org", "digest").removeprefix(
        "https://console.example.org"
    )  # type: ignore[union-attr]
    other = TestClient(
        create_app(console), base_url="https://console.example.org"
    )  # no cookies, as a mail provider

    page = client.get(link)
    tampered = other.post(
        link.replace("/unsubscribe/", "/unsubscribe/x"), data={"List-Unsubscribe": "One-Click"}
    )
    one_click = other.post(link, data={"List-Unsubscribe": "One-Click"})

    assert 200 == page.status_code and "Unsubscribe" in page.text
    assert 400 == tampered.status_code and 200 == one_click.status_code
    with Store(config.state_path) as store:
        assert ["b@example.org"] == store.subscribers("digest")


def test_a_confirmation_link_shows_a_button_and_its_post_subscribes_once(
    tmp_path: Path, clock: Clock
) -> None:
    from listbot.app import bot_mail

    console, client = https_console(tmp_path, clock)
    with Store(console.live.current.state_path) as store, store.transaction():
        applied = bot_mail.request_subscription(console.live.current, store, "m@example.org", "digest", NOW)
    link = re.search(r"https://console\.example\.org(/confirm/\S+)", applied.reply or "").group(1)  # type: ignore[union-attr]

    shown = client.get(link)
    with Store(console.live.current.state_path) as store:
        before = store.is_subscribed("m@example.org", "digest")
    first = client.post(link)
    second = client.post(link)

    assert 200 == shown.status_code and not before
    assert (200, 400) == (first.status_code, second.status_code)
    with Store(console.live.current.state_path) as store:
        assert ["m@example.org"] == store.subscribers("digest")


def test_status_and_outbox_commands(console: Console, capsys: pytest.CaptureFixture[str]) -> None:
    """listbot status (exit 1 when degraded) and listbot outbox list|retry|discard (unknown needs --force)."""
    from listbot.cli import main

    path = str(console.live.current.path)
    with Store(console.live.current.state_path) as store:
        for key, status in (("answer:a@x", "failed"), ("answer:b@x", "unknown"), ("answer:c@x", "pending")):
            store.enqueue(key, "answer", "", ("m@example.org",), b"x", NOW)
            store.db.execute("UPDATE outbox SET status = ? WHERE key = ?", (status, key))

    assert 1 == main(["status", "-c", path])  # the IMAP watcher never reached its server here
    assert "outbox      pending 1, held 0, failed 1, unknown 1" in capsys.readouterr().out
    assert 0 == main(["outbox", "retry", "answer:a@x", "-c", path])
    assert 1 == main(["outbox", "retry", "answer:b@x", "-c", path])
    assert "--force" in capsys.readouterr().err
    assert 0 == main(["outbox", "retry", "answer:b@x", "--force", "-c", path])
    assert 0 == main(["outbox", "discard", "answer:c@x", "-c", path])
    with Store(console.live.current.state_path) as store:
        assert ["pending", "pending", "dropped"] == [
            store.outbox_get(k).status for k in ("answer:a@x", "answer:b@x", "answer:c@x")
        ]  # type: ignore[union-attr]
        assert {"outbox.retry", "outbox.discard"} == {a.action for a in store.audit_rows()}


def test_the_overview_names_what_an_answer_is_in_the_running_mode(tmp_path: Path, clock: Clock) -> None:
    """In review mode nothing is sent by itself: the chart's "answer" is a proposal, not a sent answer."""
    pages = {}
    for mode in ("review", "live"):
        path = config_dir(tmp_path / mode, ("mode: shadow", f"mode: {mode}"))
        console = Console(LiveConfig(load(path)), clock)
        client = TestClient(create_app(console), base_url="http://127.0.0.1:8025", follow_redirects=False)
        seed(console)
        sign_in(client, console)
        pages[mode] = client.get("/").text

    assert "answer proposed" in pages["review"] and "Answer proposed" in pages["review"]
    assert "answer proposed" not in pages["live"] and "</span> answered <span" in pages["live"]


def test_every_posts_page_renders_whatever_the_bot_decided(client: TestClient, console: Console) -> None:
    """A post with no question, a call, a thank-you: their pages have no match to show, and still render."""
    seed(console)
    config = console.live.current
    with Store(config.state_path) as store:
        pipeline = Pipeline(config, store)
        for n, body in enumerate(
            [
                "Call for proposals: the ABS National Meeting 2027 invites workshop proposals, due 2027-01-15.",
                "Thanks, everyone, for a lovely meeting.",
            ]
        ):
            pipeline.process(list_post(body, mid=f"plain{n}@x", date=NOW), f"t:p{n}", NOW)
        ids = [row.id for row in store.posts_page(limit=100)[0]]
    sign_in(client, console)

    assert 4 == len(ids)
    assert {i: 200 for i in ids} == {i: client.get(f"/posts/{i}").status_code for i in ids}


def test_a_moderator_teaches_from_a_post_the_bot_left_alone(client: TestClient, console: Console) -> None:
    """ "This post asks FAQ X" on a post's page: its question is learned (with CSRF, audited); nothing is sent."""
    config = console.live.current
    with Store(config.state_path) as store:
        Pipeline(config, store).process(
            list_post("Where do the Basics docs live now?", mid="missed@x", date=NOW), "t:m", NOW
        )
        [row] = store.posts_page(limit=10)[0]
    csrf = sign_in(client, console)
    page = client.get(f"/posts/{row.id}")

    refused = client.post(f"/posts/{row.id}/teach", data={"faq": "balint-basics"})
    empty = client.post(f"/posts/{row.id}/teach", data={"faq": "", "csrf": csrf})
    taught = client.post(f"/posts/{row.id}/teach", data={"faq": "balint-basics", "csrf": csrf})

    assert "This post asks" in page.text and 'action="/posts/' in page.text
    assert 403 == refused.status_code
    assert "problem=" in empty.headers["location"]
    assert 303 == taught.status_code and "done=Learned+as+asking+balint-basics" in taught.headers["location"]
    with Store(config.state_path) as store:
        assert [("balint-basics", "Where do the Basics docs live now?", "console", MOD)] == [
            (r.faq, r.sentence, r.source, r.moderator) for r in store.learned_all()
        ]
        assert [] == [o for o in store.outbox_all() if o.kind == "answer"]
