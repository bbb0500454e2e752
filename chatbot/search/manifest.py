"""The index folder's manifest: what an index was built from, and whether its files are intact.

``manifest.json`` records the inputs (model and weights hash, dimension,
chunking settings, tokenizer and pipeline versions, corpus hash), library
versions, counts, and a SHA-256 and size per file. A damaged folder is refused
with ``IndexCorruptError``; one built from other inputs is stale, with the
reasons in words, so the message can say how to rebuild.
"""

from __future__ import annotations

import dataclasses
import json
import platform
from importlib import metadata
from pathlib import Path

from chatbot.config import Settings
from chatbot.errors import IndexCorruptError, IndexMissingError
from chatbot.hashing import sha256_file
from chatbot.ingest import PIPELINE_VERSION
from chatbot.ingest.corpus import corpus_hash
from chatbot.search.embedding import Embedder
from chatbot.search.tokens import TOKENIZER_VERSION

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
SENTENCES = "sentences.jsonl"
SOURCES = "sources.json"
SENTENCE_VECTORS = "sentence_vectors.npy"
DENSE = "dense.faiss"
LEXICAL = "bm25"


def model_fingerprint(embedder: Embedder) -> dict[str, object]:
    sha = getattr(embedder, "weights_sha256", None)
    return {"name": embedder.name, "sha256": sha, "dimension": embedder.dimension}


def expected_inputs(settings: Settings, embedder: Embedder) -> dict[str, object]:
    """What a fresh index must have been built from; compared with the manifest."""
    return {
        "format_version": FORMAT_VERSION,
        "model": model_fingerprint(embedder),
        "chunking": dataclasses.asdict(settings.chunking),
        "tokenizer_version": TOKENIZER_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "corpus_hash": corpus_hash(settings.corpus_dir),
    }


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("faiss-cpu", "sentence-transformers", "torch", "bm25s", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


# Files the loader reads: each must be listed (with size and hash) in the manifest.
REQUIRED_FILES = (CHUNKS, SENTENCES, SOURCES, SENTENCE_VECTORS, DENSE, f"{LEXICAL}/vocabulary.json")

_MANIFEST_SHAPE = {"files": dict, "counts": dict, "index_type": str, "model": dict, "chunking": dict}
_COUNTS = ("articles", "sections", "sentences", "chunks")


def read_manifest(index_dir: Path) -> dict:
    path = index_dir / MANIFEST
    if not index_dir.is_dir() or not path.is_file():
        raise IndexMissingError(index_dir)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(index_dir, f"{MANIFEST} is not valid JSON: {exc}") from exc
    check_manifest_shape(index_dir, manifest)
    return manifest


def check_manifest_shape(index_dir: Path, manifest: object) -> None:
    """A manifest that parses but is not the object this code writes is damage too."""
    if not isinstance(manifest, dict):
        raise IndexCorruptError(index_dir, f"{MANIFEST} is not a JSON object")
    for key, kind in _MANIFEST_SHAPE.items():
        if not isinstance(manifest.get(key), kind):
            raise IndexCorruptError(index_dir, f"{MANIFEST} lacks a valid {key!r}")
    for name, entry in manifest["files"].items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise IndexCorruptError(index_dir, f"{MANIFEST} lists {name[:80]!r}, which is outside the index folder")
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and isinstance(entry.get("bytes"), int)):
            raise IndexCorruptError(index_dir, f"{MANIFEST} has a malformed entry for {name!r}")
    if not all(isinstance(manifest["counts"].get(k), int) for k in _COUNTS):
        raise IndexCorruptError(index_dir, f"{MANIFEST} has malformed counts")
    unlisted = [name for name in REQUIRED_FILES if name not in manifest["files"]]
    if unlisted:
        raise IndexCorruptError(index_dir, f"{MANIFEST} does not list {', '.join(unlisted)}")


def verify_files(index_dir: Path, manifest: dict) -> None:
    """Every file the manifest lists is present, of the right size and checksum."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorruptError(index_dir, f"{MANIFEST} lists no files")
    for name, expected in files.items():
        path = index_dir / name
        if not path.is_file():
            raise IndexCorruptError(index_dir, f"{name} is missing")
        if path.stat().st_size != expected["bytes"]:
            raise IndexCorruptError(index_dir, f"{name} has the wrong size (truncated?)")
        if sha256_file(path) != expected["sha256"]:
            raise IndexCorruptError(index_dir, f"{name} does not match its checksum")


def verify_counts(index_dir: Path, manifest: dict, found: dict[str, int]) -> None:
    """The manifest's counts are those of the files (a manifest claiming 999 chunks is damage)."""
    counts = manifest["counts"]
    wrong = [f"{k} {counts[k]} listed, {v} found" for k, v in found.items() if counts[k] != v]
    if wrong:
        raise IndexCorruptError(index_dir, f"{MANIFEST} counts do not match the files ({'; '.join(wrong)})")


def counted_files(index_dir: Path) -> dict[str, int]:
    """Articles, sentences and chunks as the index files hold them, without loading the index."""
    try:
        with open(index_dir / CHUNKS, "rb") as fh:
            chunks = sum(1 for line in fh if line.strip())
        with open(index_dir / SENTENCES, "rb") as fh:
            sentences = sum(1 for line in fh if line.strip())
        articles = len(json.loads((index_dir / SOURCES).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise IndexCorruptError(index_dir, f"could not count its entries: {exc}") from exc
    return {"articles": articles, "sentences": sentences, "chunks": chunks}


def staleness(manifest: dict, expected: dict) -> list[str]:
    """Human-readable reasons why ``manifest`` was not built from ``expected``."""
    reasons = []
    labels = {
        "format_version": "index format",
        "model": "embedding model",
        "chunking": "chunking settings",
        "tokenizer_version": "lexical tokenizer",
        "pipeline_version": "cleaning or chunking pipeline version",
        "corpus_hash": "corpus content",
    }
    for key, label in labels.items():
        if manifest.get(key) != expected[key]:
            reasons.append(f"{label} changed")
    return reasons


def check_index(settings: Settings, embedder: Embedder) -> list[str]:
    """Empty when the index folder is intact and fresh; otherwise why it is not."""
    index_dir = settings.index_dir.resolve()
    try:
        manifest = read_manifest(index_dir)
        verify_files(index_dir, manifest)
        verify_counts(index_dir, manifest, counted_files(index_dir))
    except (IndexMissingError, IndexCorruptError) as exc:
        return [str(exc)]
    return staleness(manifest, expected_inputs(settings, embedder))
