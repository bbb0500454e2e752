"""Per-client rate limits and the concurrency budget, in this process or shared by replicas.

The rate limit is a moving window: a client may send at most ``burst`` requests
in any ``window`` seconds, where ``window = burst * 60 / per_minute`` (rounded up
to whole seconds), so the sustained rate is ``per_minute`` and ``burst`` may come
at once. ``RateLimiter`` keeps the windows in this process (clock-injectable, for
tests); ``SharedRateLimiter`` keeps the same windows in Redis through the
``limits`` library, so N replicas allow what one would.

``BoundedQueue`` lets at most ``workers`` answers be computed at once and
``max_waiting`` more wait in this process; its slots are a local semaphore or,
with Redis, leases every replica draws from (``chatbot.web.shared``).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol


def window_seconds(per_minute: float, burst: int) -> int:
    """The moving window in which ``burst`` requests are allowed: ``burst`` at the sustained rate."""
    if per_minute <= 0 or burst < 1:
        raise ValueError(f"per_minute must be > 0 and burst >= 1, got {per_minute} and {burst}")
    return max(1, math.ceil(burst * 60.0 / per_minute))


class Limiter(Protocol):
    def acquire(self, client: str) -> float:
        """0 when the request may go ahead; otherwise seconds until it could."""
        ...


class RateLimiter:
    """Moving window per client, in this process.

    Remembers at most ``max_clients`` clients (least recently seen forgotten
    first), so a flood of addresses cannot exhaust memory.
    """

    def __init__(self, per_minute: float, burst: int, *, max_clients: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = float(window_seconds(per_minute, burst))
        self.burst = burst
        self.max_clients = max_clients
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        now = self._clock()
        with self._lock:
            hits = self._hits.pop(client, None) or deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            wait = 0.0
            if len(hits) < self.burst:
                hits.append(now)
            else:
                wait = hits[0] + self.window - now
            self._hits[client] = hits
            while len(self._hits) > self.max_clients:
                self._hits.popitem(last=False)
            return wait


class Busy(Exception):
    """More requests are waiting than the queue allows."""


class Slots(Protocol):
    """Where the ``workers`` answer slots live: this process, or Redis for every replica."""

    def acquire(self, timeout: float) -> object | None:
        """A token for a slot, or None when none came free within ``timeout`` seconds."""
        ...

    def release(self, token: object) -> None:
        ...


class LocalSlots:
    def __init__(self, workers: int) -> None:
        self._semaphore = threading.Semaphore(workers)

    def acquire(self, timeout: float) -> object | None:
        return True if self._semaphore.acquire(timeout=timeout) else None

    def release(self, token: object) -> None:
        self._semaphore.release()


class BoundedQueue:
    """At most ``workers`` answers computed at once and ``max_waiting`` more waiting; beyond that, refuse."""

    def __init__(self, workers: int, max_waiting: int, slots: Slots | None = None) -> None:
        if workers < 1 or max_waiting < 0:
            raise ValueError(f"workers must be >= 1 and max_waiting >= 0, got {workers} and {max_waiting}")
        self._slots = slots or LocalSlots(workers)
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
            token = self._slots.acquire(timeout)
            if token is None:
                raise Busy()
            try:
                yield
            finally:
                self._slots.release(token)
        finally:
            with self._lock:
                self._inside -= 1
