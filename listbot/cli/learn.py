"""``listbot learn add|reject|list|remove|promote``: what moderators taught the matcher, on the command line.

The teaching moderator is the config's first moderator, or ``--as ADDRESS``; every change is audited by
``listbot.app.learning``.
"""

from __future__ import annotations

import argparse
import json

from listbot.app import learning
from listbot.clock import utcnow
from listbot.config import load
from listbot.errors import ListbotError
from listbot.store import LearnedRow, Store
from listbot.store.learning import Polarity


def learn(args: argparse.Namespace) -> int:
    command = args.learn_command
    config = load(args.config)
    if command == "list":
        return _list(
            learning.rows_of_state_file(config), args.json
        )  # only looks: never creates the state file
    now = utcnow()
    who = learning.moderator(config, getattr(args, "as_address", None))
    with Store(config.state_path) as store:
        if command == "add" and getattr(args, "post", None):
            if args.sentence:
                raise ListbotError("give a SENTENCE or --post MESSAGE_ID, not both")
            with store.transaction():
                from_post = learning.teach_post(
                    config, store, args.post.strip("<>"), args.faq, who, "cli", now
                )
            for taught in from_post:
                said = f"learned {taught.id}" if taught.id is not None else "already learned"
                print(f"{said}: example of {taught.faq}: {taught.sentence!r}")
            return 0
        if command in ("add", "reject"):
            if not args.sentence:
                raise ListbotError(f"give the SENTENCE to learn: listbot learn {command} FAQ_ID SENTENCE")
            polarity: Polarity = "example" if command == "add" else "counter"
            with store.transaction():
                taught = learning.teach(config, store, args.faq, args.sentence, polarity, who, "cli", now)
            kind = "example" if polarity == "example" else "counter-example"
            if taught.id is None:
                print(f"already learned: {kind} of {taught.faq}: {taught.sentence!r}")
            else:
                print(f"learned {taught.id}: {kind} of {taught.faq}: {taught.sentence!r}")
            return 0
        if command == "remove":
            with store.transaction():
                row = learning.forget(store, args.id, who, now)
            print(f"removed {row.id}: {_kind(row)} of {row.faq}: {row.sentence!r}")
            return 0
        if command == "promote":
            done = learning.promote(config, store, args.id, who, now)
            where = "added to" if done.added else "already in"
            print(
                f"promoted {done.row.id}: {done.row.sentence!r} {where} {done.row.faq}'s examples in {done.path}"
            )
            print(f"  backup: {done.backup}; restart the daemon to read the file")
            return 0
    raise ListbotError(f"unknown learn action {command!r}")


def _kind(row: LearnedRow) -> str:
    return "example" if row.polarity == "example" else "counter-example"


def _list(rows: list[LearnedRow], as_json: bool) -> int:
    if as_json:
        for row in rows:
            print(
                json.dumps(
                    {
                        "id": row.id,
                        "faq": row.faq,
                        "polarity": row.polarity,
                        "sentence": row.sentence,
                        "message_id": row.message_id,
                        "moderator": row.moderator,
                        "source": row.source,
                        "created_at": row.created_at.isoformat(),
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    if not rows:
        print("nothing learned yet")
        return 0
    for row in rows:
        print(
            f"{row.id}\t{row.faq}\t{_kind(row)}\t{row.sentence!r}\t"
            f"({row.moderator}, {row.source}, {row.created_at:%Y-%m-%d})"
        )
    return 0
