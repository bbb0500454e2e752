"""FAISS results equal numpy brute force; save/load round-trips."""

import numpy as np
import pytest

from chatbot.search.embedding import normalize
from chatbot.search.vector_index import VectorIndex, choose_index_type


@pytest.mark.parametrize("n,k", [(1, 1), (7, 3), (33, 10), (257, 17)])
def test_flat_top_k_matches_numpy_brute_force(n: int, k: int):
    rng = np.random.default_rng(n)
    vectors = normalize(rng.standard_normal((n, 24)))
    index = VectorIndex.fit(vectors)
    for q in normalize(rng.standard_normal((5, 24))):
        result = index.search(q, k)
        scores = vectors @ q
        expected = np.argsort(-scores, kind="stable")[: min(k, n)]
        assert list(result.ids) == list(expected)
        np.testing.assert_allclose(result.scores, scores[expected], rtol=1e-5, atol=1e-6)


def test_hnsw_recall_against_exact():
    rng = np.random.default_rng(0)
    vectors = normalize(rng.standard_normal((3000, 32)))
    exact = VectorIndex.fit(vectors, "flat")
    approx = VectorIndex.fit(vectors, "hnsw")
    queries = normalize(rng.standard_normal((50, 32)))
    hits = 0
    for q in queries:
        hits += len(set(exact.search(q, 10).ids) & set(approx.search(q, 10).ids))
    assert hits / (10 * len(queries)) >= 0.9


def test_save_and_load_round_trip(tmp_path):
    vectors = normalize(np.random.default_rng(1).standard_normal((20, 8)))
    index = VectorIndex.fit(vectors)
    index.save(tmp_path / "d.faiss")
    loaded = VectorIndex.load(tmp_path / "d.faiss", "flat")
    assert list(loaded.search(vectors[3], 5).ids) == list(index.search(vectors[3], 5).ids)


def test_bad_inputs_name_the_problem():
    with pytest.raises(ValueError, match="2-D"):
        VectorIndex.fit(np.zeros(5, dtype=np.float32))
    with pytest.raises(ValueError, match="index_type"):
        VectorIndex.fit(np.zeros((2, 3), dtype=np.float32), "ivf-magic")
    index = VectorIndex.fit(normalize(np.ones((2, 3))))
    with pytest.raises(ValueError, match="dimension"):
        index.search(np.ones(4, dtype=np.float32), 1)


def test_index_type_by_size():
    assert choose_index_type(1000) == "flat"
    assert choose_index_type(1_000_000) == "hnsw"


def test_hnsw_parameters_are_reported_and_survive_a_reload(tmp_path):
    from chatbot.search.vector_index import HNSW_EF_SEARCH, HNSW_M

    vectors = normalize(np.random.default_rng(2).standard_normal((200, 8)))
    index = VectorIndex.fit(vectors, "hnsw")
    assert index.params == {"M": HNSW_M, "efConstruction": 80, "efSearch": HNSW_EF_SEARCH}
    index.save(tmp_path / "h.faiss")
    assert VectorIndex.load(tmp_path / "h.faiss", "hnsw").params["efSearch"] == HNSW_EF_SEARCH
    assert VectorIndex.fit(vectors).params == {}
