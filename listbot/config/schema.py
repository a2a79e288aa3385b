"""The configuration's schema: typed, frozen pydantic models for listbot.yaml, faq.yaml and calls.yaml.

Validators raise ValueError with a message a moderator can act on; ``listbot.config.problems`` turns them
into ``error: <file>: <key.path>: <what is wrong and how to fix it>`` lines.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


def parse_address(value: str) -> str:
    value = value.strip()
    if not _ADDRESS.match(value):
        raise ValueError(f"{value!r} is not an e-mail address; write it as name@example.org")
    return value.lower()


def parse_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA timezone; use a name like America/New_York") from None
    return value


class Secret(_Strict):
    """Where a password comes from. Never the password itself (``listbot.config.secrets`` reads it)."""

    password_env: str | None = None
    password_file: Path | None = None


class ListSettings(_Strict):
    name: str = "Balint-L"
    address: str
    list_id: str
    timezone: str = "America/New_York"
    archive_url: str | None = None

    _check_address = field_validator("address")(lambda cls, v: parse_address(v))
    _check_tz = field_validator("timezone")(lambda cls, v: parse_timezone(v))

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
        return parse_address(value)

    @field_validator("aliases", "moderators")
    @classmethod
    def _many(cls, values: tuple[str, ...], info: Any) -> tuple[str, ...]:
        if info.field_name == "moderators" and not values:
            raise ValueError("name at least one moderator address, who receives reviews and alerts")
        return tuple(parse_address(v) for v in values)

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
    # "Send to: ADDRESS" for a call that names where its work goes (or asks for it by reply: its author's)
    show_addresses: bool = True

    _check = field_validator("recipients")(lambda cls, v: tuple(parse_address(a) for a in v))

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


class ConsoleSettings(_Strict):
    """The moderators' console (listbot/web): where it listens and how links to it are written."""

    enabled: bool = False
    listen: str = "127.0.0.1:8025"  # HOST:PORT
    base_url: str = "http://127.0.0.1:8025"  # what links in mail use; https means Secure cookies
    secret_file: Path | None = None  # signing key; default: console.secret beside the state file
    trusted_proxies: tuple[str, ...] = ()  # addresses whose X-Forwarded-* headers are believed
    moderators: tuple[str, ...] = ()  # who may sign in besides bot.moderators

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{value!r} is not HOST:PORT; write e.g. 127.0.0.1:8025")
        return value

    @field_validator("base_url")
    @classmethod
    def _base(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"{value!r} is not an http(s) URL; write e.g. https://listbot.example.org")
        return value.rstrip("/")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValueError(f"{value!r} is not an IP address or network; write e.g. 127.0.0.1") from None
        return values

    _check_moderators = field_validator("moderators")(lambda cls, v: tuple(parse_address(a) for a in v))

    @property
    def host(self) -> str:
        return self.listen.rpartition(":")[0].strip("[]")

    @property
    def port(self) -> int:
        return int(self.listen.rpartition(":")[2])

    @property
    def secure(self) -> bool:
        return self.base_url.startswith("https://")


class SecuritySettings(_Strict):
    """Trust in mail to the bot (see SECURITY.md)."""

    # The authserv-id of your own mail server's Authentication-Results header; when set, an approve by mail
    # needs DMARC pass (or aligned DKIM pass) in the topmost such header.
    authserv_id: str | None = None
    replies_per_address_per_day: int = Field(default=3, ge=0)
    replies_per_hour: int = Field(default=30, ge=0)


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
    console: ConsoleSettings = ConsoleSettings()
    security: SecuritySettings = SecuritySettings()
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
    submit_to: str | None = None  # the e-mail address the work goes to
    # the call itself moved its deadline later (the digest says "Extended from"); else a later date is a
    # correction of what was read, and the digest does not announce it as an extension
    extended: bool = False
    remove: bool = False  # hide a detected call with this id

    _check_tz = field_validator("timezone")(lambda cls, v: v if v is None else parse_timezone(v))
    _check_submit_to = field_validator("submit_to")(lambda cls, v: v if v is None else parse_address(v))


class CallsFile(_Strict):
    """calls.yaml."""

    calls: tuple[ManualCall, ...] = ()
