"""What every measurement here shares: the statistics, a thread runner, the log, the question set, a real server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
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


# One loopback address plays every client of the load runs, so by default the per-client limits are lifted.
LIFTED_LIMITS = {"CHATBOT_RATE_LIMIT_PER_MINUTE": "1e9", "CHATBOT_RATE_LIMIT_BURST": "1000000000",
                 "CHATBOT_MAX_QUEUED_ANSWERS": "10000", "CHATBOT_MAX_CONNECTIONS_PER_CLIENT": "100000"}


class Server:
    """``python app.py`` in a subprocess on a free port, for every measurement that needs a real server.

    The load runs want the per-client limits lifted (``lift_limits``, the default) and no output;
    the attack cases want the shipped limits and the log kept (``keep_log``), since they read it.
    Starting does not wait: ``wait_first_answer`` times the cold start, ``wait_healthy`` only waits.
    """

    def __init__(self, env: dict[str, str] | None = None, *, lift_limits: bool = True, keep_log: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path: Path | None = Path(tempfile.mkdtemp()) / "server.log" if keep_log else None
        self._log = open(self.log_path, "wb") if self.log_path else None  # noqa: SIM115 (closed in stop)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [PYTHON, "app.py", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, **(LIFTED_LIMITS if lift_limits else {}), **(env or {})},
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self._log else subprocess.DEVNULL,
        )

    def wait_healthy(self, timeout: float = 300) -> None:
        """Until ``/api/health`` answers; ``RuntimeError`` with the log's tail if the server exits or
        ``timeout`` passes."""
        def why() -> str:
            return f"the server did not start: {self.log_text()[-2000:] or '(its output was not kept)'}"

        wait_healthy(self.url, self.proc, time.time() + timeout, why, pause=0.5)

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

    def rss_mb(self) -> float:
        return self.memory_mb("VmRSS")

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def has_loaded(self, library: str) -> bool:
        """Whether the process has a shared library whose name contains ``library`` mapped (from /proc)."""
        try:
            return library in Path(f"/proc/{self.proc.pid}/maps").read_text()
        except OSError:
            return False

    def log_text(self) -> str:
        """Everything the server wrote so far ("" unless started with ``keep_log``)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down gracefully on it as on SIGINT), then a kill after 20 s."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if self._log:
            self._log.close()
