"""``listbot digest preview|send`` and ``listbot subscribers list|add|remove``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from listbot import render
from listbot.app import digest_jobs, subscribers
from listbot.cli.shared import actor
from listbot.clock import utcnow
from listbot.config import load
from listbot.errors import ListbotError
from listbot.store import Store

SEND_MESSAGES = {
    "empty": "no open calls for period {period}: nothing sent",
    "already": "the digest for {period} was already sent",
    "no recipients": "no recipients: set digest.recipients or have members mail 'subscribe digest'",
    "disabled": "the digest is disabled (digest.enabled: false)",
    "not due": "no scheduled digest time in the last 8 days",
    "late": "late",
}


def parse_now(text: str | None) -> datetime:
    """--now as given (ISO-8601 with an offset), else the clock."""
    if not text:
        return utcnow()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ListbotError(f"--now {text!r} is not ISO-8601; write e.g. 2027-01-11T07:00-05:00") from None
    if moment.tzinfo is None:
        raise ListbotError(f"--now {text!r} has no UTC offset; write e.g. 2027-01-11T07:00-05:00")
    return moment


def digest(args: argparse.Namespace) -> int:
    config = load(args.config)
    now = parse_now(getattr(args, "now", None))
    with Store(config.state_path) as store:
        if args.digest_command == "preview":
            planned = digest_jobs.preview(config, store, now)
            if planned is None:
                print("no open calls: no digest would go out", file=sys.stderr)
                return 0
            msg = render.compose_digest(config, planned, now)
            part = msg.get_body(("html",) if args.html else ("plain",))
            print(part.get_content() if part is not None else "", end="")
            return 0
        result = digest_jobs.send_digest(config, store, now, late_ok=True)
        if result.status == "queued":
            print(f"queued {result.key} ({result.count} calls)")
        else:
            print(SEND_MESSAGES[result.status].format(period=result.period))
        return 0


def subscribers_command(args: argparse.Namespace) -> int:
    config = load(args.config)
    with Store(config.state_path) as store:
        if args.action == "list":
            for sub in subscribers.listing(config, store, args.kind):
                print(f"{sub.address}\t(digest.recipients in listbot.yaml)" if sub.fixed else sub.address)
            return 0
        if not args.address:
            raise ListbotError(f"give the address: listbot subscribers {args.action} {args.kind} ADDRESS")
        if args.action == "add":
            address, changed = subscribers.add(store, args.kind, args.address, utcnow(), actor=actor())
            print(f"{address} {'subscribed to' if changed else 'was already subscribed to'} {args.kind}")
        else:
            address, changed = subscribers.remove(store, args.kind, args.address, utcnow(), actor=actor())
            print(f"{address} {'unsubscribed from' if changed else 'was not subscribed to'} {args.kind}")
        return 0
