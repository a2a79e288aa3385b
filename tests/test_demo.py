"""``listbot demo`` run in-process from the repository, as a newcomer runs it."""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

import pytest

from listbot.app.demo import load_samples
from listbot.cli import main

pytestmark = pytest.mark.integration  # embedded LMTP and SMTP servers on loopback

REPO = Path(__file__).resolve().parents[1]
SHIPPED = [REPO / "config" / name for name in ("listbot.yaml", "faq.yaml", "calls.yaml")]


def digests() -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHIPPED if p.exists()}


@pytest.fixture(scope="module")
def demo_run() -> tuple[int, str, dict[Path, str], dict[Path, str], set[str]]:
    """One run of the demo for all the assertions below (it takes about half a second)."""
    mp = pytest.MonkeyPatch()
    mp.chdir(REPO)
    before = digests()
    threads_before = {t.name for t in threading.enumerate()}
    import contextlib
    import io

    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = main(["demo"])
    finally:
        mp.undo()
    leftover = {t.name for t in threading.enumerate()} - threads_before
    return code, out.getvalue(), before, digests(), leftover


def block(output: str, name: str) -> str:
    """The lines the demo printed about one sample: its line and the indented lines under it."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(name))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" " * 30):
        end += 1
    return "\n".join(lines[start:end])


def test_the_demo_exits_0_and_leaves_nothing_running(demo_run) -> None:
    code, output, _, _, leftover = demo_run

    assert 0 == code, output
    assert set() == leftover


def test_the_shipped_config_is_only_read(demo_run) -> None:
    _, _, before, after, _ = demo_run

    assert before == after


def test_every_sample_gets_a_line(demo_run) -> None:
    _, output, _, _, _ = demo_run

    for sample in load_samples():
        assert re.search(rf"^{re.escape(sample.name)} +(ANSWERED|REVIEW|silent)", output, re.M), sample.name


def test_the_out_of_office_is_silent_for_an_automation_reason(demo_run) -> None:
    _, output, _, _, _ = demo_run

    text = block(output, "06-out-of-office.eml")

    assert re.search(r"^06-out-of-office\.eml +silent", text)
    assert "auto-submitted: auto-replied" in text


def test_the_bots_own_answer_coming_back_is_silent(demo_run) -> None:
    _, output, _, _, _ = demo_run

    text = block(output, "08-bot-answer-returns.eml")

    assert "silent" in text.splitlines()[0]
    assert "from the bot itself" in text


def test_faq_questions_are_answered_with_the_right_faq_and_why(demo_run) -> None:
    _, output, _, _, _ = demo_run

    membership = block(output, "01-membership-dues.eml")
    basics = block(output, "02-balint-basics.eml")

    assert "ANSWERED  with FAQ membership-benefits" in membership
    assert re.search(r"score \d\.\d\d >= \d\.\d\d", membership)
    assert "ANSWERED  with FAQ balint-basics" in basics


def test_the_off_topic_question_gets_no_answer(demo_run) -> None:
    _, output, _, _, _ = demo_run

    assert "ANSWERED" not in block(output, "05-ehr-template.eml")


def test_the_relay_received_exactly_one_message_per_answer_and_review(demo_run) -> None:
    _, output, _, _, _ = demo_run

    answered = len(re.findall(r"^\S+\.eml +ANSWERED", output, re.M))
    reviewed = len(re.findall(r"^\S+\.eml +REVIEW", output, re.M))
    received = int(re.search(r"The relay received (\d+) messages", output).group(1))

    assert answered >= 1
    assert answered + reviewed == received


def test_an_mta_retry_is_not_stored_twice(demo_run) -> None:
    _, output, _, _, _ = demo_run

    count = len(load_samples())

    assert f"Delivered {count} posts over LMTP: {count} accepted" in output
    assert f"the inbox still holds {count} posts" in output


def test_one_answer_is_shown_in_full_as_the_relay_received_it(demo_run) -> None:
    _, output, _, _, _ = demo_run

    assert "The answer to 01-membership-dues.eml, as the relay received it:" in output
    assert "MAIL FROM:<>  RCPT TO:<maria.okafor@example.org>" in output
    assert "Auto-Submitted: auto-replied" in output
    assert "To stop automatic answers" in output


def test_the_call_is_recorded_and_shows_in_the_digest_preview(demo_run) -> None:
    _, output, _, _, _ = demo_run

    call = block(output, "07-call-for-submissions.eml")
    preview = output.split("(listbot digest preview):", 1)[1]

    assert "call for submissions recorded" in call
    assert "2027-01-15" in call
    assert "ABS National Meeting 2027" in preview
    assert "January 15, 2027" in preview


def test_demo_console_keeps_the_sandbox_up_until_ctrl_c() -> None:
    """`listbot demo --console`: the demo, then the console on loopback with a sign-in link; Ctrl-C ends it."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "listbot.cli", "demo", "--console"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.stdout is not None:
            line = process.stdout.readline()
            lines.append(line)
            if "Ctrl-C stops everything" in line or not line:
                break
        text = "".join(lines)
        link = re.search(r"sign in   (http://127\.0\.0\.1:\d+/login/\S+)", text)
        assert link, text
        base = link.group(1).split("/login/")[0]
        for _ in range(100):  # the console starts with the daemon, just after these lines
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except urllib.error.HTTPError as exc:
                exc.close()
                break  # it answered (503: degraded is an answer)
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(link.group(1), timeout=10) as opened:
            signin_page = opened.read().decode()
        with urllib.request.urlopen(base + "/review", timeout=10) as review:
            review_url = review.url
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(30)
        if process.stdout is not None:
            process.stdout.close()
    sandbox = re.search(r"state in (\S+)", text).group(1)  # type: ignore[union-attr]

    assert "REVIEW" in text and "Sign in as" in signin_page
    assert "/login" in review_url  # the console asks for a sign-in
    assert 0 == code
    assert not Path(sandbox).exists()
