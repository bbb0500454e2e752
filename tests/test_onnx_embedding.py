"""The torch-free ONNX embedder: exported locally, it matches the torch embedder and never imports torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx", reason="the ONNX export needs the onnx package")
pytest.importorskip("onnxruntime", reason="the ONNX embedder needs onnxruntime")

from chatbot.config import PROJECT_ROOT, load_settings  # noqa: E402
from chatbot.errors import ModelNotAvailableError  # noqa: E402

MIN_COSINE = 0.9999


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chatbot.search.onnx_export import export

    out = tmp_path_factory.mktemp("onnx") / "minilm"
    export(out)
    return out


@pytest.fixture(scope="module")
def onnx_embedder(onnx_dir: Path):
    from chatbot.search.onnx_embedding import OnnxEmbedder

    embedder = OnnxEmbedder(onnx_dir)
    embedder.warm_up()
    return embedder


def real_texts() -> list[str]:
    """Every sentence and chunk of the real corpus and every turn of the eval set."""
    from chatbot.ingest.chunking import chunk_corpus
    from chatbot.ingest.corpus import load_articles

    articles = load_articles(PROJECT_ROOT / "corpus")
    sentences = [s.text for article in articles for s in article.sentences]
    chunks = [c.text for c in chunk_corpus(articles, load_settings(env={}).chunking)]
    turns = []
    with open(PROJECT_ROOT / "eval" / "questions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                turns.extend(json.loads(line)["turns"])
    assert sentences and chunks and turns
    return sentences + chunks + turns


@pytest.mark.integration
def test_export_folder_and_manifest(onnx_dir: Path) -> None:
    from chatbot.search.embedding import EXPECTED_MODEL_SHA256
    from chatbot.hashing import sha256_file

    manifest = json.loads((onnx_dir / "onnx_manifest.json").read_text())
    assert manifest["source_weights_sha256"] == EXPECTED_MODEL_SHA256
    assert manifest["onnx_sha256"] == sha256_file(onnx_dir / "model.onnx")
    assert manifest["inputs"] == ["input_ids", "attention_mask", "token_type_ids"]
    assert isinstance(manifest["opset"], int) and manifest["versions"]["torch"]
    for name in ("tokenizer.json", "vocab.txt", "sentence_bert_config.json", "1_Pooling/config.json"):
        assert (onnx_dir / name).is_file()


@pytest.mark.integration
@pytest.mark.slow
def test_matches_torch_embedder(onnx_embedder, real_embedder) -> None:
    from chatbot.search.index_store import model_fingerprint

    texts = real_texts()
    ours = onnx_embedder.encode(texts)
    theirs = real_embedder.encode(texts)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours.astype(np.float64) * theirs.astype(np.float64), axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= MIN_COSINE, (cosines[worst], texts[worst])
    # An index built by either embedder is fresh for the other.
    assert model_fingerprint(onnx_embedder) == model_fingerprint(real_embedder)
    assert onnx_embedder.known_words() == real_embedder.known_words()


@pytest.mark.integration
def test_serving_process_never_imports_torch(onnx_dir: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from chatbot.search.onnx_embedding import OnnxEmbedder\n"
        "v = OnnxEmbedder(Path(sys.argv[1])).encode(['How is calcinosis cutis treated?'])\n"
        "assert v.shape == (1, 384), v.shape\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers')\n"
        "print('torch' in sys.modules, sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(onnx_dir)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False []", done.stdout


@pytest.mark.integration
def test_deterministic_and_equal_texts_bit_identical(onnx_embedder) -> None:
    texts = real_texts()[:60]
    query = "What causes calcium deposits in the skin?"
    first = onnx_embedder.encode([query, *texts, query])
    assert np.array_equal(first[0], first[-1])
    again = onnx_embedder.encode([query, *texts, query], batch_size=7)
    assert np.array_equal(first, again)
    # Batches hold only texts of equal token count, so nothing is padded and a text's
    # vector does not depend on its neighbours: alone it is the same, bit for bit.
    alone = np.stack([onnx_embedder.encode([t])[0] for t in [query, *texts[:20]]])
    assert np.array_equal(alone, first[:21])
    assert onnx_embedder.encode([]).shape == (0, 384)


@pytest.mark.integration
def test_thread_safe(onnx_dir: Path) -> None:
    from chatbot.search.onnx_embedding import OnnxEmbedder

    embedder = OnnxEmbedder(onnx_dir)  # not warmed up: the threads race to load it
    texts = real_texts()[:40]
    results: list[np.ndarray] = [None] * 4  # type: ignore[list-item]

    def work(i: int) -> None:
        results[i] = embedder.encode(texts[i:] + texts[:i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, got in enumerate(results):
        assert np.array_equal(np.roll(got, i, axis=0), results[0])


@pytest.mark.integration
def test_damaged_export_is_refused(onnx_dir: Path, tmp_path: Path) -> None:
    from chatbot.search.onnx_embedding import OnnxEmbedder
    from chatbot.search.onnx_export import current_manifest, ensure_export

    copy = tmp_path / "copy"
    shutil.copytree(onnx_dir, copy, ignore=shutil.ignore_patterns("model.onnx"))
    (copy / "model.onnx").write_bytes((onnx_dir / "model.onnx").read_bytes()[:-16] + b"\0" * 16)
    with pytest.raises(ModelNotAvailableError, match="SHA-256"):
        OnnxEmbedder(copy).warm_up()
    assert current_manifest(copy) is None
    # A current export is left alone (the index build can call this every time).
    before = (onnx_dir / "model.onnx").stat().st_mtime_ns
    assert ensure_export(onnx_dir) == current_manifest(onnx_dir) is not None
    assert (onnx_dir / "model.onnx").stat().st_mtime_ns == before
    (copy / "onnx_manifest.json").unlink()
    embedder = OnnxEmbedder(copy)
    with pytest.raises(ModelNotAvailableError, match="onnx_export"):
        embedder.weights_sha256


def test_export_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    from chatbot.search.onnx_export import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "--out DIR" in capsys.readouterr().out
