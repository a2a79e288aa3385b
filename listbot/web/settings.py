"""``/settings``: the rules moderators own in listbot.yaml (mode, thresholds, waits and caps, the digest's
schedule and fixed recipients), saved with the file's comments kept, validated like ``listbot check``,
audited, and applied by the running bot without a restart. Server addresses and secrets are shown, never
editable here."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from listbot.app import editing, whatif
from listbot.errors import ConfigError
from listbot.web.base import Ctx, moderator

READ_ONLY = (
    "source",
    "list.address",
    "list.list_id",
    "bot.address",
    "bot.moderators",
    "imap.host",
    "imap.port",
    "imap.username",
    "lmtp.host",
    "lmtp.port",
    "smtp.host",
    "smtp.port",
    "state",
    "console.listen",
    "console.base_url",
)


WHAT_IF_DAYS = 180


def page(ctx: Ctx) -> Response:
    values = {k: editing.setting(ctx.config.settings, k) for k in editing.EDITABLE}
    problems: list[str] = []
    status = 200
    effect = None
    if ctx.request.method == "POST":
        try:
            edited = editing.preview_settings(ctx.config, ctx.form, ctx.now)
            answers_changed = any(k.startswith("answers.") for k in edited.changes)
            if answers_changed and ctx.form.get("confirmed") != "yes":
                # show, before saving, what the last 180 days' posts would have become at the new values
                effect = whatif.compare(
                    ctx.config,
                    ctx.store,
                    ctx.now,
                    WHAT_IF_DAYS,
                    answers=edited.settings.answers,
                    against="current",
                )
                values |= {k: ctx.form.get(k, values[k]) for k in editing.EDITABLE if k in ctx.form}
            else:
                saved = editing.save_settings(ctx.config, ctx.store, ctx.form, ctx.moderator, ctx.now)
                done = ", ".join(saved.changed) if saved.changed else "nothing changed"
                return ctx.back("/settings", done=f"Saved: {done}. The bot uses it from the next post.")
        except ConfigError as exc:
            problems = [str(p) for p in exc.problems]
            values |= {k: ctx.form.get(k, values[k]) for k in editing.EDITABLE if k in ctx.form}
            status = 400
    shown = {k: editing.setting(ctx.config.settings, k) for k in READ_ONLY}
    return ctx.render(
        "settings.html",
        status_code=status,
        values=values,
        kinds=editing.EDITABLE,
        problems=problems,
        shown=shown,
        effect=effect,
        days=WHAT_IF_DAYS,
    )


routes = [Route("/settings", moderator(page), methods=["GET", "POST"])]
