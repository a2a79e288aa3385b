"""listbot: an assistant bot for a professional mailing list."""

__version__ = "0.1.0"
