"""Index faults: every way the folder can be missing, damaged, stale or half-built.

For each fault ``load_index`` refuses with the right domain error and a message
saying how to rebuild, ``check_index`` lists the problem, and ``build_index``
repairs it. Builds that crash or run concurrently never leave half an index or
temporary folders behind. Tiny corpus and fake embedder: fast.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import chatbot.search.index_build as index_build
import chatbot.search.index_store as index_store
from chatbot.config import Settings, load_settings
from chatbot.errors import ChatbotError, IndexCorruptError, IndexMissingError, IndexStaleError
from chatbot.search.index_store import (
    MANIFEST,
    build_index,
    check_index,
    load_index,
    read_manifest,
)
from chatbot.search.manifest import verify_files
from tests.conftest import write_corpus
from tests.fakes import FakeEmbedder


def leftovers(settings: Settings) -> list[str]:
    """Temporary folders or links left by a build, next to the index or among the builds."""
    parent = settings.index_dir.parent
    name = settings.index_dir.name
    builds = index_store.builds_dir(settings.index_dir)
    found = [p.name for p in parent.iterdir() if p.name.startswith((f".{name}.tmp-", f".{name}.old-", f".{name}.link-"))]
    if builds.exists():
        found += [p.name for p in builds.iterdir() if p.name.startswith("tmp-")]
        assert len(list(builds.glob("build-*"))) <= 2, "only the current and the previous build are kept"
    return sorted(found)


def remove_index(link: Path) -> None:
    """Delete the index: the build it points at and the link itself."""
    shutil.rmtree(link.resolve())
    link.unlink()


def assert_healthy(settings: Settings, embedder: FakeEmbedder) -> None:
    index = load_index(settings, embedder)
    assert check_index(settings, embedder) == []
    verify_files(settings.index_dir, read_manifest(settings.index_dir))
    assert index.texts.chunks
    for chunk in index.texts.chunks:
        assert index.texts.raw_texts[chunk.source_id][chunk.start:chunk.end] == chunk.text


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def edit_manifest(folder: Path, change: Callable[[dict], None]) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    change(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")


def _other_model(m: dict) -> None:
    m["model"]["name"] = "some-other-model"


def _other_corpus(m: dict) -> None:
    m["corpus_hash"] = "0" * 64


def _old_format(m: dict) -> None:
    m["format_version"] = 0


# name -> (damage, expected error, words both the error and check_index's report must contain)
FAULTS: dict[str, tuple[Callable[[Path], None], type[ChatbotError], str]] = {
    "folder missing": (lambda d: remove_index(d), IndexMissingError, "No index found"),
    "folder empty": (lambda d: [shutil.rmtree(p) if p.is_dir() else p.unlink() for p in d.iterdir()],
                     IndexMissingError, "No index found"),
    "manifest deleted": (lambda d: (d / MANIFEST).unlink(), IndexMissingError, "No index found"),
    "manifest truncated": (lambda d: truncate(d / MANIFEST), IndexCorruptError, "not valid JSON"),
    "manifest not UTF-8": (lambda d: (d / MANIFEST).write_bytes(b"\xff\xfe{}"), IndexCorruptError, "not valid JSON"),
    "vectors truncated": (lambda d: truncate(d / "sentence_vectors.npy"), IndexCorruptError, "truncated"),
    "chunks truncated": (lambda d: truncate(d / "chunks.jsonl"), IndexCorruptError, "truncated"),
    "chunks emptied": (lambda d: (d / "chunks.jsonl").write_bytes(b""), IndexCorruptError, "truncated"),
    "chunks.jsonl byte flipped": (lambda d: flip_byte(d / "chunks.jsonl"), IndexCorruptError, "checksum"),
    "dense.faiss byte flipped": (lambda d: flip_byte(d / "dense.faiss"), IndexCorruptError, "checksum"),
    "dense.faiss header flipped": (lambda d: flip_byte(d / "dense.faiss", 0), IndexCorruptError, "checksum"),
    "sentence_vectors.npy byte flipped": (lambda d: flip_byte(d / "sentence_vectors.npy"), IndexCorruptError, "checksum"),
    "sentence_vectors.npy header flipped": (lambda d: flip_byte(d / "sentence_vectors.npy", 20), IndexCorruptError, "checksum"),
    "bm25/vocabulary.json byte flipped": (lambda d: flip_byte(d / "bm25" / "vocabulary.json"), IndexCorruptError, "checksum"),
    "sources.json deleted": (lambda d: (d / "sources.json").unlink(), IndexCorruptError, "missing"),
    "bm25 folder deleted": (lambda d: shutil.rmtree(d / "bm25"), IndexCorruptError, "missing"),
    "manifest from another model": (lambda d: edit_manifest(d, _other_model), IndexStaleError, "embedding model changed"),
    "manifest from another corpus": (lambda d: edit_manifest(d, _other_corpus), IndexStaleError, "corpus content changed"),
    "manifest of an older format": (lambda d: edit_manifest(d, _old_format), IndexStaleError, "index format changed"),
    "manifest lists no files": (lambda d: edit_manifest(d, lambda m: m.update(files={})), IndexCorruptError, "does not list"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_refused_reported_and_repaired(tiny_settings, fake_embedder, fault):
    damage, error, words = FAULTS[fault]
    build_index(tiny_settings, fake_embedder)
    damage(tiny_settings.index_dir)

    with pytest.raises(error) as info:
        load_index(tiny_settings, fake_embedder)
    message = str(info.value)
    assert words in message
    assert "build-index" in message, message
    assert type(info.value) is error  # not a sibling class

    problems = check_index(tiny_settings, fake_embedder)
    assert problems and all(isinstance(p, str) and p for p in problems)
    assert any(words in p for p in problems), problems

    report = build_index(tiny_settings, fake_embedder)  # not forced: the check must see the damage
    assert report.rebuilt
    assert_healthy(tiny_settings, fake_embedder)
    assert leftovers(tiny_settings) == []


def test_stale_reasons_are_listed_one_per_change(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    edit_manifest(tiny_settings.index_dir, lambda m: (_other_model(m), _other_corpus(m)))
    with pytest.raises(IndexStaleError) as info:
        load_index(tiny_settings, fake_embedder)
    assert sorted(info.value.reasons) == ["corpus content changed", "embedding model changed"]
    assert sorted(check_index(tiny_settings, fake_embedder)) == sorted(info.value.reasons)


def test_corrupt_but_checksummed_file_is_refused(tiny_settings, fake_embedder):
    """A file replaced *with* a matching manifest entry still cannot crash the loader."""
    build_index(tiny_settings, fake_embedder)
    folder = tiny_settings.index_dir
    (folder / "dense.faiss").write_bytes(b"not a faiss index")

    def fix_entry(m: dict) -> None:
        m["files"]["dense.faiss"] = {
            "sha256": hashlib.sha256((folder / "dense.faiss").read_bytes()).hexdigest(),
            "bytes": (folder / "dense.faiss").stat().st_size,
        }

    edit_manifest(folder, fix_entry)
    with pytest.raises(IndexCorruptError, match="build-index"):
        load_index(tiny_settings, fake_embedder)
    assert build_index(tiny_settings, fake_embedder, force=True).rebuilt
    assert_healthy(tiny_settings, fake_embedder)


@pytest.mark.parametrize("damage", ["one bit flipped in a key", "a JSON list", "null", "file entry a string",
                                    "counts missing", "dense.faiss unlisted", "999 chunks claimed",
                                    "a listed path outside the folder"])
def test_misshapen_manifest_is_a_domain_error_and_repairable(tiny_settings, fake_embedder, damage):
    build_index(tiny_settings, fake_embedder)
    folder = tiny_settings.index_dir
    path = folder / MANIFEST
    if damage == "one bit flipped in a key":
        data = bytearray(path.read_bytes())
        data[data.index(b'"bytes"') + 5] ^= 0x01  # "bytes" -> "byter"
        path.write_bytes(bytes(data))
    elif damage == "a JSON list":
        path.write_text("[]")
    elif damage == "null":
        path.write_text("null")
    elif damage == "file entry a string":
        edit_manifest(folder, lambda m: m["files"].update({"chunks.jsonl": "ok"}))
    elif damage == "dense.faiss unlisted":
        edit_manifest(folder, lambda m: m["files"].pop("dense.faiss"))
    elif damage == "999 chunks claimed":
        edit_manifest(folder, lambda m: m["counts"].update({"chunks": 999}))
    elif damage == "a listed path outside the folder":
        edit_manifest(folder, lambda m: m["files"].update({"../../etc/passwd": {"sha256": "0" * 64, "bytes": 1}}))
    else:
        edit_manifest(folder, lambda m: m.pop("counts"))

    with pytest.raises(ChatbotError, match="build-index"):
        load_index(tiny_settings, fake_embedder)
    problems = check_index(tiny_settings, fake_embedder)
    assert len(problems) == 1 and "build-index" in problems[0]
    build_index(tiny_settings, fake_embedder)
    assert_healthy(tiny_settings, fake_embedder)


# --------------------------------------------------------------------------- half-written and crashed builds


def test_leftover_temp_folder_is_never_used(tiny_settings, fake_embedder):
    """A build killed half-way leaves ``.current.tmp-XXXX``; nothing may read it as the index."""
    build_index(tiny_settings, fake_embedder)
    folder = tiny_settings.index_dir
    builds = index_store.builds_dir(folder)
    complete = builds / "tmp-complete1"
    shutil.copytree(folder, complete)  # even a complete-looking leftover must not be picked up
    half = builds / "tmp-half2"
    half.mkdir()
    shutil.copy(folder / "chunks.jsonl", half / "chunks.jsonl")
    remove_index(folder)

    with pytest.raises(IndexMissingError, match="build-index"):
        load_index(tiny_settings, fake_embedder)
    problems = check_index(tiny_settings, fake_embedder)
    assert len(problems) == 1 and "No index found" in problems[0], problems

    assert build_index(tiny_settings, fake_embedder).rebuilt
    assert_healthy(tiny_settings, fake_embedder)
    # The build under the lock cleared what crashed builds left.
    assert leftovers(tiny_settings) == []
    assert build_index(tiny_settings, fake_embedder, force=True).rebuilt
    assert_healthy(tiny_settings, fake_embedder)


def test_leftover_temp_folder_next_to_a_good_index_is_ignored(tiny_settings, fake_embedder):
    build_index(tiny_settings, fake_embedder)
    half = tiny_settings.index_dir.parent / ".current.tmp-x7q2"
    half.mkdir()
    (half / "manifest.json").write_text("{half")
    assert check_index(tiny_settings, fake_embedder) == []
    assert_healthy(tiny_settings, fake_embedder)
    assert build_index(tiny_settings, fake_embedder, force=True).rebuilt
    assert_healthy(tiny_settings, fake_embedder)


class BuildCrash(RuntimeError):
    pass


@pytest.mark.parametrize("exception", [BuildCrash, KeyboardInterrupt])
def test_crash_mid_build_keeps_the_previous_index(tiny_settings, fake_embedder, monkeypatch, exception):
    build_index(tiny_settings, fake_embedder)
    before = read_manifest(tiny_settings.index_dir)

    def explode(*args, **kwargs):
        raise exception("simulated crash while fitting BM25")

    monkeypatch.setattr(index_build.LexicalIndex, "fit", explode)
    with pytest.raises(exception):
        build_index(tiny_settings, fake_embedder, force=True)
    assert leftovers(tiny_settings) == []
    assert read_manifest(tiny_settings.index_dir) == before
    assert_healthy(tiny_settings, fake_embedder)

    monkeypatch.undo()
    assert build_index(tiny_settings, fake_embedder, force=True).rebuilt
    assert_healthy(tiny_settings, fake_embedder)


def test_crash_while_saving_vectors_keeps_the_previous_index(tiny_settings, fake_embedder, monkeypatch):
    build_index(tiny_settings, fake_embedder)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_build.np, "save", full_disk)
    with pytest.raises(OSError):
        build_index(tiny_settings, fake_embedder, force=True)
    monkeypatch.undo()
    assert leftovers(tiny_settings) == []
    assert_healthy(tiny_settings, fake_embedder)


def test_crash_on_first_build_leaves_nothing(tiny_settings, fake_embedder, monkeypatch):
    monkeypatch.setattr(index_build.LexicalIndex, "fit", lambda *a, **k: (_ for _ in ()).throw(BuildCrash("x")))
    with pytest.raises(BuildCrash):
        build_index(tiny_settings, fake_embedder)
    assert leftovers(tiny_settings) == []
    assert not tiny_settings.index_dir.exists()
    with pytest.raises(IndexMissingError, match="build-index"):
        load_index(tiny_settings, fake_embedder)
    monkeypatch.undo()
    build_index(tiny_settings, fake_embedder)
    assert_healthy(tiny_settings, fake_embedder)


def test_crash_during_rebuild_after_a_corpus_edit_reports_stale_not_damaged(tiny_settings, fake_embedder, monkeypatch):
    build_index(tiny_settings, fake_embedder)
    article = tiny_settings.corpus_dir / "a1.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new sentence was added.\n", encoding="utf-8")
    monkeypatch.setattr(index_build.LexicalIndex, "fit", lambda *a, **k: (_ for _ in ()).throw(BuildCrash("x")))
    with pytest.raises(BuildCrash):
        build_index(tiny_settings, fake_embedder)
    monkeypatch.undo()
    with pytest.raises(IndexStaleError, match="corpus content changed"):
        load_index(tiny_settings, fake_embedder)
    assert leftovers(tiny_settings) == []
    assert build_index(tiny_settings, fake_embedder).rebuilt
    assert_healthy(tiny_settings, fake_embedder)


def _hook(monkeypatch, name: str, after: Callable[[Path, Path], None] | None = None,
          fail_when: Callable[[Path, Path], bool] | None = None) -> None:
    """Wrap ``os.<name>`` as index_store calls it (the swap), to act between its steps or make one fail."""
    real = getattr(os, name)

    def wrapped(src, dst, *args, **kwargs):
        if fail_when and fail_when(Path(src), Path(dst)):
            raise OSError(5, f"simulated I/O error in os.{name}")
        real(src, dst, *args, **kwargs)
        if after:
            after(Path(src), Path(dst))

    monkeypatch.setattr(index_build.os, name, wrapped)


def test_failure_of_the_final_swap_keeps_the_previous_index(tiny_settings, fake_embedder, monkeypatch):
    build_index(tiny_settings, fake_embedder)
    before = tiny_settings.index_dir.resolve()
    _hook(monkeypatch, "replace", fail_when=lambda src, dst: dst == tiny_settings.index_dir)
    with pytest.raises(OSError):
        build_index(tiny_settings, fake_embedder, force=True)
    monkeypatch.undo()
    assert tiny_settings.index_dir.resolve() == before
    assert_healthy(tiny_settings, fake_embedder)
    assert leftovers(tiny_settings) == []


def test_reader_during_a_swap_always_sees_a_whole_index(tiny_settings, fake_embedder, monkeypatch):
    build_index(tiny_settings, fake_embedder)
    seen: list[object] = []

    def read_now(src: Path, dst: Path) -> None:
        try:
            load_index(tiny_settings, fake_embedder)
            seen.append("loaded")
        except ChatbotError as exc:
            seen.append(exc)

    _hook(monkeypatch, "rename", after=read_now)  # the new build is complete but not yet linked in
    _hook(monkeypatch, "replace", after=read_now)  # the link now points at the new build
    build_index(tiny_settings, fake_embedder, force=True)
    monkeypatch.undo()
    assert seen == ["loaded", "loaded"]


# --------------------------------------------------------------------------- concurrent builds


def test_two_concurrent_builds_in_threads(tiny_settings):
    embedders = [FakeEmbedder(), FakeEmbedder()]
    build_index(tiny_settings, embedders[0])
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    reports = []

    def run(embedder: FakeEmbedder) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(3):
                reports.append(build_index(tiny_settings, embedder, force=True))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in embedders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert len(reports) == 6 and all(r.rebuilt for r in reports)
    assert_healthy(tiny_settings, embedders[0])
    assert leftovers(tiny_settings) == []
    assert sorted(p.name for p in tiny_settings.index_dir.parent.iterdir()) == [".current.builds", ".current.lock", "current"]


def _build_in_process(corpus_dir: str, index_dir: str, rounds: int, barrier) -> None:
    settings = load_settings(env={}, corpus_dir=Path(corpus_dir), index_dir=Path(index_dir))
    barrier.wait(timeout=60)  # both interpreters have imported the package: start together
    for _ in range(rounds):
        build_index(settings, FakeEmbedder(), force=True)


@pytest.mark.integration  # two spawned interpreters
def test_two_concurrent_builds_in_processes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    settings = load_settings(env={}, corpus_dir=corpus, index_dir=tmp_path / "index" / "current")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=_build_in_process, args=(str(corpus), str(settings.index_dir), 3, barrier))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert_healthy(settings, FakeEmbedder())
    assert leftovers(settings) == []
    assert sorted(p.name for p in settings.index_dir.parent.iterdir()) == [".current.builds", ".current.lock", "current"]


def test_builder_waits_for_the_lock_and_then_skips_a_fresh_index(tiny_settings, fake_embedder):
    """Two non-forced builds at once: exactly one builds, the other finds the fresh index."""
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        barrier.wait(timeout=10)
        reports.append(build_index(tiny_settings, FakeEmbedder()))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(r.rebuilt for r in reports) == [False, True]
    assert_healthy(tiny_settings, fake_embedder)
    assert leftovers(tiny_settings) == []
