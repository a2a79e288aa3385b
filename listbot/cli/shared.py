"""What several command groups share: reading the files named on the command line, and who is acting."""

from __future__ import annotations

import getpass
import sys

from listbot.app import sources


def eml_files(names: list[str]) -> sources.EmlFiles:
    """The files named on the command line; an unreadable one is reported on stderr as it is met."""
    return sources.EmlFiles(names, on_error=lambda problem: print(f"error: {problem}", file=sys.stderr))


def actor() -> str:
    """Who acted, for the audit log: the host's user running the command."""
    return f"command line ({getpass.getuser()})"
