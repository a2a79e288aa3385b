"""Moderators' edits of faq.yaml and listbot.yaml, from the console (the command-line path is the file and
``listbot check``). Each edit is validated exactly like ``listbot check`` before the file is written, keeps
the file's comments and layout, leaves a timestamped backup, and is audited. The running bot picks the
new file up from the next post (``listbot.app.reload``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from listbot.app.inspect import check
from listbot.config import Config, FaqEntry, FaqFile, Settings, edit, parse_text
from listbot.core.match import Matcher
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.model import Match
from listbot.store import Store

ENTRY_FIELDS = ("question", "answer", "links", "examples", "keywords", "enabled")


@dataclass(frozen=True)
class Saved:
    path: Path
    backup: Path | None
    changed: tuple[str, ...]  # what changed, as key paths


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def entry_form(entry: FaqEntry) -> dict[str, str]:
    """An FAQ entry as the edit form's text fields (what ``entry_values`` reads back)."""
    return {
        "question": entry.question,
        "answer": entry.answer,
        "links": "\n".join(entry.links),
        "examples": "\n".join(entry.examples),
        "keywords": "\n".join(entry.keywords),
        "enabled": "on" if entry.enabled else "",
    }


def entry_values(form: dict[str, str]) -> dict[str, Any]:
    """A form's text fields as an FAQ entry's values: one example, keyword or link name per line."""
    return {
        "question": form.get("question", "").strip(),
        "answer": form.get("answer", "").replace("\r\n", "\n").strip(),
        "links": _lines(form.get("links", "")),
        "examples": _lines(form.get("examples", "")),
        "keywords": _lines(form.get("keywords", "")),
        "enabled": form.get("enabled", "") in ("on", "true", "1", "yes"),
    }


def _edited_faq(config: Config, faq_id: str, values: dict[str, Any]) -> tuple[Any, str]:
    """The faq.yaml document with one entry changed, and its new text."""
    doc = edit.RoundTrip.load(config.faq_path)
    document = doc.data
    entries = document.get("entries") or []
    entry = next((e for e in entries if e.get("id") == faq_id), None)
    if entry is None:
        raise ListbotError(f"no FAQ entry {faq_id!r} in {config.faq_path}")
    current = next(e for e in config.faq.entries if e.id == faq_id)
    for key in ENTRY_FIELDS:
        new = values.get(key)
        if new is None or new == _as_plain(getattr(current, key)):
            continue  # untouched fields keep their exact text
        if key == "answer":
            entry[key] = LiteralScalarString(new) if "\n" in new else doc.quoted(new)
        elif key in ("examples", "keywords", "links"):
            seq = edit.CommentedSeq([doc.quoted(v) if key != "links" else v for v in new])
            if key != "examples":
                seq.fa.set_flow_style()
            entry[key] = seq
        elif key == "question":
            entry[key] = doc.quoted(new)
        else:
            entry[key] = new
    return document, doc.dump()


def _as_plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def validate_faq_text(config: Config, text: str) -> Config:
    """The configuration with this faq.yaml text, checked like ``listbot check``; ConfigError otherwise."""
    faq: FaqFile = parse_text(config.faq_path, text, FaqFile)
    edited = Config(config.path, config.settings, faq, config.calls, config.templates)
    check(edited, datetime.now().astimezone())
    return edited


def preview_entry(config: Config, faq_id: str, values: dict[str, Any]) -> Config:
    """The configuration as it would be with the entry edited (for "try a question" and what would
    change); ConfigError with every problem, named as ``listbot check`` names them."""
    _, text = _edited_faq(config, faq_id, values)
    return validate_faq_text(config, text)


def save_entry(
    config: Config, store: Store, faq_id: str, values: dict[str, Any], moderator: str, now: datetime
) -> Saved:
    """Write the edited entry into faq.yaml (validated, comments kept, backup made) and audit it."""
    before = next((e for e in config.faq.entries if e.id == faq_id), None)
    if before is None:
        raise ListbotError(f"no FAQ entry {faq_id!r}")
    _, text = _edited_faq(config, faq_id, values)

    def validate(staged: Path) -> None:
        validate_faq_text(config, staged.read_text(encoding="utf-8"))

    backup = edit.replace_file(config.faq_path, text, validate, now)
    after = next(e for e in parse_text(config.faq_path, text, FaqFile).entries if e.id == faq_id)
    changed = tuple(k for k in ENTRY_FIELDS if getattr(before, k) != getattr(after, k))
    store.audit(
        moderator,
        "faq.edit",
        f"faq:{faq_id}",
        now,
        before={k: _as_plain(getattr(before, k)) for k in changed},
        after={k: _as_plain(getattr(after, k)) for k in changed},
    )
    return Saved(config.faq_path, backup, tuple(f"entries[{faq_id}].{k}" for k in changed))


def add_entry(config: Config, store: Store, values: dict[str, Any], moderator: str, now: datetime) -> Saved:
    """A new FAQ entry at the end of faq.yaml (a draft from a recurring unanswered topic, completed by a
    moderator), validated like ``listbot check``, the file's comments kept, a backup made, audited."""
    faq_id = str(values.get("id") or "").strip()
    if faq_id in {e.id for e in config.faq.entries}:
        raise ConfigError(
            [Problem(str(config.faq_path), f"entries[{faq_id}].id", "is used already; choose another id")]
        )
    doc = edit.RoundTrip.load(config.faq_path)
    entry = edit.CommentedMap()
    entry["id"] = faq_id
    entry["question"] = doc.quoted(values["question"])
    answer = values["answer"]
    entry["answer"] = LiteralScalarString(answer) if "\n" in answer else doc.quoted(answer)
    for key in ("links", "keywords"):
        seq = edit.CommentedSeq([doc.quoted(v) if key == "keywords" else v for v in values.get(key) or []])
        seq.fa.set_flow_style()
        entry[key] = seq
    entry["examples"] = edit.CommentedSeq([doc.quoted(v) for v in values.get("examples") or []])
    entry["enabled"] = bool(values.get("enabled"))
    doc.data["entries"].append(entry)
    text = doc.dump()

    def validate(staged: Path) -> None:
        validate_faq_text(config, staged.read_text(encoding="utf-8"))

    backup = edit.replace_file(config.faq_path, text, validate, now)
    store.audit(
        moderator, "faq.add", f"faq:{faq_id}", now, after={k: v for k, v in values.items() if k != "answer"}
    )
    return Saved(config.faq_path, backup, (f"entries[{faq_id}]",))


def tried_matcher(config: Config, store: Store | None = None) -> Matcher:
    """The matcher the bot would use with this configuration's FAQ (and the state's learned examples)."""
    from listbot.app import learning  # learning -> review -> ... imported when used

    return Matcher(config.faq_entries, learned=learning.learned_of(store) if store is not None else ())


def try_question(config: Config, sentence: str, store: Store | None = None) -> Match:
    """What the matcher makes of a sentence with this configuration's FAQ (a question typed in the console)."""
    return tried_matcher(config, store).match(sentence)


def entry(config: Config, faq_id: str) -> FaqEntry | None:
    return next((e for e in config.faq.entries if e.id == faq_id), None)


# -- listbot.yaml: the rules moderators own ----------------------------------------------------------------

# key path -> how a form's text becomes the value (the schema validates the result)
EDITABLE: dict[str, str] = {
    "mode": "text",
    "answers.answer_threshold": "number",
    "answers.review_threshold": "number",
    "answers.wait_minutes": "number",
    "answers.grace_days": "number",
    "answers.daily_cap_per_author": "integer",
    "answers.breaker.max_answers": "integer",
    "answers.breaker.window_minutes": "integer",
    "digest.enabled": "boolean",
    "digest.schedule.day_of_week": "text",
    "digest.schedule.hour": "integer",
    "digest.schedule.minute": "integer",
    "digest.recipients": "lines",
    "digest.show_addresses": "boolean",
}


def setting(settings: Settings, key: str) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    return list(value) if isinstance(value, tuple) else value


def _convert(kind: str, text: str) -> Any:
    text = text.strip()
    if kind == "boolean":
        return text in ("on", "true", "1", "yes")
    if kind == "lines":
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    if kind in ("number", "integer"):
        try:
            return int(text) if kind == "integer" and text.lstrip("-").isdigit() else float(text)
        except ValueError:
            return text  # the schema names the problem
    return text


def _set(document: Any, key: str, value: Any) -> None:
    node = document
    parts = key.split(".")
    for part in parts[:-1]:
        if part not in node or node[part] is None:
            node[part] = edit.CommentedMap()
        node = node[part]
    if isinstance(value, list):
        seq = edit.CommentedSeq(value)
        seq.fa.set_flow_style()
        value = seq
    node[parts[-1]] = value


@dataclass(frozen=True)
class SettingsEdit:
    """A settings form applied to listbot.yaml's text, validated, not yet written."""

    text: str
    settings: Settings
    changes: dict[str, tuple[Any, Any]]  # key path -> (old, new)


def preview_settings(config: Config, form: dict[str, str], now: datetime) -> SettingsEdit:
    """listbot.yaml as the form would make it, validated like ``listbot check`` (ConfigError otherwise).
    Keys outside ``EDITABLE`` (servers, secrets) are never written from here; a key the form does not carry
    keeps its value."""
    doc = edit.RoundTrip.load(config.path)
    changes: dict[str, tuple[Any, Any]] = {}
    for key, kind in EDITABLE.items():
        # an unticked checkbox sends nothing: the form says it showed one with a hidden "<key>.shown"
        if key not in form and not (kind == "boolean" and f"{key}.shown" in form):
            continue
        new = _convert(kind, form.get(key, ""))
        old = setting(config.settings, key)
        if new != old:
            _set(doc.data, key, new)
            changes[key] = (old, new)
    text = doc.dump()
    settings = parse_text(config.path, text, Settings)
    if changes:
        check(Config(config.path, settings, config.faq, config.calls, config.templates), now)
    return SettingsEdit(text, settings, changes)


def save_settings(config: Config, store: Store, form: dict[str, str], moderator: str, now: datetime) -> Saved:
    """Write the changed rules into listbot.yaml (validated like ``listbot check``, comments kept, backup
    made) and audit them."""
    edited = preview_settings(config, form, now)
    if not edited.changes:
        return Saved(config.path, None, ())

    def validate(staged: Path) -> None:
        settings = parse_text(config.path, staged.read_text(encoding="utf-8"), Settings)
        check(Config(config.path, settings, config.faq, config.calls, config.templates), now)

    backup = edit.replace_file(config.path, edited.text, validate, now)
    store.audit(
        moderator,
        "settings.edit",
        "listbot.yaml",
        now,
        before={k: v[0] for k, v in edited.changes.items()},
        after={k: v[1] for k, v in edited.changes.items()},
    )
    return Saved(config.path, backup, tuple(edited.changes))


def problems_of(exc: ConfigError) -> list[Problem]:
    return list(exc.problems)
