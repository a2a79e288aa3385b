"""The shipped configuration: config/ (listbot.yaml, faq.yaml, calls.yaml) and templates/.

The repository's top-level ``config/`` and ``templates/`` are the one source. The wheel carries them as
``listbot/defaults/config`` and ``listbot/defaults/templates`` (pyproject.toml maps those packages onto the
top-level folders); a clone or an editable install finds them beside the package.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from listbot.errors import ListbotError

FILES = ("listbot.yaml", "faq.yaml", "calls.yaml")


def shipped_root() -> Path:
    """A folder holding the shipped ``config/`` and ``templates/`` (inside the installed package, or the clone)."""
    packaged = Path(str(resources.files("listbot"))) / "defaults"
    clone = Path(__file__).resolve().parents[2]
    for root in (packaged, clone):
        if (root / "config" / "listbot.yaml").is_file() and (root / "templates").is_dir():
            return root
    raise ListbotError(
        "the shipped configuration is missing from this installation (listbot/defaults); reinstall listbot"
    )


def shipped_config() -> Path:
    """The shipped listbot.yaml (read only: ``listbot init DIR`` writes a copy to edit)."""
    return shipped_root() / "config" / "listbot.yaml"


@dataclass(frozen=True)
class Written:
    config: Path  # DIR/config/listbot.yaml
    files: tuple[Path, ...]


def init(target: Path, force: bool = False) -> Written:
    """Write a copy of the shipped configuration into ``target``: ``config/`` and ``templates/`` side by side,
    as in the repository, so that every relative path in listbot.yaml holds (the state goes to
    ``target/state``). Refuses to overwrite a file unless ``force``."""
    root = shipped_root()
    sources = [root / "config" / name for name in FILES]
    sources += sorted((root / "templates").glob("*.j2"))
    pairs = [(src, target / src.relative_to(root)) for src in sources]
    existing = [dst for _, dst in pairs if dst.exists()]
    if existing and not force:
        raise ListbotError(
            f"{existing[0]} exists ({len(existing)} of the files would be overwritten); "
            "choose an empty folder, or pass --force to overwrite them"
        )
    for src, dst in pairs:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return Written(target / "config" / "listbot.yaml", tuple(dst for _, dst in pairs))
