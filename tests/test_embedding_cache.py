"""Fixed texts (triage exemplars, intent phrases) are embedded once and read back from beside the model."""

from __future__ import annotations

import os

import numpy as np

from chatbot.search.embedding import encode_cached
from tests.fakes import FakeEmbedder

TEXTS = ["I can't breathe", "How is it treated?", "I can't breathe"]


def _cached(tmp_path) -> FakeEmbedder:
    embedder = FakeEmbedder()
    embedder.cache_dir = tmp_path  # type: ignore[attr-defined]
    return embedder


def test_vectors_are_read_back_not_embedded_again(tmp_path):
    first = _cached(tmp_path)
    vectors = encode_cached(first, TEXTS, label="exemplars")
    assert first.calls and np.array_equal(vectors, first.encode(TEXTS))
    again = _cached(tmp_path)
    assert np.array_equal(encode_cached(again, TEXTS, label="exemplars"), vectors)
    assert again.calls == []  # read from the file
    assert len(list(tmp_path.glob("cache-exemplars-*.npy"))) == 1


def test_other_texts_or_another_model_embed_again(tmp_path):
    encode_cached(_cached(tmp_path), TEXTS, label="exemplars")
    changed = _cached(tmp_path)
    encode_cached(changed, TEXTS + ["a new exemplar"], label="exemplars")
    assert changed.calls
    other_model = _cached(tmp_path)
    other_model.weights_sha256 = "another"  # type: ignore[misc]
    encode_cached(other_model, TEXTS, label="exemplars")
    assert other_model.calls
    # Only the newest two files of a label stay: the current texts and the ones before.
    assert len(list(tmp_path.glob("cache-exemplars-*.npy"))) == 2


def test_old_caches_of_a_label_are_removed_and_other_labels_kept(tmp_path):
    import time

    encode_cached(_cached(tmp_path), TEXTS, label="headings")
    encode_cached(_cached(tmp_path), TEXTS, label="exemplars-extra")  # starts like "exemplars": not its file
    for n in range(4):
        encode_cached(_cached(tmp_path), TEXTS + [f"exemplar {n}"], label="exemplars")
        time.sleep(0.01)  # distinct modification times
    kept = [p for p in tmp_path.glob("cache-exemplars-*.npy") if "extra" not in p.name]
    assert len(kept) == 2
    newest = _cached(tmp_path)
    encode_cached(newest, TEXTS + ["exemplar 3"], label="exemplars")
    assert newest.calls == []  # the newest is one of the two kept
    assert len(list(tmp_path.glob("cache-headings-*.npy"))) == 1
    assert len(list(tmp_path.glob("cache-exemplars-extra-*.npy"))) == 1


def test_a_damaged_cache_is_replaced_and_a_read_only_folder_only_read(tmp_path):
    vectors = encode_cached(_cached(tmp_path), TEXTS, label="x")
    (path,) = tmp_path.glob("cache-x-*.npy")
    path.write_bytes(b"not numpy")
    fresh = _cached(tmp_path)
    assert np.array_equal(encode_cached(fresh, TEXTS, label="x"), vectors) and fresh.calls
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    try:
        embedder = FakeEmbedder()
        embedder.cache_dir = locked  # type: ignore[attr-defined]
        assert np.array_equal(encode_cached(embedder, TEXTS, label="x"), vectors)
        if os.geteuid() != 0:  # root writes anyway
            assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o755)


def test_embedders_without_a_cache_folder_just_encode(tmp_path):
    embedder = FakeEmbedder()
    assert np.array_equal(encode_cached(embedder, TEXTS, label="x"), embedder.encode(TEXTS))
    assert list(tmp_path.iterdir()) == []


def test_a_missing_cache_folder_is_created(tmp_path):
    embedder = _cached(tmp_path / "torch-cache")
    encode_cached(embedder, TEXTS, label="exemplars")
    assert len(list((tmp_path / "torch-cache").glob("cache-exemplars-*.npy"))) == 1


def test_the_torch_query_embedder_keeps_its_cache_beside_the_index(tmp_path):
    """Without a cache a torch server would embed the ~3,000 unit questions at every start;
    the embedder that builds the index keeps none (it embeds the corpus, never fixed texts)."""
    from chatbot.config import load_settings
    from chatbot.search.embedding import embedder_for, torch_embedder

    settings = load_settings(env={}, index_dir=tmp_path / "index" / "current").replace(query_embedder="torch")
    assert embedder_for(settings).cache_dir == tmp_path / "index" / "torch-cache"
    assert getattr(torch_embedder(settings), "cache_dir", None) is None
