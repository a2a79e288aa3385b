"""``/gaps``: what the FAQ is missing: members' questions no FAQ answered, grouped into recurring topics,
most askers first, each with "draft an FAQ entry" (listbot gaps on the command line)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from listbot.app import gaps
from listbot.web.base import Ctx, moderator

DAYS = 365


def page(ctx: Ctx) -> Response:
    topics = gaps.topics(ctx.config, ctx.store, ctx.now - timedelta(days=DAYS))
    rows = []
    for topic in topics[:30]:
        draft = gaps.draft_entry(topic)
        query = urlencode(
            {
                "id": draft.id,
                "question": draft.question,
                "examples": "\n".join(draft.examples),
                "keywords": "\n".join(draft.keywords),
            }
        )
        rows.append({"topic": topic, "draft": f"/faq/new?{query}"})
    return ctx.render("gaps.html", rows=rows, days=DAYS)


routes = [Route("/gaps", moderator(page))]
