"""The command line's entry point. ``main(argv) -> int`` so that tests can run it in-process.

This module parses arguments, hands them to the command's handler (in the module of its command group),
and turns ListbotError into one line and an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from listbot import __version__
from listbot.cli import calls, digest, inspect, learn, ops, run
from listbot.errors import ConfigError, ListbotError

# command -> handler; each takes the parsed arguments and returns an exit code.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": inspect.check,
    "match": inspect.match,
    "replay": inspect.replay,
    "learn": learn.learn,
    "gaps": inspect.gaps,
    "calls": calls.calls,
    "digest": digest.digest,
    "subscribers": digest.subscribers_command,
    "run": run.run,
    "demo": run.demo,
    "init": run.init,
    "console": run.console,
    "status": ops.status,
    "outbox": ops.outbox,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="listbot",
        description="An assistant bot for a mailing list: answers FAQs when sure, keeps a digest of open calls.",
    )
    parser.add_argument("--version", action="version", version=f"listbot {__version__}")
    # -c and --debug work before the command (listbot -c X check) and after it (listbot check -c X).
    parser.add_argument(
        "-c", "--config", default="config/listbot.yaml", help="path of listbot.yaml (default: %(default)s)"
    )
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-c", "--config", default=argparse.SUPPRESS, help="path of listbot.yaml")
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="verbose logs and tracebacks"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("check", parents=[common], help="validate the configuration, FAQ, calls and templates")
    p.add_argument(
        "--what-if",
        action="store_true",
        help="also re-decide the stored posts with the files as they are now and list what would change",
    )
    p.add_argument(
        "--days", type=int, default=180, help="with --what-if: posts of the last N days (default 180)"
    )

    p = sub.add_parser(
        "match", parents=[common], help="decide each raw message as if it were the first post seen"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("files", nargs="+", metavar="FILE", help=".eml files")

    p = sub.add_parser(
        "replay", parents=[common], help="run the stateful pipeline over an mbox, Maildir or folder"
    )
    p.add_argument("--json", action="store_true", help="JSON lines, then a summary object")
    p.add_argument("source", metavar="SOURCE", help="an mbox file, a Maildir, or a folder of .eml files")

    p = sub.add_parser(
        "learn", parents=[common], help="examples moderators taught the matcher: add, reject, list"
    )
    learn = p.add_subparsers(dest="learn_command", metavar="ACTION", required=True)
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument(
        "--as", dest="as_address", metavar="ADDRESS", help="the moderator (default: the first one)"
    )
    q = learn.add_parser(
        "add", parents=[common, who], help="teach: this sentence (or the question of post --post) asks FAQ_ID"
    )
    q.add_argument("faq", metavar="FAQ_ID")
    q.add_argument("sentence", metavar="SENTENCE", nargs="?")
    q.add_argument(
        "--post", metavar="MESSAGE_ID", help="learn the question sentences of this stored post instead"
    )
    q = learn.add_parser(
        "reject", parents=[common, who], help="teach: this sentence is not FAQ_ID (at most reviewed)"
    )
    q.add_argument("faq", metavar="FAQ_ID")
    q.add_argument("sentence", metavar="SENTENCE")
    q = learn.add_parser("list", parents=[common], help="what was learned, with who taught it and when")
    q.add_argument("--json", action="store_true", help="one JSON object per line")
    q = learn.add_parser("remove", parents=[common, who], help="forget a learned example")
    q.add_argument("id", type=int, metavar="ID")
    q = learn.add_parser(
        "promote", parents=[common, who], help="move a learned example into faq.yaml (backup kept beside it)"
    )
    q.add_argument("id", type=int, metavar="ID")

    p = sub.add_parser(
        "gaps",
        parents=[common],
        help="recurring questions no FAQ answered, grouped by topic, most askers first",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per topic per line")
    p.add_argument("--since", metavar="DATE", help="only posts from this date on (YYYY-MM-DD)")
    p.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="an mbox, Maildir or folder (default: the state file's posts)",
    )

    p = sub.add_parser("calls", parents=[common], help="calls for submissions: extract, list, add, remove")
    calls = p.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    q = calls.add_parser("extract", parents=[common], help="read calls and deadlines from raw messages")
    q.add_argument("--json", action="store_true")
    q.add_argument("files", nargs="+", metavar="FILE")
    q = calls.add_parser("list", parents=[common], help="the register of calls")
    q.add_argument("--json", action="store_true")
    q.add_argument("--all", action="store_true", help="include closed and removed calls")
    q = calls.add_parser("add", parents=[common], help="add or correct a call by hand (kept in calls.yaml)")
    q.add_argument("--id", required=True)
    q.add_argument("--title", help="required for a new call")
    q.add_argument("--deadline", help="YYYY-MM-DD")
    q.add_argument("--time", dest="deadline_time", help="HH:MM")
    q.add_argument("--timezone", help="IANA name, e.g. America/New_York")
    q.add_argument("--link")
    q.add_argument("--submit-to", metavar="ADDRESS", help="the e-mail address the work goes to")
    q.add_argument("--organisation")
    q.add_argument("--eligibility", metavar="TEXT", help="who may submit")
    q.add_argument("--kind", help="meeting, congress, essay, newsletter, journal, leadership or other")
    q.add_argument(
        "--extended",
        action="store_true",
        help="the call extended its deadline: the digest says 'Extended from' the date before (else a later"
        " date is a correction)",
    )
    q = calls.add_parser("remove", parents=[common], help="remove a call from the register and the digest")
    q.add_argument("id")

    p = sub.add_parser("digest", parents=[common], help="the digest of open calls")
    digest = p.add_subparsers(dest="digest_command", metavar="ACTION", required=True)
    q = digest.add_parser("preview", parents=[common], help="print the digest that would go out")
    q.add_argument("--now", help="ISO-8601 time to preview at (default: now)")
    q.add_argument("--html", action="store_true", help="print the HTML part instead of the text")
    q = digest.add_parser("send", parents=[common], help="queue this period's digest now (once per period)")
    q.add_argument("--now", help="ISO-8601 time (default: now)")

    p = sub.add_parser("subscribers", parents=[common], help="digest and reminder subscribers")
    p.add_argument("action", choices=["list", "add", "remove"])
    p.add_argument("kind", choices=["digest", "reminders"])
    p.add_argument("address", nargs="?")

    p = sub.add_parser("run", parents=[common], help="the daemon: watch the list and act")
    p.add_argument("--once", action="store_true", help="catch up, drain the outbox, and exit")

    p = sub.add_parser("demo", parents=[common], help="see listbot work on embedded servers, then exit")
    p.add_argument("--keep", metavar="DIR", help="keep the throw-away state in DIR")
    p.add_argument(
        "--console", action="store_true", help="then keep the sandbox up with the console (Ctrl-C stops)"
    )

    p = sub.add_parser(
        "console", parents=[common], help="serve the moderators' console (or print a sign-in link)"
    )
    p.add_argument("action", nargs="?", choices=["link"], help="link: print a sign-in link for ADDRESS")
    p.add_argument("address", nargs="?", metavar="ADDRESS", help="a moderator's address (with link)")

    p = sub.add_parser(
        "status", parents=[common], help="how the bot is doing: one screen (exit 1 when degraded)"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("outbox", parents=[common], help="outgoing messages: list, retry, discard")
    out = p.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    q = out.add_parser("list", parents=[common], help="newest first")
    q.add_argument(
        "--status", choices=["pending", "held", "sending", "sent", "shadow", "failed", "unknown", "dropped"]
    )
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--json", action="store_true")
    q = out.add_parser(
        "retry", parents=[common], help="send a failed row again (an unknown one needs --force)"
    )
    q.add_argument("key")
    q.add_argument("--force", action="store_true", help="also an 'unknown' row: it may then arrive twice")
    q = out.add_parser("discard", parents=[common], help="never send this row")
    q.add_argument("key")

    p = sub.add_parser("init", parents=[common], help="write a configuration to edit into DIR")
    p.add_argument("dir", metavar="DIR", help="the folder to write config/ and templates/ into")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = HANDLERS[args.command]
    try:
        return int(handler(args) or 0)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return exc.exit_code
    except ListbotError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "listbot ... | head": the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
