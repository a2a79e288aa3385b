"""What every console route uses: the request context, sign-in and CSRF guards, templates, headers."""

from __future__ import annotations

import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from listbot import __version__
from listbot.app import access
from listbot.app.access import Session
from listbot.config import Config
from listbot.errors import ConfigError, ListbotError
from listbot.store import Store

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
COOKIE = "listbot_session"
PRE_COOKIE = "listbot_pre"  # before sign-in: ties the sign-in forms to this browser (login CSRF)
NAV = (
    ("/", "Overview"),
    ("/review", "Review"),
    ("/posts", "Posts"),
    ("/faq", "FAQ"),
    ("/gaps", "Gaps"),
    ("/calls", "Calls"),
    ("/subscribers", "Subscribers"),
    ("/outbox", "Outbox"),
    ("/settings", "Settings"),
    ("/audit", "Audit"),
)


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["NAV"] = NAV
    env.globals["version"] = __version__
    env.filters["when"] = lambda d: "-" if d is None else d.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    env.filters["score"] = lambda s: "-" if s is None else f"{s:.2f}"
    env.filters["urlencode"] = lambda v: quote(str(v), safe="")
    return env


@dataclass
class Ctx:
    """One request, as a route sees it."""

    request: Request
    console: Any  # listbot.web.app.Console
    config: Config
    store: Store
    now: datetime
    session: Session | None
    form: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)  # every value of each field

    @property
    def moderator(self) -> str:
        return self.session.moderator if self.session else ""

    def render(self, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        env: jinja2.Environment = self.request.app.state.templates
        context: dict[str, Any] = {
            "request": self.request,
            "path": self.request.url.path,
            "moderator": self.moderator,
            "csrf": self.session.csrf if self.session else "",
            "pre": self.request.cookies.get(PRE_COOKIE, ""),
            "mode": self.config.settings.mode,
            "bot_name": self.config.settings.bot.name,
            "done": self.request.query_params.get("done", ""),
            "problem": self.request.query_params.get("problem", ""),
        }
        context.update(values)
        html = env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)

    def back(self, path: str, done: str = "", problem: str = "") -> RedirectResponse:
        """Post/redirect/get: the result is shown on the page redirected to."""
        query = urlencode({k: v for k, v in (("done", done), ("problem", problem)) if v})
        return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def client_ip(request: Request, config: Config) -> str:
    """The client's address: the peer's, or the last untrusted hop of X-Forwarded-For when the peer is one
    of console.trusted_proxies (no one's by default)."""
    peer = request.client.host if request.client else ""
    trusted = [ipaddress.ip_network(p, strict=False) for p in config.settings.console.trusted_proxies]

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in trusted)

    if not trusted or not is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop
    return peer


def set_session_cookie(response: Response, config: Config, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(access.SESSION_IDLE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=config.settings.console.secure,
        path="/",
    )


Handler = Callable[[Ctx], Response]


async def _form(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    if request.method != "POST":
        return {}, {}
    data: FormData = await request.form()
    single = {k: v for k, v in data.items() if isinstance(v, str)}
    multi = {k: [v for v in data.getlist(k) if isinstance(v, str)] for k in data.keys()}
    return single, multi


def _context(request: Request, form: dict[str, str], forms: dict[str, list[str]]) -> Ctx:
    console = request.app.state.console
    config = console.config
    store = console.store()
    now = console.clock()
    session = access.session(config, store, request.cookies.get(COOKIE), now)
    return Ctx(request, console, config, store, now, session, form, forms)


def _problem_page(ctx: Ctx, exc: ListbotError, status: int) -> Response:
    lines = [str(p) for p in exc.problems] if isinstance(exc, ConfigError) else [str(exc)]
    return ctx.render("problem.html", status_code=status, lines=lines)


def moderator(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page for signed-in moderators. Without a session: to sign-in (GET) or 403 (POST). A POST needs the
    session's CSRF token (form field ``csrf`` or header ``X-CSRF-Token``)."""

    async def endpoint(request: Request) -> Response:
        form, forms = await _form(request)

        def run() -> Response:
            ctx = _context(request, form, forms)
            if ctx.session is None:
                if request.method == "GET":
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
                return ctx.render(
                    "problem.html", status_code=403, lines=["Sign in first: your session has ended."]
                )
            if request.method == "POST":
                sent = form.get("csrf") or request.headers.get("x-csrf-token", "")
                if not hmac.compare_digest(sent, ctx.session.csrf):
                    return ctx.render(
                        "problem.html",
                        status_code=403,
                        lines=["This form is stale or was not sent from the console."],
                    )
            try:
                return handler(ctx)
            except ListbotError as exc:
                return _problem_page(ctx, exc, 400 if isinstance(exc, ConfigError) else 409)

        return await run_in_threadpool(run)

    return endpoint


def public(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A page without sign-in (sign-in itself, members' one-use links, monitoring)."""

    async def endpoint(request: Request) -> Response:
        form, forms = await _form(request)

        def run() -> Response:
            ctx = _context(request, form, forms)
            try:
                return handler(ctx)
            except ListbotError as exc:
                return _problem_page(ctx, exc, 400)

        return await run_in_threadpool(run)

    return endpoint


class SecurityHeaders:
    """Headers on every response: no framing, no sniffing, no referrer (links carry tokens), a strict CSP,
    and no caching of pages."""

    HEADERS = (
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    )

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {
                    name.lower() for name, _ in headers
                }  # a route may set its own (the digest preview)
                headers += [(name, value) for name, value in self.HEADERS if name not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
