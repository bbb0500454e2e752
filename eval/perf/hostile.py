"""The pieces every attack case uses: clients from their own loopback addresses, a Gradio queue
event, and paced timing (``eval.perf.attack``); the live server is ``eval.perf.common.Server``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import httpx

QUESTIONS = ["How is calcinosis cutis treated?", "What causes calcinosis cutis?", "What are the symptoms of calcinosis cutis?",
             "How is calcinosis cutis diagnosed?", "Who gets calcinosis cutis?"]
MARKER = "zebrafinch"  # a word in questions the audit log must never show
HOSTILE = ("it they what about calcium deposits " * 2000)


def client(url: str, address: str, timeout: float = 60) -> httpx.Client:
    """A client whose connections come from ``address``: another sender to the server."""
    return httpx.Client(base_url=url, timeout=timeout, transport=httpx.HTTPTransport(local_address=address))


def fn_ids(c: httpx.Client, mount: str = "") -> dict[str, int]:
    return {d["api_name"]: d["id"] for d in c.get(f"{mount}/config").json()["dependencies"]}


def gradio_event(c: httpx.Client, fn: int, data: list, mount: str = "") -> int:
    """Join the queue and read the result over server-sent events, as the chat does; the join's status."""
    session = uuid.uuid4().hex[:11]
    r = c.post(f"{mount}/gradio_api/queue/join", json={"data": data, "fn_index": fn, "session_hash": session})
    if r.status_code != 200:
        return r.status_code
    with c.stream("GET", f"{mount}/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if '"process_completed"' in line:
                return 200
    return 599


def timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def paced(call: Callable[[int], object], seconds: float, interval: float) -> list[tuple[float, object]]:
    """``call(i)`` every ``interval`` seconds for ``seconds``: (latency, result) of each."""
    out, started, i = [], time.monotonic(), 0
    while time.monotonic() - started < seconds:
        due = started + i * interval
        time.sleep(max(0.0, due - time.monotonic()))
        out.append(timed(lambda: call(i)))
        i += 1
    return out


_ASKED = [0]


def normal_asker(url: str, address: str) -> Callable[[int], object]:
    """A normal client: questions of the eval set, each asked once in the whole run (no cache helps it)."""
    from eval.perf.common import questions

    c, pool = client(url, address), questions()

    def ask(i: int) -> object:
        _ASKED[0] += 1
        return c.post("/api/ask", json={"message": pool[_ASKED[0] % len(pool)]}).status_code

    return ask


def fresh_asker(url: str, address: str) -> Callable[[int], object]:
    """A normal client that opens a new connection for every question."""
    def ask(i: int) -> object:
        with client(url, address) as c:
            return c.post("/api/ask", json={"message": QUESTIONS[i % len(QUESTIONS)]}).status_code
    return ask


