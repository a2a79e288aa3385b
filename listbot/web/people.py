"""``/subscribers``, ``/outbox`` and ``/audit``."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from listbot.app import subscribers
from listbot.web.base import Ctx, moderator


def subscriber_page(ctx: Ctx) -> Response:
    return ctx.render(
        "subscribers.html",
        digest=subscribers.listing(ctx.config, ctx.store, "digest"),
        reminders=subscribers.listing(ctx.config, ctx.store, "reminders"),
    )


def subscriber_change(ctx: Ctx) -> Response:
    kind = ctx.form.get("kind", "")
    if kind not in ("digest", "reminders"):
        return ctx.back("/subscribers", problem="Choose the digest or the reminders.")
    address = ctx.form.get("address", "")
    if ctx.form.get("action") == "remove":
        address, changed = subscribers.remove(ctx.store, kind, address, ctx.now, ctx.moderator)  # type: ignore[arg-type]
        verb = "removed from" if changed else "was not on"
    else:
        address, changed = subscribers.add(ctx.store, kind, address, ctx.now, ctx.moderator)  # type: ignore[arg-type]
        verb = "added to" if changed else "was already on"
    return ctx.back("/subscribers", done=f"{address} {verb} the {kind} list.")


def outbox_page(ctx: Ctx) -> Response:
    status = ctx.request.query_params.get("status") or None
    return ctx.render(
        "outbox.html",
        rows=ctx.store.outbox_page(status, limit=200),
        counts=ctx.store.outbox_counts(),
        current=status or "",
    )


def outbox_action(ctx: Ctx) -> Response:
    key = ctx.form.get("key", "")
    action = ctx.form.get("action")
    row = ctx.store.outbox_get(key)
    if row is None:
        return ctx.back("/outbox", problem=f"No outbox row {key!r}.")
    if action == "retry":
        allowed = ("failed", "unknown") if ctx.form.get("force") == "yes" else ("failed",)
        if row.status == "unknown" and ctx.form.get("force") != "yes":
            return ctx.back(
                "/outbox",
                problem="This message may have gone out before a crash: sending it again may duplicate it. "
                "Tick 'send it again anyway' to do so.",
            )
        if not ctx.store.outbox_retry(key, ctx.now, allowed):
            return ctx.back("/outbox", problem=f"{key} is {row.status}: nothing to retry.")
        done = f"{key} goes out again at the next outbox run."
    elif action == "discard":
        if not ctx.store.outbox_discard(key, f"discarded by {ctx.moderator}"):
            return ctx.back("/outbox", problem=f"{key} is {row.status}: it cannot be discarded.")
        done = f"{key} discarded."
    else:
        return ctx.back("/outbox", problem="Choose retry or discard.")
    ctx.store.audit(ctx.moderator, f"outbox.{action}", key, ctx.now, before={"status": row.status})
    return ctx.back("/outbox", done=done)


def audit_page(ctx: Ctx) -> Response:
    page = (
        int(ctx.request.query_params.get("page", "1") or 1)
        if ctx.request.query_params.get("page", "1").isdigit()
        else 1
    )
    rows = ctx.store.audit_rows(limit=101, offset=(page - 1) * 100)
    return ctx.render("audit.html", rows=rows[:100], more=len(rows) > 100, page=page)


routes = [
    Route("/subscribers", moderator(subscriber_page)),
    Route("/subscribers", moderator(subscriber_change), methods=["POST"]),
    Route("/outbox", moderator(outbox_page)),
    Route("/outbox", moderator(outbox_action), methods=["POST"]),
    Route("/audit", moderator(audit_page)),
]
