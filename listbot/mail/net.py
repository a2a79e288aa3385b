"""What the mail adapters share: TLS contexts and the retry backoff."""

from __future__ import annotations

import ssl


def backoff_seconds(failures: int, initial: float, maximum: float, rand: float) -> float:
    """The wait before the next attempt after ``failures`` consecutive failures (1 for the first).

    Doubles from ``initial`` up to ``maximum``; ``rand`` in [0, 1) spreads it over [half, all] of that
    ("equal jitter"), so that a queue of messages does not hammer a relay that just came back in lockstep.
    """
    ceiling = min(maximum, initial * 2 ** max(0, failures - 1))
    return ceiling * (0.5 + 0.5 * rand)


def tls_context(verify: bool) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
