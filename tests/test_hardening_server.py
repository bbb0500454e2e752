"""Hostile clients against the real server (tiny bot, ``python app.py``'s server and guards).

Gradio's queue takes only well-formed joins of the page's own events, with a
short session id and at the join rate; connections that never finish their
headers are dropped and those over the caps refused with a 503; forwarded
addresses count only from a listed proxy; every front end shares one answer
budget. Refusals are counted, never a 500.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid

import httpx
import pytest

from chatbot.web.tally import TALLY
from eval.perf.hostile import client as sender
from eval.perf.hostile import fn_ids


def join(client: httpx.Client, body: object, mount: str = "") -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(f"{mount}/gradio_api/queue/join", content=content, headers={"content-type": "application/json"})


def gradio_ask(client: httpx.Client, fn: int, data: list, mount: str = "") -> object:
    """Join the queue and read the event's result over server-sent events, as the chat does."""
    session = uuid.uuid4().hex[:11]
    r = join(client, {"data": data, "fn_index": fn, "session_hash": session, "trigger_id": None}, mount)
    assert r.status_code == 200, r.text
    with client.stream("GET", f"{mount}/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:") and '"process_completed"' in line:
                return json.loads(line[5:])["output"]["data"]
    raise AssertionError("the event never completed")


def from_address(address: str, url: str) -> httpx.Client:
    """A client whose connections come from another loopback address: another sender."""
    return sender(url, address, timeout=30)


JUNK = [b"\x00\xff", b"[1, 2]", b'{"data": "x", "fn_index": "a", "session_hash": 5}',
        b'{"data": [], "fn_index": 99999999, "session_hash": "abc"}', b"[" * 10_000 + b"]" * 10_000]
GRADIO_POSTS = ["queue/join", "cancel", "reset", "run/ask", "api/ask", "call/ask", "call/v2/ask", "component_server",
                "process_recording", "vibe-edit", "vibe-code", "run-history/connect", "stream/abc", "upload"]


@pytest.mark.integration
def test_the_queue_takes_only_well_formed_joins_of_the_pages_own_events(guarded_server):
    client, server, _ = guarded_server()
    ask = fn_ids(client)["ask"]
    huge = join(client, {"data": ["hi", []], "fn_index": ask, "session_hash": "a" * 1_000_000})
    assert huge.status_code == 413 and "session_hash is longer than 64" in huge.json()["error"]
    bad = join(client, {"data": ["hi", []], "fn_index": 99, "session_hash": "abc"})
    assert bad.status_code == 422 and bad.json() == {"error": "Invalid join: fn_index is not an event of this page."}
    for route in ("call/ask", "call/v2/ask", "component_server", "vibe-edit"):
        assert client.post(f"/gradio_api/{route}", json={}).status_code == 404
    direct = client.post("/gradio_api/run/ask", json={"data": ["hi", []], "fn_index": ask, "session_hash": "abc"})
    assert direct.status_code == 404  # a queued event cannot be run round the queue
    assert client.get("/gradio_api/heartbeat/" + "a" * 5000).status_code == 413
    statuses = {
        client.post(f"{mount}/gradio_api/{route}", content=body, headers={"content-type": "application/json"}).status_code
        for mount in ("", "/embed") for route in GRADIO_POSTS for body in JUNK
    }
    assert max(statuses) < 500, statuses  # junk is the client's fault: one sentence, never a traceback
    with from_address("127.0.0.4", server.url) as other:  # the junk used up this sender's joins
        answer = gradio_ask(other, ask, ["What is calcinosis cutis?", []])
    assert "calcium builds up in the skin" in answer[0]["answer"]


@pytest.mark.integration
def test_spoofed_addresses_buy_nothing_and_joins_are_limited_per_sender(guarded_server):
    client, server, _ = guarded_server(rate_limit_per_minute=60, rate_limit_burst=2, join_rate_factor=1.0)
    spoofed = [client.post("/api/ask", json={"message": "hi"}, headers=[("x-forwarded-for", f"6.6.6.{i}"),
                                                                       ("x-forwarded-for", f"7.7.7.{i}")]).status_code
               for i in range(3)]
    assert spoofed == [200, 200, 429]  # no proxy listed: the header is ignored, whatever its lines say

    body = {"data": ["hi", []], "fn_index": fn_ids(client)["ask"], "session_hash": "abc123"}
    with from_address("127.0.0.5", server.url) as flooder:
        assert [join(flooder, body).status_code for _ in range(3)] == [200, 200, 429]  # its own window
        refused = join(flooder, body)
    assert refused.headers["Retry-After"] in ("1", "2") and "Too many requests" in refused.json()["error"]
    with from_address("127.0.0.6", server.url) as other:
        assert join(other, body).status_code == 200  # another sender has its own window


@pytest.mark.integration
def test_half_headers_and_silence_are_dropped_and_caps_refuse_cleanly(guarded_server):
    client, server, _ = guarded_server(header_timeout=1.0, max_connections_per_client=4)
    before = TALLY.totals.copy()
    half = socket.create_connection(("127.0.0.1", server.port))
    half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    silent = socket.create_connection(("127.0.0.1", server.port))
    started = time.monotonic()
    for sock in (half, silent):
        sock.settimeout(10)
        assert sock.recv(100) == b""  # closed by the server
    assert time.monotonic() - started < 3

    held = [socket.create_connection(("127.0.0.1", server.port), source_address=("127.0.0.3", 0)) for _ in range(4)]
    over = [socket.create_connection(("127.0.0.1", server.port), source_address=("127.0.0.3", 0)) for _ in range(3)]
    for sock in over:
        sock.settimeout(5)
        assert sock.recv(200).startswith(b"HTTP/1.1 503 Service Unavailable")
    assert client.post("/api/ask", json={"message": "What is calcinosis cutis?"}).status_code == 200  # others unaffected
    for sock in held + over + [half, silent]:
        sock.close()
    after = TALLY.totals
    assert after["connections over the per-client cap"] - before["connections over the per-client cap"] == 3
    assert after["connections without complete headers in time"] - before["connections without complete headers in time"] >= 2


@pytest.mark.integration
def test_every_front_end_draws_on_one_answer_budget(guarded_server):
    """Two at once, whether the questions come through the API, Gradio's /ask or the chat, in either view."""
    client, server, bot = guarded_server(max_concurrent_answers=2, rate_limit_per_minute=1e6, rate_limit_burst=10**6)
    inside, peak, lock = [0], [0], threading.Lock()
    answer = bot.answer

    def slow_answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        try:
            time.sleep(0.3)
            return answer(*args, **kwargs)
        finally:
            with lock:
                inside[0] -= 1

    bot.answer = slow_answer  # type: ignore[method-assign]
    fns, embed = fn_ids(client), fn_ids(client, "/embed")
    calls = [lambda: client.post("/api/ask", json={"message": "What is calcinosis cutis?"})] * 3
    calls += [lambda: gradio_ask(client, fns["ask"], ["What is calcinosis cutis?", []])] * 2
    calls += [lambda: gradio_ask(client, fns["respond"], ["What is calcinosis cutis?", [], None])] * 2
    calls += [lambda: gradio_ask(client, embed["respond"], ["What is calcinosis cutis?", [], None], "/embed")] * 2
    threads = [threading.Thread(target=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert peak[0] == 2


@pytest.mark.unit
def test_chat_sessions_expire_and_are_capped(shared_tiny_bot):
    import gradio as gr

    import app as app_module
    from chatbot.web.channel import Channel

    settings = shared_tiny_bot.settings.replace(session_ttl_seconds=600, max_sessions=50)
    demo = app_module.build_ui(Channel(shared_tiny_bot), settings)
    states = [b for b in demo.blocks.values() if isinstance(b, gr.State)]
    assert states and all(s.time_to_live == 600 for s in states)
    assert demo.state_session_capacity == 50
    answering = [fn for fn in demo.fns.values() if fn.name in ("respond", "ask")]
    # The Ask button, Enter, a tapped example question and Gradio's /ask: one budget for all.
    assert len(answering) == 4 and {fn.concurrency_id for fn in answering} == {"answers"}
