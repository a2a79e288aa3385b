"""The one jinja2 Environment, and composition of the messages the bot sends.

Templates live in ``templates/`` and moderators may edit them, so the environment is sandboxed and
undefined names are errors (StrictUndefined): a typo in a template fails ``listbot check``, not a send.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from listbot.config import Config, FaqEntry
from listbot.errors import ConfigError, Problem
from listbot.model import Decision, Post

TEMPLATES = ("answer.txt.j2", "review.txt.j2", "help.txt.j2")


@functools.lru_cache(maxsize=8)
def environment(templates_dir: Path) -> jinja2.Environment:
    """One Environment per templates folder. Its loader re-reads a template whose file changed, so a
    moderator's edit takes effect without a restart; unchanged templates are parsed once."""
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_templates(templates_dir: Path, names: tuple[str, ...] = TEMPLATES) -> list[Problem]:
    """Every template parses; names what is wrong and where."""
    env = environment(templates_dir)
    problems = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            problems.append(
                Problem(str(templates_dir / name), "-", "template missing; restore it from the release")
            )
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(str(templates_dir / name), f"line {exc.lineno}", f"template syntax: {exc.message}")
            )
    return problems


def message_id(key: str, domain: str) -> str:
    """A stable Message-ID for an outbox key: retries and re-renders keep the same one."""
    return f"<listbot.{hashlib.sha256(key.encode()).hexdigest()[:24]}@{domain}>"


def reply_subject(topic: str) -> str:
    return f"Re: {topic}" if topic else "Re: your question"


def _render(config: Config, name: str, **values: object) -> str:
    try:
        return environment(config.templates_dir).get_template(name).render(**values)
    except jinja2.TemplateError as exc:
        raise ConfigError(
            [Problem(str(config.templates_dir / name), "-", f"cannot render: {exc}; run listbot check")]
        ) from None


def _base(config: Config, key: str, to: tuple[str, ...], subject: str, now: datetime) -> EmailMessage:
    bot = config.settings.bot
    msg = EmailMessage()
    msg["From"] = Address(display_name=bot.name, addr_spec=bot.address)
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(key, bot.domain)
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Precedence"] = "bulk"
    msg["X-Loop"] = bot.address
    return msg


def _links(config: Config, entry: FaqEntry) -> list[dict[str, str]]:
    return [{"name": name.replace("_", " "), "url": config.faq.links[name]} for name in entry.links]


def answer_values(config: Config, post: Post, entry: FaqEntry, decision: Decision) -> dict[str, object]:
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
    }


def compose_answer(
    config: Config, post: Post, entry: FaqEntry, decision: Decision, now: datetime
) -> EmailMessage:
    """The private answer to the author: one recipient, no quoted content, RFC 3834 headers."""
    key = f"answer:{post.message_id}"
    msg = _base(config, key, (post.author,), reply_subject(post.topic), now)
    if not post.message_id.startswith("sha256:"):
        msg["In-Reply-To"] = f"<{post.message_id}>"
        msg["References"] = " ".join(f"<{r}>" for r in (*post.references, post.message_id)[-10:])
    msg.set_content(_render(config, "answer.txt.j2", **answer_values(config, post, entry, decision)))
    return msg


def compose_review(
    config: Config,
    post: Post,
    entry: FaqEntry | None,
    decision: Decision,
    answer: EmailMessage | None,
    now: datetime,
) -> EmailMessage:
    """What the bot would say, sent to the moderators to approve by replying "approve"."""
    key = f"review:{post.message_id}"
    moderators = config.settings.bot.moderators
    msg = _base(
        config, key, moderators, f"[listbot review] {entry.id if entry else '-'}: {post.topic}"[:200], now
    )
    msg.replace_header("Auto-Submitted", "auto-generated")
    msg.set_content(
        _render(
            config,
            "review.txt.j2",
            post={
                "author": post.author,
                "author_name": post.author_name,
                "subject": post.subject,
                "message_id": post.message_id,
                "new_text": post.new_text[:4000],
            },
            decision={
                "action": decision.action,
                "faq": decision.faq,
                "score": decision.score,
                "reasons": list(decision.reasons),
            },
            answer=answer.get_content() if answer is not None else None,
            bot_name=config.settings.bot.name,
        )
    )
    return msg


def compose_notice(
    config: Config,
    key: str,
    to: tuple[str, ...],
    subject: str,
    body: str,
    now: datetime,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """A short service message (alerts to moderators, command confirmations)."""
    msg = _base(config, key, to, subject, now)
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    msg.set_content(body)
    return msg


def render_help(config: Config) -> str:
    s = config.settings
    return _render(
        config,
        "help.txt.j2",
        bot_name=s.bot.name,
        bot_address=s.bot.address,
        list_name=s.list.name,
        human_contact=s.bot.human_contact,
    )
