"""The real model, the real corpus, the real FAISS index: batch CLI and the Gradio app."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from chatbot.config import PROJECT_ROOT
from chatbot.search.index_store import read_manifest

pytestmark = [pytest.mark.integration]


def _verbatim(record: dict, settings) -> None:
    from chatbot.ingest.corpus import load_sources, read_raw

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
        assert real_bot.index.texts.raw_texts[c.source_id][c.start:c.end] == c.quote


@pytest.mark.slow  # a subprocess that loads the model
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


def test_gradio_client_uses_the_named_api(live_app):
    from gradio_client import Client

    client = Client(f"{live_app.url}/", verbose=False)
    result = client.predict("How is calcinosis cutis treated?", [], api_name="/ask")
    assert not result["abstained"] and result["citations"]
    assert "[1]" in result["answer"]


def test_json_api_matches_the_batch_format(live_app):
    import httpx

    body = {"message": "What causes it?", "history": [
        {"role": "user", "content": "What is metastatic calcinosis cutis?"},
        {"role": "assistant", "content": "Metastatic calcinosis cutis is associated with high levels of calcium."},
    ]}
    response = httpx.post(f"{live_app.url}/api/ask", json=body, timeout=60)
    assert response.status_code == 200
    record = response.json()
    assert {"answer", "abstained", "citations", "latency_ms", "route", "notice"} <= set(record)
    assert "metastatic" in record["answer"].lower()
    assert httpx.get(f"{live_app.url}/api/health").json()["status"] == "ok"
    bad = httpx.post(f"{live_app.url}/api/ask", json={"history": []}, timeout=10)
    assert bad.status_code == 422 and "message" in bad.json()["error"]
