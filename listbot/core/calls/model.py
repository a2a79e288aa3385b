"""A second opinion on a post the call rules read as a call: a small linear model that may veto it. Pure.

The rules (``asks``, ``detect``, ``deadlines``) are written one phrasing at a time, so each new writer brings
look-alikes they take for calls. The model weighs what the rules found (their reasons, with numbers and
quotations taken out, and the call score in bands) together with the post's own words and word pairs, and
was fitted on the labelled development sets (``benchmarks/calls_model.py --write``; the held-out sets are
never used). It only ever doubts a call, never makes one: a post the rules miss stays missed, and the model
cannot make a member's question a call and cost its answer. A call it doubts is not dropped: its confidence
falls below ``calls.review_below`` and the register holds it for a moderator instead of listing it.

Measured before it was used (``benchmarks/calls_model.py``): fitted on the 22 sets of the code before eight
new sets were written and applied to those eight, the rules read precision 0.934 recall 0.857, and the
calls the model does not doubt 0.975 / 0.852.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

VETO_BELOW = 0.5  # a call the model gives less than this probability is doubted
WEIGHTS = "data/calls-model.json.gz"
_WORDS = 1500  # how much of the new text the model reads


def features(subject: str, new_text: str, reasons: Iterable[str], is_call: bool) -> dict[str, float]:
    """What the model weighs: the rules' decision and reasons, the call score in bands, the words and the
    word pairs of the subject and the start of the new text."""
    f: dict[str, float] = {"bias": 1.0, "rules say call": 1.0 if is_call else 0.0}
    for reason in reasons:
        score = re.match(r"call score (-?[\d.]+)", reason)
        if score:
            value = float(score.group(1))
            f["score"] = max(-3.0, min(3.0, value / 5.0))
            for band in (0, 3, 5, 8, 12):
                f[f"score >= {band}"] = 1.0 if value >= band else 0.0
            continue
        key = re.sub(r"[-+]?\d+(?:\.\d+)?", "", re.sub(r"\(.*", "", reason)).strip(" '\"")
        if key:
            f["reason: " + re.sub(r"\s+", " ", key)[:60]] = 1.0
    words = re.findall(r"[a-z]{3,}", f"{subject} {new_text[:_WORDS]}".lower())
    for word in set(words):
        f["word: " + word] = 1.0
    for a, b in zip(words, words[1:], strict=False):
        f[f"pair: {a} {b}"] = 1.0
    return f


def probability(f: dict[str, float], weights: dict[str, float] | None = None) -> float:
    """The model's probability that the post is a call (1.0 when no weights ship: the rules decide)."""
    weights = shipped_weights() if weights is None else weights
    if not weights:
        return 1.0
    z = sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def shipped_weights() -> dict[str, float]:
    """The fitted weights that ship with listbot (``data/calls-model.json.gz``)."""
    path = resources.files("listbot.core").joinpath(WEIGHTS)
    if not path.is_file():
        return {}
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return {str(k): float(v) for k, v in data["weights"].items()}
