"""The one place that reads the wall clock.

Only the composition roots (the daemon, the demo, the command line) call ``utcnow``; everything below them
takes ``now`` as an argument, or a ``Clock`` to call, so that tests and replays choose the time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)
