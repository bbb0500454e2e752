"""Build the index folder: clean and chunk the corpus, embed, write readable files and a manifest.

Builds write to a temporary folder under a file lock and swap it in with one
atomic rename of a symlink, so a crash never leaves half an index and readers
never see one.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from filelock import FileLock

from chatbot.config import Settings
from chatbot.hashing import sha256_file
from chatbot.ingest.chunking import chunk_corpus
from chatbot.ingest.corpus import load_articles
from chatbot.models import Article, Chunk, Sentence
from chatbot.search.bm25 import LexicalIndex
from chatbot.search.embedding import Embedder
from chatbot.search.manifest import (
    CHUNKS, DENSE, LEXICAL, MANIFEST, SENTENCE_VECTORS, SENTENCES, SOURCES, check_index, expected_inputs,
    read_manifest, versions,
)
from chatbot.search.vector_index import VectorIndex

log = logging.getLogger(__name__)


def build_lock(index_dir: Path) -> FileLock:
    """One build at a time per index folder (other builders wait)."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(index_dir.parent / f".{index_dir.name}.lock")


def _write_jsonl(path: Path, rows: Iterator[dict] | list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


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
        "versions": versions(),
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
