"""Hostile clients against a live server: every case of the hardening issue, measured.

    python -m eval.perf.attack                    # all cases: eval/perf/attack.json and attack.md
    python -m eval.perf.attack --cases histories,connections

Starts ``python app.py`` (the real model and index, default settings) on a free
loopback port and plays each attacker from its own loopback address
(127.0.x.y), next to a normal client from another, as they would be on a
network. Each case states its target; the report says which were met. The
replica case runs ``deploy/replicas.sh`` (two replicas, Redis, nginx). Traffic
goes to loopback only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import httpx

from chatbot.config import PROJECT_ROOT
from eval.perf.common import free_port, log, process_memory_mb, stats, wait_healthy

OUT_DIR = Path(__file__).resolve().parent
QUESTIONS = ["How is calcinosis cutis treated?", "What causes calcinosis cutis?", "What are the symptoms of calcinosis cutis?",
             "How is calcinosis cutis diagnosed?", "Who gets calcinosis cutis?"]
MARKER = "zebrafinch"  # a word in questions the audit log must never show
HOSTILE = ("it they what about calcium deposits " * 2000)


class Server:
    """``python app.py`` in a subprocess with its log captured; stopped on exit."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tempfile.mkdtemp()) / "server.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen([sys.executable, "app.py", "--port", str(self.port)], cwd=PROJECT_ROOT,
                                     env={**os.environ, **(env or {})}, stdout=self._log, stderr=subprocess.STDOUT)
        wait_healthy(self.url, self.proc, time.time() + 300,
                     lambda: f"the server did not start: {self.log_path.read_text()[-2000:]}", pause=0.5)

    def rss_mb(self) -> float:
        return process_memory_mb(self.proc.pid, "VmRSS")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


def client(url: str, address: str) -> httpx.Client:
    """A client whose connections come from ``address``: another sender to the server."""
    return httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=address))


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


# --------------------------------------------------------------------------- cases


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


def case_faults() -> dict[str, Any]:
    """Every metadata.json variant and index fault of the test suite: refused with one sentence, never a traceback."""
    from chatbot.errors import ChatbotError
    from chatbot.ingest.corpus import load_sources
    from chatbot.search.index_store import MANIFEST, build_index, load_index
    from tests.conftest import tiny_settings_for, write_corpus
    from tests.fakes import FakeEmbedder
    from tests.test_index_faults import FAULTS, edit_manifest
    from tests.test_metadata_faults import VARIANTS, _corpus_with

    def outcome(call: Callable[[], object]) -> str:
        try:
            call()
        except ChatbotError as exc:
            return "one sentence" if "\n" not in str(exc) and str(exc) else f"bad message: {exc!r}"[:200]
        except Exception as exc:  # noqa: BLE001 - exactly what this case looks for
            return f"crash: {type(exc).__name__}"
        return "accepted"

    metadata = {}
    for name, (variant, _) in VARIANTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            metadata[name] = outcome(lambda: load_sources(_corpus_with(Path(tmp), variant)))

    misshapen: dict[str, Callable[[Path], None]] = {
        "manifest a JSON list": lambda d: (d / MANIFEST).write_text("[]"),
        "manifest null": lambda d: (d / MANIFEST).write_text("null"),
        "manifest file entry a string": lambda d: edit_manifest(d, lambda m: m["files"].update({"chunks.jsonl": "ok"})),
        "manifest counts missing": lambda d: edit_manifest(d, lambda m: m.pop("counts")),
        "dense.faiss unlisted": lambda d: edit_manifest(d, lambda m: m["files"].pop("dense.faiss")),
        "999 chunks claimed": lambda d: edit_manifest(d, lambda m: m["counts"].update({"chunks": 999})),
        "a listed path outside the folder": lambda d: edit_manifest(
            d, lambda m: m["files"].update({"../../etc/passwd": {"sha256": "0" * 64, "bytes": 1}})),
        "dense.faiss replaced, manifest unchanged": lambda d: (d / "dense.faiss").write_bytes(b"not a faiss index"),
    }
    index = {}
    embedder = FakeEmbedder()
    for name, damage in {**{n: f[0] for n, f in FAULTS.items()}, **misshapen}.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            settings = tiny_settings_for(write_corpus(root / "corpus"), root)
            build_index(settings, embedder)
            damage(settings.index_dir)
            index[name] = outcome(lambda: load_index(settings, embedder))
    ok = lambda results: sum(v == "one sentence" for v in results.values())  # noqa: E731
    return {"metadata_variants": len(metadata), "metadata_refused_in_one_sentence": ok(metadata),
            "index_faults": len(index), "index_refused_in_one_sentence": ok(index),
            "not_refused_cleanly": {k: v for k, v in {**metadata, **index}.items() if v != "one sentence"},
            "met": ok(metadata) == len(metadata) >= 21 and ok(index) == len(index) >= 24}


def case_replicas(replicas: int = 2, n: int = 60) -> dict[str, Any]:
    """``deploy/replicas.sh``: two replicas, Redis and nginx. Rapid requests with spoofed forwarded
    addresses through nginx, spread over both replicas, are limited as one replica would limit them."""
    import shutil

    if not (shutil.which("redis-server") and shutil.which("nginx")):
        return {"skipped": "redis-server or nginx is not installed (make server-deps)", "met": False}
    port, run = free_port(), tempfile.mkdtemp()
    env = {**os.environ, "PORT": str(port), "RUN_DIR": run, "FIRST_PORT": str(free_port()),
           "REDIS_PORT": str(free_port()), "PYTHON": sys.executable}
    script = str(PROJECT_ROOT / "deploy" / "replicas.sh")
    started = time.monotonic()
    subprocess.run([script, "start", str(replicas)], env=env, check=True, timeout=600)
    try:
        ready_s = round(time.monotonic() - started, 1)
        with client(f"http://127.0.0.1:{port}", "127.0.7.1") as c:
            codes = [c.post("/api/ask", json={"message": QUESTIONS[i % 5]},
                            headers={"x-forwarded-for": f"198.51.100.{i % 250 + 1}"}).status_code for i in range(n)]
        per_replica = [Path(run, f"replica-{i}.log").read_text().count("channel=api") for i in range(replicas)]
    finally:
        subprocess.run([script, "stop"], env=env, timeout=60)
    burst = int(os.environ.get("CHATBOT_RATE_LIMIT_BURST", "20"))
    return {"replicas": replicas, "ready_after_s": ready_s, "requests": n, "answered": codes.count(200),
            "limited": codes.count(429), "audit_lines_per_replica": per_replica,
            "met": codes.count(200) <= burst and all(per_replica)}


# --------------------------------------------------------------------------- report

SERVER_CASES: dict[str, Callable[[Server], dict[str, Any]]] = {
    "histories": case_histories, "spoofed_forwarded_for": case_spoofed_forwarded_for,
    "gradio_queue": case_gradio_queue, "junk_bodies": case_junk_bodies, "audit": case_audit,
    "connections": case_connections,
}
OTHER_CASES: dict[str, Callable[[], dict[str, Any]]] = {"faults": case_faults, "replicas": case_replicas}


def _target(case: Callable[..., object]) -> str:
    """A case's first docstring paragraph: what it shows and its target."""
    return " ".join((case.__doc__ or "").split("\n\n")[0].split())


def markdown(report: dict[str, Any]) -> str:
    out = ["# Attack report", "", f"{report['machine']}; `python -m eval.perf.attack`, {report['date']}.", "",
           "| case | target | met | figures |", "| --- | --- | --- | --- |"]
    for name, result in report["cases"].items():
        figures = {k: v for k, v in result.items() if k not in ("met", "kinds", "target")}
        out.append(f"| {name} | {result.get('target', '')} | {'yes' if result['met'] else '**no**'} | "
                   f"`{json.dumps(figures)}` |")
    kinds = report["cases"].get("histories", {}).get("kinds", {})
    if kinds:
        out += ["", "## Hostile histories", "", f"Normal client alone: median {report['cases']['histories']['baseline_s']['median']} s.",
                "", "| attack | hostile median s | hostile worst s | statuses | normal median s | x baseline | met |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, k in kinds.items():
            out.append(f"| {name} | {k['hostile_s']['median']} | {k['hostile_worst_s']} | {k['hostile_statuses']} | "
                       f"{k['normal_s']['median']} | {k['normal_vs_baseline']} | {'yes' if k['met'] else '**no**'} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join([*SERVER_CASES, *OTHER_CASES]), help="comma-separated cases")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(wanted) - set(SERVER_CASES) - set(OTHER_CASES)
    if unknown:
        parser.error(f"unknown case(s) {', '.join(sorted(unknown))}; known: {', '.join([*SERVER_CASES, *OTHER_CASES])}")
    cases: dict[str, Any] = {}
    if set(wanted) & set(SERVER_CASES):
        log("starting the server")
        server = Server()
        try:
            for name in [c for c in SERVER_CASES if c in wanted]:
                log(f"case {name}")
                cases[name] = {"target": _target(SERVER_CASES[name]), **SERVER_CASES[name](server)}
        finally:
            server.stop()
    for name in [c for c in OTHER_CASES if c in wanted]:
        log(f"case {name}")
        cases[name] = {"target": _target(OTHER_CASES[name]), **OTHER_CASES[name]()}
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
              "cases": cases, "all_met": all(c["met"] for c in cases.values())}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "attack.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out_dir / "attack.md").write_text(markdown(report), encoding="utf-8")
    log(f"wrote {args.out_dir / 'attack.md'}; all targets met: {report['all_met']}")
    return 0 if report["all_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
