"""What the FAQ is missing: members' questions that no FAQ answered, grouped into recurring topics. Pure and
deterministic: no IO, no clock, the same input in the same order gives the same topics.

1. Each post is its question/request sentences (the request gate of ``listbot.core.match``) plus, more
   lightly, its subject and the rest of its new text: the words that say what it asks about.
2. Words are stemmed and weighted by how rare they are among these posts (tf-idf); a post is a unit vector.
3. Posts are merged bottom-up into groups (average linkage): the two most similar groups first, while the
   mean similarity of their posts is at least ``SIMILARITY``. Only groups that share a word are compared.
   (Chosen on stream/dev: each of its six recurring topics lands in one of the top eight groups.)
4. A topic is a group of at least ``MIN_POSTS`` posts; topics are ranked by how many different people asked,
   then by posts. Its label is its three heaviest words as members wrote them; its examples are the
   sentences nearest its centre, one per post, different askers first.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from listbot.core.match import is_request, sentences, worded_terms

SIMILARITY = 0.06  # mean cosine between the posts of two groups at which they merge
MIN_POSTS = 2  # a topic recurs: asked in two posts at least
TEXT_WEIGHT = 0.3  # the rest of the post: what it is about, more loosely still
SUBJECT_WEIGHT = 0.5  # a subject says what a thread is about, less sharply than the question itself
MAX_EXAMPLES = 5
# Words that say a question is asked, not what it asks about (stems).
_ASKING = frozenset({"ani", "someon", "anyon", "wonder", "ask", "know", "tell", "find", "question", "thank"})
# Only the society's own name is left out: "group", "list" and "work" say what a question is about here.
_NAMES = frozenset({"balint", "abs", "american", "society"})


@dataclass(frozen=True)
class Asked:
    """One post's unanswered questions."""

    message_id: str
    author: str
    questions: tuple[str, ...]  # the author's question/request sentences
    subject: str = ""  # the thread's topic, without Re:
    text: str = ""  # the rest of the author's new text, for context


@dataclass(frozen=True)
class Topic:
    """A recurring question the FAQ does not answer."""

    label: str
    count: int  # posts
    askers: int  # different authors
    examples: tuple[str, ...]  # three to five of the sentences members wrote
    message_ids: tuple[str, ...]  # every post of the topic, in input order
    words: tuple[str, ...] = ()  # the label's words, heaviest first (for a draft FAQ entry's keywords)

    def as_json(self) -> dict[str, object]:
        return {
            "topic": self.label,
            "count": self.count,
            "askers": self.askers,
            "examples": list(self.examples),
            "message_ids": list(self.message_ids),
        }


def questions_in(text: str, subject: str | None = None) -> tuple[str, ...]:
    """The question/request sentences of a post's new text (and of a new thread's subject ending in "?")."""
    found = [s for s in sentences(text) if is_request(s)]
    if subject and subject.rstrip().endswith("?") and is_request(subject) and subject not in found:
        found.append(subject)
    return tuple(found)


def _bag(text: str, weight: float, bag: dict[str, float], surface: dict[str, Counter[str]]) -> None:
    for word, stem in worded_terms(text, _NAMES):
        if stem in _ASKING or len(stem) < 2:
            continue
        bag[stem] = bag.get(stem, 0.0) + weight
        surface[stem][word] += 1


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def topics(
    asked: Sequence[Asked], similarity: float | None = None, min_posts: int = MIN_POSTS
) -> list[Topic]:
    """Recurring topics among ``asked``, most askers first (``similarity``: ``SIMILARITY`` when None)."""
    similarity = SIMILARITY if similarity is None else similarity
    posts = [a for a in asked if a.questions]
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    bags: list[dict[str, float]] = []
    for post in posts:
        bag: dict[str, float] = {}
        for question in post.questions:
            _bag(question, 1.0, bag, surface)
        if post.subject:
            _bag(post.subject, SUBJECT_WEIGHT, bag, surface)
        if post.text:
            _bag(post.text, TEXT_WEIGHT, bag, surface)
        bags.append(bag)
    df: Counter[str] = Counter(t for bag in bags for t in bag)
    n = len(bags)
    vectors = [_unit({t: w * math.log(1 + n / df[t]) for t, w in bag.items()}) for bag in bags]
    groups = _merge(vectors, similarity)
    out = []
    for members in groups:
        if len(members) < min_posts:
            continue
        out.append(_topic([posts[i] for i in members], [vectors[i] for i in members], surface))
    # most askers, then most posts, then the earliest post first: a total, deterministic order
    order = {a.message_id: i for i, a in enumerate(posts)}
    out.sort(key=lambda t: (-t.askers, -t.count, order[t.message_ids[0]]))
    return out


def _merge(vectors: list[dict[str, float]], threshold: float) -> list[list[int]]:
    """Average-linkage clustering over the pairs that share a word; groups of member indexes.

    The mean similarity of the posts of two groups is the dot product of their summed unit vectors divided
    by the product of their sizes, so a group is its sum and its size.
    """
    sums: dict[int, dict[str, float]] = {i: dict(v) for i, v in enumerate(vectors)}
    members: dict[int, list[int]] = {i: [i] for i in range(len(vectors))}
    index: dict[str, set[int]] = defaultdict(set)
    for i, vector in enumerate(vectors):
        for term in vector:
            index[term].add(i)
    heap: list[tuple[float, int, int]] = []

    def push(a: int) -> None:
        near = {b for term in sums[a] for b in index[term]} - {a}
        for b in sorted(near):
            s = _dot(sums[a], sums[b]) / (len(members[a]) * len(members[b]))
            if s >= threshold:
                heapq.heappush(heap, (-s, min(a, b), max(a, b)))

    for i in range(len(vectors)):
        push(i)
    next_id = len(vectors)
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one of them was merged since
        merged = next_id
        next_id += 1
        total: dict[str, float] = {}
        for old in (a, b):
            for term, value in sums.pop(old).items():
                total[term] = total.get(term, 0.0) + value
                index[term].discard(old)
        sums[merged] = total
        members[merged] = members.pop(a) + members.pop(b)
        for term in total:
            index[term].add(merged)
        push(merged)
    return [sorted(m) for _, m in sorted(members.items(), key=lambda item: min(item[1]))]


def _topic(posts: list[Asked], vectors: list[dict[str, float]], surface: dict[str, Counter[str]]) -> Topic:
    total: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for term, value in vector.items():
            total[term] += value
    # a word counts for a topic when several of its posts use it
    spread = Counter(t for v in vectors for t in v)
    heaviest = sorted(total, key=lambda t: (-(total[t] * min(spread[t], 3)), t))[:3]
    words = tuple(surface[t].most_common(1)[0][0] for t in heaviest)
    centre = _unit(dict(total))
    ranked: list[tuple[float, int, str]] = []
    for i, post in enumerate(posts):
        best = max(post.questions, key=lambda q: _dot(_unit(_sentence_bag(q)), centre))
        ranked.append((-_dot(vectors[i], centre), i, best))
    ranked.sort()
    examples: list[str] = []
    seen_authors: set[str] = set()
    for pass_ in (0, 1):  # different askers first, then anyone
        for _, i, sentence in ranked:
            if len(examples) >= MAX_EXAMPLES:
                break
            if sentence in examples or (pass_ == 0 and posts[i].author in seen_authors):
                continue
            examples.append(sentence)
            seen_authors.add(posts[i].author)
    return Topic(
        label=" / ".join(words),
        count=len(posts),
        askers=len({p.author for p in posts}),
        examples=tuple(examples),
        message_ids=tuple(p.message_id for p in posts),
        words=words,
    )


def _sentence_bag(text: str) -> dict[str, float]:
    return dict(Counter(stem for _, stem in worded_terms(text, _NAMES) if stem not in _ASKING))
