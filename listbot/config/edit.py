"""Editing a YAML file a moderator also edits by hand: keep its comments, order, quoting and indentation.

listbot's own changes to faq.yaml and listbot.yaml (a promoted example; the console's FAQ and settings
editors) go through here:

    text = path.read_text()
    doc = RoundTrip.load(path, text)        # a ruamel.yaml round-trip document, with its layout found
    doc.data["entries"][0]["examples"].append(doc.quoted("..."))
    new_text = doc.dump()
    backup = replace_file(path, new_text, validate, now)   # backup beside it, validate, then replace

``validate`` gets the path of the new text written beside the file and raises ConfigError to refuse it: the
file itself is replaced only after that (atomically, with ``os.replace``), and a timestamped copy of the
old file stays beside it.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from listbot.config.files import _check_faq, _parse, read_yaml
from listbot.config.schema import FaqFile
from listbot.errors import ConfigError, Problem

# (mapping, sequence, offset) indentations tried, in order, to reproduce a file exactly
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 2, 2))


__all__ = ["CommentedMap", "CommentedSeq", "RoundTrip", "read_faq", "replace_file"]


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")  # as the shipped files write it


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a moderator's long lines
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@dataclass
class RoundTrip:
    """A YAML document loaded for editing, with the indentation that reproduces its file."""

    path: Path
    data: Any
    layout: tuple[int, int, int]
    exact: bool  # dumping the unchanged document gives the file back byte for byte

    @classmethod
    def load(cls, path: Path, text: str | None = None) -> RoundTrip:
        """Raises ConfigError naming the file when it cannot be read or is not YAML."""
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    [Problem(str(path), "-", f"cannot be read ({exc}); save it as UTF-8")]
                ) from None
        first: RoundTrip | None = None
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            try:
                data = yaml.load(text)
            except YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f"line {mark.line + 1}" if mark else "-"
                raise ConfigError(
                    [
                        Problem(
                            str(path),
                            where,
                            f"YAML syntax: {getattr(exc, 'problem', exc)}; fix it by hand first",
                        )
                    ]
                ) from None
            except ValueError as exc:  # a value YAML reads as a date that is none: "2027-15-01"
                raise ConfigError(
                    [Problem(str(path), "-", f"a value that is no date ({exc}); fix it by hand first")]
                ) from None
            if _dump(yaml, data) == text:
                return cls(path, data, layout, True)
            first = first or cls(path, data, layout, False)
        assert first is not None
        return first

    def dump(self) -> str:
        return _dump(_yaml(self.layout), self.data)

    @staticmethod
    def quoted(text: str) -> DoubleQuotedScalarString:
        """A string written in double quotes, as faq.yaml writes its questions and examples."""
        return DoubleQuotedScalarString(text)


def backup_path(path: Path, now: datetime) -> Path:
    """``faq.yaml`` -> ``faq.yaml.20261207T021800Z.bak`` beside it (``-2``, ``-3`` ... when taken)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
    return candidate


def replace_file(path: Path, text: str, validate: Callable[[Path], None], now: datetime) -> Path:
    """Write ``text`` beside ``path``, let ``validate`` check it (it raises ConfigError to refuse), keep a
    timestamped backup of the old file beside it, then replace the file. Returns the backup's path."""
    staged = path.with_name(f".{path.name}.new")
    try:
        staged.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            [
                Problem(
                    str(path), "-", f"cannot write beside it ({exc.strerror}); check the folder's permissions"
                )
            ]
        ) from None
    try:
        try:
            validate(staged)
        except ConfigError as exc:  # name the moderator's file, not the staged copy
            raise ConfigError(
                [Problem(p.file.replace(str(staged), str(path)), p.key, p.message) for p in exc.problems]
            ) from None
        backup = backup_path(path, now)
        shutil.copy2(path, backup)
        os.replace(staged, path)
    finally:
        if staged.exists():
            staged.unlink()
    return backup


def read_faq(path: Path) -> FaqFile:
    """faq.yaml validated as ``listbot check`` validates it when loading (schema and cross-checks)."""
    faq: FaqFile = _parse(path, FaqFile, read_yaml(path))
    problems = _check_faq(path, faq)
    if problems:
        raise ConfigError(problems)
    return faq
