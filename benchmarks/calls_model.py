"""The call model (``listbot/core/calls/model.py``): measure it against the rules, and fit the weights it ships.

Does a small linear model over the call rules' own decision and reasons and the post's words read calls
better than the rules, on sets written after the rules were? Protocol, so that the rules get no advantage
from having been written against the sets they are measured on:

1. Check out the code as it was before the sets under test were written (``git worktree add``) and pass it
   as ``--code``: the rules' decisions and reasons come from that code.
2. The model is fitted on every other labelled calls set (never the ``--test`` sets, never the holdouts,
   which are never read), and on the FAQ development streams (``TRAFFIC``: a year of list
   traffic, mostly questions and talk; a post is a call there when its label's category is ``call``):
   logistic regression, L2, plain Python.
3. Both are measured on the ``--test`` sets: the rules' decision against the model's (probability at least
   ``THRESHOLD``), and how many calls the model took away and added; then, on the FAQ sets it was not
   fitted on (``--traffic-test``), how many posts the model made calls that are none.

Features: the rules' reasons with their numbers and quotations taken out ("+2.5 asks for work"), the call
score in a few bands, the rules' own decision, and the words and word pairs of the subject and the first
1,500 characters of the new text.

Run (under a minute each):
    git worktree add /tmp/listbot-73b8bd3 73b8bd3    # the code before dev23 to dev30 were written
    .venv/bin/python benchmarks/calls_model.py --code /tmp/listbot-73b8bd3 \
        --test dev23 dev24 dev25 dev26 dev27 dev28 dev29 dev30
    git worktree add /tmp/listbot-32fd0d2 32fd0d2    # before dev16 and dev18 to dev38, and dev17's rules
    .venv/bin/python benchmarks/calls_model.py --code /tmp/listbot-32fd0d2 --test dev16 dev17 ... dev38
    .venv/bin/python benchmarks/calls_model.py --write   # refit the shipped weights on every dev set
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib
import importlib.util
import inspect
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "calls"
TRAFFIC = ("faq/dev", "stream/dev")  # FAQ development sets the model is fitted on (labels: category)
TRAFFIC_TEST = (
    "faq/dev2",
    "stream/dev2",
    "stream/dev3",
)  # ... and measured on, unless fitting the shipped weights
Example = tuple[dict[str, float], int, bool, tuple[str, ...]]  # features, label, the rules' decision, reasons
KEEP = 0.05  # weights smaller than this are left out of what ships (and out of what is measured)
EXTRACT_KW: dict[str, Any] = {}  # {"second_opinion": False} where the code has a call model


def _model_module() -> Any:
    """This checkout's ``listbot/core/calls/model.py``, loaded by path: the features are the same whatever
    code ``--code`` names (older code has no model)."""
    spec = importlib.util.spec_from_file_location(
        "_calls_model", ROOT / "listbot" / "core" / "calls" / "model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODEL = _model_module()


def features(post: Any, info: Any) -> dict[str, float]:
    return dict(MODEL.features(post.subject or "", post.new_text or "", info.reasons, info.is_call))


def examples(name: str, read_post: Any, extract: Any) -> list[Example]:
    out = []
    with open(CORPUS / name / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("is_call") is None:
                continue
            post = read_post((CORPUS / name / row["file"]).read_bytes())
            info = extract(post, "America/New_York", **EXTRACT_KW)
            label = int(row["is_call"].strip() == "1")
            out.append((features(post, info), label, bool(info.is_call), tuple(info.reasons)))
    return out


def traffic(name: str, read_post: Any, extract: Any) -> list[Example]:
    """A labelled FAQ set as the model's examples: a post is a call when its category is ``call``."""
    folder = ROOT / "tests" / "corpus" / name
    out = []
    with open(folder / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            post = read_post((folder / row["file"]).read_bytes())
            info = extract(post, "America/New_York", **EXTRACT_KW)
            label = int(row["category"] == "call")
            out.append((features(post, info), label, bool(info.is_call), tuple(info.reasons)))
    return out


def fit(rows: list[Example], epochs: int = 60, rate: float = 0.1, l2: float = 1e-3) -> dict[str, float]:
    weights: dict[str, float] = {}
    order = list(rows)
    random.Random(1).shuffle(order)
    for _ in range(epochs):
        for f, y, *_ in order:
            g = probability(weights, f) - y
            for k, v in f.items():
                w = weights.get(k, 0.0)
                weights[k] = w - rate * (g * v + l2 * w)
    return weights


def probability(weights: dict[str, float], f: dict[str, float]) -> float:
    return float(MODEL.probability(f, weights))


def reads_call(weights: dict[str, float], f: dict[str, float], said: bool, why: tuple[str, ...]) -> bool:
    """The model's decision, as ``calls.extract`` takes it."""
    return bool(MODEL.reads_call(probability(weights, f), said, why))


def figures(pairs: list[tuple[bool, int]]) -> str:
    tp = sum(1 for said, y in pairs if said and y)
    fp = sum(1 for said, y in pairs if said and not y)
    fn = sum(1 for said, y in pairs if not said and y)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"precision {precision:.3f} recall {recall:.3f} (fp {fp:2}, fn {fn:2})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, help="a checkout of listbot as it was (default: this one)")
    parser.add_argument("--test", nargs="*", default=[], help="calls sets written after that code")
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"fit on every development set and write listbot/core/{MODEL.WEIGHTS}",
    )
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    read_post = importlib.import_module("listbot.core.read").read_post
    extract = importlib.import_module("listbot.core.calls").extract
    if "second_opinion" in inspect.signature(extract).parameters:
        EXTRACT_KW["second_opinion"] = False  # the rules alone, as the model sees them
    print(f"rules and reasons from {sys.modules['listbot'].__file__}")
    names = sorted(d.name for d in CORPUS.iterdir() if d.is_dir() and not d.name.startswith("holdout"))
    fitted_on = [n for n in names if n not in args.test]
    streams = list(TRAFFIC) + (list(TRAFFIC_TEST) if args.write else [])
    train = [r for n in fitted_on for r in examples(n, read_post, extract)]
    train += [r for n in streams for r in traffic(n, read_post, extract)]
    fitted = fit(train)
    weights = {k: round(w, 3) for k, w in sorted(fitted.items()) if abs(w) >= KEEP}  # what ships
    print(f"fitted on {len(train)} posts of {len(fitted_on)} calls sets and {', '.join(streams)};")
    print(f"{len(weights)} weights kept")
    if args.write:
        target = ROOT / "listbot" / "core" / MODEL.WEIGHTS
        data = {"fitted_on": fitted_on + streams, "weights": weights}
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        target.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        print(f"wrote {len(weights)} weights to {target.relative_to(ROOT)}")
        return 0
    all_rules: list[tuple[bool, int]] = []
    all_model: list[tuple[bool, int]] = []
    for name in args.test:
        rows = examples(name, read_post, extract)
        rules = [(said, y) for _, y, said, _ in rows]
        model = [(reads_call(weights, f, said, why), y) for f, y, said, why in rows]
        all_rules += rules
        all_model += model
        print(f"{name:8} rules {figures(rules)} | model {figures(model)}")
    print(f"{'all':8} rules {figures(all_rules)} | model {figures(all_model)}")
    changed = [
        (said, y)
        for (said, y), (model_said, _) in zip(all_rules, all_model, strict=True)
        if said != model_said
    ]
    print(
        f"the model took away {sum(said for said, _ in changed)} of the rules' calls"
        f" ({sum(said and not y for said, y in changed)} were none) and added"
        f" {sum(not said for said, _ in changed)} ({sum(not said and y for said, y in changed)} were calls)"
    )
    for name in TRAFFIC_TEST:
        rows = traffic(name, read_post, extract)
        made = sum(1 for f, y, said, why in rows if not said and not y and reads_call(weights, f, said, why))
        print(f"{name}: {len(rows)} posts; the model made {made} of them calls that are none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
