"""The call model: a small linear model that has the last word on whether a post is a call. Pure.

The rules (``asks``, ``detect``, ``deadlines``) are written one phrasing at a time, so each new writer brings
look-alikes they take for calls and asks they do not see. The model weighs what the rules found (their
decision, their reasons with numbers and quotations taken out, and the call score in bands) together with
the post's own words and word pairs. It was fitted on the labelled development sets of calls and on the FAQ
development streams, where most posts are questions and talk (``benchmarks/calls_model.py --write``; the
held-out sets are never used). Where it and the rules disagree, ``calls.extract`` marks the post ``held``:
the register keeps it for a moderator, so a call the model doubts is not dropped and a call only the model
sees is not listed unread. The FAQ side keeps the rules' reading (a member's question is not made a call).

Measured before it decided anything (``benchmarks/calls_model.py``): with the rules and reasons of an older
code, fitted on the other sets and applied to the sets written after that code, the rules read precision
0.934 recall 0.857 and the model 0.986 / 0.935 (8 later sets); 0.895 / 0.883 against 0.976 / 0.881 (23
later sets). On the FAQ streams it was not fitted on, it made no post a call.
Its weak spot is the one-line post, where a few words decide.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from listbot.core.match import STOP_WORDS

# words that say nothing to a moderator of why a post is a call: little words, the list's name, addresses' parts
_UNTELLING = STOP_WORDS | frozenset("balint abs fwd thank thanks org com net edu www http https".split())

THRESHOLD = 0.5  # the model reads a call at this probability and above
# What the rules say a post is not by definition, or weigh heavily against it (a request for people's time, a
# record that mentions calls, a question about a call, a member seeking a partner, the bot's own digest, an
# auto-reply): the model does not make such a post a call.
_DEFINITELY_NOT = re.compile(r"not a call: |-(?:[5-9]|[1-9]\d)(?:\.\d+)? |-\d+(?:\.\d+)? .*, not a call$")
WEIGHTS = "data/calls-model.json.gz"
_WORDS = 1500  # how much of the new text the model reads (all of it up to this; see ``window``)
_START = 500  # of a longer post: its start,
_AROUND = 300  # and this much on each side of what the rules quoted from it


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
    words = re.findall(r"[a-z]{3,}", f"{subject} {window(new_text, reasons)}".lower())
    for word in sorted(set(words)):  # in order: the sums, and so the fitted weights, are reproducible
        f["word: " + word] = 1.0
    for a, b in zip(words, words[1:], strict=False):
        f[f"pair: {a} {b}"] = 1.0
    return f


def window(new_text: str, reasons: Iterable[str]) -> str:
    """What the model reads of the post: all of a short one; of a long one, its start and the passages
    around what the rules quoted (the ask, the deadline), where a call in the last paragraph of a long recap
    is (the start alone reads as the recap)."""
    if len(new_text) <= _WORDS:
        return new_text
    text = re.sub(r"\s+", " ", new_text)  # the reasons quote with their line breaks escaped
    parts = [text[:_START]]
    lowered = text.lower()
    for reason in reasons:
        for quoted in re.findall(r"'([^']{6,})'", reason):
            at = lowered.find(re.sub(r"(?:\s|\\n)+", " ", quoted.lower()))
            if at >= _START:
                parts.append(text[max(_START, at - _AROUND) : at + len(quoted) + _AROUND])
    return " ".join(parts)[: 2 * _WORDS]


def probability(f: dict[str, float], weights: dict[str, float] | None = None) -> float:
    """The model's probability that the post is a call (1.0 when no weights ship: the rules decide)."""
    weights = shipped_weights() if weights is None else weights
    if not weights:
        return 1.0
    z = sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def telling(
    f: dict[str, float], toward: bool, text: str = "", n: int = 3, weights: dict[str, float] | None = None
) -> list[str]:
    """The post's words (and word pairs) that weigh most for a call (``toward``) or against one, strongest
    first: what a moderator reads to see why the model doubts the rules. Words that say nothing to a reader
    are left out: little words ("can", "her"), the list's name, and names (a word ``text`` only ever writes
    capitalised: "Ellen"). The rules' reasons and score weigh too, but the moderator reads those already."""
    weights = shipped_weights() if weights is None else weights
    sign = 1.0 if toward else -1.0
    names = _names(text)
    weighed = sorted(
        (sign * weights.get(k, 0.0) * v, k.split(": ", 1)[1])
        for k, v in f.items()
        if k.startswith(("word: ", "pair: "))
    )
    out: list[str] = []
    for weight, words in reversed(weighed):
        if weight <= 0 or len(out) == n:
            break
        if any(w in names for w in words.split()) or all(w in _UNTELLING for w in words.split()):
            continue
        if " " in words and text and not re.search(rf"\b{words.replace(' ', ' +')}\b", text, re.I):
            continue  # a pair across a full stop or a line ("coming. The"): not something the post says
        said_already = any(words in kept.split() or kept in words.split() for kept in out)  # a pair, its word
        if not said_already:
            out.append(words)
    return out


def _names(text: str) -> frozenset[str]:
    """The words a text only ever writes capitalised, and not only first in a sentence: names."""
    capital: set[str] = set()
    lower: set[str] = set()
    text = re.sub(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", " ", text)  # an address is written in lower case
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Za-z][a-z]{2,})\b", text, re.M):
        (capital if m.group(1)[0].isupper() else lower).add(m.group(1).lower())
    return frozenset(capital - lower)


def reads_call(p: float, rules_call: bool, reasons: Iterable[str]) -> bool:
    """The model's word on a post the rules read as ``rules_call`` with ``reasons``, at probability ``p``."""
    if p < THRESHOLD:
        return False
    return rules_call or not any(_DEFINITELY_NOT.match(reason) for reason in reasons)


@cache
def shipped_weights() -> dict[str, float]:
    """The fitted weights that ship with listbot (``data/calls-model.json.gz``)."""
    path = resources.files("listbot.core").joinpath(WEIGHTS)
    if not path.is_file():
        return {}
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return {str(k): float(v) for k, v in data["weights"].items()}
