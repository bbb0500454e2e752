"""BM25 over chunk texts (bm25s does the scoring), saved with the corpus vocabulary."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from chatbot.search.spelling import SpellingRepair, corpus_vocabulary
from chatbot.search.tokens import document_tokens
from chatbot.search.weights import stem_counts

logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    """BM25 over chunk texts plus the corpus vocabulary (for spelling repair and coverage)."""

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

    def concept_scores(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """BM25 with each group of tokens (a term and its synonyms) scored as one concept:
        per document the best of the group's token scores, summed over the groups. A term with
        four synonyms then counts once, as a search engine's synonym query does, not five times."""
        vocab = self._retriever.vocab_dict
        known = [[t for t in group if t in vocab] for group in groups]
        total = self.scores([g[0] for g in known if len(g) == 1])  # most terms have no synonym: one call adds them all
        for group in (g for g in known if len(g) > 1):
            best = self.scores([group[0]])
            for token in group[1:]:
                np.maximum(best, self.scores([token]), out=best)
            total += best
        return total

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
