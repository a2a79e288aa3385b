"""``listbot run`` (the daemon) and ``listbot demo``: the composition roots, started from the shell."""

from __future__ import annotations

import argparse

from listbot.cli.logs import setup_logging
from listbot.config import load

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
    config = load(args.config)
    return run_demo(config, keep=getattr(args, "keep", None))
