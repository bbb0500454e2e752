"""The real model, the real corpus, the real FAISS index: batch CLI and the Gradio app."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from chatbot.config import PROJECT_ROOT
from chatbot.index_store import read_manifest

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _verbatim(record: dict, settings) -> None:
    from chatbot.corpus import load_sources, read_raw

    raw = {s.source_id: read_raw(settings.corpus_dir, s) for s in load_sources(settings.corpus_dir)}
    for c in record["citations"]:
        assert raw[c["source_id"]][c["start"]:c["end"]] == c["quote"]


def test_real_index_manifest(real_bot, real_settings):
    manifest = read_manifest(real_settings.index_dir)
    assert manifest["model"]["name"] == "all-MiniLM-L6-v2"
    assert manifest["model"]["sha256"] == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    assert manifest["model"]["dimension"] == 384
    assert manifest["counts"]["articles"] == 5


def test_treatment_question_gets_cited_quotes(real_bot):
    answer = real_bot.answer("How is calcinosis cutis treated?")
    assert not answer.abstained and len(answer.citations) >= 2
    for c in answer.citations:
        assert real_bot.index.raw_texts[c.source_id][c.start:c.end] == c.quote


def test_batch_cli_on_two_conversations(real_bot, real_settings, tmp_path):
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        json.dumps({"id": "c1", "turns": ["How is calcinosis cutis treated?"], "extra": 1}) + "\n"
        + json.dumps({"id": "c2", "turns": ["What is metastatic calcinosis cutis?", "What causes it?"]}) + "\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "chatbot", "--corpus-dir", str(real_settings.corpus_dir),
         "--index-dir", str(real_settings.index_dir), "batch", str(batch), "--no-build"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["c1", "c2"]
    for record in lines:
        assert {"id", "answer", "abstained", "citations", "latency_ms"} <= set(record)
        assert isinstance(record["latency_ms"], float) and record["citations"]
        assert set(record["citations"][0]) >= {"source_id", "title", "section", "quote", "start", "end"}
        _verbatim(record, real_settings)
    assert "metastatic" in lines[1]["answer"].lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gradio_app_answers_through_its_api(real_bot):
    from gradio_client import Client

    import app

    demo = app.build_app(bot=real_bot)
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        result = client.predict("How is calcinosis cutis treated?", api_name="/ask")
        assert "[1]" in result and "Sources" in result
    finally:
        demo.close()
