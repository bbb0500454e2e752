"""Lexical side of retrieval: tokenising, spelling repair and BM25 (bm25s).

Patients misspell medical words ("calcinosis cutus", "treatmnet"), use plurals
and lay synonyms. Query words the corpus does not contain are mapped to the
nearest corpus word by edit distance, every word is stemmed (Snowball), and a
short medical synonym list widens lay words to the articles' terms.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

# Hyphenated words split ("long-term" -> long, term) so they match their spaced forms.
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
_SURFACE_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")
# Bump when tokenisation changes: the index manifest records it, so old indexes go stale.
TOKENIZER_VERSION = 2
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can could did do does doing don't down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is isn't it
    its itself just let me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves also may might must
    shall can't cannot i'm i've it's what's get got tell please know want like thing things
    really much many""".split()
)
# Lay words and variants -> the words the articles use. Expansion only adds words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "dysmorphic": ("dystrophic",),
    "dystrophic": ("dysmorphic",),
    "lump": ("nodule", "bump", "lesion", "deposit"),
    "bump": ("nodule", "lump", "lesion"),
    "nodule": ("lump", "bump"),
    "kidney": ("renal",),
    "renal": ("kidney",),
    "cure": ("treatment", "treat"),
    "medicine": ("medication", "drug"),
    "medication": ("drug", "medicine"),
    "drug": ("medication",),
    "pill": ("medication", "drug"),
    "xray": ("x-ray", "imaging"),
    "scan": ("imaging", "ct"),
    "test": ("diagnosis", "diagnose"),
    "hurt": ("pain", "painful"),
    "sore": ("ulcer", "pain"),
    "operation": ("surgery", "surgical", "excision"),
    "prevent": ("prevention", "avoid"),
    "diet": ("dietary", "food"),
    "food": ("diet", "dietary"),
    "kid": ("child", "children"),
    "child": ("children",),
    "teenager": ("teen", "teens"),
    "type": ("types", "subtype"),
    "outlook": ("prognosis",),
    "spread": ("metastatic",),
}

_stemmer = Stemmer.Stemmer("english")
logging.getLogger("bm25s").setLevel(logging.WARNING)


def normalise_text(text: str) -> str:
    """NFKC, lower case, curly apostrophes made straight."""
    return unicodedata.normalize("NFKC", text).lower().replace("’", "'")


def words(text: str) -> list[str]:
    """Lower-case word tokens, stop words kept."""
    return _WORD.findall(normalise_text(text))


def content_words(text: str) -> list[str]:
    """Word tokens without stop words or one-letter noise."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


_stem_lock = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    with _stem_lock:  # PyStemmer objects are not safe to share between threads
        return _stemmer.stemWord(word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps).

    Stops early and returns ``limit + 1`` once the distance must exceed ``limit``.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str, distance: int) -> set[str]:
    """Every string made by deleting up to ``distance`` characters from ``word``."""
    out = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class SpellingRepair:
    """Maps an unknown word to the most frequent corpus word within a small edit distance.

    Candidates come from a symmetric-delete index (the SymSpell idea): a word
    and its misspelling share a string reachable by deleting at most two
    characters from each, so a lookup is a few set probes instead of a scan of
    the vocabulary; candidates are then confirmed with the true edit distance.
    """

    MAX_DISTANCE = 2

    def __init__(self, vocabulary: dict[str, int], dictionary: frozenset[str] = frozenset()) -> None:
        self.vocabulary = vocabulary
        # Correctly spelled words the articles happen not to use ("weather", "Paris",
        # "thinks"): repairing them to a near corpus word ("whether", "parts",
        # "things") would invent a topic the patient never asked about.
        self.dictionary = dictionary
        self._deletes: dict[str, list[str]] = {}
        for word in vocabulary:
            if self.allowed_distance(word) == 0 and len(word) < 4:
                continue
            for d in _deletes(word, min(self.MAX_DISTANCE, self.allowed_distance(word) or 1)):
                self._deletes.setdefault(d, []).append(word)

    @staticmethod
    def allowed_distance(word: str) -> int:
        if len(word) < 5 or word.isdigit():
            return 0
        return 1 if len(word) < 8 else 2

    @lru_cache(maxsize=16384)
    def repair(self, word: str) -> str | None:
        """The corpus word meant by ``word``, ``word`` itself if known, None if nothing is close."""
        if word in self.vocabulary:
            return word
        limit = self.allowed_distance(word)
        if limit == 0 or word in self.dictionary:
            return None
        candidates = {c for d in _deletes(word, limit) for c in self._deletes.get(d, ())}
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            dist = edit_distance(word, candidate, limit)
            if dist <= limit:
                key = (dist, -self.vocabulary[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


def corpus_vocabulary(texts: Iterable[str]) -> dict[str, int]:
    """Surface word -> frequency over the corpus (what spelling repair may map to)."""
    counts: dict[str, int] = {}
    for text in texts:
        for w in words(text):
            counts[w] = counts.get(w, 0) + 1
    return counts


def document_tokens(text: str) -> list[str]:
    return [stem(w) for w in content_words(text)]


def query_terms(text: str, speller: SpellingRepair | None) -> list[str]:
    """The query's content words, spelling repaired where the corpus lacks them."""
    terms: list[str] = []
    for w in content_words(text):
        fixed = speller.repair(w) if speller else w
        terms.append(fixed or w)
    return terms


def repaired_text(text: str, speller: SpellingRepair | None) -> str:
    """The question with misspelled words replaced by the corpus words they stand for.

    The embedding model has never seen "treatmnet"; giving it "treatment" lets the
    dense side match what BM25 already matches after repair. Known words, stop
    words and words with no close corpus word are left exactly as typed.
    """
    if speller is None:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = normalise_text(word)
        if lowered in STOPWORDS or len(lowered) < 2:
            return word
        fixed = speller.repair(lowered)
        return fixed if fixed and fixed != lowered else word

    return _SURFACE_WORD.sub(fix, text)


def query_tokens(text: str, speller: SpellingRepair | None, expand: bool = True) -> list[str]:
    """Stemmed, repaired and synonym-expanded tokens for BM25."""
    tokens: list[str] = []
    for term in query_terms(text, speller):
        tokens.append(stem(term))
        if expand:
            for lemma in (term, term.rstrip("s")):
                tokens += [stem(s) for s in SYNONYMS.get(lemma, ())]
    return list(dict.fromkeys(tokens))


def stem_counts(vocabulary: dict[str, int]) -> dict[str, int]:
    """Corpus frequency per word stem."""
    counts: dict[str, int] = {}
    for word, n in vocabulary.items():
        key = stem(word)
        counts[key] = counts.get(key, 0) + n
    return counts


def known_stem(term: str, counts: dict[str, int]) -> str | None:
    """The stem of the term, its singular or a synonym, if the corpus uses it."""
    for form in (term, term.rstrip("s"), *SYNONYMS.get(term, ()), *SYNONYMS.get(term.rstrip("s"), ())):
        if stem(form) in counts:
            return stem(form)
    return None


def term_weights(terms: Sequence[str], counts: dict[str, int]) -> dict[str, float]:
    """Inverse collection frequency of each term: log(1 + N / (1 + count(stem))).

    A term the corpus never uses gets the largest weight, log(1 + N): it is
    usually what the question is really about ("price", "psoriasis"); the
    disease's own name, in every article, weighs little.
    """
    total = sum(counts.values()) or 1
    out: dict[str, float] = {}
    for term in terms:
        known = known_stem(term, counts)
        out[term] = math.log(1 + total / (1 + counts[known])) if known else math.log(1 + total)
    return out


def document_frequency_weights(
    terms: Sequence[str], documents: Sequence[frozenset[str]]
) -> dict[str, float]:
    """BM25's IDF over ``documents`` (sets of stems): ln(1 + (N - df + 0.5) / (df + 0.5)).

    A word in most sentences (the disease's name) weighs almost nothing; a word in
    two sentences ("iontophoresis") dominates; a word in none weighs the most.
    """
    n = len(documents)
    out: dict[str, float] = {}
    for term in terms:
        forms = {stem(term), stem(term.rstrip("s"))} | {
            stem(x) for x in SYNONYMS.get(term, ()) + SYNONYMS.get(term.rstrip("s"), ())
        }
        df = sum(1 for d in documents if forms & d)
        out[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return out


class LexicalIndex:
    """BM25 over chunk texts (bm25s does the scoring), plus the corpus vocabulary."""

    def __init__(
        self, retriever: bm25s.BM25, vocabulary: dict[str, int], dictionary: frozenset[str] = frozenset()
    ) -> None:
        self._retriever = retriever
        self.vocabulary = vocabulary
        self.speller = SpellingRepair(vocabulary, dictionary)
        self.stem_counts = stem_counts(vocabulary)

    @classmethod
    def fit(cls, texts: Sequence[str]) -> "LexicalIndex":
        retriever = bm25s.BM25()
        corpus_tokens = [document_tokens(t) or ["_empty_"] for t in texts]
        retriever.index(corpus_tokens, show_progress=False)
        return cls(retriever, corpus_vocabulary(texts))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every document for ``tokens`` (zeros when none is known)."""
        known = [t for t in tokens if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(folder), show_progress=False)
        (folder / "vocabulary.json").write_text(
            json.dumps(self.vocabulary, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, mmap: bool = False, dictionary: frozenset[str] = frozenset()) -> "LexicalIndex":
        """Open a saved index; ``dictionary`` lists real words spelling repair must leave alone."""
        retriever = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False, verbosity=0)
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(retriever, vocabulary, dictionary)
