"""listbot: an assistant bot for a professional mailing list."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("listbot")
except PackageNotFoundError:  # running from a folder that was never installed
    __version__ = "0+unknown"
