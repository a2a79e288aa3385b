"""The one jinja2 Environment: sandboxed, strict, cached per folder, and still picks up a template edit."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from listbot import render


def test_a_moderators_template_edit_is_used_without_a_restart(tmp_path: Path):
    template = tmp_path / "answer.txt.j2"
    template.write_text("Hello {{ name }}\n", encoding="utf-8")
    first = render.environment(tmp_path).get_template("answer.txt.j2").render(name="Ann")

    template.write_text("Dear {{ name }}\n", encoding="utf-8")
    stat = template.stat()
    os.utime(template, (stat.st_atime, stat.st_mtime + 5))  # a later modification time, as an edit has
    second = render.environment(tmp_path).get_template("answer.txt.j2").render(name="Ann")

    assert ("Hello Ann\n", "Dear Ann\n") == (first, second)
    assert render.environment(tmp_path) is render.environment(tmp_path)


def test_undefined_names_are_errors_and_templates_cannot_reach_python(tmp_path: Path):
    (tmp_path / "typo.j2").write_text("{{ faq.answr }}", encoding="utf-8")
    (tmp_path / "escape.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    env = render.environment(tmp_path)

    with pytest.raises(jinja2.UndefinedError):
        env.get_template("typo.j2").render(faq={"answer": "x"})
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.get_template("escape.j2").render()
