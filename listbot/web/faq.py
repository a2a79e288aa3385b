"""``/faq``: the knowledge base. An entry's page edits it (validated like ``listbot check``, saved to faq.yaml
with its comments kept and a backup), tries a question against the edit before it is saved, shows what the
edit would change in the last 180 days' posts before it is saved, and shows what the bot learned for it
(remove, or promote into faq.yaml). ``/faq/new`` adds an entry (a draft from ``/gaps`` prefilled)."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from listbot.app import editing, learning, whatif
from listbot.config import Config
from listbot.errors import ConfigError
from listbot.store import Store
from listbot.web.base import Ctx, moderator

WHAT_IF_DAYS = 180
FIELDS = ("question", "answer", "links", "examples", "keywords", "enabled")


def listing(ctx: Ctx) -> Response:
    learned = learning.listing(ctx.store)
    votes = ctx.store.votes_by_faq()
    rows = [
        {
            "entry": e,
            "learned": sum(1 for r in learned if r.faq == e.id and r.polarity == "example"),
            "counter": sum(1 for r in learned if r.faq == e.id and r.polarity == "counter"),
            "helpful": votes.get(e.id),
        }
        for e in ctx.config.faq.entries
    ]
    return ctx.render("faq_list.html", rows=rows)


def _tried(config: Config, store: Store, faq_id: str, sentence: str) -> dict[str, Any] | None:
    if not sentence.strip():
        return None
    matcher = editing.tried_matcher(config, store)
    match = matcher.match(sentence)
    answers = config.settings.answers
    mine = next((c for c in matcher.score(sentence) if c.faq == faq_id), None)
    best = match.best
    verdict = "ignore"
    if best is not None and best.score >= answers.answer_threshold:
        verdict = "answer"
    elif best is not None and best.score >= answers.review_threshold:
        verdict = "review"
    return {
        "sentence": sentence,
        "best": best.faq if best else None,
        "score": round(best.score, 2) if best else None,
        "this": round(mine.score, 2) if mine else 0.0,
        "verdict": verdict,
        "explanation": match.explain(),
        "is_this": best is not None and best.faq == faq_id,
    }


def edit_page(ctx: Ctx) -> Response:
    faq_id = ctx.request.path_params["id"]
    entry = editing.entry(ctx.config, faq_id)
    if entry is None:
        return ctx.render("problem.html", status_code=404, lines=[f"No FAQ entry {faq_id!r}."])
    values = editing.entry_form(entry)
    problems: list[str] = []
    tried = None
    changes = None
    status = 200
    if ctx.request.method == "POST":
        values = {k: ctx.form.get(k, "") for k in values}
        try:
            preview = editing.preview_entry(ctx.config, faq_id, editing.entry_values(values))
            if ctx.form.get("action") == "save":
                effect = whatif.compare(
                    ctx.config, ctx.store, ctx.now, WHAT_IF_DAYS, faq=preview.faq, against="current"
                )
                if not effect.changes or ctx.form.get("confirmed") == "yes":
                    saved = editing.save_entry(
                        ctx.config, ctx.store, faq_id, editing.entry_values(values), ctx.moderator, ctx.now
                    )
                    what = ", ".join(k.rsplit(".", 1)[1] for k in saved.changed) or "nothing changed"
                    return ctx.back(
                        f"/faq/{faq_id}", done=f"Saved ({what}); the bot uses it from the next post."
                    )
                changes = effect
            tried = _tried(preview, ctx.store, faq_id, ctx.form.get("try", ""))
        except ConfigError as exc:
            problems = [str(p) for p in exc.problems]
            status = 400
    learned = [r for r in learning.listing(ctx.store) if r.faq == faq_id]
    return ctx.render(
        "faq_edit.html",
        status_code=status,
        entry=entry,
        values=values,
        problems=problems,
        tried=tried,
        try_text=ctx.form.get("try", ""),
        learned=learned,
        links=sorted(ctx.config.faq.links),
        changes=changes,
        days=WHAT_IF_DAYS,
    )


def try_json(ctx: Ctx) -> Response:
    """The live "try a question" (console.js): the edit as typed, not saved."""
    faq_id = ctx.request.path_params["id"]
    values = {k: ctx.form.get(k, "") for k in FIELDS}
    try:
        preview = editing.preview_entry(ctx.config, faq_id, editing.entry_values(values))
    except ConfigError as exc:
        return JSONResponse({"problems": [str(p) for p in exc.problems]}, status_code=400)
    return JSONResponse(_tried(preview, ctx.store, faq_id, ctx.form.get("try", "")))


def forget(ctx: Ctx) -> Response:
    faq_id = ctx.request.path_params["id"]
    row = learning.forget(ctx.store, ctx.request.path_params["lid"], ctx.moderator, ctx.now)
    return ctx.back(f"/faq/{faq_id}", done=f"Removed the learned {row.polarity}: {row.sentence!r}.")


def promote(ctx: Ctx) -> Response:
    faq_id = ctx.request.path_params["id"]
    done = learning.promote(ctx.config, ctx.store, ctx.request.path_params["lid"], ctx.moderator, ctx.now)
    return ctx.back(
        f"/faq/{faq_id}",
        done=f"Moved {done.row.sentence!r} into faq.yaml's examples (backup: {done.backup.name}).",
    )


def new_page(ctx: Ctx) -> Response:
    """A new entry; from /gaps its question and example questions come prefilled."""
    values = {
        "id": "",
        "question": "",
        "answer": "",
        "links": "",
        "examples": "",
        "keywords": "",
        "enabled": "",
    }
    problems: list[str] = []
    status = 200
    if ctx.request.method == "POST":
        values = {k: ctx.form.get(k, "") for k in values}
        try:
            entry = editing.entry_values(values) | {"id": values["id"].strip()}
            saved = editing.add_entry(ctx.config, ctx.store, entry, ctx.moderator, ctx.now)
            return ctx.back(f"/faq/{entry['id']}", done=f"Added {saved.changed[0]} to faq.yaml.")
        except ConfigError as exc:
            problems = [str(p) for p in exc.problems]
            status = 400
    else:
        q = ctx.request.query_params
        values |= {k: q.get(k, "") for k in ("id", "question", "examples", "keywords")}
    return ctx.render(
        "faq_new.html",
        status_code=status,
        values=values,
        problems=problems,
        links=sorted(ctx.config.faq.links),
    )


routes = [
    Route("/faq", moderator(listing)),
    Route("/faq/new", moderator(new_page), methods=["GET", "POST"]),
    Route("/faq/{id}", moderator(edit_page), methods=["GET", "POST"]),
    Route("/faq/{id}/try", moderator(try_json), methods=["POST"]),
    Route("/faq/{id}/learned/{lid:int}/remove", moderator(forget), methods=["POST"]),
    Route("/faq/{id}/learned/{lid:int}/promote", moderator(promote), methods=["POST"]),
]
