"""calls.yaml, edited textually so that a moderator's comments and layout survive.

``edit_calls_text`` adds, replaces or deletes one entry and leaves every other line as it was;
``write_calls_file`` validates the result first and replaces the file atomically, so a failed edit
leaves the file as it was.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from pathlib import Path

from listbot.config import CallsFile, ManualCall
from listbot.config.files import yaml_data
from listbot.errors import ConfigError, Problem


def _yaml_scalar(value: object) -> str:
    if isinstance(value, (date, time)):
        return f'"{value.isoformat()[:5]}"' if isinstance(value, time) else value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def entry_block(entry: ManualCall, indent: str = "  ") -> str:
    lines = [f"{indent}- id: {entry.id}"]
    for key in (
        "title",
        "kind",
        "organisation",
        "deadline",
        "deadline_time",
        "timezone",
        "link",
        "eligibility",
        "submit_to",
    ):
        value = getattr(entry, key)
        if value is not None:
            lines.append(f"{indent}  {key}: {_yaml_scalar(value)}")
    if entry.extended:
        lines.append(f"{indent}  extended: true")
    if entry.remove:
        lines.append(f"{indent}  remove: true")
    return "\n".join(lines) + "\n"


def _find_block(lines: list[str], call_id: str) -> tuple[int, int] | None:
    pattern = re.compile(r"^(\s*)-\s+id:\s*['\"]?" + re.escape(call_id) + r"['\"]?\s*(?:#.*)?$")
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        end = i + 1
        while end < len(lines):
            nxt = lines[end]
            stripped = nxt.strip()
            if stripped and not stripped.startswith("#"):
                lead = len(nxt) - len(nxt.lstrip())
                if lead <= indent:
                    break
            elif stripped.startswith("#") and (len(nxt) - len(nxt.lstrip())) <= indent:
                break
            end += 1
        return i, end
    return None


def edit_calls_text(text: str, entry: ManualCall | None, remove_id: str | None = None) -> str:
    """calls.yaml with one entry added/replaced (entry) or deleted (remove_id); everything else kept."""
    lines = text.splitlines(keepends=True)
    target = entry.id if entry else remove_id
    assert target
    block = _find_block(lines, target)
    if block is not None:
        start, end = block
        leading = re.match(r"^(\s*)", lines[start])
        assert leading is not None  # \s* matches the empty string, so every line matches
        indent = leading.group(1)
        lines[start:end] = [entry_block(entry, indent)] if entry else []
        result = "".join(lines)
        if entry is None and not re.search(r"^\s*-\s+id:", result, re.MULTILINE):
            result = re.sub(r"^calls:[ \t]*$", "calls: []", result, count=1, flags=re.MULTILINE)
        return result
    if entry is None:
        return text
    for i, line in enumerate(lines):
        if re.match(r"^calls:\s*\[\s*\]\s*(?:#.*)?$", line):
            lines[i : i + 1] = ["calls:\n", entry_block(entry)]
            return "".join(lines)
        if re.match(r"^calls:\s*(?:#.*)?$", line):
            # after the last item of the list (the first line at column 0 that is not a comment ends it)
            end = i + 1
            last_item_end = i + 1
            while end < len(lines):
                stripped = lines[end].strip()
                if stripped and not lines[end].startswith((" ", "\t", "-", "#")):
                    break
                if stripped and not stripped.startswith("#"):
                    last_item_end = end + 1
                end += 1
            indent = "  "
            for probe in lines[i + 1 : last_item_end]:
                m = re.match(r"^(\s*)-\s", probe)
                if m:
                    indent = m.group(1)
                    break
            lines[last_item_end:last_item_end] = [entry_block(entry, indent)]
            return "".join(lines)
    sep = "" if not text or text.endswith("\n") else "\n"
    return f"{text}{sep}calls:\n{entry_block(entry)}"


def _check_calls_text(path: Path, text: str) -> CallsFile:
    try:
        data = yaml_data(text) or {}
        return CallsFile.model_validate(data)
    except Exception as exc:  # any failure means we must not write the file
        problem = Problem(str(path), "calls", f"the edit would not validate ({exc}); file left as is")
        raise ConfigError([problem]) from None


def write_calls_file(path: Path, text: str) -> CallsFile:
    calls = _check_calls_text(path, text)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return calls
