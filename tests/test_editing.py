"""Moderators' edits of faq.yaml and listbot.yaml from the console: validated like `listbot check`,
comments and layout kept, a backup made, audited; a refused edit leaves the file as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from listbot.app import editing
from listbot.config import load
from listbot.errors import ConfigError
from listbot.store import Store
from tests.factories import config_dir

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
MOD = "balint-moderators@americanbalintsociety.org"


def test_adding_an_example_changes_only_that_line_and_keeps_a_backup(tmp_path: Path, store: Store) -> None:
    config = load(config_dir(tmp_path))
    faq = config.faq_path
    before = faq.read_text()
    form = editing.entry_form(editing.entry(config, "org-chart"))  # type: ignore[arg-type]
    form["examples"] += "\nIs there a chart of who runs which committee?"

    saved = editing.save_entry(config, store, "org-chart", editing.entry_values(form), MOD, NOW)

    after = faq.read_text()
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert ['      - "Is there a chart of who runs which committee?"'] == added
    assert len(after.splitlines()) == len(before.splitlines()) + 1  # every comment and line kept
    assert saved.backup is not None and before == saved.backup.read_text()
    assert ("entries[org-chart].examples",) == saved.changed
    assert "Is there a chart of who runs which committee?" in load(config.path).faq.entries[-1].examples
    assert ["faq.edit"] == [a.action for a in store.audit_rows()]


def test_an_edit_check_would_refuse_is_refused_and_the_file_is_untouched(
    tmp_path: Path, store: Store
) -> None:
    config = load(config_dir(tmp_path))
    before = config.faq_path.read_text()
    form = editing.entry_form(editing.entry(config, "org-chart"))  # type: ignore[arg-type]
    form["links"] = "orgchart"

    with pytest.raises(ConfigError) as caught:
        editing.save_entry(config, store, "org-chart", editing.entry_values(form), MOD, NOW)

    assert "entries[org-chart].links: 'orgchart' is not defined under links:" in str(caught.value)
    assert before == config.faq_path.read_text()
    assert [] == list(tmp_path.glob("*.bak"))


def test_a_threshold_change_keeps_the_comments_and_applies_on_load(tmp_path: Path, store: Store) -> None:
    config = load(config_dir(tmp_path))
    before = config.path.read_text()

    saved = editing.save_settings(
        config, store, {"answers.answer_threshold": "0.4", "mode": "review"}, MOD, NOW
    )

    after = config.path.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert [
        ("mode: shadow", "mode: review"),
        ("  answer_threshold: 0.32", "  answer_threshold: 0.4"),
    ] == changed
    assert (0.4, "review") == (
        load(config.path).settings.answers.answer_threshold,
        load(config.path).settings.mode,
    )
    assert {"answers.answer_threshold", "mode"} == set(saved.changed)


def test_the_digest_addresses_box_unticked_turns_them_off(tmp_path: Path, store: Store) -> None:
    """The Settings page's "Show where each call's work goes" box: unticked, the form sends only its
    "shown" marker, and digest.show_addresses becomes false in listbot.yaml."""
    config = load(config_dir(tmp_path))

    saved = editing.save_settings(config, store, {"digest.show_addresses.shown": "1"}, MOD, NOW)

    assert ("digest.show_addresses",) == saved.changed
    assert load(config.path).settings.digest.show_addresses is False
    assert "  show_addresses: false" in config.path.read_text()


def test_settings_refused_with_the_key_and_the_fix(tmp_path: Path, store: Store) -> None:
    config = load(config_dir(tmp_path))
    before = config.path.read_text()

    with pytest.raises(ConfigError) as caught:
        editing.save_settings(config, store, {"answers.review_threshold": "0.5"}, MOD, NOW)

    assert "answers: review_threshold (0.5) is above answer_threshold (0.32)" in str(caught.value)
    assert before == config.path.read_text()
