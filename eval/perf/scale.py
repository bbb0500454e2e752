"""Scale up: FAISS and BM25 over 10k, 100k and 1M synthetic chunks (build time, size, query latency, recall@10)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.config import PROJECT_ROOT
from eval.perf.common import log, questions, stats


def embedder_throughput(embedder: Any, texts: list[str], repeats: int = 3) -> float:
    embedder.encode(texts[:8])
    t = time.perf_counter()
    for _ in range(repeats):
        embedder.encode(texts, batch_size=64)
    return repeats * len(texts) / (time.perf_counter() - t)


def synthetic_vectors(path: Path, n: int, base: np.ndarray, seed: int, batch: int = 50_000) -> np.memmap:
    """``n`` unit vectors, each a noisy mixture of 2-3 real sentence embeddings, written in batches."""
    rng = np.random.default_rng(seed)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, base.shape[1]))
    for start in range(0, n, batch):
        m = min(batch, n - start)
        picks = rng.integers(0, len(base), size=(m, 3))
        weights = rng.dirichlet([1.0, 1.0, 1.0], size=m).astype(np.float32)
        v = np.einsum("mk,mkd->md", weights, base[picks]) + rng.normal(0, 0.03, (m, base.shape[1])).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[start:start + m] = v
    out.flush()
    return out


def exact_top_k(vectors: np.ndarray, queries: np.ndarray, k: int, batch: int = 100_000) -> np.ndarray:
    """Brute-force top-k by inner product, streamed over the vectors in batches."""
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), batch):
        block = np.asarray(vectors[start:start + batch])
        s = queries @ block.T
        idx = np.argpartition(-s, min(k, s.shape[1] - 1), axis=1)[:, :k]
        cand_s = np.take_along_axis(s, idx, axis=1)
        all_s = np.concatenate([best_s, cand_s], axis=1)
        all_i = np.concatenate([best_i, idx + start], axis=1)
        order = np.argsort(-all_s, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(all_s, order, axis=1), np.take_along_axis(all_i, order, axis=1)
    return best_i


def scale_run(n: int, base: np.ndarray, sentences: list[str], queries: np.ndarray, workdir: Path) -> dict[str, Any]:
    from chatbot.search.bm25 import LexicalIndex
    from chatbot.search.query import query_tokens
    from chatbot.search.vector_index import HNSW_EF_SEARCH, VectorIndex, choose_index_type

    log(f"scale {n:,}: generating vectors")
    vectors = synthetic_vectors(workdir / f"v{n}.npy", n, base, seed=n)
    kind = choose_index_type(n)
    log(f"scale {n:,}: building {kind} index")
    t = time.perf_counter()
    index = VectorIndex.empty(base.shape[1], kind)  # the settings a real build of this size ships with
    for start in range(0, n, 50_000):
        index.add(vectors[start:start + 50_000])
    shipped_params = index.params
    build_s = time.perf_counter() - t
    index.save(workdir / f"d{n}.faiss")
    size_mb = (workdir / f"d{n}.faiss").stat().st_size / 2**20
    truth = exact_top_k(vectors, queries, 10)
    results: dict[str, Any] = {}
    for ef in ([None] if kind == "flat" else sorted({64, 128, 256, 512, HNSW_EF_SEARCH})):
        if ef:
            index.set_ef_search(ef)
        lat, hits = [], 0
        for qi, q in enumerate(queries):
            t = time.perf_counter()
            r = index.search(q, 10)
            lat.append((time.perf_counter() - t) * 1000)
            hits += len(set(r.ids.tolist()) & set(truth[qi].tolist()))
        results[f"efSearch={ef}" if ef else "exact"] = {
            "query_ms": stats(lat), "recall@10": round(hits / (10 * len(queries)), 4),
        }
    log(f"scale {n:,}: BM25 over resampled sentences")
    rng = np.random.default_rng(n + 1)
    t = time.perf_counter()
    docs = (" ".join(sentences[j] for j in rng.integers(0, len(sentences), 3)) for _ in range(n))
    lexical = LexicalIndex.fit(list(docs))
    bm25_build_s = time.perf_counter() - t
    speller = lexical.speller
    bm25_lat = []
    for q in ["how is calcinosis cutis treated", "calcium channel blockers diltiazem", "biopsy imaging diagnosis"] * 10:
        t = time.perf_counter()
        lexical.scores(query_tokens(q, speller))
        bm25_lat.append((time.perf_counter() - t) * 1000)
    del vectors
    (workdir / f"v{n}.npy").unlink()
    return {
        "chunks": n,
        "index_type": kind,
        "hnsw": shipped_params or None,
        "vector_build_s": round(build_s, 2),
        "index_size_mb": round(size_mb, 1),
        "search": results,
        "bm25_build_s": round(bm25_build_s, 2),
        "bm25_query_ms": stats(bm25_lat),
    }


def scale_up(bot: Any, sizes: list[int]) -> dict[str, Any]:
    base = np.asarray(bot.index.search.sentence_vectors, dtype=np.float32)
    sentences = [s.text for s in bot.index.texts.sentences]
    rate = embedder_throughput(bot.embedder, [c.embedding_text() for c in bot.index.texts.chunks])
    qs = questions()[:100]
    queries = bot.embedder.encode(qs)
    runs = []
    with tempfile.TemporaryDirectory(dir=PROJECT_ROOT / "index") as tmp:
        for n in sizes:
            runs.append(scale_run(n, base, sentences, queries, Path(tmp)))
    return {
        "embedder_chunks_per_s": round(rate, 1),
        "projected_embedding_hours_for_1M": round(1_000_000 / rate / 3600, 2),
        "vectors": "synthetic: each a noisy mixture (Dirichlet weights, N(0, 0.03) noise) of 3 real sentence embeddings, not re-embedded text",
        "queries": f"{len(qs)} eval questions embedded with the real model",
        "runs": runs,
    }
