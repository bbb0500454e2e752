"""Build, save and load the index folder, and decide whether it may be used.

The folder holds readable files (JSONL chunks and sentences, ``.npy`` vectors,
the FAISS index, the bm25s files) and a ``manifest.json`` recording what it
was built from (model and weights hash, dimension, chunking settings, corpus
hash, library versions, build time) plus a SHA-256 per file. Loading checks
all of it: a stale or damaged index is refused with a message saying how to
rebuild, never silently used. Builds write to a temporary folder under a file
lock and swap it in with a rename, so a crash never leaves half an index.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import logging
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import numpy as np

from chatbot.ingest import PIPELINE_VERSION
from chatbot.ingest.chunking import chunk_corpus
from chatbot.config import Settings
from chatbot.ingest.corpus import corpus_hash, load_articles, load_sources, read_raw
from chatbot.search.embedding import Embedder, known_words
from chatbot.hashing import sha256_file
from chatbot.errors import IndexCorruptError, IndexMissingError, IndexStaleError
from chatbot.search.lexical import TOKENIZER_VERSION, LexicalIndex
from chatbot.models import Article, Chunk, Sentence, Source
from chatbot.search.vector_index import VectorIndex

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
SENTENCES = "sentences.jsonl"
SOURCES = "sources.json"
CHUNK_VECTORS = "chunk_vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
DENSE = "dense.faiss"
LEXICAL = "bm25"


@dataclass(frozen=True)
class LoadedIndex:
    """Everything retrieval and composition need, read from one index folder."""

    manifest: dict
    sources: dict[str, Source]
    raw_texts: dict[str, str]
    chunks: tuple[Chunk, ...]
    sentences: tuple[Sentence, ...]
    sentence_vectors: np.ndarray
    dense: VectorIndex
    lexical: LexicalIndex

    def sentence_key(self, s: Sentence) -> tuple[str, int]:
        return (s.source_id, s.index)


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


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("faiss-cpu", "sentence-transformers", "torch", "bm25s", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _write_jsonl(path: Path, rows: Iterator[dict] | list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (other builders wait)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir.parent / f".{index_dir.name}.lock"
    with open(lock_path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class BuildReport:
    articles: int
    sections: int
    sentences: int
    chunks: int
    seconds: float
    rebuilt: bool
    path: Path


def builds_dir(index_dir: Path) -> Path:
    """Where complete and in-progress builds live; ``index_dir`` is a symlink into it."""
    return index_dir.parent / f".{index_dir.name}.builds"


def build_index(
    settings: Settings, embedder: Embedder, *, progress: bool = False, force: bool = False
) -> BuildReport:
    """Build the index folder unless an intact, fresh one is already there."""
    started = time.perf_counter()
    with build_lock(settings.index_dir):
        if not force:
            problems = check_index(settings, embedder)
            if not problems:
                c = read_manifest(settings.index_dir)["counts"]
                return BuildReport(
                    c["articles"], c["sections"], c["sentences"], c["chunks"],
                    time.perf_counter() - started, False, settings.index_dir,
                )
            log.info("building index: %s", "; ".join(problems))
        articles = load_articles(settings.corpus_dir)
        chunks = chunk_corpus(articles, settings.chunking)
        sentences = [s for a in articles for s in a.sentences]
        builds = builds_dir(settings.index_dir)
        builds.mkdir(parents=True, exist_ok=True)
        _remove_crashed_builds(builds)
        tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=builds))
        try:
            _write_folder(tmp, settings, embedder, articles, chunks, sentences, progress)
            _swap_in(tmp, settings.index_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return BuildReport(
        len(articles), sum(len(a.sections) for a in articles), len(sentences), len(chunks),
        time.perf_counter() - started, True, settings.index_dir,
    )


def _remove_crashed_builds(builds: Path) -> None:
    """In-progress folders left by a killed build (safe: the caller holds the build lock)."""
    for leftover in builds.glob("tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _write_folder(
    folder: Path,
    settings: Settings,
    embedder: Embedder,
    articles: list[Article],
    chunks: list[Chunk],
    sentences: list[Sentence],
    progress: bool,
) -> None:
    chunk_vectors = embedder.encode([c.embedding_text() for c in chunks], progress=progress)
    sentence_vectors = embedder.encode([s.text for s in sentences], progress=progress)
    dense = VectorIndex.fit(chunk_vectors)
    dense.save(folder / DENSE)
    np.save(folder / CHUNK_VECTORS, chunk_vectors, allow_pickle=False)
    np.save(folder / SENTENCE_VECTORS, sentence_vectors, allow_pickle=False)
    LexicalIndex.fit([c.embedding_text() for c in chunks]).save(folder / LEXICAL)
    _write_jsonl(folder / CHUNKS, (dataclasses.asdict(c) for c in chunks))
    _write_jsonl(folder / SENTENCES, (dataclasses.asdict(s) for s in sentences))
    (folder / SOURCES).write_text(
        json.dumps([dataclasses.asdict(a.source) for a in articles], ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    manifest = {
        **expected_inputs(settings, embedder),
        "index_type": dense.index_type,
        "index_params": dense.params,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "counts": {
            "articles": len(articles),
            "sections": sum(len(a.sections) for a in articles),
            "sentences": len(sentences),
            "chunks": len(chunks),
        },
        "files": {
            str(p.relative_to(folder)): {"sha256": sha256_file(p), "bytes": p.stat().st_size}
            for p in files
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    for p in [*files, folder / MANIFEST]:
        with open(p, "rb") as fh:
            os.fsync(fh.fileno())


def _swap_in(tmp: Path, target: Path) -> None:
    """Point ``target`` at the new build with one atomic ``os.replace`` of a symlink.

    Readers resolve the link once and read a complete build, old or new, never
    half of one; if anything fails before the replace, the old index stays in
    place. Only the current and the previous builds are kept (a reader that
    resolved the previous one a moment ago can still finish).
    """
    builds = builds_dir(target)
    final = builds / f"build-{time.time_ns()}-{os.getpid()}"
    os.chmod(tmp, 0o755)
    os.rename(tmp, final)
    if target.exists() and not target.is_symlink():  # an index from before builds were kept aside
        os.rename(target, builds / f"build-legacy-{time.time_ns()}")
    link = target.parent / f".{target.name}.link-{os.getpid()}-{time.time_ns()}"
    os.symlink(os.path.relpath(final, target.parent), link)
    try:
        os.replace(link, target)
    except BaseException:
        link.unlink(missing_ok=True)
        shutil.rmtree(final, ignore_errors=True)
        raise
    keep = {final.name}
    previous = sorted((p for p in builds.glob("build-*") if p.name != final.name), key=lambda p: p.stat().st_mtime)
    if previous:
        keep.add(previous[-1].name)
    for old in builds.glob("build-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


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
    return LoadedIndex(manifest, sources, raw_texts, chunks, sentences, sentence_vectors, dense, lexical)
