"""The one jinja2 Environment, and composition of every message the bot sends.

Templates live in ``templates/`` and moderators may edit them, so the environment is sandboxed and
undefined names are errors (StrictUndefined): a typo in a template fails ``listbot check``, not a send.

Every message starts from ``_base``: the bot's From with a display name naming the service, a Date in
UTC, a Message-ID derived from the outbox key (retries keep it), and the RFC 3834 headers
(``Auto-Submitted``, ``X-Auto-Response-Suppress``, ``Precedence: bulk``, ``X-Loop``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Literal
from zoneinfo import ZoneInfo

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from listbot.config import Config, DigestSettings, FaqEntry
from listbot.core.calendar_ics import build_calendar
from listbot.core.decide import waits_because
from listbot.core.digest import Digest, DigestItem
from listbot.core.subjects import reply_subject
from listbot.errors import ConfigError, Problem
from listbot.model import Decision, Post

TEMPLATES = (
    "answer.txt.j2",
    "review.txt.j2",
    "help.txt.j2",
    "digest.txt.j2",
    "digest.html.j2",
    "reminder.txt.j2",
)
AutoSubmitted = Literal["auto-replied", "auto-generated"]

__all__ = ["reply_subject"]  # re-exported: the subject of every reply the bot sends


_ENVIRONMENTS: dict[str, jinja2.Environment] = {}


def environment(templates: Mapping[str, str], digest: str | None = None) -> jinja2.Environment:
    """The sandboxed Environment over a set of template texts (name -> source). Built once per set (by its
    digest): a configuration's templates are read when it is loaded, so the bot renders what was checked."""
    key = digest or hashlib.sha256(repr(sorted(templates.items())).encode()).hexdigest()
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 8:
            _ENVIRONMENTS.pop(next(iter(_ENVIRONMENTS)))
        env = SandboxedEnvironment(
            loader=jinja2.DictLoader(dict(templates)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENVIRONMENTS[key] = env
    return env


def config_environment(config: Config) -> jinja2.Environment:
    return environment(config.templates, config.templates_digest)


def check_templates(config: Config) -> list[Problem]:
    """Every template the bot needs is there and parses (and any other *.j2 in the folder parses); names
    what is wrong and where."""
    env = config_environment(config)
    folder = config.templates_dir
    problems = []
    for name in sorted(set(TEMPLATES) | set(config.templates)):
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            problems.append(Problem(str(folder / name), "-", "template missing; restore it from the release"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(str(folder / name), f"line {exc.lineno}", f"template syntax: {exc.message}")
            )
    return problems


def message_id(key: str, domain: str) -> str:
    """A stable Message-ID for an outbox key: retries and re-renders keep the same one."""
    return f"<listbot.{hashlib.sha256(key.encode()).hexdigest()[:24]}@{domain}>"


def _render(config: Config, name: str, values: Mapping[str, object]) -> str:
    try:
        return config_environment(config).get_template(name).render(**values)
    except jinja2.TemplateError as exc:
        raise ConfigError(
            [Problem(str(config.templates_dir / name), "-", f"cannot render: {exc}; run listbot check")]
        ) from None


def _base(
    config: Config,
    key: str,
    to: str,
    subject: str,
    now: datetime,
    auto: AutoSubmitted = "auto-replied",
) -> EmailMessage:
    bot = config.settings.bot
    msg = EmailMessage()
    msg["From"] = Address(display_name=bot.name, addr_spec=bot.address)
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = message_id(key, bot.domain)
    msg["Auto-Submitted"] = auto
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Precedence"] = "bulk"
    msg["X-Loop"] = bot.address
    return msg


# -- answers, reviews, notices -----------------------------------------------------------------------


def _links(config: Config, entry: FaqEntry) -> list[dict[str, str]]:
    return [{"name": name.replace("_", " "), "url": config.faq.links[name]} for name in entry.links]


def answer_values(
    config: Config,
    post: Post,
    entry: FaqEntry,
    decision: Decision,
    feedback: Mapping[str, str] | None = None,
) -> dict[str, object]:
    settings = config.settings
    first = (post.author_name or "").split()[0] if post.author_name else ""
    return {
        "greeting_name": first.rstrip(",")
        if first and first.lower() not in {"dr", "dr."}
        else post.author_name,
        "author_name": post.author_name,
        "question": decision.match.best.sentence if decision.match and decision.match.best else post.topic,
        "topic": post.topic,
        "faq": {"id": entry.id, "question": entry.question, "answer": entry.answer},
        "links": _links(config, entry),
        "list_name": settings.list.name,
        "bot_name": settings.bot.name,
        "bot_address": settings.bot.address,
        "human_contact": settings.bot.human_contact,
        "feedback": dict(feedback) if feedback else None,
    }


def compose_answer(
    config: Config,
    post: Post,
    entry: FaqEntry,
    decision: Decision,
    now: datetime,
    feedback: Mapping[str, str] | None = None,
    key: str | None = None,
) -> EmailMessage:
    """The private answer to the author: one recipient, no quoted content, RFC 3834 headers.
    ``feedback``: the "did this answer your question?" links (yes, no), when the console serves them."""
    key = key or f"answer:{post.message_id}"
    msg = _base(config, key, post.author, reply_subject(post.topic), now)
    if not post.message_id.startswith("sha256:"):
        msg["In-Reply-To"] = f"<{post.message_id}>"
        msg["References"] = " ".join(f"<{r}>" for r in (*post.references, post.message_id)[-10:])
    msg.set_content(_render(config, "answer.txt.j2", answer_values(config, post, entry, decision, feedback)))
    return msg


def compose_review(
    config: Config,
    post: Post,
    entry: FaqEntry | None,
    decision: Decision,
    answer: EmailMessage | None,
    now: datetime,
    approve_code: str | None = None,
) -> EmailMessage:
    """What the bot would say, sent to the moderators to approve (by a reply carrying ``approve_code``,
    which travels in the subject, or in the console)."""
    key = f"review:{post.message_id}"
    moderators = ", ".join(config.settings.bot.moderators)
    subject = f"[listbot review] {entry.id if entry else '-'}: {post.topic}"[:150]
    if approve_code:
        subject += f" [approve: {approve_code}]"
    msg = _base(config, key, moderators, subject, now, auto="auto-generated")
    values = {
        "post": {
            "author": post.author,
            "author_name": post.author_name,
            "subject": post.subject,
            "message_id": post.message_id,
            "new_text": post.new_text[:4000],
        },
        "decision": {
            "action": decision.action,
            "faq": decision.faq,
            "score": decision.score,
            "reasons": list(decision.reasons),
        },
        "waits": waits_because(
            decision.reasons,
            decision.faq,
            decision.score,
            config.settings.answers.answer_threshold,
            config.settings.mode,
        ),
        "answer": answer.get_content() if answer is not None else None,
        "bot_name": config.settings.bot.name,
        "approve_code": approve_code,
        "console_url": config.settings.console.base_url if config.settings.console.enabled else None,
    }
    msg.set_content(_render(config, "review.txt.j2", values))
    return msg


def compose_notice(
    config: Config,
    key: str,
    to: tuple[str, ...],
    subject: str,
    body: str,
    now: datetime,
    in_reply_to: str | None = None,
    auto: AutoSubmitted = "auto-replied",
) -> EmailMessage:
    """A short service message: alerts to moderators (auto-generated), command confirmations (auto-replied)."""
    msg = _base(config, key, ", ".join(to), subject, now, auto=auto)
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    msg.set_content(body)
    return msg


def render_help(config: Config) -> str:
    s = config.settings
    values = {
        "bot_name": s.bot.name,
        "bot_address": s.bot.address,
        "list_name": s.list.name,
        "human_contact": s.bot.human_contact,
    }
    return _render(config, "help.txt.j2", values)


# -- the digest and reminders ------------------------------------------------------------------------


def unsubscribe_headers(
    settings: DigestSettings, bot_address: str, what: str = "digest", one_click: str | None = None
) -> dict[str, str]:
    """List-Unsubscribe (a mailto, and an https URL: the recipient's signed one-click link, or a configured
    one) and RFC 8058's List-Unsubscribe-Post."""
    mailto = f"<mailto:{bot_address}?subject=unsubscribe%20{what}>"
    url = one_click or settings.unsubscribe_url
    if url:
        return {
            "List-Unsubscribe": f"<{url}>, {mailto}",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return {"List-Unsubscribe": mailto}


def _bulk(
    config: Config,
    key: str,
    subject: str,
    now: datetime,
    what: str,
    recipient: str | None,
    one_click: str | None,
) -> EmailMessage:
    s = config.settings
    to = recipient or str(Address(display_name=f"{s.list.name} {what} subscribers", addr_spec=s.bot.address))
    msg = _base(config, key, to, subject, now, auto="auto-generated")
    for name, value in unsubscribe_headers(s.digest, s.bot.address, what, one_click).items():
        msg[name] = value
    return msg


def digest_key(digest: Digest, recipient: str | None = None) -> str:
    """The outbox key of one recipient's digest of a period (one message each: each has its own
    unsubscribe link)."""
    base = f"digest:{digest.name}:{digest.period}"
    return f"{base}:{recipient}" if recipient else base


def _date_text(day: date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def digest_values(config: Config, digest: Digest) -> dict[str, object]:
    s = config.settings
    local = digest.generated_at.astimezone(ZoneInfo(digest.timezone))
    return {
        "list_name": s.list.name,
        "bot_name": s.bot.name,
        "bot_address": s.bot.address,
        "human_contact": s.bot.human_contact,
        "archive_url": s.list.archive_url,
        "unsubscribe_url": s.digest.unsubscribe_url,
        "date_text": _date_text(local.date()),
        "timezone": digest.timezone,
        "count": len(digest.items),
        "new_count": digest.new_count,
        "dated": any(item.deadline is not None for item in digest.items),  # the .ics has something to add
        "groups": [
            {"key": key, "heading": heading, "items": [_item_values(config, item) for item in items]}
            for key, heading, items in digest.groups
        ],
    }


def _item_values(config: Config, item: DigestItem) -> dict[str, object]:
    """A call as the digest and the reminders show it: without its address when ``digest.show_addresses``
    is off."""
    values = item.values()
    if not config.settings.digest.show_addresses:
        values["submit_to"] = None
    return values


def _calendar(config: Config, items: list[DigestItem] | tuple[DigestItem, ...], now: datetime) -> bytes:
    s = config.settings
    return build_calendar(items, s.bot.domain, f"{s.list.name} calls for submissions", now)


def _attach_calendar(msg: EmailMessage, ics: bytes) -> None:
    msg.add_attachment(
        ics, maintype="text", subtype="calendar", filename="deadlines.ics", params={"method": "PUBLISH"}
    )


def compose_digest(
    config: Config, digest: Digest, now: datetime, recipient: str | None = None, one_click: str | None = None
) -> EmailMessage:
    """Text + HTML alternatives and an .ics of the deadlines (none when no call has one: rolling calls only);
    RFC 3834 / RFC 8058 headers."""
    s = config.settings
    values = digest_values(config, digest)
    count = len(digest.items)
    subject = f"[{s.list.name}] Calls for submissions: {count} open"
    if digest.new_count:
        subject += f", {digest.new_count} new"
    msg = _bulk(config, digest_key(digest, recipient), subject, now, "digest", recipient, one_click)
    msg.set_content(_render(config, "digest.txt.j2", values))
    msg.add_alternative(_render(config, "digest.html.j2", values), subtype="html")
    if values["dated"]:
        _attach_calendar(msg, _calendar(config, digest.items, now))
    return msg


def reminder_key(today: date, recipient: str | None = None) -> str:
    base = f"reminders:{today.isoformat()}"
    return f"{base}:{recipient}" if recipient else base


def compose_reminder(
    config: Config,
    due: list[tuple[DigestItem, int]],
    today: date,
    now: datetime,
    recipient: str | None = None,
    one_click: str | None = None,
) -> EmailMessage:
    """One combined reminder of the calls closing soon, with their .ics."""
    s = config.settings
    n = len(due)
    subject = f"[{s.list.name}] Reminder: {n} call{'s' if n != 1 else ''} for submissions closing soon"
    msg = _bulk(config, reminder_key(today, recipient), subject, now, "reminders", recipient, one_click)
    values = {
        "list_name": s.list.name,
        "bot_name": s.bot.name,
        "bot_address": s.bot.address,
        "human_contact": s.bot.human_contact,
        "date_text": _date_text(today),
        "items": [_item_values(config, item) for item, _ in due],
    }
    msg.set_content(_render(config, "reminder.txt.j2", values))
    _attach_calendar(msg, _calendar(config, [item for item, _ in due], now))
    return msg
