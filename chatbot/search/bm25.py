"""BM25 over chunk texts, saved with the corpus vocabulary.

bm25s builds the index (``LexicalIndex.fit``) and writes it in its own format
(the CSC arrays of each token's BM25 weight per chunk, its vocabulary and
parameters). Serving reads those files with numpy and scores as bm25s does,
per token's postings: importing bm25s would bring scipy (about 14 MiB resident)
into every server process for a few thousand weights.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.search.spelling import SpellingRepair, corpus_vocabulary
from chatbot.search.tokens import document_tokens
from chatbot.search.weights import stem_counts

logging.getLogger("bm25s").setLevel(logging.WARNING)

# bm25s's saved files, and the scoring methods whose weights need nothing but a sum.
_DATA, _INDICES, _INDPTR = "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy"
_VOCAB, _PARAMS = "vocab.index.json", "params.index.json"
_SUM_ONLY = ("robertson", "lucene", "atire")


Postings = list[tuple[np.ndarray, np.ndarray]]  # per token id: the chunks it occurs in, and its weight in each


def _postings(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray) -> Postings:
    """The CSC arrays split per token (views, not copies): memory grows with the postings, not tokens x chunks."""
    bounds = indptr.tolist()
    return [(indices[a:b], data[a:b]) for a, b in zip(bounds, bounds[1:])]


def _indexed(vocab: dict[str, int], tokens: int) -> dict[str, int]:
    """The vocabulary's tokens that have a row of weights (bm25s also lists "", which has none)."""
    if any(not isinstance(i, int) or i < 0 for i in vocab.values()):
        raise ValueError("the BM25 vocabulary maps tokens to non-negative integers")
    return {t: i for t, i in vocab.items() if t and i < tokens}


class LexicalIndex:
    """BM25 over chunk texts plus the corpus vocabulary (for spelling repair and coverage).

    ``postings`` holds, per indexed token (``token_ids``), the chunks it occurs
    in and its BM25 weight there. A query's score adds its tokens' weights one
    token at a time, in query order, in float32: what bm25s computes.
    """

    def __init__(
        self, postings: Postings, num_docs: int, token_ids: dict[str, int], vocabulary: dict[str, int],
        dictionary: frozenset[str] = frozenset(), *, built: Any = None,
    ) -> None:
        self._postings = postings
        self.num_docs = num_docs
        self._token_ids = token_ids
        self._built = built  # the bm25s index that ``fit`` made: what ``save`` writes
        self.vocabulary = vocabulary
        self.speller = SpellingRepair(vocabulary, dictionary)
        self.stem_counts = stem_counts(vocabulary)

    @classmethod
    def fit(cls, texts: Sequence[str]) -> "LexicalIndex":
        import bm25s

        retriever = bm25s.BM25()
        corpus_tokens = [document_tokens(t) or ["_empty_"] for t in texts]
        retriever.index(corpus_tokens, show_progress=False)
        s = retriever.scores
        postings = _postings(s["data"], s["indices"], s["indptr"])
        return cls(
            postings, int(s["num_docs"]), _indexed(retriever.vocab_dict, len(postings)), corpus_vocabulary(texts),
            built=retriever,
        )

    def _sum(self, ids: Sequence[int]) -> np.ndarray:
        total = np.zeros(self.num_docs, dtype=np.float32)
        for i in ids:
            docs, weights = self._postings[i]
            total[docs] += weights  # a token occurs once per chunk in its postings: no index repeats
        return total

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every document for ``tokens`` (zeros when none is known)."""
        return self._sum([self._token_ids[t] for t in tokens if t in self._token_ids])

    def concept_scores(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """BM25 with each group of tokens (a term and its synonyms) scored as one concept:
        per document the best of the group's token scores, summed over the groups. A term with
        four synonyms then counts once, as a search engine's synonym query does, not five times."""
        ids = self._token_ids
        known = [[ids[t] for t in group if t in ids] for group in groups]
        total = self._sum([g[0] for g in known if len(g) == 1])  # most terms have no synonym
        for group in (g for g in known if len(g) > 1):
            best = np.zeros(self.num_docs, dtype=np.float32)  # BM25 weights are positive: 0 is "absent"
            for i in group:
                docs, weights = self._postings[i]
                best[docs] = np.maximum(best[docs], weights)
            total += best
        return total

    def save(self, folder: Path) -> None:
        """Write the index as bm25s does, with the corpus vocabulary (only an index made by ``fit``)."""
        if self._built is None:
            raise RuntimeError("only an index built by LexicalIndex.fit can be saved")
        folder.mkdir(parents=True, exist_ok=True)
        self._built.save(str(folder), show_progress=False)
        (folder / "vocabulary.json").write_text(
            json.dumps(self.vocabulary, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, mmap: bool = False, dictionary: frozenset[str] = frozenset()) -> "LexicalIndex":
        """Open a saved index; ``dictionary`` lists real words spelling repair must leave alone.

        The postings are read whole (small beside the vectors) whatever ``mmap`` says.
        """
        params = json.loads((folder / _PARAMS).read_text(encoding="utf-8"))
        if params.get("method") not in _SUM_ONLY or params.get("dtype") != "float32":
            raise ValueError(f"{folder} holds a BM25 index this server cannot read (method {params.get('method')!r})")
        arrays = [np.load(folder / name, allow_pickle=False) for name in (_DATA, _INDICES, _INDPTR)]
        token_ids = _indexed(json.loads((folder / _VOCAB).read_text(encoding="utf-8")), len(arrays[2]) - 1)
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(_postings(*arrays), int(params["num_docs"]), token_ids, vocabulary, dictionary)
