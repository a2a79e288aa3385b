"""``/calls``: the register of calls for submissions; add, correct and remove them (the same calls.yaml as
``listbot calls``); the digest as recipients will see it; "send the digest now" behind a confirmation."""

from __future__ import annotations

from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from listbot import render
from listbot.app import calls as app_calls
from listbot.app import digest_jobs
from listbot.web.base import Ctx, moderator

FIELDS = (
    "id", "title", "deadline", "deadline_time", "timezone", "link", "submit_to", "kind", "organisation",
    "eligibility",
)  # fmt: skip
KINDS = ("meeting", "congress", "essay", "newsletter", "journal", "leadership", "other")


def register(ctx: Ctx) -> Response:
    app_calls.sync(ctx.config, ctx.store, ctx.now)
    rows = app_calls.listing(ctx.store, include_all=ctx.request.query_params.get("all") == "1")
    sources = {}
    for row in rows:
        post = ctx.store.post_row(row.message_id) if row.message_id else None
        sources[row.id] = post.id if post else None
    digest = digest_jobs.preview(ctx.config, ctx.store, ctx.now)
    text = ""
    if digest is not None:
        body = render.compose_digest(ctx.config, digest, ctx.now).get_body(("plain",))
        text = body.get_content() if body is not None else ""
    edit_id = ctx.request.query_params.get("edit", "")
    editing = next((r for r in rows if r.id == edit_id), None)
    values = {k: "" for k in FIELDS} | {"kind": "other", "extended": ""}
    if editing is not None:
        values |= {
            k: "" if v is None else (format(v, "%H:%M") if k == "deadline_time" else str(v))
            for k, v in app_calls.manual_values(editing).items()
        }
    return ctx.render(
        "calls.html",
        rows=rows,
        sources=sources,
        digest_text=text,
        has_digest=digest is not None,
        recipients=digest_jobs.recipients(ctx.config, ctx.store),
        values=values,
        kinds=KINDS,
        show_all=ctx.request.query_params.get("all") == "1",
    )


def preview_html(ctx: Ctx) -> Response:
    """The HTML alternative exactly as recipients get it, for the register page's frame."""
    digest = digest_jobs.preview(ctx.config, ctx.store, ctx.now)
    html = "<p>No open calls: no digest would go out.</p>"
    if digest is not None:
        body = render.compose_digest(ctx.config, digest, ctx.now).get_body(("html",))
        html = body.get_content() if body is not None else html
    return HTMLResponse(
        html,
        headers={
            # the digest's own inline styles, nothing else: no scripts, shown only inside the console
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
            "x-frame-options": "SAMEORIGIN",
        },
    )


def save(ctx: Ctx) -> Response:
    values: dict[str, object] = {k: (ctx.form.get(k) or "").strip() or None for k in FIELDS}
    values["extended"] = ctx.form.get("extended") == "yes"
    edit = app_calls.add(ctx.config, ctx.store, values, ctx.now, where="the call form", actor=ctx.moderator)
    return ctx.back("/calls", done=f"Saved {edit.call_id} in calls.yaml; it wins over what posts say.")


def remove(ctx: Ctx) -> Response:
    call_id = ctx.request.path_params["id"]
    edit = app_calls.remove(ctx.config, ctx.store, call_id, ctx.now, actor=ctx.moderator)
    return ctx.back("/calls", done=f"Removed {edit.call_id} from the register and the digest.")


def send_now(ctx: Ctx) -> Response:
    if ctx.form.get("confirm") != "yes":
        return ctx.back("/calls", problem="Tick the box to confirm that the digest goes out now.")
    result = digest_jobs.send_digest(ctx.config, ctx.store, ctx.now, late_ok=True)
    ctx.store.audit(
        ctx.moderator, "digest.send", f"digest:{result.period}", ctx.now, after={"status": result.status}
    )
    if result.status == "queued":
        return ctx.back(
            "/calls", done=f"The digest for {result.period} is on its way ({result.count} calls)."
        )
    return ctx.back("/calls", problem=f"Nothing sent: {result.status} (period {result.period}).")


routes = [
    Route("/calls", moderator(register)),
    Route("/calls/preview.html", moderator(preview_html)),
    Route("/calls/save", moderator(save), methods=["POST"]),
    Route("/calls/{id}/remove", moderator(remove), methods=["POST"]),
    Route("/calls/send", moderator(send_now), methods=["POST"]),
]
