"""Reload without restart: an edit applies at the next refresh; a broken one keeps the last good
configuration and is reported once."""

from __future__ import annotations

import os
from pathlib import Path

from listbot.app.reload import LiveConfig
from listbot.config import load
from listbot.errors import Problem
from tests.factories import config_dir


def touch_later(path: Path, seconds: float = 5) -> None:
    """A later modification time, as an edit a few seconds later has."""
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + seconds))


def setup(tmp_path: Path) -> tuple[LiveConfig, list[list[Problem]], Path]:
    path = config_dir(tmp_path)
    reported: list[list[Problem]] = []
    return LiveConfig(load(path), on_problem=reported.append), reported, path


def test_nothing_changed_is_the_same_object(tmp_path: Path) -> None:
    live, reported, _ = setup(tmp_path)

    assert live.current is live.refresh()
    assert [] == reported


def test_an_faq_edit_applies_at_the_next_refresh(tmp_path: Path) -> None:
    live, reported, path = setup(tmp_path)
    faq = path.parent / "faq.yaml"
    faq.write_text(faq.read_text().replace("  - id: why-join\n", "  - id: why-join\n    enabled: false\n", 1))
    touch_later(faq)

    fresh = live.refresh()

    assert (8, 1, []) == (len(fresh.faq_entries), live.generation, reported)


def test_a_broken_edit_keeps_the_last_good_one_and_is_reported_once(tmp_path: Path) -> None:
    live, reported, path = setup(tmp_path)
    good = live.current
    settings = path  # listbot.yaml
    settings.write_text(settings.read_text().replace("answer_threshold: 0.32", "answer_treshold: 0.32"))
    touch_later(settings)

    first = live.refresh()
    touch_later(settings, 10)
    second = live.refresh()

    assert good is first is second
    assert 1 == len(reported)
    assert "answers.answer_treshold: unknown key; did you mean 'answer_threshold'?" in str(reported[0][0])

    settings.write_text(settings.read_text().replace("answer_treshold: 0.3", "answer_threshold: 0.4"))
    touch_later(settings, 20)
    assert 0.42 == live.refresh().settings.answers.answer_threshold


def test_a_template_with_a_syntax_error_is_not_taken(tmp_path: Path) -> None:
    path = config_dir(tmp_path)
    templates = tmp_path / "own-templates"
    templates.mkdir()
    shipped = load(path).templates_dir
    for source in shipped.glob("*.j2"):
        (templates / source.name).write_text(source.read_text())
    path.write_text(path.read_text().replace(f"templates: {shipped}", f"templates: {templates}"))
    reported: list[list[Problem]] = []
    live = LiveConfig(load(path), on_problem=reported.append)
    before = live.current.templates["answer.txt.j2"]
    (templates / "answer.txt.j2").write_text("{% if %}\n")
    touch_later(templates / "answer.txt.j2")

    kept = live.refresh()

    assert before == kept.templates["answer.txt.j2"]
    assert "answer.txt.j2: line 1: template syntax" in str(reported[0][0])


def test_sighup_reloads_whatever_the_times_say(tmp_path: Path) -> None:
    live, _, _ = setup(tmp_path)
    live.request()

    before = live.current

    after = live.refresh()

    assert (1, False) == (live.generation, after is before)


def test_a_calls_edit_with_a_date_that_is_none_keeps_the_last_good_one(tmp_path: Path) -> None:
    """PyYAML reads 2027-15-01 as a date and fails on it: that is a reported problem, not a crash of the
    daemon's next refresh."""
    live, reported, path = setup(tmp_path)
    good = live.current
    calls = path.parent / "calls.yaml"
    calls.write_text("calls:\n  - id: abs-2027\n    title: ABS 2027\n    deadline: 2027-15-01\n")
    touch_later(calls)

    assert good is live.refresh()
    assert 1 == len(reported)
    assert "calls[abs-2027].deadline: input should be a valid date" in str(reported[0][0])
