"""The console served by uvicorn in a thread of its own (inside ``listbot run``, or alone with ``listbot console``).

uvicorn installs signal handlers only on the main thread, so in a thread it leaves the daemon's SIGTERM
alone; it is stopped with ``should_exit`` and a bounded join (an unbounded one has hung CI elsewhere).
"""

from __future__ import annotations

import logging
import threading
import time

import uvicorn

from listbot.errors import StartupError
from listbot.web.app import Console, create_app

log = logging.getLogger(__name__)


class ConsoleServer:
    def __init__(self, console: Console, host: str, port: int):
        self.console = console
        self.host, self.port = host, port
        config = uvicorn.Config(
            create_app(console),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            proxy_headers=False,  # X-Forwarded-* are believed only from console.trusted_proxies (web.base)
            server_header=False,
        )
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        self.thread = threading.Thread(target=self.server.run, name="console", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise StartupError(
                    f"the console cannot listen on {self.host}:{self.port}; is another program using it?"
                    " change console.listen"
                )
            if time.monotonic() > deadline:
                raise StartupError(
                    f"the console did not start within {timeout:.0f} s on {self.host}:{self.port}"
                )
            time.sleep(0.02)
        log.info(
            "console listening on http://%s:%d (links in mail use %s)",
            self.host,
            self.port,
            self.console.live.current.settings.console.base_url,
        )

    def stop(self, timeout: float = 5.0) -> None:
        if self.thread is None:
            return
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(timeout)
        self.thread = None
