"""The command line: ``listbot COMMAND``. One module per command group; nothing else imports this package.

main      the parser, logging, and errors as one line and an exit code
inspect   check, match, replay
calls     calls extract | list | add | remove
digest    digest preview | send, subscribers
run       run (the daemon), demo
"""

from listbot.cli.main import main

__all__ = ["main"]
