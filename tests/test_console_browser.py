"""The moderators' console in a real browser: Debian's Chromium driven by Playwright, against `listbot run`
(source LMTP, console on) as a child process with an aiosmtpd sink as the relay.

Each test works as a moderator does, finding things by role and label. The screenshots the README shows
are taken here (docs/screenshots/). Every page is checked with axe-core: no serious or critical violation.
"""

from __future__ import annotations

import os
import re
import shutil
import smtplib
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default
from email.utils import format_datetime

import pytest

from listbot.app import access
from listbot.config import load
from listbot.store import Store
from tests.servers import (
    BOT_ADDRESS,
    LIST_ADDRESS,
    LIST_ID,
    REPO,
    DaemonProcess,
    SmtpSink,
    free_port,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "docs" / "screenshots"
MOD = "moderators@example.org"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _chromium_or_skip() -> None:
    if os.path.exists(CHROMIUM):
        return
    message = "Chromium is not installed: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail("CI: " + message + " (browser tests must not skip in CI)", pytrace=False)
    pytest.skip(message)


def post(mid: str, author: str, name: str, subject: str, body: str, extra: str = "") -> bytes:
    return (
        f"From: {name} <{author}>\r\nTo: {LIST_ADDRESS}\r\nSubject: {subject}\r\n"
        f"Date: {format_datetime(datetime.now(UTC))}\r\nMessage-ID: <{mid}>\r\n"
        f"List-Id: Balint-L <{LIST_ID}>\r\n{extra}MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


POSTS = [
    ("basics@example.org", "ann@example.org", "Ann Lee", "[BALINT-L] Curriculum",
     "Hi all,\r\n\r\nWhere can I find the Balint Basics curriculum materials on the website?\r\n\r\nAnn"),
    ("other@example.org", "ben@example.org", "Ben Okafor", "[BALINT-L] Committees",
     "Is there an organizational chart of the ABS that shows which committees want new members?\r\n\r\nBen"),
    ("keys@example.org", "cy@example.org", "Cy Adler", "[BALINT-L] Membership question",
     "What do I get if I become a member of the American Balint Society?\r\n\r\nCy"),
    ("xss@example.org", "eve@example.org", "Eve <script>alert(1)</script>", "<img src=x onerror=\"window.__pwned=1\"> question",
     "Does anyone know where the <img src=x onerror=\"window.__pwned=1\"> Balint Basics curriculum is?\r\n"
     "<script>window.__pwned=1</script>"),
    ("call@example.org", "dee@example.org", "Dee Novak", "Call for Proposals: ABS National Meeting 2027",
     "The American Balint Society invites proposals for workshops and presentations at the 2027 National\r\n"
     "Meeting. Proposals are due January 15, 2027. Submit at https://www.example.org/abs/2027/proposals\r\n"),
    # a phone-style ask the call rules do not read as a call and the call model does: held for a moderator
    ("held@example.org", "raj@example.org", "Raj Patel", "[BALINT-L] need 1 more vignete",
     "still 1 short for the ethics-of-empathy session. a short vignete (half page) where the pt made you feel\r\n"
     "useless. by Mon 2/1 pls\r\n\r\nRaj"),
    # a question no FAQ answers, asked by three people: what the FAQ is missing
    ("cme1@example.org", "fay@example.org", "Fay Brook", "[BALINT-L] CME certificate?",
     "Where do I download my CME certificate for the October Intensive? I cannot find it in my account.\r\n\r\nFay"),
    ("cme2@example.org", "gus@example.org", "Gus Moreno", "[BALINT-L] Intensive CME",
     "Has anyone received the CME certificate from the fall Intensive yet? Mine never arrived.\r\n\r\nGus"),
    ("cme3@example.org", "hal@example.org", "Hal Ito", "[BALINT-L] CME credit for the Intensive",
     "How do I claim CME credit for the Intensive I attended in Chicago?\r\n\r\nHal"),
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:  # type: ignore[type-arg]
    """A running bot (review mode, LMTP in, console on) with the posts above delivered and decided."""
    _chromium_or_skip()
    folder = tmp_path_factory.mktemp("console")
    sink = SmtpSink()
    sink.start()
    faq = folder / "faq.yaml"
    faq.write_text((REPO / "config" / "faq.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    lmtp_port, console_port = free_port(), free_port()
    config = write_config(
        folder, None, sink, mode="review", lmtp_port=lmtp_port, console_port=console_port, faq_file=faq
    )
    (folder / "calls.yaml").write_text("# Calls added by moderators. Keep this comment.\ncalls: []\n")
    daemon = DaemonProcess(config, folder / "daemon.log")
    daemon.start()
    try:
        daemon.wait_ready(marker="console listening")
        daemon.wait_ready(marker="listening for LMTP")  # the console starts first, the mail sources after
        with smtplib.LMTP("127.0.0.1", lmtp_port) as client:
            for mid, author, name, subject, body in POSTS:
                client.sendmail(
                    "owner-balint-l@example.org", [BOT_ADDRESS], post(mid, author, name, subject, body)
                )
        state = folder / "state" / "listbot.sqlite3"

        def decided() -> bool:
            with Store(state) as store:
                return all(store.post_row(mid) is not None for mid, *_ in POSTS)

        wait_until(decided, 20, "the posts to be decided")
        yield {
            "config": config,
            "state": state,
            "sink": sink,
            "base": f"http://127.0.0.1:{console_port}",
            "daemon": daemon,
            "lmtp_port": lmtp_port,
        }
    finally:
        daemon.terminate()
        sink.stop()


@pytest.fixture(scope="module")
def browser(site: dict) -> Iterator[object]:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, site):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a script opened a dialog: {dialog.message}"))
    yield page
    context.close()


def signed_in(page, site: dict):  # type: ignore[no-untyped-def,type-arg]
    config = load(site["config"])
    with Store(site["state"]) as store:
        link = access.signin_link(config, store, MOD, datetime.now(UTC))
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Overview").wait_for()
    return page


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def no_serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def item_for(page, subject: str):  # type: ignore[no-untyped-def]
    """The review item (an <article>) about the post with this subject."""
    return page.get_by_role("article").filter(has=page.get_by_role("link", name=subject))


def answers_in(site: dict, mid: str) -> list:  # type: ignore[type-arg]
    return [
        message_from_bytes(m.data, policy=default)
        for m in site["sink"].messages()
        if f"<{mid}>" in (message_from_bytes(m.data, policy=default)["In-Reply-To"] or "")
    ]


def test_sign_in_with_a_link_mailed_through_the_outbox(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site["base"] + "/review")
    assert "/login" in page.url
    shot(page, "login")
    page.get_by_label("Your e-mail address").fill(MOD)
    page.get_by_role("button", name="Mail me a sign-in link").click()
    page.get_by_text("If that address belongs to a moderator").wait_for()

    def signin_mails(messages: list) -> list:  # type: ignore[type-arg]
        parsed = [message_from_bytes(m.data, policy=default) for m in messages]
        return [m for m in parsed if "sign-in link" in (m["Subject"] or "")]

    [mail] = signin_mails(site["sink"].wait_for(lambda ms: bool(signin_mails(ms)), timeout=15))
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:\d+/login/\S+", text).group(0)  # type: ignore[union-attr]
    page.goto(link)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Overview").wait_for()
    assert MOD in page.get_by_role("banner").inner_text()
    shot(page, "overview")


def test_release_a_held_answer_and_it_reaches_the_relay(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    page.get_by_role("link", name="Review").click()
    shot(page, "review")
    item = item_for(page, "[BALINT-L] Curriculum")
    assert "balint-basics" in item.get_by_role("heading", level=2).inner_text()
    assert (
        "Why it waits: the list runs in review mode: every answer waits for a moderator" in item.inner_text()
    )

    item.get_by_role("button", name="Send as proposed").click()

    page.get_by_role("status").wait_for()
    assert "goes out" in page.get_by_role("status").inner_text()
    site["sink"].wait_for(lambda ms: len(answers_in(site, "basics@example.org")) == 1, timeout=15)
    [answer] = answers_in(site, "basics@example.org")
    assert "Documents tab" in answer.get_body(("plain",)).get_content()


def test_a_call_the_rules_and_the_model_disagree_on_says_why_it_waits(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    page.goto(site["base"] + "/calls")  # in the register, not yet in the digest, with the way to decide
    waiting = page.get_by_role("row").filter(has_text="need 1 more vignete")
    assert "waiting for review: not in the digest yet" in waiting.inner_text()
    waiting.get_by_role("link", name="waiting for review").click()
    item = item_for(page, "[BALINT-L] need 1 more vignete")

    assert "Call for submissions?" in item.get_by_role("heading", level=2).inner_text()
    assert (
        "Why it waits: read as a whole it looks like a call, but no sentence clearly asks"
        in item.inner_text()
    )
    assert "List it if it invites people to send work" in item.inner_text()  # what to weigh
    assert item.get_by_label("Deadline").input_value().endswith("-02-01")  # "Mon 2/1", the next one
    item.get_by_text("The post").click()
    assert "a short vignete (half page)" in item.inner_text()
    item.scroll_into_view_if_needed()
    shot(page, "review-call")
    item.get_by_role("button", name="List it as read").click()

    page.get_by_role("status").wait_for()
    page.goto(site["base"] + "/calls")
    row = page.get_by_role("row").filter(has_text="need 1 more vignete")
    assert "open" in row.inner_text() and "review" not in row.inner_text()


def test_send_another_faq_instead(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    page.goto(site["base"] + "/review")
    item = item_for(page, "[BALINT-L] Membership question")

    item.get_by_label("Another FAQ").select_option("why-join")
    item.get_by_role("button", name="Send that FAQ's answer instead").click()

    page.get_by_role("status").wait_for()
    site["sink"].wait_for(lambda ms: len(answers_in(site, "keys@example.org")) == 1, timeout=15)
    [answer] = answers_in(site, "keys@example.org")
    assert "doing it for years" in answer.get_body(("plain",)).get_content()


def test_teach_the_bot_from_a_post_it_left_alone(page, site) -> None:  # type: ignore[no-untyped-def]
    """A question far below the review threshold: on its page the moderator says which FAQ it asks."""
    missed = "Where do the Basics docs live now?"
    with smtplib.LMTP("127.0.0.1", site["lmtp_port"]) as client:
        client.sendmail(
            "owner-balint-l@example.org",
            [BOT_ADDRESS],
            post("missed@example.org", "ivy@example.org", "Ivy Tran", "[BALINT-L] Basics docs", missed),
        )

    def stored() -> int | None:
        with Store(site["state"]) as store:
            row = store.post_row("missed@example.org")
            return row.id if row is not None and row.action == "ignore" else None

    wait_until(lambda: stored() is not None, 20, "the post to be decided")
    signed_in(page, site)
    page.goto(site["base"] + f"/posts/{stored()}")

    page.get_by_label("This post asks").select_option("balint-basics")
    page.get_by_role("button", name="Teach").click()

    page.get_by_role("status").wait_for()
    assert "Learned as asking balint-basics" in page.get_by_role("status").inner_text()
    page.get_by_role("heading", name="Teach the bot").scroll_into_view_if_needed()
    shot(page, "post-teach")
    with Store(site["state"]) as store:
        assert [(missed, "console")] == [
            (r.sentence, r.source) for r in store.learned_all() if r.message_id == "missed@example.org"
        ]


def test_the_review_queue_works_with_the_keyboard_alone(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    page.goto(site["base"] + "/review")
    before = page.get_by_role("article").count()

    for _ in range(60):  # Tab through the page to the first item's first button
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused in ("Send as proposed", "List it as read"):
            break
    else:
        pytest.fail("Tab never reached the first decision button")
    page.keyboard.press("Enter")

    page.get_by_role("status").wait_for()
    assert page.get_by_role("article").count() == before - 1


def test_edit_an_faqs_examples_try_a_question_save_and_check_passes(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    faq = load(site["config"]).faq_path
    before = faq.read_text()
    page.goto(site["base"] + "/faq")
    page.get_by_role("link", name="org-chart").click()
    question = "Who keeps the roster of working parties and their conveners?"

    page.get_by_label("A member's question").fill(question)
    page.get_by_role("button", name="Try it").click()
    first = page.locator("#try-result").inner_text()
    examples = page.get_by_label(re.compile("Example questions"))
    examples.fill(examples.input_value() + "\n" + question)
    page.get_by_label("A member's question").fill(question)
    page.get_by_role("button", name="Try it").click()
    second = page.locator("#try-result").inner_text()
    shot(page, "faq")
    page.get_by_role("button", name="Save to faq.yaml").click()
    if page.get_by_role("button", name="Save with these changes").count():  # what it would change, first
        page.get_by_role("button", name="Save with these changes").click()

    assert "best org-chart" not in first and "best org-chart" in second
    page.get_by_role("status").wait_for()
    after = faq.read_text()
    assert [f'      - "{question}"'] == [
        line for line in after.splitlines() if line not in before.splitlines()
    ]
    assert all(line in after for line in before.splitlines() if line.lstrip().startswith("#"))
    check = subprocess.run(
        [sys.executable, "-m", "listbot.cli", "check", "-c", str(site["config"])],
        capture_output=True,
        text=True,
    )
    assert 0 == check.returncode, check.stderr


def test_correct_a_calls_deadline_and_see_it_in_the_digest_preview(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    page.goto(site["base"] + "/calls")
    row = page.get_by_role("row").filter(has_text="ABS National Meeting 2027")
    row.get_by_role("link", name="Correct").click()

    page.get_by_label("Deadline", exact=True).fill("2027-01-29")
    page.get_by_label("Send work to (e-mail)").fill("program@example.org")
    page.get_by_role("button", name="Save in calls.yaml").click()

    page.get_by_role("status").wait_for()
    preview = page.locator("pre.text").inner_text()
    assert "January 29, 2027" in preview and "January 15, 2027" not in preview
    assert "Send to: program@example.org" in preview
    assert "Extended from" not in preview  # a correction of what was read, not the call's extension
    assert (
        "Send to program@example.org"
        in page.get_by_role("row").filter(has_text="ABS National Meeting 2027").inner_text()
    )
    assert 'submit_to: "program@example.org"' in (site["config"].parent / "calls.yaml").read_text()
    assert "Keep this comment" in (site["config"].parent / "calls.yaml").read_text()
    # the HTML preview is a sandboxed frame: it says the same, once it has loaded (then the picture shows it)
    html = page.frame_locator("iframe.preview").get_by_text("January 29, 2027").first
    html.wait_for()
    shot(page, "calls")


def test_a_post_carrying_markup_runs_no_script(page, site) -> None:  # type: ignore[no-untyped-def]
    signed_in(page, site)
    with Store(site["state"]) as store:
        row = store.post_row("xss@example.org")
    for path in ("/posts", f"/posts/{row.id}", "/review"):  # type: ignore[union-attr]
        page.goto(site["base"] + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("img[src=x]").count() == 0, path
    page.goto(site["base"] + f"/posts/{row.id}")  # type: ignore[union-attr]
    shot(page, "post")


def test_what_the_faq_is_missing_drafts_an_entry(page, site) -> None:  # type: ignore[no-untyped-def]
    """Three members asked about CME certificates, which no FAQ answers: the Gaps page shows the topic with
    its askers and their words, and its draft link opens a new FAQ entry with them filled in."""
    signed_in(page, site)
    page.get_by_role("link", name="Gaps").click()
    topic = page.get_by_role("article").filter(has_text="CME certificate")

    assert "3 askers" in topic.get_by_role("heading").inner_text()
    assert 3 == topic.get_by_role("listitem").count()
    shot(page, "gaps")
    topic.get_by_role("link", name="Draft an FAQ entry from this topic").click()
    page.get_by_role("heading", name="New FAQ entry").wait_for()
    assert "CME" in page.get_by_label("Question", exact=True).input_value()
    examples = page.get_by_label("Example questions, one per line").input_value()
    assert "How do I claim CME credit for the Intensive I attended in Chicago?" in examples


PAGES = [
    "/",
    "/review",
    "/posts",
    "/faq",
    "/faq/org-chart",
    "/calls",
    "/subscribers",
    "/outbox",
    "/settings",
    "/audit",
    "/gaps",
    "/faq/new",
    "/feedback/not-a-token/no",  # the public pages a member opens from a mail, here with a bad link
    "/unsubscribe/not-a-token",
]


def test_every_page_has_no_serious_accessibility_violation(page, site) -> None:  # type: ignore[no-untyped-def]
    """axe-core on every page (and the sign-in page): none serious or critical; every control labelled."""
    page.goto(site["base"] + "/login")
    found = {"/login": no_serious_violations(page)}
    signed_in(page, site)
    page.goto(site["base"] + "/posts")
    one_post = page.locator("a[href^='/posts/']").first.get_attribute("href")
    for path in [*PAGES, one_post]:
        page.goto(site["base"] + path)
        found[path] = no_serious_violations(page)
        unlabelled = page.evaluate(
            """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
               .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)"""
        )
        assert [] == unlabelled, path
    for name, path in (
        ("posts", "/posts"),
        ("settings", "/settings"),
        ("subscribers", "/subscribers"),
    ):
        page.goto(site["base"] + path)
        shot(page, name)

    assert {path: [] for path in found} == found
