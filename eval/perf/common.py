"""What every measurement here shares: the statistics, a thread runner, the log, the question set, a real server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from chatbot.config import PROJECT_ROOT
from eval.metrics import percentile

PYTHON = sys.executable


def stats(values: Sequence[float]) -> dict[str, float]:
    """Median and 95th percentile (``eval.metrics.percentile``, the one percentile of the project)."""
    return {"median": round(percentile(values, 50) or 0.0, 3), "p95": round(percentile(values, 95) or 0.0, 3), "n": len(values)}


def run_threads(target: Callable[[int], None], n: int) -> float:
    """Run ``target(0)`` .. ``target(n - 1)`` in ``n`` threads at once; the wall-clock seconds they took."""
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - started


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def questions() -> list[str]:
    from eval.dataset import load_items

    return [i.turns[-1] for i in load_items() if i.expected == "answer" and not i.followup]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, deadline: float, why: Callable[[], str], pause: float = 0.2) -> None:
    """Until ``url``'s ``/api/health`` answers 200; ``RuntimeError(why())`` when ``proc`` exits or ``deadline``
    (a ``time.time()``) passes first."""
    import httpx

    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(why())
        time.sleep(pause)


def process_memory_mb(pid: int, field: str = "VmHWM") -> float:
    """From /proc, in MiB: VmHWM is the peak resident set, VmRSS the current one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


class Server:
    """``python app.py`` in a subprocess on a free port; records its peak memory."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [PYTHON, "app.py", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            # one loopback address plays every client here, so the per-client limit is lifted
            env={**os.environ, "CHATBOT_RATE_LIMIT_PER_MINUTE": "1e9", "CHATBOT_RATE_LIMIT_BURST": "1000000000",
                 "CHATBOT_MAX_QUEUED_ANSWERS": "10000", "CHATBOT_MAX_CONNECTIONS_PER_CLIENT": "100000", **(env or {})},
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
        return process_memory_mb(self.proc.pid, field)

    def peak_rss_mb(self) -> float:
        return self.memory_mb("VmHWM")

    def has_loaded(self, library: str) -> bool:
        """Whether the process has a shared library whose name contains ``library`` mapped (from /proc)."""
        try:
            return library in Path(f"/proc/{self.proc.pid}/maps").read_text()
        except OSError:
            return False

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
