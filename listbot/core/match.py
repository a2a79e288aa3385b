"""Match the author's question/request sentences against the FAQ. Pure, fast, no heavy dependency.

How a post is scored:
1. The author's new text (never quoted text) and, for a new thread, the subject are split into sentences.
2. The **request gate** keeps only questions and requests ("Where is ...?", "Does anyone know ...",
   "I'd appreciate a pointer to ..."). Announcements, thanks and discussion that merely mention a topic
   have no such sentence, so they are never answered, however many FAQ words they contain.
3. Each kept sentence is compared with each FAQ entry. An entry's profile is its published question,
   the moderators' example questions and keywords (full weight) and its answer (low weight).
   Words are stemmed and weighted by how specific they are to one entry (IDF across entries).
   The score (0..1) is the evidence (the best cosine similarity to one example question, a learned one
   weighing more, and the keyword phrases found) scaled down by the share of the sentence that the entry
   does not explain.
4. The best (sentence, entry) pair wins; the runner-up is the best score of any *other* entry.
   ``listbot.decide`` turns the score and the margin to the runner-up into answer / review / ignore.

What moderators taught (``Learned``, kept in the state file) joins in: a learned example counts like an
example question in faq.yaml, with more weight (``Weights.learned``: a person confirmed the wording), and only
with its context when it points outside itself ("Where is it?"); a learned counter-example of an entry marks a
sentence that is closer to it than to any example of that entry (``Candidate.counter``), and
``listbot.decide`` then asks a moderator instead of answering with that entry.

A misspelt word ("suport") is read as the closest word the FAQ uses, but only when it is not an English word:
"charitable" is not a misspelt "chart". The English words are SCOWL's (``data/english-words.txt.gz``).
"""

from __future__ import annotations

import difflib
import gzip
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import snowballstemmer

from listbot.config import FaqEntry
from listbot.model import Candidate, Match

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset(
    """
    a about above after again against all am an and any anybody anyone anything are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
    down during each else etc ever every few for from further get gets getting got had hasn't has have haven't
    having he her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself
    just know let let's like me might more most much must my myself no nor not now of off on once one only or
    other ought our ours ourselves out over own please perhaps really same say she should so some someone
    something such than thank thanks that that's the their theirs them themselves then there there's these they
    this those through to too under until up us very want was wasn't way we we'd we're we've well were what
    what's when where where's whether which while who who's whom why will with would wouldn't yes yet you you'd
    you'll you're you've your yours yourself yourselves also hi hello dear colleagues colleague all folks
    everyone anyone wondering wonder curious question questions quick appreciate appreciated grateful help
    info information pointer pointers advice tell share find look looking thought thoughts hoping hope need
    needs use used sure maybe still new many lot lots best good great kind kindly recently currently may
    actually honestly basically exactly literally genuinely truly simply realistically
    """.split()
)
STOP_WORDS = _STOP  # little words, for other readers of a post's words (``calls.model.telling``)
# Words too common on this list to say anything about which FAQ is meant.
_DOMAIN = frozenset({"balint", "abs", "american", "society", "group", "groups", "listserv", "list", "work"})

_ENDS_QUESTION = re.compile(r"\?\s*$")
_INTERROGATIVE = re.compile(
    r"^(?:so,?\s+|and\s+|but\s+|also,?\s+|ok,?\s+|quick question:?\s+)?"
    r"(?:who|what|where|when|which|why|how|whats|wheres|hows|whos|is|are|am|do|does|did|can|could|would|should|"
    r"will|may|might|has|have)\b",
    re.I,
)
# A question inside a longer sentence: an auxiliary before its subject ("once credentialed do you need ...").
_INVERSION = re.compile(
    r"\b(?:do|does|did|can|could|should|would|will|is|are|has|have)\s+(?:you|i|we|they|one|anyone|anybody|"
    r"someone|there|members|leaders|people)\s+(?!know\b)\w+",
    re.I,
)
_EMBEDDED_WH = re.compile(
    r"\b(?:where|how)\s+(?:is|are|can|do|does|would|should|could)\s+(?!you\s+know\b)\w+", re.I
)
_LEADING_GREETING = re.compile(r"^(?:hi|hello|hey|dear|greetings)\b[^,.!?:;-]{0,40}[,:;!-]+\s*", re.I)
_EXCLAIM = re.compile(
    r"^(?:what an?|how (?:wonderful|great|nice|lovely|exciting|sad|true|good|moving|powerful|cool))\b"
    r"|^(?:any\s+|have\s+)?(?:questions|qs|comments|concerns)\s*\??\s*$",  # "Questions? Write to ..."
    re.I,
)
_REQUEST = re.compile(
    r"""
    \b(?:i|we)(?:'d|’d|\s+would|\s+will|'ll)?\s+(?:really\s+|greatly\s+)?(?:appreciate|welcome|be\s+grateful\s+for|
        love|like)\b.{0,60}\b(?:pointers?|point|direction|link|info|information|help|advice|guidance|suggestions?|
        recommendations?|leads?|ideas?|thoughts|input|resources?|examples?|know|learn|hear|understand|find|get|see)
    | \b(?:grateful|thankful|appreciate\s+it|glad)\s+if\s+(?:someone|anyone|somebody|you|anybody|members|colleagues|
        people|folks|others|any\s+of\s+you)\s+(?:could|would|can|might)
    | \b(?:ideas|suggestions|advice|thoughts|pointers|input|recommendations|tips|leads|help)\s+(?:are\s+|is\s+)?
        (?:very\s+|most\s+|much\s+|greatly\s+)?(?:welcome|appreciated|wanted|needed|gratefully\s+received)\b
    | ^(?:please\s+)?(?:convince|tell|show|enlighten|remind|help|advise|sell)\s+me\b
    | \b(?:please|pls|kindly)\s+(?:send\s+me|point\s+me|tell\s+me|direct\s+me|show\s+me|help\s+me|advise|
        let\s+me\s+know\s+(?:where|how|what|when|who|which|if\s+there|whether))
    | \blet\s+me\s+know\s+(?:where|how|what|when|who|which|whether)
    | \b(?:i\s+am|i'm|i’m|we\s+are|we're|we’re)\s+(?:looking|searching|hoping)\s+(?:for|to\s+(?:find|locate|learn|understand|get))
    | \b(?:trying|struggling|unable)\s+to\s+(?:find|locate|figure\s+out|understand|access|get\s+to)
    | \b(?:can't|can’t|cant|cannot|couldn't|couldn’t|couldnt|could\s+not|can\s+not)\s+(?:seem\s+to\s+)?(?:find|locate|access|figure\s+out)
    | \b(?:i|we)\s+(?:was|were|am|are|have\s+been)\s+(?:wondering|curious)
    | \b(?:i'm|i’m|i\s+am)\s+(?:wondering|curious|unsure|not\s+sure|unclear)
    | \b(?:any|some)\s+(?:advice|pointers|suggestions|thoughts|guidance|recommendations|ideas|leads|tips|help)\b
    | \b(?:does|do|can|could|would|has|have|is|are)\s+(?:anyone|anybody|someone|somebody|any\s+of\s+you)\b
    | \bneed\s+(?:help|advice|guidance|to\s+(?:find|know|locate|understand))
    | \b(?:i|we)\s+(?:want|wanted|would\s+like|'d\s+like)\s+to\s+(?:know|learn|find\s+out|understand)
    | \bwhere\s+(?:can|do|would|should|might)\s+(?:i|we|one)\b
    | \bhow\s+(?:can|do|would|should|might)\s+(?:i|we|one)\b
    """,
    re.I | re.X,
)
# A word that points outside the sentence ("Has that changed?", "Where do I find it?"): such a learned
# example, taught with its context, is learned only with it, else the same words about another topic match.
_POINTS_AWAY = re.compile(r"\b(?:it|that|this|them|they|those|these|she|he|her|his)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|prof|st|vs|etc|e\.g|i\.e|approx|no|jr|sr)|\b[a-z])\.$", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^.!?\n]{0,60}[,:!]?\s*$", re.I
)

ANSWER_WEIGHT = 0.35
# Bounded work per post (hostile or runaway mail): at most this much new text is matched, at most this many
# questions scored. The longest post of every corpus has 1,490 characters of new text and 6 questions.
MATCH_CHARS = 20_000
MAX_QUESTIONS = 40
SPELLING_CUTOFF = 0.84  # difflib ratio for mapping an unknown word to the FAQ's vocabulary
MIN_WORDS = 1  # a sentence needs this many informative words to be scored
# A sentence this similar to a learned counter-example of an entry (and closer to it than to any of the
# entry's examples) is not answered with that entry. Cosine of the idf-weighted words, like ``example``.
# Chosen on stream/dev and stream/dev2: from 0.4 down to 0.25 a "wrong FAQ" also stops the topic's next
# wordings on dev2 ("Does co-leading with a non-credentialed leader count?" then "Do I need a physician
# co-leader during the supervised period?", 0.31), with no right answer lost on either; below, no change.
COUNTER_SIMILARITY = 0.25


@dataclass(frozen=True)
class Learned:
    """A sentence a moderator taught: an example of an FAQ entry, or (``counter``) a counter-example."""

    faq: str
    sentence: str
    counter: bool = False
    id: int | None = None  # the state file's id, for the reasons a moderator reads
    context: str = (
        ""  # what the sentence borrowed in its post (``context_of``): the subject, the sentence before
    )


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words of five letters or more (SCOWL size 50, American and British; see
    ``data/english-words.LICENSE``). Misspellings are corrected only in words that are not among them."""
    data = resources.files("listbot.core").joinpath("data/english-words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word.replace("’", "'").split("'")[0])


def terms(text: str) -> list[str]:
    """Informative, stemmed words of a text, in order."""
    return [stem for _, stem in worded_terms(text)]


def worded_terms(text: str, domain: frozenset[str] = _DOMAIN) -> list[tuple[str, str]]:
    """(word as written, lower-cased; its stem) for each informative word of a text, in order. ``domain``:
    the words too common on this list to tell FAQ entries apart, left out too."""
    out = []
    text = text.replace("$", " dollars ")  # "what does my $ buy"
    for word in _WORD.findall(text.lower()):
        if word in _STOP or word in domain or len(word) < 2 or word.isdigit():
            continue
        stem = _stem(word)
        if stem and stem not in _STOP:
            out.append((word, stem))
    return out


def sentences(text: str) -> list[str]:
    """Split text into sentences: paragraphs and bullets first, then sentence punctuation."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in paragraph.splitlines() if ln.strip()]
        merged: list[str] = []
        for line in lines:
            if _BULLET.match(line) or not merged or _GREETING.match(merged[-1]):
                merged.append(_BULLET.sub("", line))
            else:
                merged[-1] += " " + line
        for block in merged:
            pending = ""
            for piece in _SENTENCE_END.split(block):
                pending = f"{pending} {piece}".strip() if pending else piece.strip()
                if pending and not _ABBREVIATION.search(pending):
                    out.append(pending)
                    pending = ""
            if pending:
                out.append(pending)
    return out


# a quotation of three characters or more, closed or running to the end of the sentence
_QUOTED = re.compile(r'"[^"\n]{3,}?(?:"|$)|\u201c[^\u201d\n]{3,}?(?:\u201d|$)')


def is_request(sentence: str) -> bool:
    """A question or a request for something, as opposed to a statement that mentions a topic."""
    text = _LEADING_GREETING.sub("", sentence.strip())
    if _EXCLAIM.match(text):
        return False
    if _QUOTED.search(text):
        # words in quotation marks are someone's, said or suggested: 'I'd say "what did you make of it?"'
        # asks nothing; 'Where is the "Balint Basics" page?' still asks, outside the quotes
        rest = _QUOTED.sub(" ", text).strip()
        return bool(rest) and is_request(rest)
    if _ENDS_QUESTION.search(text):
        return True  # even a terse "Suggestions?": the sentences before it give the topic
    if _REQUEST.search(text):
        return True  # "Convince me." "Thoughts appreciated."
    if len(text.split()) < 3:
        return False
    if _INTERROGATIVE.match(text) and not text.endswith("!") and _question_order(text):
        return True
    return bool(_INVERSION.search(text) or _EMBEDDED_WH.search(text))


_AUX = frozenset(
    "is are am was were do does did can could should would will may might has have had must isnt arent dont doesnt "
    "cant wouldnt shouldnt".split()
)
_SUBJECT = frozenset("i we you they he she it my our your their his her its this that there".split())


def _question_order(text: str) -> bool:
    """Word order of a question: "Where can I ...", "Which committees are ...", not "When my co-leader ..."."""
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    if not words:
        return False
    first, rest = words[0], [w.replace("'", "") for w in words[1:5]]
    if first in {"so", "and", "but", "also", "ok", "quick", "question"} and len(words) > 1:
        return _question_order(" ".join(words[1:]))
    if first in _AUX:
        return True  # "Is there ...", "Do you ..."
    if first in {"whats", "wheres", "hows", "whos"}:
        return True
    if not rest or rest[0] in _SUBJECT:
        return False  # "When my co-leader ...", "What I found ...", "Why I love ..."
    return rest[0] in _AUX or any(w in _AUX for w in rest[1:3])


@dataclass(frozen=True)
class Weights:
    """How the evidence combines into a score; see the module docstring and ``Features.score``."""

    # Chosen on the two development sets together (221 posts, 124 FAQ questions) for the most right answers
    # at precision >= 0.97, with answers.answer_threshold 0.32 and decide.MIN_MARGIN 0.08; 3-fold
    # cross-validation gave 0.68-0.80 recall at 0.90-0.97 precision on the folds left out.
    example: float = 0.7  # similarity to the closest example question
    keyword: float = 0.7  # keyword phrases found
    cover_floor: float = 0.5  # the score left when none of the sentence is explained by the entry
    one_word: float = 0.4  # the score left when a single word of the entry (and no phrase) matched
    borrowed: float = 0.9  # the score left when the evidence comes with borrowed context sentences
    # similarity to the closest learned sentence (not with its context), a wording a person confirmed asks
    # the entry: weighed this instead of ``example``. Chosen on stream/dev, the other weights unchanged:
    # 0.8-0.95 answer 3-5 more FAQ questions than 0.7 with no more wrong answers; from 0.97 wrong answers
    # come (balint-basics for "do residents get anything specific as ABS members?").
    learned: float = 0.9


@dataclass(frozen=True)
class Features:
    """One entry's evidence in one sentence."""

    faq: str
    example: float  # best cosine similarity to the entry's question or one example question
    covered: float  # share of the sentence's informative weight the entry explains
    hits: tuple[tuple[str, int], ...]  # keyword phrases found, with their length in terms
    matched: tuple[str, ...]  # the sentence's terms that the entry's question, examples or keywords use
    learned: float = 0.0  # best cosine similarity to one learned sentence of the entry (0: none learned)

    @property
    def words(self) -> tuple[str, ...]:
        return self.matched + tuple(f'"{k}"' for k, _ in self.hits)

    def score(self, w: Weights, borrowed: bool = False) -> float:
        keyword = 1.0 - math.prod(1.0 - min(0.6, 0.25 * n) for _, n in self.hits)
        example = max(w.example * self.example, w.learned * self.learned)
        evidence = 1.0 - (1.0 - example) * (1.0 - w.keyword * keyword)
        score = evidence * (w.cover_floor + (1.0 - w.cover_floor) * self.covered)
        # One shared word is weak evidence ("Who do I contact about this?"): ask for two, or a phrase.
        if len(self.matched) < 2 and not any(n >= 2 for _, n in self.hits):
            score *= w.one_word if self.matched else w.one_word**2
        return min(score * (w.borrowed if borrowed else 1.0), 1.0)


@dataclass(frozen=True)
class _Profile:
    faq: str
    examples: tuple[dict[str, float], ...]  # idf-weighted unit vectors of the question and each example
    weights: dict[str, float]  # the entry's vocabulary with weights in 0..1
    keywords: tuple[tuple[str, tuple[str, ...]], ...]  # (phrase as written, stemmed terms)
    counters: tuple[tuple[Learned, dict[str, float]], ...] = ()  # learned counter-examples and their vectors
    learned: tuple[int, int] = (0, 0)  # examples[start:end] are the learned sentences (``Features.learned``)


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


class Matcher:
    """Built once from the FAQ entries and what moderators taught; ``match`` is then a pure function of
    the text."""

    def __init__(
        self, entries: Sequence[FaqEntry], weights: Weights | None = None, learned: Sequence[Learned] = ()
    ):
        self.weights = weights or Weights()
        self.learned = tuple(learned)
        taught: dict[str, list[str]] = {}  # the learned sentences
        borrowed: dict[str, list[str]] = {}  # and as the matcher read them, with what they borrowed
        for item in self.learned:
            if not item.counter:
                # "Where is it supposed to be?" says what "it" is only in its post: learned with its context
                if not (item.context and _POINTS_AWAY.search(item.sentence)):
                    taught.setdefault(item.faq, []).append(item.sentence)
                if item.context:
                    borrowed.setdefault(item.faq, []).append(f"{item.context} {item.sentence}")
        # A learned example counts like an example question in faq.yaml; how specific a word is (its idf)
        # is still judged on faq.yaml alone, so that members' wording cannot blur the moderators' entries.
        self.idf = self._idf(entries)
        self.unknown_idf = math.log(1 + max(len(entries), 1))
        self._vocabulary = sorted(self.idf)
        self._corrections: dict[str, str] = {}
        self._english = english_words()
        # the words faq.yaml gives an entry's question, examples and keywords
        claimed = {t for e in entries for text in (e.question, *e.examples, *e.keywords) for t in terms(text)}
        self.profiles = tuple(
            self._profile(entry, taught.get(entry.id, ()), borrowed.get(entry.id, ()), claimed)
            for entry in entries
        )
        self._by_id = {p.faq: p for p in self.profiles}
        # term -> (entry, example, weight) and term -> (entry, vocabulary weight): what ``features`` looks up
        self._example_index: dict[str, list[tuple[int, int, float]]] = {}
        self._weight_index: dict[str, list[tuple[int, float]]] = {}
        for p, profile in enumerate(self.profiles):
            for k, example in enumerate(profile.examples):
                for term, weight in example.items():
                    self._example_index.setdefault(term, []).append((p, k, weight))
            for term, weight in profile.weights.items():
                self._weight_index.setdefault(term, []).append((p, weight))
        self._keyword_index: dict[str, list[tuple[int, int]]] = {}
        for p, profile in enumerate(self.profiles):
            for k, (_, stems) in enumerate(profile.keywords):
                self._keyword_index.setdefault(stems[0], []).append((p, k))

    @staticmethod
    def _idf(entries: Sequence[FaqEntry]) -> dict[str, float]:
        df: Counter[str] = Counter()
        for entry in entries:
            vocab = set(terms(" ".join((entry.question, *entry.examples, *entry.keywords, entry.answer))))
            df.update(vocab)
        n = max(len(entries), 1)
        return {t: math.log(1 + n / c) for t, c in df.items()}

    def terms(self, text: str) -> list[str]:
        """Like ``terms``, with a misspelled word mapped to the closest word the FAQ uses ("suport"), unless
        it is an English word ("charitable" stays itself, never "chart")."""
        return [stem if word in self._english else self._spelling(stem) for word, stem in worded_terms(text)]

    def _spelling(self, term: str) -> str:
        if term in self.idf or len(term) < 5:
            return term
        if term not in self._corrections:
            close = difflib.get_close_matches(term, self._vocabulary, n=1, cutoff=SPELLING_CUTOFF)
            self._corrections[term] = close[0] if close else term
        return self._corrections[term]

    def _w(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def _vector(self, text_terms: Iterable[str]) -> dict[str, float]:
        return _unit({t: self._w(t) for t in set(text_terms)})

    def _profile(
        self, entry: FaqEntry, taught: Sequence[str], borrowed: Sequence[str], claimed: set[str]
    ) -> _Profile:
        """``taught``: the learned examples' sentences; ``borrowed``: the same with their context (these count
        like written examples: part of their words is the context's, not a person's wording); ``claimed``: the
        words faq.yaml gives any entry's question, examples or keywords. A learned example's word that faq.yaml
        gives another entry ("leader", taught with a question about presenting) counts like a word of the
        answer: members' wording does not let one entry claim another's words (and lift its one-word penalty,
        ``Weights.one_word``)."""
        weights: dict[str, float] = {}
        for t in terms(entry.answer):
            weights[t] = max(weights.get(t, 0.0), ANSWER_WEIGHT)
        for text in (entry.question, *entry.examples, *entry.keywords):
            for t in terms(text):
                weights[t] = 1.0
        for text in (*taught, *borrowed):
            for t in terms(text):
                if t not in claimed:
                    weights[t] = 1.0
                elif weights.get(t, 0.0) < 1.0:
                    weights[t] = ANSWER_WEIGHT
        examples = tuple(
            self._vector(terms(text))
            for text in (entry.question, *entry.examples, *taught, *borrowed)
            if terms(text)
        )
        keywords = tuple((k, tuple(terms(k))) for k in entry.keywords if terms(k))
        counters = tuple(
            (item, self._vector(self.terms(item.sentence)))
            for item in self.learned
            if item.counter and item.faq == entry.id and terms(item.sentence)
        )
        written = sum(1 for text in (entry.question, *entry.examples) if terms(text))
        learned = (written, written + sum(1 for text in taught if terms(text)))
        return _Profile(entry.id, examples, weights, keywords, counters, learned)

    def features(self, sentence: str) -> list[Features]:
        """The evidence for each entry in one sentence (or a question with its context)."""
        words = self.terms(sentence)
        unique = set(words)
        if len(unique) < MIN_WORDS:
            return []
        vector = self._vector(words)
        total = sum(self._w(t) for t in unique) or 1.0
        # One pass over the sentence's words through the inverted indexes, adding the same products in the
        # same order as comparing with each entry in turn would (the words an entry lacks add nothing).
        dots = [[0.0] * len(p.examples) for p in self.profiles]
        for term, value in vector.items():
            for p, k, weight in self._example_index.get(term, ()):
                dots[p][k] += value * weight
        covered = [0.0] * len(self.profiles)
        strong: list[set[str]] = [set() for _ in self.profiles]
        for term in unique:
            w = self._w(term)
            for p, weight in self._weight_index.get(term, ()):
                covered[p] += w * weight
                if weight >= 1.0:
                    strong[p].add(term)
        # keyword phrases whose first word is in the sentence, in each entry's order
        phrases: list[list[int]] = [[] for _ in self.profiles]
        for term in unique:
            for p, k in self._keyword_index.get(term, ()):
                phrases[p].append(k)
        out = []
        for p, profile in enumerate(self.profiles):
            hits = tuple(
                (keyword, len(stems))
                for keyword, stems in (profile.keywords[k] for k in sorted(phrases[p]))
                if all(s in unique for s in stems) and _contains(words, stems)
            )
            out.append(
                Features(
                    profile.faq,
                    max(dots[p], default=0.0),
                    covered[p] / total,
                    hits,
                    tuple(sorted(strong[p])),
                    max(dots[p][slice(*profile.learned)], default=0.0),
                )
            )
        return out

    def score(self, sentence: str, context: bool = False) -> list[Candidate]:
        """Every entry's score for one sentence, best first (``context``: it carries borrowed sentences)."""
        out = [
            Candidate(f.faq, round(f.score(self.weights, context), 4), sentence, f.words)
            for f in self.features(sentence)
        ]
        return sorted(out, key=lambda c: -c.score)

    def match(self, text: str, subject: str | None = None) -> Match:
        """Score the question/request sentences of ``text``; ``subject`` (a new thread's) is context.

        A terse question ("Any articles I could send her?") leans on the sentence before it and the
        subject, so each question is scored alone and with that context, and the better score counts.
        """
        limits: list[str] = []
        if len(text) > MATCH_CHARS:  # bounded work: a question is never that far down a post
            text = text[:MATCH_CHARS]
            limits.append(f"only the first {MATCH_CHARS} characters of the new text were matched")
        split = sentences(text)
        asked: list[str] = []
        best: dict[str, Candidate] = {}

        def consider(sentence: str, context: str) -> None:
            variants = [(sentence, False)] + ([(f"{context} {sentence}", True)] if context else [])
            for variant, borrowed in variants:
                for candidate in self.score(variant, borrowed):
                    if candidate.faq not in best or candidate.score > best[candidate.faq].score:
                        best[candidate.faq] = Candidate(
                            candidate.faq, candidate.score, sentence, candidate.words
                        )

        for index, sentence in enumerate(split):
            if len(asked) >= MAX_QUESTIONS:
                limits.append(f"only the first {MAX_QUESTIONS} questions were scored")
                break
            if is_request(sentence):
                asked.append(sentence)
                consider(sentence, _context(split, index, subject))
        # A subject counts as a question only when it says so with "?": most subjects are headlines.
        if subject and subject.rstrip().endswith("?") and is_request(subject) and subject not in asked:
            asked.append(subject)
            consider(subject, "")
        ranked = sorted(best.values(), key=lambda c: -c.score)
        winner = ranked[0] if ranked and ranked[0].score > 0 else None
        if winner is not None:
            counter = self.counter_of(winner.faq, winner.sentence)
            if counter is not None:
                winner = replace(winner, counter=counter[0].sentence, counter_similarity=round(counter[1], 4))
        return Match(
            best=winner,
            runner_up=ranked[1] if len(ranked) > 1 else None,
            questions=tuple(asked),
            limits=tuple(limits),
        )

    def asking(self, text: str, subject: str | None, faq: str) -> tuple[str, ...]:
        """The question/request sentences of a post (as ``match`` reads them) that ask ``faq``: those whose
        best entry it is, best first. What a moderator's "this post asks ``faq``" teaches."""
        split = sentences(text[:MATCH_CHARS])
        scored: list[tuple[float, str]] = []
        asked = [(s, _context(split, i, subject)) for i, s in enumerate(split) if is_request(s)][
            :MAX_QUESTIONS
        ]
        if subject and subject.rstrip().endswith("?") and is_request(subject):
            asked.append((subject, ""))
        for sentence, context in asked:
            best: dict[str, float] = {}
            variants = [(sentence, False)] + ([(f"{context} {sentence}", True)] if context else [])
            for variant, borrowed in variants:
                for candidate in self.score(variant, borrowed):
                    best[candidate.faq] = max(best.get(candidate.faq, 0.0), candidate.score)
            top = max(best.values(), default=0.0)
            if top > 0 and best.get(faq) == top and sentence not in (s for _, s in scored):
                scored.append((top, sentence))
        return tuple(s for _, s in sorted(scored, key=lambda pair: -pair[0]))

    def counter_of(self, faq: str, sentence: str) -> tuple[Learned, float] | None:
        """The learned counter-example of ``faq`` that ``sentence`` resembles, with the similarity: at least
        ``COUNTER_SIMILARITY``, and no less than its similarity to the entry's closest example (learned ones
        included): the sentence is nearer to what the entry is not than to what it is."""
        profile = self._by_id.get(faq)
        if profile is None or not profile.counters:
            return None
        vector = self._vector(self.terms(sentence))
        similarity, item = max(
            ((_dot(vector, c), item) for item, c in profile.counters), key=lambda pair: pair[0]
        )
        if similarity < COUNTER_SIMILARITY:
            return None
        if similarity < max((_dot(vector, e) for e in profile.examples), default=0.0):
            return None
        return item, similarity


def _context(split: Sequence[str], index: int, subject: str | None) -> str:
    """What a question borrows: the subject and the sentence before it (two, when it is terse)."""
    sentence = split[index]
    reach = 2 if len(terms(sentence)) < 3 else 1
    previous = [p for p in split[max(0, index - reach) : index] if not _GREETING.match(p)]
    return " ".join(p for p in (subject or "", *previous) if p)


def context_of(text: str, subject: str | None, sentence: str) -> str:
    """The context the matcher lends ``sentence`` in a post of ``text`` with ``subject`` (a new thread's):
    kept with a learned example, so that "Where is it?" is learned with what "it" was."""
    split = sentences(text)
    if sentence in split:
        return _context(split, split.index(sentence), subject)
    return "" if sentence == subject else (subject or "")


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """All of the phrase's terms occur in the sentence, within a window of twice its length."""
    if not phrase:
        return False
    if len(phrase) == 1:
        return phrase[0] in words
    positions = [i for i, w in enumerate(words) if w == phrase[0]]
    window = 2 * len(phrase) + 1
    return (
        any(all(p in words[i : i + window] for p in phrase[1:]) for i in positions)
        or all(p in words for p in phrase)
        and _span(words, phrase) <= window
    )


def _span(words: Sequence[str], phrase: Sequence[str]) -> int:
    idx = [words.index(p) for p in phrase]
    return max(idx) - min(idx) + 1
