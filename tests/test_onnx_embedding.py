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
def onnx_embedder(real_embedder):
    """The session's real embedder, which must be the ONNX one: what a server encodes questions with."""
    from chatbot.search.onnx_embedding import OnnxEmbedder

    assert isinstance(real_embedder, OnnxEmbedder)
    return real_embedder


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
    assert manifest["inputs"] == ["inputs_embeds", "attention_mask", "token_type_ids"]
    assert isinstance(manifest["opset"], int) and manifest["versions"]["torch"]
    for name in ("tokenizer.json", "vocab.txt", "sentence_bert_config.json", "1_Pooling/config.json"):
        assert (onnx_dir / name).is_file()
    assert manifest["files"]["word_embeddings.npy"] == sha256_file(onnx_dir / "word_embeddings.npy")


@pytest.mark.integration
def test_word_table_reads_the_exact_rows_without_mapping_the_file(onnx_dir: Path) -> None:
    from chatbot.search.onnx_embedding import WordTable

    whole = np.load(onnx_dir / "word_embeddings.npy")
    table = WordTable(onnx_dir / "word_embeddings.npy")
    assert table.shape == whole.shape == (30522, 384)
    ids = np.array([[101, 2054, 2003, 2054, 102], [101, 0, 30521, 7592, 102]], dtype=np.int64)
    rows = table.rows(ids)
    assert rows.shape == (2, 5, 384) and rows.dtype == np.float32
    assert np.array_equal(rows, whole[ids])
    with pytest.raises(ValueError, match="out of range"):
        table.rows(np.array([30522]))
    maps = Path("/proc/self/maps")
    if maps.exists():
        assert "word_embeddings.npy" not in maps.read_text()


@pytest.mark.integration
@pytest.mark.slow
def test_matches_torch_embedder(onnx_embedder, torch_embedder) -> None:
    from chatbot.search.index_store import model_fingerprint

    texts = real_texts()
    ours = onnx_embedder.encode(texts)
    theirs = torch_embedder.encode(texts)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(ours.astype(np.float64) * theirs.astype(np.float64), axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= MIN_COSINE, (cosines[worst], texts[worst])
    # An index built by either embedder is fresh for the other.
    assert model_fingerprint(onnx_embedder) == model_fingerprint(torch_embedder)
    assert onnx_embedder.known_words() == torch_embedder.known_words()


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
def test_the_whole_server_answers_without_importing_torch(real_bot, real_settings, onnx_dir: Path) -> None:
    """The app as ``make run`` serves it (index already built): chat, API, widget, and neither torch
    nor bm25s (with scipy): both only build the index."""
    script = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "import app\n"
        "client = TestClient(app.build_app())\n"
        "reply = client.post('/api/ask', json={'message': 'my mum has hard white lumps on her fingers, what are they?'})\n"
        "assert reply.status_code == 200 and reply.json()['citations'], reply.text\n"
        "assert client.get('/').status_code == 200\n"
        "from threadpoolctl import threadpool_info\n"
        "print('blas threads', sorted({i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'}))\n"
        "heavy = ('torch', 'transformers', 'sentence_transformers', 'bm25s', 'scipy')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))\n"
    )
    env = {
        **os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
        "CHATBOT_CORPUS_DIR": str(real_settings.corpus_dir), "CHATBOT_INDEX_DIR": str(real_settings.index_dir),
        "CHATBOT_ONNX_DIR": str(onnx_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # One BLAS thread for the answer's small products, so concurrent requests do not fight over the cores.
    assert "blas threads [1]" in done.stdout.splitlines(), done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


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
