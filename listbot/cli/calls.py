"""``listbot calls extract|list|add|remove``."""

from __future__ import annotations

import argparse
import json

from listbot.app import calls as app_calls
from listbot.cli.shared import actor, eml_files
from listbot.clock import utcnow
from listbot.config import load
from listbot.core.calls import as_json
from listbot.core.read import read_post
from listbot.errors import ConfigError, ListbotError, Problem
from listbot.store import Store

ADD_OPTIONS = {"deadline_time": "--time"}  # a ManualCall field -> the option that sets it


def calls(args: argparse.Namespace) -> int:
    command = args.calls_command
    if command == "extract":
        return _extract(args)
    config = load(args.config)
    now = utcnow()
    with Store(config.state_path) as store:
        app_calls.sync(config, store, now)
        if command == "list":
            return _list(store, args)
        if command == "add":
            given = {
                "id": args.id,
                "title": args.title,
                "deadline": args.deadline,
                "deadline_time": args.deadline_time,
                "timezone": args.timezone,
                "link": args.link,
                "submit_to": args.submit_to,
                "kind": args.kind,
                "organisation": args.organisation,
                "eligibility": args.eligibility,
                "extended": True if args.extended else None,
            }
            # correcting a call in the register: what the options do not say stays as it was
            row = store.call_get(args.id)
            values = {"kind": "other"} | (app_calls.manual_values(row) if row is not None else {})
            values |= {k: v for k, v in given.items() if v is not None}
            try:
                edit = app_calls.add(config, store, values, now, where="listbot calls add", actor=actor())
            except ConfigError as exc:  # name the command-line option, not the YAML key
                raise ConfigError(
                    [
                        Problem(p.file, ADD_OPTIONS.get(p.key, "--" + p.key.replace("_", "-")), p.message)
                        for p in exc.problems
                    ]
                ) from None
            print(f"added {edit.call_id} to {edit.path}")
            return 0
        if command == "remove":
            edit = app_calls.remove(config, store, args.id, now, actor=actor())
            if edit.how == "removed":
                print(f"removed {edit.call_id} from {edit.path} and the register")
            else:
                print(f"removed {edit.call_id} from the register (kept as remove: true in {edit.path})")
            return 0
    raise ListbotError(f"unknown calls action {command!r}")


def _extract(args: argparse.Namespace) -> int:
    settings = load(args.config).settings
    files = eml_files(args.files)
    for name, raw in files:
        info = app_calls.read(settings, read_post(raw, settings.max_message_bytes))
        if args.json:
            print(json.dumps(as_json(info, name), ensure_ascii=False))
        elif not info.is_call:
            guarded = [r for r in info.reasons if r.startswith("guard: ")]
            why = guarded + ([f"{info.held}: held for a moderator"] if info.held else [])
            print(f"{name}: not a call" + (f" ({'; '.join(why)})" if why else ""))
        else:
            d = info.deadline
            when = "no deadline: rolling" if info.open_ended else "no deadline found"
            if d is not None:
                when = (
                    d.day.isoformat()
                    + (f" {d.at:%H:%M}" if d.at else "")
                    + (f" {d.timezone}" if d.timezone else "")
                )
            print(
                f"{name}: {info.title!r} [{info.kind}] deadline {when}; link {info.link or '-'};"
                + (f" send to {info.submit_to};" if info.submit_to else "")
                + f" confidence {info.confidence:.2f}"
                + (f"; {info.held}: held for a moderator" if info.held else "")
            )
    return 1 if files.failed else 0


def _list(store: Store, args: argparse.Namespace) -> int:
    rows = app_calls.listing(store, include_all=args.all)
    if args.json:
        for row in rows:
            print(json.dumps(app_calls.row_json(row), ensure_ascii=False, default=str))
        return 0
    if not rows:
        print("no calls in the register")
        return 0
    for row in rows:
        when = row.deadline.isoformat() if row.deadline else "date not announced"
        if row.open_ended and not row.deadline:
            when = "no deadline: rolling"
        if row.deadline_time:
            when += f" {row.deadline_time:%H:%M}"
        if row.timezone:
            when += f" {row.timezone}"
        flags = [row.status] + (["manual"] if row.manual else []) + (["extended"] if row.extended else [])
        print(f"{row.id}\t{when}\t{row.title}\t[{', '.join(flags)}]")
    return 0
