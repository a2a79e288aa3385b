"""The console's assembly: the Starlette app, its routes, and what every request shares.

Routes are thin (STYLE.md 12): parse the request, call one application function (``listbot.app``), render a
template. State-changing requests are POSTs that redirect (no double submit on reload) and carry the
session's CSRF token; a GET changes nothing. Pages are server-rendered and work without JavaScript.
"""

from __future__ import annotations

import threading
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from listbot.app.access import console_secret
from listbot.app.reload import LiveConfig
from listbot.clock import Clock, utcnow
from listbot.config import Config
from listbot.store import Store
from listbot.web import calls, faq, gaps, overview, people, posts, public, review, settings
from listbot.web.base import SecurityHeaders, templates

HERE = Path(__file__).resolve().parent
MAX_BODY = 1_000_000  # bytes of a form: an FAQ answer, a list of recipients


class Console:
    """What the routes share: the configuration in use (reloaded when its files change), the clock, the
    signing key, and one connection to the state file per worker thread."""

    def __init__(self, live: LiveConfig, clock: Clock = utcnow):
        self.live = live
        self.clock = clock
        self._local = threading.local()
        self.secret = console_secret(live.current)

    @property
    def config(self) -> Config:
        return self.live.refresh()

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        path = self.live.current.state_path
        if store is None or store.path != path:
            store = Store(path)
            self._local.store = store
        return store


ROUTES = [
    *public.routes,
    *overview.routes,
    *posts.routes,
    *review.routes,
    *faq.routes,
    *gaps.routes,
    *calls.routes,
    *settings.routes,
    *people.routes,
    Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
]


def create_app(console: Console) -> Starlette:
    app = Starlette(
        routes=ROUTES,
        middleware=[Middleware(SecurityHeaders)],
        max_body_size=MAX_BODY,
    )
    app.state.console = console
    app.state.templates = templates()
    return app


def page_paths() -> list[str]:
    """Every route's path (tests enumerate them, so that a new page cannot be forgotten)."""
    return [r.path for r in ROUTES if isinstance(r, Route)]


__all__ = ["Console", "create_app", "page_paths"]
