"""What a wheel carries: every package of the source tree, and the shipped configuration and templates."""

from __future__ import annotations

import tomllib
from pathlib import Path

from listbot.config.defaults import FILES, init, shipped_root

REPO = Path(__file__).resolve().parent.parent


def test_every_package_of_the_tree_is_listed_in_pyproject() -> None:
    """pyproject.toml lists the packages by hand (it maps the defaults onto config/ and templates/):
    a new subpackage must be added there, or the wheel would silently lack it."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(path.relative_to(REPO).parts)
        for path in (REPO / "listbot").rglob("*")
        if path.is_dir() and path.name != "__pycache__" and any(path.iterdir())
    }

    assert set() == folders - listed - {"listbot"}


def test_the_shipped_files_are_the_repository_ones() -> None:
    """In a clone the defaults are the top-level config/ and templates/: one source, no second copy."""
    root = shipped_root()

    assert all(
        (root / "config" / name).read_bytes() == (REPO / "config" / name).read_bytes() for name in FILES
    )
    assert sorted(p.name for p in (root / "templates").glob("*.j2")) == sorted(
        p.name for p in (REPO / "templates").glob("*.j2")
    )


def test_init_writes_a_working_copy_and_refuses_to_overwrite(tmp_path: Path) -> None:
    from listbot.cli import main

    assert 0 == main(["init", str(tmp_path / "site")])
    assert 0 == main(["check", "-c", str(tmp_path / "site" / "config" / "listbot.yaml")])
    assert 1 == main(["init", str(tmp_path / "site")])
    (tmp_path / "site" / "config" / "faq.yaml").write_text("broken: [", encoding="utf-8")
    assert 0 == main(["init", "--force", str(tmp_path / "site")])
    assert (REPO / "config" / "faq.yaml").read_bytes() == (
        tmp_path / "site" / "config" / "faq.yaml"
    ).read_bytes()
    assert len(init(tmp_path / "again").files) == 3 + len(list((REPO / "templates").glob("*.j2")))
