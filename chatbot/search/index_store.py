"""Open the index folder for answering, refusing it when damaged or stale.

The loaded index has two parts: the texts that get quoted (articles, chunks,
sentences, each at its span of its article) and the search structures built
over them (FAISS, BM25, sentence vectors). This module is also the index's
public face: build, check and load are imported from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chatbot.config import Settings
from chatbot.errors import IndexCorruptError, IndexStaleError
from chatbot.ingest.corpus import load_sources, read_raw
from chatbot.models import Chunk, Sentence, Source
from chatbot.search.bm25 import LexicalIndex
from chatbot.search.embedding import Embedder, index_embedder_for, known_words
from chatbot.search.index_build import BuildReport, build_index, builds_dir
from chatbot.search.manifest import (
    CHUNKS, DENSE, LEXICAL, MANIFEST, SENTENCE_VECTORS, SENTENCES, SOURCES, check_index, expected_inputs,
    model_fingerprint, read_manifest, staleness, verify_counts, verify_files,
)
from chatbot.search.vector_index import VectorIndex

__all__ = [
    "BuildReport", "IndexedTexts", "LoadedIndex", "MANIFEST", "SearchStructures", "build_for_serving", "build_index",
    "builds_dir",
    "check_index", "load_index", "model_fingerprint", "read_manifest",
]


@dataclass(frozen=True)
class IndexedTexts:
    """What gets quoted: the articles as stored, and the chunks and sentences cut from them."""

    sources: dict[str, Source]
    raw_texts: dict[str, str]
    chunks: tuple[Chunk, ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class SearchStructures:
    """What ranks them: FAISS over chunk vectors, BM25 over chunk words, one vector per sentence."""

    dense: VectorIndex
    lexical: LexicalIndex
    sentence_vectors: np.ndarray


@dataclass(frozen=True)
class LoadedIndex:
    """One index folder, read and checked: its manifest, its texts and its search structures."""

    manifest: dict
    texts: IndexedTexts
    search: SearchStructures


def build_for_serving(
    settings: Settings, query_embedder: Embedder, *, progress: bool = False, force: bool = False
) -> BuildReport:
    """Everything answering with ``query_embedder`` needs on disk, built only where missing or stale.

    The index is built by the torch model (``index_embedder_for``). When questions
    are encoded by the ONNX export of that model, the export is written too
    (``settings.onnx_dir``), so a server started afterwards never imports torch.
    """
    report = build_index(settings, index_embedder_for(settings, query_embedder), progress=progress, force=force)
    from chatbot.search.onnx_embedding import OnnxEmbedder

    if isinstance(query_embedder, OnnxEmbedder):
        from chatbot.search.onnx_export import ensure_export

        ensure_export(query_embedder.path, settings.model_path)
    return report


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_index(settings: Settings, embedder: Embedder, *, mmap: bool = False) -> LoadedIndex:
    """Open the index folder, refusing it when damaged or built from other inputs."""
    index_dir = settings.index_dir.resolve()  # one build, even if a new one is swapped in meanwhile
    manifest = read_manifest(index_dir)
    verify_files(index_dir, manifest)
    reasons = staleness(manifest, expected_inputs(settings, embedder))
    if reasons:
        raise IndexStaleError(index_dir, reasons)
    dictionary = known_words(embedder)
    try:
        sources_rows = json.loads((index_dir / SOURCES).read_text(encoding="utf-8"))
        sources = {
            r["source_id"]: Source(**{**r, "boilerplate": tuple(r.get("boilerplate", ()))})
            for r in sources_rows
        }
        chunks = tuple(
            Chunk(**{**r, "sentence_ids": tuple(r["sentence_ids"])})
            for r in _read_jsonl(index_dir / CHUNKS)
        )
        sentences = tuple(Sentence(**r) for r in _read_jsonl(index_dir / SENTENCES))
        sentence_vectors = np.load(index_dir / SENTENCE_VECTORS, allow_pickle=False, mmap_mode="r" if mmap else None)
        dense = VectorIndex.load(index_dir / DENSE, manifest["index_type"], mmap=mmap)
        lexical = LexicalIndex.load(index_dir / LEXICAL, mmap=mmap, dictionary=dictionary)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(index_dir, f"could not read it: {exc}") from exc
    raw_texts = {s.source_id: read_raw(settings.corpus_dir, s) for s in load_sources(settings.corpus_dir)}
    if dense.size != len(chunks) or len(sentence_vectors) != len(sentences):
        raise IndexCorruptError(index_dir, "vector counts do not match the chunk and sentence files")
    verify_counts(index_dir, manifest, {"articles": len(sources), "sentences": len(sentences), "chunks": len(chunks)})
    # The corpus may have changed since its hash was checked: every quote must still stand at its span.
    for item in (*sentences, *chunks):
        raw = raw_texts.get(item.source_id)
        if raw is None or raw[item.start:item.end] != item.text:
            raise IndexStaleError(index_dir, [f"article {item.source_id} no longer matches the indexed text"])
    return LoadedIndex(
        manifest, IndexedTexts(sources, raw_texts, chunks, sentences), SearchStructures(dense, lexical, sentence_vectors)
    )
