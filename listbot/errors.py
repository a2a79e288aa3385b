"""The one place for listbot's exceptions.

ListbotError              base; the CLI prints its message as one line, no traceback
 +-- ConfigError          the configuration, FAQ, calls file or a template is wrong (exit 2)
 +-- StartupError         a server is unreachable or refuses us at start-up (exit 1)
 +-- StoreError           the state file cannot be opened or migrated (exit 1)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing a moderator got wrong: where it is and how to fix it."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"error: {self.file}: {self.key}: {self.message}"


class ListbotError(Exception):
    """Base class; its message is meant for a person and fits on one line."""

    exit_code = 1


class ConfigError(ListbotError):
    """One or more problems in the files a moderator edits."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StartupError(ListbotError):
    """A server could not be reached or refused us when the daemon started."""


class StoreError(ListbotError):
    """The state file could not be opened, or its schema is newer than this listbot."""
