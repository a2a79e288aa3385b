"""Typed configuration, validated once. Every problem names the file, the key path and the fix.

Files a moderator edits: ``listbot.yaml`` (the service), ``faq.yaml`` (the knowledge base) and
``calls.yaml`` (calls added by hand). Relative paths inside ``listbot.yaml`` are relative to the
directory that holds it. Secrets never live in YAML: ``password_env`` names an environment variable,
``password_file`` a file whose first line is the password.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import date, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from listbot.errors import ConfigError, Problem

DEFAULT_CONFIG = Path("config/listbot.yaml")
FAQ_IDS = (
    "membership-benefits",
    "why-join",
    "contribute",
    "leader-support",
    "training-complete",
    "balint-basics",
    "research-for-administrators",
    "present-publish",
    "org-chart",
)
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_LINK_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _address(value: str) -> str:
    value = value.strip()
    if not _ADDRESS.match(value):
        raise ValueError(f"{value!r} is not an e-mail address; write it as name@example.org")
    return value.lower()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA timezone; use a name like America/New_York") from None
    return value


class Secret(_Strict):
    """Where a password comes from. Never the password itself."""

    password_env: str | None = None
    password_file: Path | None = None

    def password(self, base: Path) -> str | None:
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(
                    [
                        Problem(
                            "environment", self.password_env, "is not set; export it before starting listbot"
                        )
                    ]
                )
            return value
        if self.password_file:
            path = self.password_file if self.password_file.is_absolute() else base / self.password_file
            try:
                return path.read_text(encoding="utf-8").splitlines()[0].strip()
            except (OSError, IndexError):
                raise ConfigError(
                    [
                        Problem(
                            str(path),
                            "password_file",
                            "cannot be read or is empty; check the path and rights",
                        )
                    ]
                ) from None
        return None


class ListSettings(_Strict):
    name: str = "Balint-L"
    address: str
    list_id: str
    timezone: str = "America/New_York"
    archive_url: str | None = None

    _check_address = field_validator("address")(lambda cls, v: _address(v))
    _check_tz = field_validator("timezone")(lambda cls, v: _timezone(v))

    @field_validator("list_id")
    @classmethod
    def _bare_list_id(cls, value: str) -> str:
        value = value.strip().strip("<>").lower()
        if not value or " " in value or "." not in value:
            raise ValueError("write the bare List-Id, e.g. balint-l.lists.example.org (no name, no <>)")
        return value


class BotSettings(_Strict):
    address: str
    name: str = "Balint-L FAQ Assistant"
    aliases: tuple[str, ...] = ()
    envelope_sender: str = ""  # "" sends with the null sender <>
    moderators: tuple[str, ...]
    human_contact: str  # where a member reaches a person

    @field_validator("address", "human_contact", "envelope_sender")
    @classmethod
    def _one(cls, value: str, info: Any) -> str:
        if info.field_name == "envelope_sender" and value == "":
            return value
        return _address(value)

    @field_validator("aliases", "moderators")
    @classmethod
    def _many(cls, values: tuple[str, ...], info: Any) -> tuple[str, ...]:
        if info.field_name == "moderators" and not values:
            raise ValueError("name at least one moderator address, who receives reviews and alerts")
        return tuple(_address(v) for v in values)

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[1]

    @property
    def own_addresses(self) -> frozenset[str]:
        return frozenset({self.address, *self.aliases} | ({self.envelope_sender} - {""}))


Security = Literal["ssl", "starttls", "none"]


class ImapSettings(Secret):
    host: str = "127.0.0.1"
    port: int = Field(default=993, ge=1, le=65535)
    security: Security = "ssl"
    username: str = ""
    mailbox: str = "INBOX"
    verify_certificates: bool = True
    idle_minutes: float = Field(default=9.0, gt=0, le=29)  # RFC 2177: re-issue IDLE before 29 minutes
    poll_seconds: float = Field(default=60.0, gt=0)  # used when the server has no IDLE
    timeout_seconds: float = Field(default=30.0, gt=0)


class LmtpSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8024, ge=1, le=65535)
    protocol: Literal["lmtp", "smtp"] = "lmtp"
    max_message_bytes: int = Field(default=25_000_000, gt=0)


class SmtpSettings(Secret):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    security: Security = "starttls"
    username: str | None = None
    verify_certificates: bool = True
    timeout_seconds: float = Field(default=30.0, gt=0)
    # while the relay is down or answers 4xx: wait retry_initial_seconds, doubling up to retry_max_seconds
    retry_initial_seconds: float = Field(default=30.0, gt=0)
    retry_max_seconds: float = Field(default=1800.0, gt=0)


class BreakerSettings(_Strict):
    max_answers: int = Field(default=20, ge=1)
    window_minutes: int = Field(default=60, ge=1)


class AnswerSettings(_Strict):
    answer_threshold: float = Field(default=0.32, gt=0, le=1)
    review_threshold: float = Field(default=0.22, gt=0, le=1)
    wait_minutes: float = Field(default=30, ge=0)
    grace_days: float = Field(default=7, ge=0)
    daily_cap_per_author: int = Field(default=2, ge=1)
    backlog_hours: float = Field(default=24, gt=0)
    breaker: BreakerSettings = BreakerSettings()

    @model_validator(mode="after")
    def _ordered(self) -> AnswerSettings:
        if self.review_threshold > self.answer_threshold:
            raise ValueError(
                f"review_threshold ({self.review_threshold}) is above answer_threshold "
                f"({self.answer_threshold}); make review_threshold the lower one"
            )
        return self


class Schedule(_Strict):
    """A cron-like schedule in the list's timezone (APScheduler CronTrigger fields)."""

    day_of_week: str = "mon"
    hour: int = Field(default=7, ge=0, le=23)
    minute: int = Field(default=0, ge=0, le=59)

    @field_validator("day_of_week")
    @classmethod
    def _days(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger(day_of_week=value)
        except ValueError as exc:
            raise ValueError(
                f"{value!r} is not a day-of-week expression ({exc}); use e.g. mon or mon,thu or *"
            ) from None
        return value


class DigestSettings(_Strict):
    enabled: bool = True
    name: str = "weekly"
    schedule: Schedule = Schedule()
    recipients: tuple[str, ...] = ()
    unsubscribe_url: str | None = None  # https URL for one-click List-Unsubscribe-Post
    catch_up_hours: float = Field(default=72, ge=0)  # a missed digest is still sent this long after its time

    _check = field_validator("recipients")(lambda cls, v: tuple(_address(a) for a in v))

    @field_validator("unsubscribe_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// URL (one-click unsubscribe needs https), or leave it out")
        return value


class ReminderSettings(_Strict):
    enabled: bool = True
    hour: int = Field(default=8, ge=0, le=23)
    days_before: tuple[int, ...] = (7, 1)


class CallSettings(_Strict):
    # extractions less sure than this go to the moderators
    review_below: float = Field(default=0.7, ge=0, le=1)


class Settings(_Strict):
    """listbot.yaml."""

    mode: Literal["shadow", "review", "live"] = "shadow"
    source: Literal["imap", "lmtp"] = "imap"
    list: ListSettings
    bot: BotSettings
    imap: ImapSettings = ImapSettings()
    lmtp: LmtpSettings = LmtpSettings()
    smtp: SmtpSettings = SmtpSettings()
    state: Path = Path("../state/listbot.sqlite3")
    faq_file: Path = Path("faq.yaml")
    calls_file: Path = Path("calls.yaml")
    templates: Path = Path("../templates")
    max_message_bytes: int = Field(default=10_000_000, gt=0)
    answers: AnswerSettings = AnswerSettings()
    digest: DigestSettings = DigestSettings()
    reminders: ReminderSettings = ReminderSettings()
    calls: CallSettings = CallSettings()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class FaqEntry(_Strict):
    id: str
    question: str
    answer: str
    links: tuple[str, ...] = ()  # names from the file's top-level links
    examples: tuple[str, ...] = ()  # how members ask it, in their own words
    keywords: tuple[str, ...] = ()  # words or phrases that point to this entry
    enabled: bool = True

    @field_validator("answer", "question")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty; write the text, or set enabled: false to switch the entry off")
        return value.strip()


class FaqFile(_Strict):
    """faq.yaml."""

    links: dict[str, str] = {}
    entries: tuple[FaqEntry, ...]

    @field_validator("links")
    @classmethod
    def _links(cls, value: dict[str, str]) -> dict[str, str]:
        for name, url in value.items():
            if not _LINK_NAME.match(name):
                raise ValueError(f"link name {name!r}: use lower-case letters, digits and _")
            if not re.match(r"^(https?://|mailto:)\S+$", url or ""):
                raise ValueError(f"link {name!r}: {url!r} is not a URL; write https://...")
        return value


class ManualCall(_Strict):
    id: str
    title: str
    deadline: date | None = None
    deadline_time: time | None = None
    timezone: str | None = None
    link: str | None = None
    kind: str = "other"
    organisation: str | None = None
    eligibility: str | None = None
    remove: bool = False  # hide a detected call with this id

    _check_tz = field_validator("timezone")(lambda cls, v: v if v is None else _timezone(v))


class CallsFile(_Strict):
    """calls.yaml."""

    calls: tuple[ManualCall, ...] = ()


class Config:
    """Everything loaded and cross-checked: the settings, the FAQ, the manual calls, their paths."""

    def __init__(self, path: Path, settings: Settings, faq: FaqFile, calls: CallsFile):
        self.path = path
        self.base = path.parent
        self.settings = settings
        self.faq = faq
        self.calls = calls

    def resolve(self, relative: Path) -> Path:
        return relative if relative.is_absolute() else (self.base / relative)

    @property
    def state_path(self) -> Path:
        return self.resolve(self.settings.state)

    @property
    def templates_dir(self) -> Path:
        return self.resolve(self.settings.templates)

    @property
    def faq_path(self) -> Path:
        return self.resolve(self.settings.faq_file)

    @property
    def calls_path(self) -> Path:
        return self.resolve(self.settings.calls_file)

    @property
    def faq_entries(self) -> tuple[FaqEntry, ...]:
        return tuple(e for e in self.faq.entries if e.enabled)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), "-", "file not found; pass -c PATH or create it")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(str(path), "-", f"cannot be read ({exc}); save it as UTF-8")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        what = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            [Problem(str(path), where, f"YAML syntax: {what}; check indentation and quoting there")]
        ) from None
    return {} if data is None else data


def _key_path(loc: tuple[Any, ...], data: Any) -> str:
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
        key = _key_path(loc, data)
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
        else:
            message = f"{err['msg'].lower()}; got {err.get('input')!r}"
        problems.append(Problem(str(path), key, message))
    return problems


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


def load(path: Path | str = DEFAULT_CONFIG) -> Config:
    """Load and validate listbot.yaml and the files it names. Raises ConfigError with every problem found."""
    path = Path(path)
    settings: Settings = _parse(path, Settings, _read_yaml(path))
    base = path.parent
    problems: list[Problem] = []

    def sub(relative: Path, model: type[BaseModel], optional: bool) -> Any:
        target = relative if relative.is_absolute() else base / relative
        if optional and not target.exists():
            return model.model_validate({})
        try:
            return _parse(target, model, _read_yaml(target))
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
