"""Loading the configuration: listbot.yaml and the files it names, validated once and cross-checked.

Relative paths inside ``listbot.yaml`` are relative to the folder that holds it. ``load`` raises ConfigError
with every problem found, each naming the file, the key path and the fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from listbot.config.problems import problems_from
from listbot.config.schema import DEFAULT_CONFIG, FAQ_IDS, CallsFile, FaqEntry, FaqFile, Settings
from listbot.errors import ConfigError, Problem


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that a date that is no date ("2027-15-01", "2027-02-30") stays the text
    written: the schema then names the key and the value, where PyYAML alone would stop with a bare
    ValueError and no place."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def yaml_data(text: str) -> Any:
    """The data of one YAML text, as the config files are read (``yaml.YAMLError`` on bad syntax)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


class Config:
    """Everything loaded and cross-checked: the settings, the FAQ, the manual calls, the templates' text
    (read when loaded, so that the bot renders what was checked, and a broken edit waits for a reload),
    and their paths."""

    def __init__(
        self,
        path: Path,
        settings: Settings,
        faq: FaqFile,
        calls: CallsFile,
        templates: Mapping[str, str] | None = None,
    ):
        self.path = path
        self.base = path.parent
        self.settings = settings
        self.faq = faq
        self.calls = calls
        self.templates = dict(templates) if templates is not None else read_templates(self.templates_dir)
        self.templates_digest = hashlib.sha256(
            "\0".join(f"{k}\0{v}" for k, v in sorted(self.templates.items())).encode()
        ).hexdigest()

    def replace(self, **settings: Any) -> Config:
        """The same files with some settings replaced (tests, the demo's sandbox, what-if)."""
        return Config(
            self.path, self.settings.model_copy(update=settings), self.faq, self.calls, self.templates
        )

    def files(self) -> tuple[Path, ...]:
        """The files this configuration was read from (listbot.yaml, faq.yaml, calls.yaml)."""
        return (self.path, self.faq_path, self.calls_path)

    def resolve(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else (self.base / relative)

    @property
    def state_path(self) -> Path:
        return self.resolve(self.settings.state)

    @property
    def templates_dir(self) -> Path:
        return self.resolve(self.settings.templates)

    @property
    def secret_path(self) -> Path:
        """The console's signing key (created on first start when absent)."""
        given = self.settings.console.secret_file
        return self.resolve(given) if given else self.state_path.parent / "console.secret"

    @property
    def moderators(self) -> tuple[str, ...]:
        """Who may sign in to the console: bot.moderators and console.moderators."""
        return tuple(dict.fromkeys(self.settings.bot.moderators + self.settings.console.moderators))

    @property
    def faq_path(self) -> Path:
        return self.resolve(self.settings.faq_file)

    @property
    def calls_path(self) -> Path:
        return self.resolve(self.settings.calls_file)

    @property
    def faq_entries(self) -> tuple[FaqEntry, ...]:
        return tuple(e for e in self.faq.entries if e.enabled)


def read_templates(folder: Path) -> dict[str, str]:
    """The text of every template (*.j2) in a folder; {} when it cannot be read."""
    try:
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.j2"))}
    except (OSError, UnicodeDecodeError):
        return {}


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            [
                Problem(
                    str(path),
                    "-",
                    "file not found; pass -c PATH, or write a configuration with: listbot init DIR",
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), "-", f"cannot be read ({exc}); save it as UTF-8")]) from None
    try:
        data = yaml_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        what = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            [Problem(str(path), where, f"YAML syntax: {what}; check indentation and quoting there")]
        ) from None
    return {} if data is None else data


def _parse(path: Path, model: type[BaseModel], data: Any) -> Any:
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), "-", "the top level must be a mapping of keys to values")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems_from(path, model, data, exc)) from None


def _check_faq(path: Path, faq: FaqFile) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, entry in enumerate(faq.entries):
        where = f"entries[{entry.id}]"
        if entry.id in seen:
            problems.append(Problem(str(path), f"{where}.id", "is used twice; give each entry its own id"))
        seen.add(entry.id)
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", entry.id):
            problems.append(
                Problem(str(path), f"entries[{index}].id", "use lower-case letters, digits and -")
            )
        for name in entry.links:
            if name not in faq.links:
                problems.append(
                    Problem(
                        str(path), f"{where}.links", f"{name!r} is not defined under links:; add it there"
                    )
                )
        if entry.enabled and not entry.examples:
            problems.append(
                Problem(
                    str(path),
                    f"{where}.examples",
                    "has no example questions; add two or three the way members ask it",
                )
            )
    missing = [i for i in FAQ_IDS if i not in seen]
    if missing and len(seen) >= len(FAQ_IDS) - len(missing) and seen & set(FAQ_IDS):
        # Other tools rely on the shipped ids: renaming one breaks them.
        problems.extend(
            Problem(
                str(path),
                "entries",
                f"id {m!r} is missing; keep the shipped ids (disable with enabled: false)",
            )
            for m in missing
        )
    return problems


def parse_text(path: Path, text: str, model: type[BaseModel]) -> Any:
    """The text of one of the files (an edit not yet written), validated as ``load`` validates the file."""
    try:
        data = yaml_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        raise ConfigError(
            [Problem(str(path), where, f"YAML syntax: {getattr(exc, 'problem', exc)}")]
        ) from None
    parsed = _parse(path, model, {} if data is None else data)
    if isinstance(parsed, FaqFile):
        problems = _check_faq(path, parsed)
        if problems:
            raise ConfigError(problems)
    return parsed


def load(path: Path | str = DEFAULT_CONFIG) -> Config:
    """Load and validate listbot.yaml and the files it names. Raises ConfigError with every problem found."""
    path = Path(path)
    settings: Settings = _parse(path, Settings, read_yaml(path))
    base = path.parent
    problems: list[Problem] = []

    def sub(relative: Path, model: type[BaseModel], optional: bool) -> Any:
        target = relative if relative.is_absolute() else base / relative
        if optional and not target.exists():
            return model.model_validate({})
        try:
            return _parse(target, model, read_yaml(target))
        except ConfigError as exc:
            problems.extend(exc.problems)
            return None

    faq = sub(settings.faq_file, FaqFile, optional=False)
    calls = sub(settings.calls_file, CallsFile, optional=True)
    if faq is not None:
        problems.extend(_check_faq(base / settings.faq_file, faq))
    templates = settings.templates if settings.templates.is_absolute() else base / settings.templates
    if not templates.is_dir():
        problems.append(
            Problem(str(path), "templates", f"{templates} is not a directory; point it at templates/")
        )
    if problems:
        raise ConfigError(problems)
    return Config(path, settings, faq, calls)
