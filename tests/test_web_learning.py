"""The console's share of teaching the bot: what an FAQ edit or new thresholds would change before they are
saved, learned examples promoted into faq.yaml, and what the FAQ is missing with a draft entry from it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from listbot.app import learning
from listbot.app.pipeline import Pipeline
from listbot.app.reload import LiveConfig
from listbot.config import load
from listbot.store import Store
from listbot.web.app import Console, create_app
from tests.factories import config_dir, list_post
from tests.test_web import Clock, sign_in

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ODD = "Who keeps the roster of working parties and their conveners?"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Console, TestClient, str]:
    path = config_dir(tmp_path, ("mode: shadow", "mode: live"))
    clock = Clock()
    console = Console(LiveConfig(load(path)), clock)
    client = TestClient(create_app(console), base_url="http://127.0.0.1:8025", follow_redirects=False)
    config = console.live.current
    with Store(config.state_path) as store:
        pipeline = Pipeline(config, store)
        for i, text in enumerate(
            [ODD, "Where can I find the Balint Basics curriculum materials on the website?"]
        ):
            pipeline.process(
                list_post(text, mid=f"p{i}@x", date=NOW - timedelta(days=3)),
                f"t:{i}",
                NOW - timedelta(days=3),
            )
        for i in range(4):  # a recurring question no FAQ answers, from four members
            text = [
                "How do I get CME credit for attending a Balint group?",
                "Can I claim CME credits for our Balint group sessions?",
                "Is CME credit available for Balint group participation?",
                "Does anyone know how CME credit works for Balint groups?",
            ][i]
            pipeline.process(
                list_post(text, mid=f"c{i}@x", sender=f"M{i} <m{i}@example.org>", date=NOW - timedelta(days=2)),
                f"c:{i}",
                NOW - timedelta(days=2),
            )  # fmt: skip
    csrf = sign_in(client, console)
    return console, client, csrf


def test_an_faq_edit_that_changes_decisions_is_shown_before_it_is_saved(setup) -> None:  # type: ignore[no-untyped-def]
    console, client, csrf = setup
    config = console.live.current
    entry = next(e for e in config.faq.entries if e.id == "org-chart")
    form = {
        "csrf": csrf,
        "question": entry.question,
        "answer": entry.answer,
        "links": "\n".join(entry.links),
        "examples": "\n".join((*entry.examples, ODD)),
        "keywords": "\n".join(entry.keywords),
        "enabled": "on",
        "action": "save",
    }

    first = client.post("/faq/org-chart", data=form)
    unchanged_on_disk = ODD not in config.faq_path.read_text()
    confirmed = client.post("/faq/org-chart", data=form | {"confirmed": "yes"})

    assert 200 == first.status_code and "what this edit would change" in first.text
    assert "Newly answered (1)" in first.text and unchanged_on_disk
    assert 303 == confirmed.status_code and ODD in config.faq_path.read_text()


def test_new_thresholds_show_the_last_180_days_before_they_are_saved(setup) -> None:  # type: ignore[no-untyped-def]
    console, client, csrf = setup
    form = {"csrf": csrf, "answers.answer_threshold": "0.95", "answers.review_threshold": "0.9"}

    first = client.post("/settings", data=form)
    saved = client.post("/settings", data=form | {"confirmed": "yes"})

    assert "answered 1 &rarr; 0" in first.text
    assert 303 == saved.status_code
    assert 0.95 == load(console.live.current.path).settings.answers.answer_threshold


def test_a_learned_example_is_promoted_into_faq_yaml_from_the_console(setup) -> None:  # type: ignore[no-untyped-def]
    console, client, csrf = setup
    config = console.live.current
    with Store(config.state_path) as store:
        taught = learning.teach(config, store, "org-chart", ODD, "example", "m@example.org", "console", NOW)

    done = client.post(f"/faq/org-chart/learned/{taught.id}/promote", data={"csrf": csrf})

    assert 303 == done.status_code
    assert f'      - "{ODD}"' in config.faq_path.read_text().splitlines()
    with Store(config.state_path) as store:
        assert [] == store.learned_all()


def test_gaps_lists_the_recurring_question_and_drafts_an_entry(setup) -> None:  # type: ignore[no-untyped-def]
    console, client, csrf = setup

    page = client.get("/gaps")
    draft = re.search(r'href="(/faq/new\?[^"]+)"', page.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    form_page = client.get(draft)
    values = dict(re.findall(r'<input id="(\w+)" name="\w+" value="([^"]*)"', form_page.text))
    examples = re.search(r'<textarea id="examples"[^>]*>(.*?)</textarea>', form_page.text, re.S).group(1)  # type: ignore[union-attr]
    added = client.post(
        "/faq/new",
        data={"csrf": csrf, "id": values["id"], "question": values["question"], "examples": examples,
              "answer": "CME credit is given for the Intensive and the national meeting; ask the CME office.", "keywords": ""},
    )  # fmt: skip

    assert "4 askers" in page.text and "CME" in page.text
    assert "CME credit" in examples
    assert 303 == added.status_code
    new = next(e for e in load(console.live.current.path).faq.entries if e.id == values["id"])
    assert (False, "CME credit is given") == (new.enabled, new.answer[:19])
