"""The layers, held by a test: each package imports only the layers below it (read from the code with ast).

model, errors, clock    import nothing of listbot
config                  errors
store                   model, errors
core                    model, config, errors; never reads the clock
render                  config, core, model, errors
mail                    config, store, model, errors, clock (bytes <-> values: no decisions)
app                     everything above (the wiring)
cli, web                app and everything above; never each other; nothing imports cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "listbot"
BASE = ("listbot.model", "listbot.errors")
APP = (
    *BASE,
    "listbot.config",
    "listbot.store",
    "listbot.clock",
    "listbot.core",
    "listbot.render",
    "listbot.mail",
)
FACES = (*APP[:-1], "listbot.app")  # the command line and the console: not the adapters, not each other
ALLOWED: dict[str, tuple[str, ...]] = {
    "listbot.model": (),
    "listbot.errors": (),
    "listbot.clock": (),
    "listbot.config": ("listbot.errors",),
    "listbot.store": BASE,
    "listbot.core": (*BASE, "listbot.config"),
    "listbot.render": (*BASE, "listbot.config", "listbot.core"),
    "listbot.mail": (*BASE, "listbot.config", "listbot.store", "listbot.clock"),
    "listbot.app": APP,
    "listbot.cli": FACES,
    "listbot.web": FACES,
    "listbot": (),  # listbot/__init__.py
}
# The composition roots start the console's server: the one place the application reaches into the web layer.
ROOTS_SERVING_THE_CONSOLE = {"listbot.app.console"}
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    return max((layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")), key=len)


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "listbot":  # "from listbot import render": the module render
                found += [f"listbot.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
    return [name for name in found if name.startswith("listbot.")]


def layer_problems(path: Path, package: Path = PACKAGE) -> list[str]:
    """Every import in the file at ``path`` that its layer's rule forbids."""
    module = module_name(path, package)
    layer = layer_of(module)
    problems = []
    for name in imports(path):
        target = layer_of(name)
        if target in (layer, "listbot") or target in ALLOWED[layer]:
            continue  # its own layer, the package's face (__version__), or a layer below
        if module in ROOTS_SERVING_THE_CONSOLE and name.startswith("listbot.web"):
            continue
        problems.append(
            f"{module} imports {name} ({layer} may use: {', '.join(ALLOWED[layer]) or 'nothing'})"
        )
    return problems


def clock_reads(path: Path) -> list[str]:
    """Calls like datetime.now() or time.time() in the core, which takes ``now`` as an argument."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{module_name(path)}:{node.lineno} calls .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]


FILES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_import_respects_the_layers() -> None:
    """No layer reaches into one above it, cli and web stay apart, nothing imports cli."""
    problems = [problem for path in FILES for problem in layer_problems(path)]

    assert [] == problems


def test_the_core_never_reads_the_clock() -> None:
    problems = [
        p for path in FILES if layer_of(module_name(path)) == "listbot.core" for p in clock_reads(path)
    ]

    assert [] == problems


@pytest.mark.parametrize(
    ("module", "source", "forbidden"),
    [
        ("listbot/core/guard.py", "from listbot.store import Store\n", True),
        ("listbot/core/guard.py", "import listbot.app.pipeline\n", True),
        ("listbot/core/guard.py", "from listbot.model import Post\n", False),
        ("listbot/mail/imap.py", "from listbot.core.read import read_post\n", True),
        ("listbot/web/app.py", "from listbot.cli import main\n", True),
        ("listbot/app/daemon.py", "from listbot.cli.logs import setup_logging\n", True),
        ("listbot/cli/run.py", "from listbot.app.daemon import Daemon\n", False),
        ("listbot/store/posts.py", "from listbot.config import Settings\n", True),
    ],
)
def test_the_rule_catches_a_forbidden_import(
    tmp_path: Path, module: str, source: str, forbidden: bool
) -> None:
    """The checker itself: a file placed in a layer with a given import is, or is not, refused."""
    path = tmp_path / "listbot" / module.removeprefix("listbot/")
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")

    found = layer_problems(path, tmp_path / "listbot")

    assert forbidden == bool(found)
