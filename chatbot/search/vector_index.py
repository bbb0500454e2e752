"""Dense search over unit vectors with FAISS (inner product == cosine).

Takes vectors, never text: the embedder is someone else's job. Small
collections use an exact flat index; large ones an HNSW graph, whose
parameters follow FAISS's guidance (M=32, efSearch raised until recall is
high), the choice recorded in the manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import faiss
import numpy as np

EXACT_LIMIT = 50_000
# HNSW settings: M=32 links per node. At 1M chunks in `make bench-full`, efSearch=256
# gave recall@10 between 0.949 and 0.961 against exact search from one build to the next
# (the parallel build is not deterministic), 512 gave 0.98-0.99 at about 2.5 ms a query:
# 512 keeps the 0.95 target with a margin for a few milliseconds.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512


class SearchResult(NamedTuple):
    ids: np.ndarray  # int64, shape (k,), -1 padding when fewer than k vectors
    scores: np.ndarray  # float32, shape (k,)


def choose_index_type(n_vectors: int) -> str:
    """Exact search below ``EXACT_LIMIT`` vectors, HNSW above it."""
    return "flat" if n_vectors <= EXACT_LIMIT else "hnsw"


class VectorIndex:
    def __init__(self, index: faiss.Index, index_type: str) -> None:
        self._index = index
        self.index_type = index_type

    @classmethod
    def empty(cls, dim: int, index_type: str, hnsw_m: int = HNSW_M) -> "VectorIndex":
        """An index with the shipped settings and no vectors yet (``add`` them, in batches if many)."""
        if index_type == "flat":
            index: faiss.Index = faiss.IndexFlatIP(dim)
        elif index_type == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            raise ValueError(f"index_type must be 'flat' or 'hnsw', got {index_type!r}")
        return cls(index, index_type)

    @classmethod
    def fit(cls, vectors: np.ndarray, index_type: str | None = None, hnsw_m: int = HNSW_M) -> "VectorIndex":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-D array, got shape {vectors.shape}")
        index = cls.empty(vectors.shape[1], index_type or choose_index_type(len(vectors)), hnsw_m)
        index.add(vectors)
        return index

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    @property
    def params(self) -> dict[str, int]:
        """The index's search parameters, recorded in the manifest."""
        if self.index_type != "hnsw":
            return {}
        hnsw = faiss.downcast_index(self._index).hnsw
        return {"M": HNSW_M, "efConstruction": int(hnsw.efConstruction), "efSearch": int(hnsw.efSearch)}

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def set_ef_search(self, ef: int) -> None:
        if self.index_type == "hnsw":
            faiss.downcast_index(self._index).hnsw.efSearch = ef

    def search(self, query: np.ndarray, k: int) -> SearchResult:
        """The ``k`` nearest vectors to one query vector, best first."""
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if q.shape[1] != self.dimension:
            raise ValueError(f"query has dimension {q.shape[1]}, index has {self.dimension}")
        scores, ids = self._index.search(q, min(k, max(self.size, 1)))
        return SearchResult(ids[0].astype(np.int64), scores[0])

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, index_type: str, mmap: bool = False) -> "VectorIndex":
        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap else 0
        index = cls(faiss.read_index(str(path), flags), index_type)
        index.set_ef_search(HNSW_EF_SEARCH)
        return index
