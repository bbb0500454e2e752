"""The attack cases on one live server (``eval.perf.attack``): each plays one hostile client
and says whether its target was met; its first docstring paragraph is the target the report shows.
"""

from __future__ import annotations

import random
import re
import resource
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from multiprocessing import Pool
from typing import Any

import httpx

from eval.perf.common import Server, log, stats
from eval.perf.hostile import (
    HOSTILE,
    MARKER,
    QUESTIONS,
    client,
    fn_ids,
    fresh_asker,
    gradio_event,
    normal_asker,
    paced,
)


def case_histories(server: Server, seconds: float = 8.0) -> dict[str, Any]:
    """Each hostile history beside a normal client: answered or refused in <= 1 s, the normal client's
    median latency at most twice its median alone."""
    turn20k, turn60k = HOSTILE[:20_000], HOSTILE[:60_000]
    with client(server.url, "127.0.1.200") as probe:  # warm every path once, as earlier visitors would have
        fns = fn_ids(probe)
        for q in QUESTIONS:
            probe.post("/api/ask", json={"message": q})
        gradio_event(probe, fns["ask"], [QUESTIONS[0], []])
        gradio_event(probe, fns["respond"], [QUESTIONS[0], [], None])
    baseline = [t for t, _ in paced(normal_asker(server.url, "127.0.1.1"), seconds, 0.5)]

    def api(history: list[dict[str, str]]) -> Callable[[httpx.Client, int], object]:
        return lambda c, i: c.post("/api/ask", json={"message": QUESTIONS[i % 5], "history": history}).status_code

    kinds: dict[str, tuple[int, Callable[[httpx.Client, int], object]]] = {
        "api: ten 20,000-character turns": (1, api([{"role": "user", "content": turn20k}] * 10)),
        "api: four 400 KB requests at once": (4, api([{"role": "user", "content": turn20k}] * 20)),
        "gradio /ask: one 60,000-character history entry": (
            1, lambda c, i: gradio_event(c, fns["ask"], [QUESTIONS[i % 5], [{"role": "user", "content": turn60k}]])),
        "chat: a 400 KB conversation sent back with the question": (
            1, lambda c, i: gradio_event(c, fns["respond"], [QUESTIONS[i % 5],
                                                            [{"role": "user", "content": turn20k}] * 20, None])),
    }
    results: dict[str, Any] = {"baseline_s": stats(baseline), "kinds": {}}
    for n, (name, (clients, call)) in enumerate(kinds.items()):
        hostile: list[tuple[float, object]] = []
        threads = []
        for k in range(clients):
            c = client(server.url, f"127.0.{10 + n}.{k + 1}")
            threads.append(threading.Thread(target=lambda c=c: hostile.extend(paced(lambda i: call(c, i), seconds, 0.5))))
        for t in threads:
            t.start()
        normal = [t for t, _ in paced(normal_asker(server.url, f"127.0.1.{10 + n}"), seconds, 0.5)]
        for t in threads:
            t.join()
        worst = max(t for t, _ in hostile)
        ratio = stats(normal)["median"] / max(results["baseline_s"]["median"], 1e-3)
        results["kinds"][name] = {
            "hostile_s": stats([t for t, _ in hostile]), "hostile_worst_s": round(worst, 3),
            "hostile_statuses": dict(Counter(str(s) for _, s in hostile)), "normal_s": stats(normal),
            "normal_vs_baseline": round(ratio, 2), "met": worst <= 1.0 and ratio <= 2.0,
        }
        log(f"{name}: hostile worst {worst:.2f} s, normal median x{ratio:.2f}")
    results["met"] = all(k["met"] for k in results["kinds"].values())
    return results


def case_spoofed_forwarded_for(server: Server, n: int = 60) -> dict[str, Any]:
    """60 rapid requests, each claiming fresh addresses in two X-Forwarded-For lines: >= 30 limited."""
    rnd = random.Random(7)
    with client(server.url, "127.0.2.1") as c:
        codes = [c.post("/api/ask", json={"message": QUESTIONS[i % 5]}, headers=[
            ("x-forwarded-for", f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"),
            ("x-forwarded-for", f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"),
        ]).status_code for i in range(n)]
    limited = codes.count(429)
    return {"requests": n, "limited": limited, "answered": codes.count(200), "met": limited >= n // 2}


def case_gradio_queue(server: Server) -> dict[str, Any]:
    """A 1 MB session_hash gets 413 and is not kept; a join flood from one sender is limited."""
    with client(server.url, "127.0.2.2") as c:
        ask = fn_ids(c)["ask"]
        huge = {"data": ["hi", []], "fn_index": ask, "session_hash": "a" * 1_000_000}
        first = c.post("/gradio_api/queue/join", json=huge).status_code
    rss_before = server.rss_mb()
    statuses: Counter[str] = Counter()
    for k in range(10):  # 100 joins of 1 MB, from ten senders so the join limit does not hide the size check
        with client(server.url, f"127.0.20.{k + 1}") as c:
            for _ in range(10):
                statuses[str(c.post("/gradio_api/queue/join", json=huge).status_code)] += 1
    time.sleep(1)
    rss_after = server.rss_mb()
    with client(server.url, "127.0.2.3") as c:
        flood = Counter(str(c.post("/gradio_api/queue/join", json={
            "data": ["hi", []], "fn_index": ask, "session_hash": uuid.uuid4().hex[:11]}).status_code) for _ in range(100))
    return {
        "one_mb_session_hash_status": first, "hundred_1mb_joins": dict(statuses),
        "rss_mb_before": rss_before, "rss_mb_after": rss_after, "join_flood_100_statuses": dict(flood),
        "met": first == 413 and statuses.get("413", 0) + statuses.get("429", 0) == 100
        and rss_after - rss_before < 100 and flood.get("429", 0) >= 50,
    }


def _hold_idle(args: tuple[int, str, int, float, float]) -> dict[str, int]:
    """A worker process: ``n`` connections from ``address`` that send nothing, opened at ``rate`` a second
    and held ``hold`` seconds."""
    port, address, n, rate, hold = args
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    socks, failed, started = [], 0, time.monotonic()
    for i in range(n):
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(address, 0))
            s.setblocking(False)
            socks.append(s)
        except OSError:
            failed += 1
    time.sleep(hold)
    refused = dropped = still_open = 0
    for s in socks:
        try:
            data = s.recv(64)
            refused += data.startswith(b"HTTP/1.1 503")
            dropped += data == b""
        except BlockingIOError:
            still_open += 1
        except OSError:
            dropped += 1
        s.close()
    return {"opened": len(socks), "connect_failed": failed, "refused_503": refused, "dropped_by_server": dropped,
            "still_open": still_open}


def case_connections(server: Server, total: int = 20_000, rate: float = 2_000, hold: float = 14.0) -> dict[str, Any]:
    """A half-header client is dropped within 30 s; 20,000 idle connections while a normal client gets answers.

    The idle connections come from four addresses at ``rate`` a second in all; the normal client opens a
    new connection for every question (the worst case for it), under its rate limit."""
    half = socket.create_connection(("127.0.0.1", server.port), source_address=("127.0.3.1", 0))
    half.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: half")
    half.settimeout(40)
    started = time.monotonic()
    try:
        half.recv(100)
    except OSError:
        pass
    half_dropped_after = round(time.monotonic() - started, 2)
    half.close()

    log_before, fds = len(server.log_text()), [server.open_fds()]
    workers = 4
    jobs = [(server.port, f"127.0.4.{k + 1}", total // workers, rate / workers, hold) for k in range(workers)]
    with Pool(workers) as pool:
        pending = pool.map_async(_hold_idle, jobs)
        normal: list[tuple[float, object]] = []
        sampler = threading.Thread(target=lambda: normal.extend(
            paced(fresh_asker(server.url, "127.0.3.2"), total / rate + hold, 1.25)))  # under its rate limit
        sampler.start()
        while not pending.ready():
            fds.append(server.open_fds())
            time.sleep(0.5)
        sampler.join()
        flood = [r for r in pending.get()]
    summed = {k: sum(r[k] for r in flood) for k in flood[0]}
    log_after = server.log_text()[log_before:]
    answered = sum(1 for _, status in normal if status == 200)
    slowest = max((t for t, _ in normal), default=99.0)
    return {
        "half_header_dropped_after_s": half_dropped_after, "idle_connections": summed, "server_fds_max": max(fds),
        "normal_answered": answered, "normal_requests": len(normal), "normal_s": stats([t for t, _ in normal]),
        "log_bytes_during_flood": len(log_after), "tracebacks_in_log": log_after.count("Traceback"),
        "flood_rate_per_s": rate, "normal_slowest_s": round(slowest, 3),
        "normal_statuses": dict(Counter(str(status) for _, status in normal)),
        "met": half_dropped_after <= 30 and summed["opened"] >= total and answered == len(normal) >= 10
        and slowest <= 2.0 and log_after.count("Traceback") == 0,
    }


def case_junk_bodies(server: Server) -> dict[str, Any]:
    """Junk on every Gradio POST route and the API: 4xx with one sentence, never a 500 or a traceback."""
    routes = ["queue/join", "cancel", "reset", "run/ask", "api/ask", "call/ask", "call/v2/ask", "component_server",
              "process_recording", "vibe-edit", "run-history/connect", "upload"]
    bodies = [b"\x00\xff", b"[1, 2]", b'"x"', b"{}", b'{"data": "x", "fn_index": "a", "session_hash": 5}',
              b'{"data": [], "fn_index": 99999999, "session_hash": "abc"}', b"[" * 50_000 + b"]" * 50_000]
    before = len(server.log_text())
    statuses: Counter[str] = Counter()
    with client(server.url, "127.0.5.1") as c:
        for mount in ("", "/embed"):
            for route in routes:
                for body in bodies:
                    r = c.post(f"{mount}/gradio_api/{route}", content=body, headers={"content-type": "application/json"})
                    statuses[str(r.status_code)] += 1
        for body in bodies:
            statuses[str(c.post("/api/ask", content=body, headers={"content-type": "application/json"}).status_code)] += 1
    tracebacks = server.log_text()[before:].count("Traceback")
    server_errors = sum(n for s, n in statuses.items() if s.startswith("5"))
    return {"requests": sum(statuses.values()), "statuses": dict(statuses), "server_errors": server_errors,
            "tracebacks_in_log": tracebacks, "met": server_errors == 0 and tracebacks == 0}


def case_audit(server: Server) -> dict[str, Any]:
    """One answered line per answer in every channel (API, Gradio /ask, the chat, the embed view); no question text."""
    question = f"How is calcinosis cutis treated, asks {MARKER}?"
    before = len(server.log_text())
    with client(server.url, "127.0.6.1") as c:
        c.post("/api/ask", json={"message": question})
        gradio_event(c, fn_ids(c)["ask"], [question, []])
        gradio_event(c, fn_ids(c)["respond"], [question, [], None])
        gradio_event(c, fn_ids(c, "/embed")["respond"], [question, [], None], "/embed")
    time.sleep(0.5)
    text = server.log_text()[before:]
    lines = {ch: len(re.findall(rf"answered channel={ch} ", text)) for ch in ("api", "gradio-api", "ui")}
    return {"answered_lines": lines, "question_in_log": MARKER in text,
            "met": lines == {"api": 1, "gradio-api": 1, "ui": 2} and MARKER not in text}


SERVER_CASES: dict[str, Callable[[Server], dict[str, Any]]] = {
    "histories": case_histories, "spoofed_forwarded_for": case_spoofed_forwarded_for,
    "gradio_queue": case_gradio_queue, "junk_bodies": case_junk_bodies, "audit": case_audit,
    "connections": case_connections,
}
