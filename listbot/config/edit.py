"""Editing the YAML files moderators own, keeping their comments and layout (ruamel.yaml round trip).

An edit is: read the file as a document, change values in it, write the text; ``save`` validates the new
text the way ``listbot check`` would before anything is written, keeps a timestamped backup of the old file
beside it, and replaces the file atomically, so a failed edit leaves the file as it was.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from listbot.errors import ConfigError, Problem

__all__ = ["CommentedMap", "CommentedSeq", "dump", "load", "quoted", "save"]


def _represent_none(representer: RoundTripRepresenter, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a moderator's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), _represent_none)
    return yaml


def load(path: Path) -> Any:
    """The file as a document to change in place (a CommentedMap at the top)."""
    try:
        return _yaml().load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError([Problem(str(path), "-", f"cannot be read ({exc.strerror})")]) from None
    except Exception as exc:  # a YAML error: the file is broken already
        raise ConfigError([Problem(str(path), "-", f"YAML syntax: {exc}; fix the file first")]) from None


def dump(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def quoted(value: str) -> DoubleQuotedScalarString:
    """A string written in double quotes, as the shipped files write text."""
    return DoubleQuotedScalarString(value)


def save(path: Path, text: str, validate: Callable[[str], None], now: datetime) -> Path | None:
    """Write ``text`` to ``path`` if ``validate(text)`` accepts it (it raises ConfigError otherwise).

    Returns the backup of the previous file (``<name>.<YYYYmmdd-HHMMSS>.bak`` beside it), None when there
    was no previous file.
    """
    validate(text)
    backup = None
    if path.exists():
        backup = path.with_name(f"{path.name}.{now:%Y%m%d-%H%M%S}.bak")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.name}.{now:%Y%m%d-%H%M%S}-{n}.bak")
        backup.write_bytes(path.read_bytes())
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return backup
