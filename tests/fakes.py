"""A deterministic stand-in for the embedding model (no torch, no files)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from chatbot.search.tokens import content_words, stem


class FakeEmbedder:
    """Bag of hashed word stems: texts sharing words get similar unit vectors.

    Records what it embedded so tests can assert on batching and laziness.
    """

    name = "fake-hash-embedder"
    weights_sha256 = "fake"

    def __init__(self, dimension: int = 64) -> None:
        self._dimension = dimension
        self.calls: list[list[str]] = []

    @property
    def dimension(self) -> int:
        return self._dimension

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self._dimension, dtype=np.float32)
        for word in content_words(text):
            h = int.from_bytes(hashlib.sha256(stem(word).encode()).digest()[:8], "little")
            rng = np.random.default_rng(h)
            v += rng.standard_normal(self._dimension).astype(np.float32)
        if not v.any():
            v[0] = 1.0
        return v / np.linalg.norm(v)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False,
        before_model: Callable[[], object] | None = None,
    ) -> np.ndarray:
        self.calls.append(list(texts))
        if before_model is not None:
            before_model()
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self._dimension), np.float32)
