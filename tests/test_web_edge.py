"""The web edge with a tiny index: request guard, CSP from configuration, feedback, closed bypasses.

The request tests start a real server of the whole app (``tiny_server``) over the
tiny corpus and the fake embedder, so each check runs in a second without the real model.
"""

from __future__ import annotations

import http.client
import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from chatbot.config import load_settings
from chatbot.render.html import user_html


@pytest.mark.integration
def test_frame_ancestors_come_from_the_configuration(tiny_server):
    client, _ = tiny_server(frame_ancestors="'self' https://clinic.example")
    for path in ("/", "/embed/", "/api/health", "/widget.js"):
        csp = client.get(path).headers["content-security-policy"]
        assert csp.endswith("frame-ancestors 'self' https://clinic.example"), (path, csp)
        assert "ws:" not in csp and "connect-src 'self';" in csp


def test_a_frame_ancestors_value_that_would_add_directives_is_refused():
    with pytest.raises(ValueError, match="not a CSP source list"):
        load_settings(env={}, frame_ancestors="'self'; script-src *")
    with pytest.raises(ValueError, match="CHATBOT_FRAME_ANCESTORS"):
        load_settings(env={"CHATBOT_FRAME_ANCESTORS": "*\r\nX-Evil: 1"})


@pytest.mark.integration
def test_bodies_over_the_limit_are_refused_before_parsing(tiny_server):
    client, server = tiny_server(max_request_bytes=16_384)
    padded = json.dumps({"message": "What is calcinosis cutis?", "junk": "x" * 20_000})
    r = client.post("/api/ask", content=padded, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "16384 bytes" in r.json()["error"]
    assert r.headers["x-content-type-options"] == "nosniff"
    # Without a Content-Length (chunked), the guard counts the bytes as they arrive.
    chunks = (part.encode() for part in (padded[:8000], padded[8000:16000], padded[16000:]))
    r = client.post("/api/ask", content=chunks, headers={"content-type": "application/json"})
    assert r.status_code == 413
    # The same request under the limit is answered.
    r = client.post("/api/ask", json={"message": "What is calcinosis cutis?", "junk": "x" * 100})
    assert r.status_code == 200 and r.json()["route"] == "answer"
    assert "Calcinosis cutis is a condition where calcium builds up in the skin." in r.json()["answer"]


@pytest.mark.parametrize("path", ["/gradio_api/upload", "/embed/gradio_api/upload", "/gradio_api/upload_progress"])
@pytest.mark.integration
def test_gradio_upload_routes_are_closed(tiny_server, path):
    client, _ = tiny_server()
    r = client.post(path, files={"files": ("z.bin", b"\0" * 1024)})
    assert r.status_code == 404
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.integration
def test_gradio_direct_run_routes_cannot_skip_the_queue(tiny_server):
    client, _ = tiny_server()
    for path in ("/gradio_api/run/ask", "/gradio_api/run/respond", "/embed/gradio_api/run/ask"):
        r = client.post(path, json={"data": ["What is calcinosis cutis?", []]})
        assert r.status_code == 404, (path, r.status_code, r.text[:200])


@pytest.mark.integration
@pytest.mark.slow  # about 10 s: the server waits for the Gradio client's connection to close
def test_the_named_gradio_api_still_answers_through_the_queue(tiny_server):
    from gradio_client import Client

    _, server = tiny_server()
    result = Client(f"{server.url}/", verbose=False).predict("What is calcinosis cutis?", [], api_name="/ask")
    assert result["route"] == "answer" and not result["abstained"]
    assert "Calcinosis cutis is a condition where calcium builds up in the skin." in result["answer"]


@pytest.mark.integration
def test_raw_oversized_content_length_gets_413_without_sending_the_body(tiny_server):
    _, server = tiny_server(max_request_bytes=16_384)
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=10)
    try:
        conn.putrequest("POST", "/api/ask")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(50 * 1024 * 1024))
        conn.endheaders()  # no body follows: the refusal must not wait for 50 MB
        response = conn.getresponse()
        assert response.status == 413
        assert "limit" in json.loads(response.read())["error"]
    finally:
        conn.close()


@pytest.mark.integration
def test_stopping_the_server_shuts_its_answer_threads_down(tiny_bot, monkeypatch):
    """Queued answers are cancelled and a stuck one does not hold the shutdown."""
    import threading
    import time

    import httpx

    import app as app_module
    from chatbot.web.channel import answer_workers
    from tests.conftest import LiveServer

    pools = []

    def recorded(count: int):  # type: ignore[no-untyped-def]
        pools.append(answer_workers(count))
        return pools[-1]

    monkeypatch.setattr(app_module, "answer_workers", recorded)
    release = threading.Event()
    try:
        with LiveServer(app_module.build_app(bot=tiny_bot, settings=tiny_bot.settings)) as server:
            assert httpx.post(f"{server.url}/api/ask", json={"message": "What is calcinosis cutis?"}).status_code == 200
            (pool,) = pools
            stuck = [pool.submit(release.wait, 30) for _ in range(tiny_bot.settings.max_concurrent_answers)]
            deadline = time.monotonic() + 10
            while not all(f.running() for f in stuck) and time.monotonic() < deadline:
                time.sleep(0.01)
            queued = pool.submit(int)
        assert not server.thread.is_alive()  # stopped without waiting for the stuck answers
        assert queued.cancelled()
        with pytest.raises(RuntimeError, match="after shutdown"):
            pool.submit(int)
    finally:
        release.set()


# --------------------------------------------------------------------------- feedback


def test_feedback_pair_follows_the_chat_message_index():
    from chatbot.web.chat_state import feedback_pair

    state = [
        {"role": "user", "content": "", "failed": True},
        {"role": "assistant", "content": "<p>Please type a question</p>", "failed": True},
        {"role": "user", "content": "Q1", "failed": False},
        {"role": "assistant", "content": "A1", "failed": False},
        {"role": "user", "content": "Q2", "failed": False},
        {"role": "assistant", "content": "A2", "failed": False},
    ]
    assert feedback_pair(state, 3) == ("Q1", "A1")
    assert feedback_pair(state, 5) == ("Q2", "A2")
    assert feedback_pair(state, 1) is None  # a refusal is not an answer to rate
    assert feedback_pair(state, 2) is None  # a user message
    assert feedback_pair(state, 0) is None and feedback_pair(state, 6) is None
    assert feedback_pair(state, "3") is None


def test_feedback_is_stored_only_when_turned_on(tiny_bot, tmp_path):
    from app import make_handlers
    from chatbot.web.channel import Channel
    from chatbot.web.feedback import FeedbackLog

    bot = tiny_bot
    request = SimpleNamespace(client=SimpleNamespace(host="127.0.0.1"), headers={})

    def answered(handler):  # type: ignore[no-untyped-def]
        """The chat's handler shows the question at once, then the answer: what it shows last."""
        def run(*args):  # type: ignore[no-untyped-def]
            *_, last = handler(*args)
            return last
        return run

    respond, on_like = make_handlers(Channel(bot), None)
    respond = answered(respond)
    _, chat, state = respond("What is calcinosis cutis?", [], [], request)
    on_like(SimpleNamespace(index=1, liked=True), state)
    assert not list(tmp_path.rglob("feedback.jsonl"))  # off: nothing written anywhere

    log = FeedbackLog(tmp_path / "feedback")
    respond, on_like = make_handlers(Channel(bot), log)
    respond = answered(respond)
    _, chat, state = respond("   ", chat, state, request)  # ignored, adds nothing
    _, chat, state = respond("x" * (bot.settings.max_question_chars + 1), chat, state, request)  # refused
    _, chat, state = respond("How is it treated?", chat, state, request)
    assert len(chat) == len(state) == 6
    on_like(SimpleNamespace(index=5, liked=False), state)
    on_like(SimpleNamespace(index=3, liked=True), state)  # the refusal: not recorded
    rows = [json.loads(line) for line in log.path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    assert rows[0]["question"] == "How is it treated?" and rows[0]["liked"] is False
    assert rows[0]["answer"] == state[5]["content"]


# --------------------------------------------------------------------------- user text


@pytest.mark.parametrize(
    "message",
    ["<img src=x onerror=alert(1)>", "see http://example.com now", "$$x^2$$ **bold** [a](http://b.c)", "a\n\nb"],
)
def test_user_text_is_an_inert_html_block(message):
    shown = user_html(message)
    assert shown.startswith('<div class="user-text">') and shown.endswith("</div>")
    inner = shown[len('<div class="user-text">'):-len("</div>")]
    assert "<" not in inner.replace("<br>", "")  # no tag but line breaks
    assert "\n" not in inner  # a blank line would end the HTML block and start Markdown
    assert "\\" not in inner  # nothing escaped for Markdown: the URL and symbols read as typed
