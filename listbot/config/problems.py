"""Validation errors in a moderator's words: one Problem per error, naming the file, the key path and the fix."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from listbot.errors import Problem


def key_path(loc: tuple[Any, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            ident = (
                node[item].get("id")
                if isinstance(node, (list, tuple))
                and isinstance(node[item] if len(node) > item else None, dict)
                else None
            )
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident or item}]"]
        else:
            parts.append(str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "-"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The known keys of the model at loc[:-1], to suggest a spelling for an unknown key."""
    current: Any = model
    for item in loc[:-1]:
        if isinstance(item, int):
            continue
        field = getattr(current, "model_fields", {}).get(item)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ()) or ()
        candidates = [annotation, *args]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def problems_from(path: Path | str, model: type[BaseModel], data: Any, exc: ValidationError) -> list[Problem]:
    """One Problem per validation error: the key path, and what is wrong in words a moderator can act on."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = key_path(loc, data)
        kind = err["type"]
        if kind == "extra_forbidden":
            known = _fields_at(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys here: {', '.join(known)}"
            message = f"unknown key; {hint}"
        elif kind == "missing":
            message = "is required; add it (see the commented example in the shipped file)"
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
        elif kind == "literal_error":
            message = f"{err['msg'].lower()}; got {err.get('input')!r}"
        elif kind in ("tuple_type", "list_type"):  # pydantic says "a valid tuple": YAML calls it a list
            message = f"write a list here, one '- ...' line per item; got {err.get('input')!r}"
        else:
            message = f"{err['msg'].lower()}; got {err.get('input')!r}"
        problems.append(Problem(str(path), key, message))
    return problems
