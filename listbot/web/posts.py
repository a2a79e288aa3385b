"""``/posts``: every post the bot saw, newest first, filtered and paged; ``/posts/<id>``: one post in full."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from starlette.responses import Response
from starlette.routing import Route

from listbot.app import learning
from listbot.errors import ListbotError
from listbot.web.base import Ctx, moderator

PAGE = 50


def _day(text: str) -> datetime | None:
    """A date typed in the filter, as the start of that day (UTC, as posts are stored)."""
    try:
        return datetime.combine(datetime.fromisoformat(text).date(), time(), tzinfo=UTC)
    except ValueError:
        return None


def listing(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    page = max(1, int(q.get("page", "1") or 1)) if (q.get("page", "1") or "1").isdigit() else 1
    since = _day(q.get("since", "")) if q.get("since") else None
    until = _day(q.get("until", "")) if q.get("until") else None
    rows, more = ctx.store.posts_page(
        action=q.get("action") or None,
        faq=q.get("faq") or None,
        since=since,
        until=until + timedelta(days=1) if until else None,
        text=q.get("q") or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    filters = {k: q.get(k, "") for k in ("action", "faq", "since", "until", "q")}
    return ctx.render(
        "posts.html",
        rows=rows,
        page=page,
        more=more,
        filters=filters,
        faqs=[e.id for e in ctx.config.faq.entries],
        query="&".join(f"{k}={v}" for k, v in filters.items() if v),
    )


def removed_text(body: str, new: str) -> list[str]:
    """The body's lines that are not in the author's new text: quotes, signature, footers."""
    kept = {line.strip() for line in new.splitlines() if line.strip()}
    return [line for line in body.splitlines() if line.strip() and line.strip() not in kept]


def detail(ctx: Ctx) -> Response:
    row_id = ctx.request.path_params["id"]
    row = ctx.store.post_by_id(row_id)
    if row is None:
        return ctx.render("problem.html", status_code=404, lines=[f"No post number {row_id}."])
    answer = ctx.store.outbox_get(f"answer:{row.message_id}")
    correction = ctx.store.outbox_get(f"correction:{row.message_id}")
    match = row.details.get("match") or {}
    return ctx.render(
        "post.html",
        row=row,
        removed=removed_text(row.body_text, row.new_text)[:200],
        match=match,
        answer=answer,
        answer_text=_text(answer.message) if answer else "",
        correction=correction,
        review=ctx.store.review_of("answer", row.message_id)
        or ctx.store.review_of("disputed", row.message_id),
        faqs=[(e.id, e.question) for e in ctx.config.faq_entries],
    )


def teach(ctx: Ctx) -> Response:
    """ "This post asks FAQ X": learn its question sentences as examples of X (nothing is sent)."""
    row_id = ctx.request.path_params["id"]
    row = ctx.store.post_by_id(row_id)
    here = f"/posts/{row_id}"
    if row is None:
        return ctx.render("problem.html", status_code=404, lines=[f"No post number {row_id}."])
    faq = ctx.form.get("faq", "")
    if not faq:
        return ctx.back(here, problem="Choose the FAQ this post asks.")
    try:
        with ctx.store.transaction():
            taught = learning.teach_post(
                ctx.config, ctx.store, row.message_id, faq, ctx.moderator, "console", ctx.now
            )
    except ListbotError as exc:
        return ctx.back(here, problem=str(exc))
    said = "; ".join(repr(t.sentence) for t in taught)
    return ctx.back(here, done=f"Learned as asking {faq}: {said}. Similar questions now match it.")


def _text(message: bytes) -> str:
    from email import message_from_bytes
    from email.policy import default

    body = message_from_bytes(message, policy=default).get_body(("plain",))
    return body.get_content() if body is not None else ""


routes = [
    Route("/posts", moderator(listing)),
    Route("/posts/{id:int}", moderator(detail)),
    Route("/posts/{id:int}/teach", moderator(teach), methods=["POST"]),
]
