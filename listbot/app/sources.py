"""Raw messages from files: .eml files named on a command line, an mbox, a Maildir, a folder of .eml files."""

from __future__ import annotations

import mailbox
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from listbot.errors import ListbotError


@dataclass
class EmlFiles:
    """(name, raw bytes) of each .eml file named. An unreadable file is reported to ``on_error`` as it is
    met, noted in ``failed`` and skipped, so that a command goes on with the others and still ends with an
    error status."""

    names: Sequence[str]
    on_error: Callable[[str], None] | None = None
    failed: list[str] = field(default_factory=list)  # "name: why" of each file that could not be read

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names:
            try:
                raw = Path(name).read_bytes()
            except OSError as exc:
                problem = f"{name}: cannot read ({exc.strerror})"
                self.failed.append(problem)
                if self.on_error is not None:
                    self.on_error(problem)
                continue
            yield name, raw


def messages(source: Path) -> Iterator[tuple[str, bytes]]:
    """(reference, raw bytes) from an mbox, a Maildir or a folder of .eml files, in order."""
    if source.is_dir() and (source / "cur").is_dir() and (source / "new").is_dir():
        maildir = mailbox.Maildir(str(source), factory=None, create=False)
        for key in sorted(maildir.keys(), key=lambda k: k.split(".")[0] + k):
            yield f"maildir:{key}", maildir.get_bytes(key)
    elif source.is_dir():
        for path in sorted(p for p in source.iterdir() if p.suffix.lower() == ".eml"):
            yield f"file:{path.name}", path.read_bytes()
    elif source.is_file():
        mbox = mailbox.mbox(str(source), factory=None, create=False)
        for index, key in enumerate(mbox.iterkeys()):
            yield f"mbox:{index}", mbox.get_bytes(key)
    else:
        raise ListbotError(f"{source}: no such mbox, Maildir or folder")


def count(source: Path) -> int | None:
    """How many messages a folder of .eml files holds (None for an mbox or Maildir: counting costs a read)."""
    if source.is_dir() and not (source / "cur").is_dir():
        return sum(1 for p in source.iterdir() if p.suffix.lower() == ".eml")
    return None
