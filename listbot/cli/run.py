"""``listbot run`` (the daemon) and ``listbot demo``: the composition roots, started from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from listbot.cli.logs import setup_logging
from listbot.config import DEFAULT_CONFIG, load
from listbot.config.defaults import init as write_defaults
from listbot.config.defaults import shipped_config

# The daemon and the demo are imported when they run: the other commands start without loading the mail
# servers' libraries (aiosmtpd, imapclient, APScheduler).


def run(args: argparse.Namespace) -> int:
    from listbot.app.daemon import Daemon

    config = load(args.config)
    setup_logging(getattr(args, "debug", False), config.settings.log_level)
    daemon = Daemon(config)
    daemon.check()
    if getattr(args, "once", False):
        return daemon.run_once()
    return daemon.run()


def demo(args: argparse.Namespace) -> int:
    from listbot.app.demo import run_demo

    setup_logging(getattr(args, "debug", False), "WARNING")
    path = Path(args.config)
    if path == DEFAULT_CONFIG and not path.exists():  # installed, not in a clone: the shipped files
        path = shipped_config()
    config = load(path)
    return run_demo(config, keep=getattr(args, "keep", None), console=getattr(args, "console", False))


def console(args: argparse.Namespace) -> int:
    """``listbot console``: the console alone, against the same configuration and state file as the daemon;
    ``listbot console link ADDRESS``: print a sign-in link (for the first start, or when mail is down)."""
    from listbot.app import access
    from listbot.clock import utcnow
    from listbot.errors import ListbotError
    from listbot.store import Store

    config = load(args.config)
    if args.action == "link":
        if not args.address:
            raise ListbotError("give the moderator's address: listbot console link ADDRESS")
        with Store(config.state_path) as store:
            try:
                print(access.signin_link(config, store, args.address, utcnow()))
            except ListbotError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        return 0
    setup_logging(getattr(args, "debug", False), config.settings.log_level)
    from listbot.app.console import serve_alone

    return serve_alone(config)


def init(args: argparse.Namespace) -> int:
    """Write the shipped configuration into DIR to edit, and say what to do next."""
    written = write_defaults(Path(args.dir), force=args.force)
    config = written.config
    print(
        f"wrote {len(written.files)} files into {Path(args.dir)}: config/ (listbot.yaml, faq.yaml, calls.yaml)"
    )
    print("and templates/. Next:")
    print(
        f"  1. edit {config}: list.address, list.list_id, bot.address, bot.moderators, bot.human_contact,"
        " imap: (or source: lmtp) and smtp:"
    )
    print(f"  2. listbot check -c {config}")
    print(f"  3. listbot run -c {config}   (mode: shadow first: it sends nothing until you switch it)")
    return 0
