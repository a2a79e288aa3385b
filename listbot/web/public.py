"""Routes without sign-in: signing in, monitoring, and the one-use pages members reach from mail.

A GET never changes anything (mail scanners open links): it shows a page with a button, and only the
button's POST acts.
"""

from __future__ import annotations

import hmac
import json

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from listbot.app import access, bot_mail, learning, status
from listbot.web.base import COOKIE, PRE_COOKIE, Ctx, client_ip, public, set_session_cookie
from listbot.web.metrics import StoreCollector


def _safe_next(target: str) -> str:
    """Only a path on this console (no //host, no scheme): an open redirect is a phishing tool."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _pre_ok(ctx: Ctx) -> bool:
    """The sign-in forms carry the browser's pre-session cookie back (login CSRF)."""
    cookie = ctx.request.cookies.get(PRE_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie, ctx.form.get("pre", ""))


def _pre_form(ctx: Ctx, name: str, status_code: int = 200, **values: object) -> Response:
    """A sign-in page whose form carries this browser's pre-session value (set as a cookie if new)."""
    pre = ctx.request.cookies.get(PRE_COOKIE) or access.new_token()
    response = ctx.render(name, status_code=status_code, pre=pre, **values)
    if not ctx.request.cookies.get(PRE_COOKIE):
        response.set_cookie(
            PRE_COOKIE,
            pre,
            httponly=True,
            samesite="lax",
            secure=ctx.config.settings.console.secure,
            path="/",
        )
    return response


def login_page(ctx: Ctx) -> Response:
    if ctx.session is not None:
        return RedirectResponse(_safe_next(ctx.request.query_params.get("next", "/")), status_code=303)
    if ctx.request.method == "POST":
        if _pre_ok(ctx):
            access.request_signin(
                ctx.config,
                ctx.store,
                ctx.form.get("address", ""),
                client_ip(ctx.request, ctx.config),
                ctx.now,
            )
        # the same answer whatever the address (and whether or not a mail went out)
        return ctx.back("/login", done="sent")
    return _pre_form(ctx, "login.html", sent=ctx.request.query_params.get("done") == "sent")


def login_link(ctx: Ctx) -> Response:
    token = ctx.request.path_params["token"]
    if ctx.request.method == "POST":
        if not _pre_ok(ctx):
            return ctx.render("login_link.html", status_code=400, address=None, stale=True)
        signed = access.sign_in(ctx.config, ctx.store, token, ctx.now)
        if signed is None:
            return ctx.render("login_link.html", status_code=400, address=None, stale=False)
        response = RedirectResponse("/", status_code=303)
        set_session_cookie(response, ctx.config, signed.cookie)
        return response
    address = access.signin_pending(ctx.store, token, ctx.now)
    return _pre_form(
        ctx, "login_link.html", status_code=200 if address else 400, address=address, stale=False
    )


def logout(ctx: Ctx) -> Response:
    if ctx.session is not None and hmac.compare_digest(ctx.form.get("csrf", ""), ctx.session.csrf):
        access.sign_out(ctx.store, ctx.request.cookies.get(COOKIE), ctx.now)
    response = ctx.back("/login", done="out")
    response.delete_cookie(COOKIE, path="/")
    return response


def healthz(ctx: Ctx) -> Response:
    now_status = status.status(ctx.config, ctx.store, ctx.now, history=False)
    checks = now_status.checks()
    body = {"status": "ok" if now_status.healthy else "degraded", "checks": checks}
    return Response(
        json.dumps(body), status_code=200 if now_status.healthy else 503, media_type="application/json"
    )


def metrics(ctx: Ctx) -> Response:
    registry = CollectorRegistry()
    registry.register(StoreCollector(ctx.config, ctx.store, ctx.now))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def feedback(ctx: Ctx) -> Response:
    """A member's "did this answer your question?" (two signed links in every answer)."""
    token, vote = ctx.request.path_params["token"], ctx.request.path_params["vote"]
    key = access.verify(ctx.console.secret, "feedback", token)
    if key is None or vote not in ("yes", "no"):
        return _bad_link(ctx)
    helpful = vote == "yes"
    if ctx.request.method == "POST":
        counted = learning.record_vote(ctx.config, ctx.store, key, helpful, ctx.now)
        message = "thanks" if counted else "already"
        return ctx.render("member.html", title="Thank you", message=message, action=None, helpful=helpful)
    return ctx.render(
        "member.html",
        title="Did the answer help?",
        message="confirm-vote",
        action=ctx.request.url.path,
        helpful=helpful,
    )


def confirm_page(ctx: Ctx) -> Response:
    """A subscription's confirmation link (double opt-in): GET shows the button, POST confirms."""
    code = ctx.request.path_params["token"]
    row = ctx.store.token_get(access.token_hash(code))
    valid = (
        row is not None
        and row.purpose.startswith("subscribe:")
        and row.used_at is None
        and row.expires_at > ctx.now
    )
    if not valid or row is None:
        return _bad_link(ctx)
    kind = row.purpose.split(":", 1)[1]
    if ctx.request.method == "POST":
        with ctx.store.transaction():
            done = bot_mail.confirm(ctx.store, code, ctx.now)
        if done is None:
            return _bad_link(ctx)
        return ctx.render(
            "member.html",
            title="Subscribed",
            message="subscribed",
            address=done[0],
            what=done[1],
            action=None,
        )
    return ctx.render(
        "member.html",
        title="Confirm your subscription",
        message="confirm-subscribe",
        action=ctx.request.url.path,
        address=row.address,
        what=kind,
    )


def _bad_link(ctx: Ctx) -> Response:
    """A member's link that is tampered with, expired or used up: one page for all, saying nothing more."""
    return ctx.render(
        "member.html", status_code=400, title="This link does not work", message="bad", action=None
    )


def unsubscribe_page(ctx: Ctx) -> Response:
    """One-click unsubscribe (RFC 8058): the same signed link forever for an address and a kind. A GET shows
    a button; the POST (the button, or a mail provider's List-Unsubscribe=One-Click) unsubscribes."""
    target = access.unsubscribe_target(ctx.config, ctx.request.path_params["token"])
    if target is None:
        return _bad_link(ctx)
    kind, address = target
    if ctx.request.method == "POST":
        with ctx.store.transaction():
            if ctx.store.unsubscribe(address, kind):
                ctx.store.audit(address, "subscribers.unsubscribe", f"{kind}:{address}", ctx.now)
        return ctx.render(
            "member.html",
            title="Unsubscribed",
            message="unsubscribed",
            address=address,
            what=kind,
            action=None,
        )
    return ctx.render(
        "member.html",
        title="Unsubscribe",
        message="confirm-unsubscribe",
        action=ctx.request.url.path,
        address=address,
        what=kind,
    )


routes = [
    Route("/login", public(login_page), methods=["GET", "POST"]),
    Route("/login/{token}", public(login_link), methods=["GET", "POST"]),
    Route("/logout", public(logout), methods=["POST"]),
    Route("/healthz", public(healthz)),
    Route("/metrics", public(metrics)),
    Route("/feedback/{token}/{vote}", public(feedback), methods=["GET", "POST"]),
    Route("/confirm/{token}", public(confirm_page), methods=["GET", "POST"]),
    Route("/unsubscribe/{token}", public(unsubscribe_page), methods=["GET", "POST"]),
]
