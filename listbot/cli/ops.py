"""``listbot status`` and ``listbot outbox list|retry|discard``: what an operator looks at when in doubt."""

from __future__ import annotations

import argparse
import json
from datetime import UTC

from listbot.app import status as app_status
from listbot.cli.shared import actor
from listbot.clock import utcnow
from listbot.config import load
from listbot.errors import ListbotError
from listbot.store import Store


def status(args: argparse.Namespace) -> int:
    """One screen: mode, source health, backlog, outbox by status, breaker, reviews, next digest."""
    config = load(args.config)
    now = utcnow()
    with Store(config.state_path) as store:
        state = app_status.status(config, store, now, history=False)
    if args.json:
        print(
            json.dumps(
                {
                    "status": "ok" if state.healthy else "degraded",
                    "mode": state.mode,
                    "checks": state.checks(),
                    "source": {
                        "name": state.source.name,
                        "last": state.source.last,
                        "stale": state.source.stale,
                    },
                    "backlog": state.backlog,
                    "outbox": state.outbox,
                    "reviews": state.reviews,
                    "breaker": {"answers_in_window": state.answers_in_window, "max": state.breaker_max},
                    "next_digest": state.next_digest,
                },
                default=str,
            )
        )
        return 0 if state.healthy else 1
    last = f"{state.source.last.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if state.source.last else "never"
    lines = [
        f"mode        {state.mode}",
        f"source      {state.source.name}: last {'contact' if state.source.name == 'imap' else 'delivery'} {last}"
        + (" (stale)" if state.source.stale else ""),
        f"backlog     {state.backlog} post(s) waiting",
        "outbox      "
        + ", ".join(f"{k} {state.outbox.get(k, 0)}" for k in ("pending", "held", "failed", "unknown")),
        f"breaker     {'TRIPPED' if state.breaker_tripped else 'armed'} ({state.answers_in_window} of {state.breaker_max})",
        f"review      {state.reviews} item(s) waiting",
        f"next digest {state.next_digest.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        if state.next_digest
        else "next digest (off)",
        "checks      " + ", ".join(f"{k}: {v}" for k, v in state.checks().items()),
    ]
    print("\n".join(lines))
    return 0 if state.healthy else 1


def outbox(args: argparse.Namespace) -> int:
    config = load(args.config)
    now = utcnow()
    with Store(config.state_path) as store:
        if args.outbox_command == "list":
            for listed in store.outbox_page(args.status, limit=args.limit):
                if args.json:
                    fields = {
                        "key": listed.key,
                        "kind": listed.kind,
                        "status": listed.status,
                        "recipients": list(listed.recipients),
                        "attempts": listed.attempts,
                        "created_at": listed.created_at.isoformat(),
                        "last_error": listed.last_error,
                    }
                    print(json.dumps(fields))
                else:
                    where = ", ".join(listed.recipients)
                    print(
                        f"{listed.status:8} {listed.kind:8} {listed.key}  ({where}) {listed.last_error or ''}"
                    )
            return 0
        row = store.outbox_get(args.key)
        if row is None:
            raise ListbotError(f"no outbox row {args.key!r}; see listbot outbox list")
        if args.outbox_command == "retry":
            if row.status == "unknown" and not args.force:
                raise ListbotError(
                    f"{args.key} may have gone out before a crash: sending it again may duplicate it;"
                    " add --force to send it anyway"
                )
            allowed = ("failed", "unknown") if args.force else ("failed",)
            if not store.outbox_retry(args.key, now, allowed):
                raise ListbotError(
                    f"{args.key} is {row.status}: only failed (or, with --force, unknown) rows are retried"
                )
            store.audit(actor(), "outbox.retry", args.key, now, before={"status": row.status})
            print(f"{args.key}: goes out again at the next outbox run")
            return 0
        if not store.outbox_discard(args.key, f"discarded by {actor()}"):
            raise ListbotError(f"{args.key} is {row.status}: it cannot be discarded")
        store.audit(actor(), "outbox.discard", args.key, now, before={"status": row.status})
        print(f"{args.key}: discarded")
        return 0
