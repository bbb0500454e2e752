"""Per-client rate limiting and a bounded queue, so one client cannot starve the others.

Pure, thread-safe and clock-injectable, so tests need no server and no sleeping.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RateLimiter:
    """Token bucket per client: ``per_minute`` sustained, ``burst`` at once.

    Remembers at most ``max_clients`` clients (least recently seen forgotten
    first), so a flood of addresses cannot exhaust memory.
    """

    def __init__(self, per_minute: float, burst: int, *, max_clients: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError(f"per_minute must be > 0 and burst >= 1, got {per_minute} and {burst}")
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """0 when the request may go ahead; otherwise seconds until it could."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class Busy(Exception):
    """More requests are waiting than the queue allows."""


class BoundedQueue:
    """At most ``workers`` answers computed at once and ``max_waiting`` more waiting; beyond that, refuse."""

    def __init__(self, workers: int, max_waiting: int) -> None:
        if workers < 1 or max_waiting < 0:
            raise ValueError(f"workers must be >= 1 and max_waiting >= 0, got {workers} and {max_waiting}")
        self._slots = threading.Semaphore(workers)
        self._lock = threading.Lock()
        self._inside = 0
        self.capacity = workers + max_waiting

    @property
    def inside(self) -> int:
        return self._inside

    @contextmanager
    def slot(self, timeout: float = 30.0) -> Iterator[None]:
        """Hold a worker slot for the duration of the block, or raise ``Busy`` at once."""
        with self._lock:
            if self._inside >= self.capacity:
                raise Busy()
            self._inside += 1
        try:
            if not self._slots.acquire(timeout=timeout):
                raise Busy()
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._inside -= 1
