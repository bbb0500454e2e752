"""``python -m eval.perf.loadtest``: hundreds of concurrent chat sessions against a real server on loopback.

Each session replays follow-up conversations from the eval set turn by turn,
sending its own history with every request. Every answer must equal the answer
the same server gave when the conversation ran alone: a different answer would
mean one session's follow-up was read against another's history (cross-talk).
The run is bounded in requests and time, stops by itself, and reports errors,
latency and the server's resident memory at the start and the end (which must
stay flat). A second, short run against the shipped rate limit and bounded queue
shows that one greedy client cannot starve polite ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eval.perf.common import Server, run_threads, stats

HERE = Path(__file__).resolve().parent


def conversations() -> list[list[str]]:
    from eval.dataset import load_items

    return [list(i.turns) for i in load_items() if len(i.turns) > 1]


def play(http: Any, url: str, turns: list[str]) -> tuple[list[str], list[float], int]:
    """Answers to each turn, their latencies, and the number of failed requests."""
    history: list[dict[str, str]] = []
    answers, latencies, errors = [], [], 0
    for turn in turns:
        t = time.perf_counter()
        try:
            r = http.post(f"{url}/api/ask", json={"message": turn, "history": history})
            ok = r.status_code == 200
        except Exception:  # noqa: BLE001 - any transport failure counts as an error of the run
            ok = False
        latencies.append((time.perf_counter() - t) * 1000)
        if not ok:
            return answers, latencies, errors + 1
        answer = r.json()["answer"]
        answers.append(answer)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": answer}]
    return answers, latencies, errors


MAX_MEMORY_GROWTH_MB = 50.0  # "flat": the end of the run within this of its start (after warm-up)


def limits_phase(seconds: float = 60.0) -> dict[str, Any]:
    """The shipped limits on a second server: one greedy client cannot starve the others.

    The server trusts ``X-Forwarded-For`` here (as behind a proxy) so that one
    loopback address can play many clients. A greedy client fires requests as
    fast as it can on 8 connections while 20 polite clients ask one question
    every 2 s; then 100 clients ask at once, beyond the bounded queue.
    """
    import httpx

    server = Server(env={"CHATBOT_RATE_LIMIT_PER_MINUTE": "60", "CHATBOT_RATE_LIMIT_BURST": "20",
                         "CHATBOT_MAX_QUEUED_ANSWERS": "32", "CHATBOT_TRUSTED_PROXIES": "127.0.0.1",
                         "CHATBOT_MAX_CONNECTIONS_PER_CLIENT": "100000"})
    codes: dict[str, dict[int, int]] = {"greedy": {}, "polite": {}, "burst": {}}
    polite_latency: list[float] = []
    lock = threading.Lock()

    def ask(http: Any, who: str, client: str) -> None:
        t = time.perf_counter()
        try:
            r = http.post(f"{server.url}/api/ask", json={"message": "How is calcinosis cutis treated?"},
                          headers={"X-Forwarded-For": client})
            code = r.status_code
        except httpx.HTTPError:
            code = 0
        with lock:
            codes[who][code] = codes[who].get(code, 0) + 1
            if who == "polite":
                polite_latency.append((time.perf_counter() - t) * 1000)

    try:
        server.wait_first_answer()
        stop = time.time() + min(seconds, 30)

        def greedy() -> None:
            with httpx.Client(timeout=30) as http:
                for _ in range(2000):
                    if time.time() > stop:
                        return
                    ask(http, "greedy", "10.0.0.66")

        def polite(n: int) -> None:
            with httpx.Client(timeout=30) as http:
                while time.time() < stop:
                    ask(http, "polite", f"10.0.1.{n}")
                    time.sleep(2)

        threads = [threading.Thread(target=greedy) for _ in range(8)]
        threads += [threading.Thread(target=polite, args=(n,)) for n in range(20)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

        def burst(n: int) -> None:
            with httpx.Client(timeout=30) as http:
                ask(http, "burst", f"10.0.2.{n}")

        threads = [threading.Thread(target=burst, args=(n,)) for n in range(100)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        server.stop()
    ok = (
        set(codes["polite"]) == {200}
        and codes["greedy"].get(429, 0) > 0
        and set(codes["greedy"]) <= {200, 429, 503}
        and set(codes["burst"]) <= {200, 503}
    )
    return {
        "limits": "60/min per client, burst 20; 4 answers at once + 32 waiting",
        "status_codes": {k: {str(c): n for c, n in sorted(v.items())} for k, v in codes.items()},
        "polite_latency_ms": stats(polite_latency),
        "ok": ok,
    }


def main(argv: list[str] | None = None) -> int:
    import httpx

    parser = argparse.ArgumentParser(prog="python -m eval.perf.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200, help="concurrent sessions")
    parser.add_argument("--requests", type=int, default=3000, help="total requests (bounded)")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop after this long whatever happens")
    parser.add_argument("--out", type=Path, default=HERE / "loadtest.json")
    parser.add_argument("--skip-limits", action="store_true", help="skip the run against the shipped limits")
    args = parser.parse_args(argv)

    convs = conversations()
    server = Server()
    try:
        server.wait_first_answer()
        with httpx.Client(timeout=60) as http:
            reference = [play(http, server.url, c)[0] for c in convs]
        rss_start = server.rss_mb()
        deadline = time.time() + args.max_seconds
        per_session = max(1, args.requests // (args.sessions * 2))
        lock = threading.Lock()
        latencies: list[float] = []
        totals = {"requests": 0, "errors": 0, "mismatches": 0, "conversations": 0}

        def session(n: int) -> None:
            limits = httpx.Limits(max_connections=1)
            with httpx.Client(timeout=60, limits=limits) as http:
                for k in range(per_session):
                    if time.time() > deadline:
                        return
                    i = (n * per_session + k) % len(convs)
                    answers, lat, errors = play(http, server.url, convs[i])
                    with lock:
                        latencies.extend(lat)
                        totals["requests"] += len(lat)
                        totals["errors"] += errors
                        totals["conversations"] += 1
                        totals["mismatches"] += (not errors) and answers != reference[i]

        wall = run_threads(session, args.sessions)
        rss_end = server.rss_mb()
        result = {
            "sessions": args.sessions,
            **totals,
            "seconds": round(wall, 1),
            "answers_per_s": round(totals["requests"] / wall, 1),
            "latency_ms": stats(latencies),
            "rss_mb_start": rss_start,
            "rss_mb_end": rss_end,
            "memory_flat": rss_end - rss_start <= MAX_MEMORY_GROWTH_MB,
            "peak_rss_mb": server.peak_rss_mb(),
        }
    finally:
        server.stop()
    if not args.skip_limits:
        result["shipped_limits"] = limits_phase()
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    ok = (
        result["errors"] == 0
        and result["mismatches"] == 0
        and result["memory_flat"]
        and result.get("shipped_limits", {"ok": True})["ok"]
    )
    print("load test " + ("passed" if ok else "FAILED"), file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
