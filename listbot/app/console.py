"""Serving the moderators' console: inside the daemon (``console.enabled``), alone (``listbot console``), or
beside the demo (``listbot demo --console``).

These are composition roots: they are the only modules of ``listbot.app`` that reach into ``listbot.web``
(tests/test_layers.py names them), to start its server.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from listbot.app.reload import LiveConfig
from listbot.clock import Clock, utcnow
from listbot.config import Config

log = logging.getLogger(__name__)


def start(live: LiveConfig, clock: Clock = utcnow) -> Any:
    """Start the console for this configuration; the running server (``.stop()`` it)."""
    from listbot.web.app import Console
    from listbot.web.server import ConsoleServer

    settings = live.current.settings.console
    server = ConsoleServer(Console(live, clock), settings.host, settings.port)
    server.start()
    return server


def serve_alone(config: Config) -> int:
    """``listbot console``: the console until SIGTERM or Ctrl-C (the daemon may run beside it: SQLite WAL)."""
    stop = threading.Event()
    server = start(LiveConfig(config))
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    print(
        f"listbot console on {config.settings.console.listen} ({config.settings.console.base_url}); Ctrl-C stops it"
    )
    try:
        while not stop.wait(1.0):
            pass
    finally:
        server.stop()
    return 0
