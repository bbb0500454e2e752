"""Hybrid retrieval: dense (FAISS) and BM25 rankings fused by reciprocal rank fusion."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from chatbot.config import RetrievalConfig
from chatbot.search.index_store import LoadedIndex
from chatbot.search.query import query_terms, search_terms, term_groups
from chatbot.models import ScoredChunk
from chatbot.stable import stable_array, stable_float

MODES = ("hybrid", "dense", "bm25")
# Extra dense hits fetched so that a tie at the n-th place is settled by id, not by FAISS.
_TIE_SLACK = 8


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int
) -> dict[int, float]:
    """RRF (Cormack, Clarke & Buettcher 2009): score(d) = sum_r w_r / (k + rank_r(d)), rank from 1."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        w = weights.get(name, 1.0)
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return {doc: stable_float(score) for doc, score in fused.items()}


def top_ranked(scores: np.ndarray, n: int) -> list[int]:
    """Indices of the ``n`` highest positive scores, best first (scores compared
    rounded, ties by index, so the ranking is the same on every machine)."""
    rounded = stable_array(scores)
    positive = np.flatnonzero(rounded > 0)
    order = positive[np.lexsort((positive, -rounded[positive]))]
    return order[:n].tolist()


@dataclass(frozen=True)
class Ranking:
    """One retriever's ranking: chunk ids best first, with their (rounded) scores."""

    retriever: str
    chunk_ids: tuple[int, ...]
    scores: tuple[float, ...]


@dataclass(frozen=True)
class Lexical:
    """The BM25 half of a search: the query's tokens and, unless the mode is dense-only, their ranking."""

    tokens: tuple[str, ...]
    ranking: Ranking | None
    ms: float


@dataclass(frozen=True)
class Retrieval:
    chunks: tuple[ScoredChunk, ...]
    tokens: tuple[str, ...]
    rankings: tuple[Ranking, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)


class Retriever:
    """Ranks the index's chunks for a question; takes the question's vector ready-made."""

    def __init__(self, index: LoadedIndex, config: RetrievalConfig) -> None:
        if config.mode not in MODES:
            raise ValueError(f"retrieval mode must be one of {MODES}, got {config.mode!r}")
        self.index = index
        self.config = config

    def dense_ranking(self, query_vector: np.ndarray, n: int) -> Ranking:
        """Chunk ids by cosine, compared rounded, ties by id (FAISS orders ties as it likes)."""
        result = self.index.search.dense.search(query_vector, n + _TIE_SLACK)
        ids = np.asarray(result.ids, dtype=np.int64)
        found = ids >= 0
        ids, scores = ids[found], stable_array(np.asarray(result.scores)[found])
        best = np.lexsort((ids, -scores))[:n]
        return Ranking("dense", tuple(ids[best].tolist()), tuple(scores[best].tolist()))

    def lexical_ranking(self, groups: Sequence[Sequence[str]], n: int) -> Ranking:
        """Chunk ids by BM25, each term and its synonyms scored as one concept (``LexicalIndex.concept_scores``)."""
        scores = self.index.search.lexical.concept_scores(groups)
        best = top_ranked(scores, n)
        return Ranking("lexical", tuple(best), tuple(stable_array(scores[best]).tolist()))

    def lexical(self, query_text: str, terms: list[str] | None = None) -> Lexical:
        """The BM25 half of a search, which needs no vector: it can run while the model embeds the question."""
        t0 = time.perf_counter()
        if terms is None:
            terms = search_terms(query_terms(query_text, self.index.search.lexical.speller))
        groups = term_groups(terms)
        tokens = tuple(token for group in groups for token in group)
        ranking = self.lexical_ranking(groups, self.config.candidates) if self.config.mode in ("hybrid", "bm25") else None
        return Lexical(tokens, ranking, (time.perf_counter() - t0) * 1000)

    def search(self, query_text: str, query_vector: np.ndarray, terms: list[str] | None = None) -> Retrieval:
        """The best chunks for the question; ``terms`` are its ``search_terms`` when the caller has them already."""
        return self.complete(self.lexical(query_text, terms), query_vector)

    def complete(self, lexical: Lexical, query_vector: np.ndarray) -> Retrieval:
        """The dense half of a search, fused with its BM25 half."""
        cfg = self.config
        rankings: dict[str, Ranking] = {}
        t0 = time.perf_counter()
        if cfg.mode in ("hybrid", "dense"):
            rankings["dense"] = self.dense_ranking(query_vector, cfg.candidates)
        if lexical.ranking is not None:
            rankings["lexical"] = lexical.ranking
        t1 = time.perf_counter()
        timings = {"dense_search": (t1 - t0) * 1000, "bm25": lexical.ms}
        fused = reciprocal_rank_fusion(
            {name: r.chunk_ids for name, r in rankings.items()},
            {"dense": cfg.dense_weight, "lexical": cfg.lexical_weight},
            cfg.rrf_k,
        )
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[: cfg.top_k]
        kept = {doc for doc, _ in best}
        position = {
            name: {d: r for r, d in enumerate(rank.chunk_ids, 1) if d in kept} for name, rank in rankings.items()
        }
        timings["fusion"] = (time.perf_counter() - t1) * 1000
        return Retrieval(
            tuple(
                ScoredChunk(
                    self.index.texts.chunks[doc],
                    score,
                    position.get("dense", {}).get(doc),
                    position.get("lexical", {}).get(doc),
                )
                for doc, score in best
            ),
            lexical.tokens,
            tuple(rankings.values()),
            timings,
        )
