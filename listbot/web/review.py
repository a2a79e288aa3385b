"""``/review``: what waits for a moderator, oldest first, and the decisions on it.

Each item's form carries the version the moderator saw: a double click or a second moderator gets "already
decided" and nothing happens twice (``listbot.app.review``).
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from listbot.app import calls, review
from listbot.web.base import Ctx, moderator

PAGE = 10


def queue(ctx: Ctx) -> Response:
    items = review.queue(ctx.store)
    return ctx.render(
        "review.html",
        items=items[:PAGE],
        total=len(items),
        faqs=[(e.id, e.question) for e in ctx.config.faq_entries],
        reasons=review.DROP_REASONS,
        list_or_drop=calls.LIST_OR_DROP,
        why={item.id: review.why_it_waits(ctx.config, item) for item in items[:PAGE]},
    )


def decide(ctx: Ctx) -> Response:
    review_id = ctx.request.path_params["id"]
    form = ctx.form
    version = int(form.get("version", "-1")) if form.get("version", "").lstrip("-").isdigit() else -1
    action = form.get("action", "")
    try:
        if action in ("send", "send-other", "drop"):
            reason = form.get("reason") or None
            done = review.decide_answer(
                ctx.config,
                ctx.store,
                review_id,
                action,  # type: ignore[arg-type]
                ctx.moderator,
                ctx.now,
                version=version,
                faq=form.get("faq") or None,
                reason=reason if reason in review.DROP_REASONS else None,  # type: ignore[arg-type]
            )
        elif action in ("accept", "correct", "drop-call"):
            values = {
                k: form[k] or None
                for k in ("title", "deadline", "deadline_time", "timezone", "link", "submit_to")
                if k in form
            }
            done = review.decide_call(
                ctx.config,
                ctx.store,
                review_id,
                "drop" if action == "drop-call" else action,  # type: ignore[arg-type]
                ctx.moderator,
                ctx.now,
                version=version,
                values={k: v for k, v in values.items() if v is not None or k != "title"},
            )
        else:
            return ctx.back("/review", problem="Choose what to do with the item.")
    except review.Conflict as exc:
        return ctx.back("/review", problem=str(exc))
    return ctx.back("/review", done=f"Item {review_id}: {done}.")


routes = [
    Route("/review", moderator(queue)),
    Route("/review/{id:int}", moderator(decide), methods=["POST"]),
]
