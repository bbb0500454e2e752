"""Throughput over HTTP against real servers on loopback: one process under 1, 8 and 32 clients, and replicas sharing one index."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from eval.perf.common import Server, run_threads, stats

_HEADERS = {"Content-Type": "application/json"}


def load(urls: list[str], qs: list[str], clients: int, per_client: int, *, keep_latencies: bool = False) -> dict[str, Any]:
    """``clients`` threads, each sending ``per_client`` questions, spread over ``urls``.

    Each client keeps one HTTP/1.1 connection per server (keep-alive), with the
    standard library's ``http.client``: the load generator shares the machine's
    two cores with the server it measures, and ``httpx`` spent 0.83 ms of CPU
    per request where ``http.client`` spends 0.25 (measured against the real
    server, 100 questions, twice), time taken from the server under test, both
    servers alike, so it flattened the ratio between them.
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(n: int) -> None:
        nonlocal errors
        connections: dict[str, http.client.HTTPConnection] = {}
        try:
            for i in range(per_client):
                url = urls[(n + i) % len(urls)]
                body = json.dumps({"message": qs[(n * per_client + i) % len(qs)]}).encode()
                t = time.perf_counter()
                try:
                    conn = connections.get(url)
                    if conn is None:
                        parts = urlsplit(url)
                        conn = connections[url] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                    conn.request("POST", "/api/ask", body=body, headers=_HEADERS)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    stale = connections.pop(url, None)
                    if stale is not None:
                        stale.close()
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(ms)
                    errors += not ok
        finally:
            for conn in connections.values():
                conn.close()

    wall = run_threads(client, clients)
    return {
        "clients": clients,
        "requests": len(latencies),
        "answers_per_s": round(len(latencies) / wall, 1),
        "latency_ms": stats(latencies),
        "errors": errors,
        **({"latencies": latencies} if keep_latencies else {}),
    }


_LOADS = ((1, 80), (8, 40), (32, 15))  # (clients, requests per client) in one round


def compare_over_http(qs: list[str], embedders: tuple[str, ...] = ("onnx", "torch"), rounds: int = 3) -> dict[str, Any]:
    """Servers (``python app.py``) with questions embedded by each of ``embedders``, loaded in turn, round after round:
    each one's cold start, throughput at 1, 8 and 32 clients, peak memory, and whether it imported torch.

    Every round sends each server 880 requests over the bench's questions, so most questions come
    back; the query cache is off, as for the in-process figures, so that every answer embeds its
    question (with it, repeats skip the model and throughput measures the cache).

    The servers are started one after the other (each cold start measured on an
    idle machine) and then all kept up; each round loads each server at 1, 8 and
    32 clients, the order of the servers alternating from round to round, so that
    a busy spell on this shared machine falls on both. Throughput is the median
    over rounds, latency is over every request, and ``<first>_over_<other>_rounds`` holds each
    round's throughput of the first server over each other's.
    """
    servers: dict[str, Server] = {}
    cold: dict[str, float] = {}
    try:
        for name in embedders:
            servers[name] = Server({"CHATBOT_QUERY_EMBEDDER": name, "CHATBOT_QUERY_CACHE_SIZE": "0"})
            cold[name] = servers[name].wait_first_answer()
        raw: dict[str, dict[int, list[dict[str, Any]]]] = {name: {c: [] for c, _ in _LOADS} for name in embedders}
        for r in range(rounds):
            order = embedders if r % 2 == 0 else embedders[::-1]
            for clients, per_client in _LOADS:
                for name in order:
                    raw[name][clients].append(load([servers[name].url], qs, clients, per_client, keep_latencies=True))
        out: dict[str, Any] = {}
        for name in embedders:
            runs = []
            for clients, _ in _LOADS:
                done = raw[name][clients]
                rates = [d["answers_per_s"] for d in done]
                runs.append({
                    "clients": clients,
                    "requests": sum(d["requests"] for d in done),
                    "answers_per_s": round(statistics.median(rates), 1),
                    "answers_per_s_rounds": rates,
                    "latency_ms": stats([ms for d in done for ms in d["latencies"]]),
                    "errors": sum(d["errors"] for d in done),
                })
            out[name] = {
                "query_embedder": name,
                "server": "one process: uvicorn, 1 worker; FastAPI runs the sync /api/ask in its thread pool; "
                f"questions embedded with {name}, 1 intra-op thread, 1 BLAS thread; query cache off "
                f"(every answer embeds its question); {rounds} round(s), servers alternating",
                "cold_start_s": round(cold[name], 2),
                "runs": runs,
                "peak_rss_mb": servers[name].peak_rss_mb(),
                "torch_loaded": servers[name].has_loaded("libtorch"),
            }
        first = embedders[0]
        for name in embedders[1:]:
            out[f"{first}_over_{name}_rounds"] = {
                str(c): [round(a["answers_per_s"] / b["answers_per_s"], 2) for a, b in zip(raw[first][c], raw[name][c])]
                for c, _ in _LOADS
            }
        return out
    finally:
        for server in servers.values():
            server.stop()


def compare_servers(onnx: dict[str, Any], torch: dict[str, Any], rounds: dict[str, list[float]]) -> dict[str, Any]:
    """The ONNX server over the torch one, measured in the same run: throughput (the median of the
    rounds' ratios, ``compare_over_http``), cold start, memory."""
    return {
        "throughput_ratio_at": {c: round(statistics.median(ratios), 2) for c, ratios in rounds.items()},
        "throughput_ratio_rounds": rounds,
        "cold_start_ratio": round(onnx["cold_start_s"] / torch["cold_start_s"], 2),
        "peak_rss_ratio": round(onnx["peak_rss_mb"] / torch["peak_rss_mb"], 2),
    }


def scale_out(qs: list[str], replicas: int = 2) -> dict[str, Any]:
    """N server processes sharing one read-only index folder vs one, same client load."""
    out: dict[str, Any] = {}
    for n in (1, replicas):
        env = {"CHATBOT_INDEX_MMAP": "true", "OMP_NUM_THREADS": str(max(1, (os.cpu_count() or 2) // n))}
        servers = [Server(env) for _ in range(n)]
        try:
            for s in servers:
                s.wait_first_answer()
            out[f"{n}_process"] = load([s.url for s in servers], qs, 8, 30)
            out[f"{n}_process"]["peak_rss_mb_each"] = [s.peak_rss_mb() for s in servers]
        finally:
            for s in servers:
                s.stop()
    out["throughput_ratio"] = round(
        out[f"{replicas}_process"]["answers_per_s"] / out["1_process"]["answers_per_s"], 2
    )
    out["note"] = f"{os.cpu_count()} cores: replicas share the cores, so this shows the design (no per-user state, one index folder), not more hardware."
    return out
