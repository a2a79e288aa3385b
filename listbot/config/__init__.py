"""Typed configuration, validated once. Every problem names the file, the key path and the fix.

Files a moderator edits: ``listbot.yaml`` (the service), ``faq.yaml`` (the knowledge base) and ``calls.yaml``
(calls added by hand). Secrets never live in YAML: ``password_env`` names an environment variable,
``password_file`` a file whose first line is the password.

    schema     the pydantic models (what each file may hold)
    problems   validation errors in a moderator's words
    files      reading, cross-checking, ``load`` and the ``Config`` it returns
    secrets    reading a password from where the configuration says
"""

from listbot.config.files import Config, load, parse_text, read_yaml
from listbot.config.problems import problems_from
from listbot.config.schema import (
    DEFAULT_CONFIG,
    FAQ_IDS,
    AnswerSettings,
    BotSettings,
    BreakerSettings,
    CallSettings,
    CallsFile,
    ConsoleSettings,
    DigestSettings,
    FaqEntry,
    FaqFile,
    ImapSettings,
    ListSettings,
    LmtpSettings,
    ManualCall,
    ReminderSettings,
    Schedule,
    Secret,
    SecuritySettings,
    Settings,
    SmtpSettings,
    parse_address,
    parse_timezone,
)
from listbot.config.secrets import read_password

__all__ = [
    "DEFAULT_CONFIG",
    "FAQ_IDS",
    "AnswerSettings",
    "BotSettings",
    "BreakerSettings",
    "CallSettings",
    "CallsFile",
    "Config",
    "ConsoleSettings",
    "DigestSettings",
    "FaqEntry",
    "FaqFile",
    "ImapSettings",
    "ListSettings",
    "LmtpSettings",
    "ManualCall",
    "ReminderSettings",
    "Schedule",
    "Secret",
    "SecuritySettings",
    "Settings",
    "SmtpSettings",
    "load",
    "parse_text",
    "parse_address",
    "parse_timezone",
    "problems_from",
    "read_password",
    "read_yaml",
]
