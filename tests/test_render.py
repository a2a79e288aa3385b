"""The one jinja2 Environment: sandboxed, strict, built once per set of templates, which are read when the
configuration is loaded (an edit applies at the next load or reload)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from listbot import render
from listbot.config import load
from listbot.model import Decision
from tests.factories import config_dir, make_post


def test_a_moderators_template_edit_is_used_from_the_next_load(tmp_path: Path) -> None:
    path = config_dir(tmp_path)
    first = load(path)
    text = dict(first.templates)
    text["answer.txt.j2"] = "Dear {{ greeting_name }}\n"
    edited = first.__class__(first.path, first.settings, first.faq, first.calls, text)

    assert render.config_environment(first) is render.config_environment(load(path))
    assert "Dear Ann\n" == render.config_environment(edited).get_template("answer.txt.j2").render(
        greeting_name="Ann"
    )


def test_undefined_names_are_errors_and_templates_cannot_reach_python() -> None:
    env = render.environment({"typo.j2": "{{ faq.answr }}", "escape.j2": "{{ ''.__class__.__mro__ }}"})

    with pytest.raises(jinja2.UndefinedError):
        env.get_template("typo.j2").render(faq={"answer": "x"})
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.get_template("escape.j2").render()


def test_check_names_a_broken_and_a_missing_template(tmp_path: Path) -> None:
    config = load(config_dir(tmp_path))
    broken = dict(config.templates, **{"digest.txt.j2": "{% for x in %}"})
    del broken["help.txt.j2"]
    edited = config.__class__(config.path, config.settings, config.faq, config.calls, broken)

    problems = [str(p) for p in render.check_templates(edited)]

    assert any("digest.txt.j2: line 1: template syntax" in p for p in problems)
    assert any("help.txt.j2: -: template missing" in p for p in problems)


def test_the_review_mail_says_why_the_answer_waits(tmp_path: Path) -> None:
    config = load(config_dir(tmp_path))
    post = make_post(subject="Balint Basics?", new_text="Where is Balint Basics?")
    decision = Decision(
        "review",
        "balint-basics",
        0.28,
        ("score 0.28 between review 0.22 and answer 0.32", "balint-basics 0.28 on 'Where is Balint Basics?'"),
    )

    mail = render.compose_review(config, post, config.faq_entries[0], decision, None, datetime.now(UTC))

    assert (
        "score 0.28\nWhy it waits: the bot is not sure this asks balint-basics: it scored 0.28, and it answers by"
        " itself from 0.32.\n\nWhy:\n" in mail.get_content()
    )
