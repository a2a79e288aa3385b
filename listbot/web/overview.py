"""``/``: how the bot is doing at a glance."""

from __future__ import annotations

from markupsafe import Markup
from starlette.responses import Response
from starlette.routing import Route

from listbot.app import status
from listbot.web import charts
from listbot.web.base import Ctx, moderator


def overview(ctx: Ctx) -> Response:
    now = status.status(ctx.config, ctx.store, ctx.now)
    helpful = {
        faq: f"{good / votes:.0%} of {votes}" for faq, (good, votes) in sorted(now.helpful.items()) if votes
    }
    return ctx.render(
        "overview.html",
        state=now,
        checks=now.checks(),
        daily=Markup(charts.daily(now.days)),
        by_faq=Markup(charts.bars(now.answers_by_faq, "Answers by FAQ, last 30 days")),
        helpful=helpful,
        statuses=("pending", "held", "failed", "unknown"),
    )


routes = [Route("/", moderator(overview))]
