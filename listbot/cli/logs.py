"""Logging, configured once for the process by the command that runs."""

from __future__ import annotations

import logging
import sys


def setup_logging(debug: bool, level: str = "INFO") -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # aiosmtpd logs every SMTP/LMTP command at INFO; keep its warnings and errors only.
    logging.getLogger("mail.log").setLevel(logging.DEBUG if debug else logging.WARNING)
