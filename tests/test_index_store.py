"""The index folder: built once, checked on load, refused when stale or damaged."""

import json

import pytest

from chatbot.errors import IndexCorruptError, IndexMissingError, IndexStaleError
from chatbot.search.index_store import MANIFEST, build_index, check_index, load_index, read_manifest
from tests.fakes import FakeEmbedder


def test_build_writes_readable_files_and_a_manifest(tiny_settings, fake_embedder):
    report = build_index(tiny_settings, fake_embedder)
    # One chunk a section (a1: intro and Treatment, a2: Symptoms and Diagnosis): each is under the word budget.
    assert report.rebuilt and report.articles == 2 and report.chunks == 4
    folder = tiny_settings.index_dir
    manifest = read_manifest(folder)
    assert manifest["model"] == {"name": "fake-hash-embedder", "sha256": "fake", "dimension": 64}
    assert manifest["chunking"] == {"max_words": 90, "overlap_sentences": 1}
    assert len(manifest["corpus_hash"]) == 64
    assert {"faiss-cpu", "bm25s", "numpy", "python"} <= set(manifest["versions"])
    assert manifest["index_type"] == "flat" and manifest["built_at"]
    for line in (folder / "chunks.jsonl").read_text().splitlines():
        json.loads(line)
    assert not (folder / "chunk_vectors.npy").exists()  # FAISS holds the chunk vectors; no second copy
    assert set(manifest["files"]) >= {"chunks.jsonl", "dense.faiss", "sentence_vectors.npy"}


def test_loaded_chunks_are_verbatim_in_the_sources(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    index = load_index(tiny_settings, fake_embedder)
    for chunk in index.texts.chunks:
        assert index.texts.raw_texts[chunk.source_id][chunk.start:chunk.end] == chunk.text
    assert len(index.texts.chunks) == 4
    assert "Disclosure" not in " ".join(c.text for c in index.texts.chunks)


def test_second_build_is_a_no_op(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    calls = len(fake_embedder.calls)
    report = build_index(tiny_settings, fake_embedder)
    assert not report.rebuilt and len(fake_embedder.calls) == calls


def test_missing_index_is_refused_with_instructions(tiny_settings, fake_embedder):
    with pytest.raises(IndexMissingError, match="build-index"):
        load_index(tiny_settings, fake_embedder)


def test_corpus_edit_makes_the_index_stale(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    article = tiny_settings.corpus_dir / "a1.txt"
    article.write_text(article.read_text() + "\nA new sentence was added.\n")
    with pytest.raises(IndexStaleError, match="corpus content changed"):
        load_index(tiny_settings, fake_embedder)
    assert check_index(tiny_settings, fake_embedder) == ["corpus content changed"]
    assert build_index(tiny_settings, fake_embedder).rebuilt
    load_index(tiny_settings, fake_embedder)


def test_other_model_or_chunking_makes_the_index_stale(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    with pytest.raises(IndexStaleError, match="embedding model changed"):
        load_index(tiny_settings, FakeEmbedder(dimension=32))
    with pytest.raises(IndexStaleError, match="chunking settings changed"):
        load_index(tiny_settings.replace(chunking={"max_words": 40}), fake_embedder)


def test_damaged_files_are_detected(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    target = tiny_settings.index_dir / "chunks.jsonl"
    data = bytearray(target.read_bytes())
    data[10] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        load_index(tiny_settings, fake_embedder)
    target.write_bytes(bytes(data[:20]))
    with pytest.raises(IndexCorruptError, match="truncated"):
        load_index(tiny_settings, fake_embedder)
    (tiny_settings.index_dir / MANIFEST).write_text("{not json")
    with pytest.raises(IndexCorruptError, match="not valid JSON"):
        load_index(tiny_settings, fake_embedder)
    assert build_index(tiny_settings, fake_embedder).rebuilt  # damaged -> rebuilt
    load_index(tiny_settings, fake_embedder)


def test_builds_are_swapped_in_by_a_symlink_and_old_ones_pruned(tiny_settings, fake_embedder):
    from chatbot.search.index_store import builds_dir

    for _ in range(4):
        build_index(tiny_settings, fake_embedder, force=True)
    assert tiny_settings.index_dir.is_symlink()
    builds = sorted(p.name for p in builds_dir(tiny_settings.index_dir).iterdir())
    assert len(builds) == 2 and all(b.startswith("build-") for b in builds)
    assert tiny_settings.index_dir.resolve().name in builds


def test_an_index_from_before_symlinks_is_replaced_cleanly(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    real = tiny_settings.index_dir.resolve()
    tiny_settings.index_dir.unlink()
    real.rename(tiny_settings.index_dir)  # a plain folder, as older versions wrote it
    assert build_index(tiny_settings, fake_embedder, force=True).rebuilt
    assert tiny_settings.index_dir.is_symlink()
    load_index(tiny_settings, fake_embedder)


def test_corpus_edited_after_the_hash_check_is_caught_at_load(tiny_settings, fake_embedder, monkeypatch):
    from chatbot.search import index_store

    build_index(tiny_settings, fake_embedder)
    real = index_store.load_sources

    def edit_then_list(corpus_dir):
        article = corpus_dir / "a1.txt"
        article.write_text("X" + article.read_text())  # every offset shifts by one
        return real(corpus_dir)

    monkeypatch.setattr(index_store, "load_sources", edit_then_list)
    with pytest.raises(IndexStaleError, match="no longer matches"):
        load_index(tiny_settings, fake_embedder)


def test_the_declared_pipeline_version_decides_staleness_not_the_source_files(tiny_settings, fake_embedder, monkeypatch):
    from chatbot.search import manifest

    build_index(tiny_settings, fake_embedder)
    assert read_manifest(tiny_settings.index_dir)["pipeline_version"] == manifest.PIPELINE_VERSION
    assert check_index(tiny_settings, fake_embedder) == []
    monkeypatch.setattr(manifest, "PIPELINE_VERSION", manifest.PIPELINE_VERSION + 1)
    assert check_index(tiny_settings, fake_embedder) == ["cleaning or chunking pipeline version changed"]
