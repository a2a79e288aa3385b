"""``python -m listbot.cli``: the same as the ``listbot`` command."""

import sys

from listbot.cli.main import main

sys.exit(main())
