"""Every way a hand-edited ``corpus/metadata.json`` can be wrong is refused in one sentence.

Each variant must raise ``CorpusError`` (never another exception) with a
single-line message naming the file, and ``python -m chatbot build-index``
must exit with an error line and no traceback. Tiny corpus, no model.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chatbot.config import load_settings
from chatbot.ingest.corpus import load_articles, load_sources
from chatbot.errors import CorpusError
from tests.conftest import TINY_METADATA, write_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _entry(change: Callable[[dict], None]) -> Callable[[dict], None]:
    return lambda meta: change(meta["sources"][0])


# name -> (change to the metadata dict, or raw bytes for the whole file; words the message must hold)
VARIANTS: dict[str, tuple[Callable[[dict], None] | bytes, str]] = {
    "not JSON": (b"{sources: [", "not valid UTF-8 JSON"),
    "not UTF-8": (b"\xff\xfe{}", "not valid UTF-8 JSON"),
    "empty file": (b"", "not valid UTF-8 JSON"),
    "a JSON list": (b"[]", "Input should be"),
    "null": (b"null", "Input should be"),
    "no sources key": (lambda m: m.pop("sources"), "sources"),
    "sources not a list": (lambda m: m.update(sources={"a1": "a1.txt"}), "sources"),
    "no sources": (lambda m: m.update(sources=[]), "sources"),
    "entry not an object": (lambda m: m["sources"].insert(0, "a1.txt"), "sources[0]"),
    "source_id missing": (_entry(lambda e: e.pop("source_id")), "source_id"),
    "source_id a number": (_entry(lambda e: e.update(source_id=7)), "source_id"),
    "source_id with a slash": (_entry(lambda e: e.update(source_id="a/1")), "source_id"),
    "file missing": (_entry(lambda e: e.pop("file")), "file"),
    "file a path outside": (_entry(lambda e: e.update(file="../../etc/passwd")), "without any path"),
    "file absolute": (_entry(lambda e: e.update(file="/etc/passwd")), "without any path"),
    "file not there": (_entry(lambda e: e.update(file="nowhere.txt")), "not a file in"),
    "file a folder": (_entry(lambda e: e.update(file="sub")), "not a file in"),
    "title a list": (_entry(lambda e: e.update(title=["a"])), "title"),
    "unknown field (typo)": (_entry(lambda e: e.update(tilte="Lumps")), "tilte"),
    "boilerplate not a list": (_entry(lambda e: e.update(boilerplate="Advert")), "boilerplate"),
    "boilerplate does not compile": (_entry(lambda e: e.update(boilerplate=["(unclosed"])), "not a valid regular"),
    "boilerplate too long": (_entry(lambda e: e.update(boilerplate=["a" * 5000])), "boilerplate"),
    "duplicate source id": (lambda m: m["sources"].append(dict(m["sources"][0])), "appears twice"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "not valid UTF-8 JSON"),
}


def _corpus_with(tmp_path: Path, variant: Callable[[dict], None] | bytes) -> Path:
    folder = write_corpus(tmp_path / "corpus")
    (folder / "sub").mkdir()
    if isinstance(variant, bytes):
        (folder / "metadata.json").write_bytes(variant)
    else:
        meta = copy.deepcopy(TINY_METADATA)
        variant(meta)
        (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(VARIANTS))
def test_bad_metadata_is_refused_in_one_sentence(tmp_path: Path, name: str):
    variant, words = VARIANTS[name]
    folder = _corpus_with(tmp_path, variant)
    with pytest.raises(CorpusError) as info:
        load_sources(folder)
    message = str(info.value)
    assert words in message, message
    assert "metadata.json" in message and "\n" not in message and len(message) < 400, message


def test_runaway_boilerplate_pattern_is_stopped_not_hung(tmp_path: Path):
    meta = copy.deepcopy(TINY_METADATA)
    meta["sources"][0]["boilerplate"] = [r"(x+x+)+y"]  # exponential backtracking on a run of x without y
    folder = write_corpus(tmp_path / "corpus", metadata=meta)
    (folder / "a1.txt").write_text("Symptoms\n" + "x" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="ran longer than"):
        load_articles(folder)


@pytest.mark.integration  # a subprocess
def test_build_index_reports_bad_metadata_without_a_traceback(tmp_path: Path):
    folder = _corpus_with(tmp_path, VARIANTS["file a path outside"][0])
    settings = load_settings(env={}, corpus_dir=folder, index_dir=tmp_path / "index" / "current")
    env = {**os.environ, "CHATBOT_CORPUS_DIR": str(settings.corpus_dir), "CHATBOT_INDEX_DIR": str(settings.index_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "chatbot", "build-index", "--quiet"], env=env, cwd=PROJECT_ROOT,
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "without any path" in run.stderr + run.stdout
