"""Limits every replica shares through Redis: the rate windows and the answer slots.

``SharedRateLimiter`` is the ``limits`` library's moving window in Redis (the
same rule as ``RateLimiter``). ``RedisSlots`` are leases in one sorted set: a
replica takes a slot when fewer than ``workers`` unexpired leases exist, so the
whole deployment computes at most ``workers`` answers at once; a replica that
dies mid-answer frees its slot when the lease runs out.

When Redis stops answering, each replica falls back to its own limits (one
warning a minute, never a failed request) and returns to Redis once it answers.
A server opens one client at start (``connect``), pinged once, and every shared
limit it builds draws on that client's connections.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

import redis
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from chatbot.config import Settings
from chatbot.errors import ChatbotError
from chatbot.web.limits import (
    BoundedQueue,
    Limiter,
    LocalSlots,
    RateLimiter,
    window_seconds,
)

log = logging.getLogger(__name__)

_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
_FAILURES = (StorageError, redis.RedisError, OSError)


class SharedLimitsError(ChatbotError):
    """Redis was asked for but does not answer at start."""


def redis_client(url: str) -> redis.Redis:
    """A client for ``url`` that has answered a PING, or ``SharedLimitsError`` saying what to do."""
    try:
        client = redis.Redis.from_url(url, **_TIMEOUTS)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise SharedLimitsError(
            f"Redis at {url} does not answer ({exc}); start it, or unset CHATBOT_REDIS_URL to keep "
            "the limits in each process."
        ) from None
    return client


def connect(settings: Settings) -> redis.Redis | None:
    """The one Redis client a server's shared limits draw on, pinged at start; None without CHATBOT_REDIS_URL."""
    return redis_client(settings.redis_url) if settings.redis_url else None


class _Fallback:
    """Says once a minute that Redis is down; the caller then uses its local limits."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._last = -1e9
        self._lock = threading.Lock()

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last >= 60:
                self._last = now
                log.warning("Redis is not answering (%s): %s are per replica until it is back",
                            type(exc).__name__, self.what)


class SharedRateLimiter:
    """``burst`` requests per window per client across all replicas, in Redis."""

    def __init__(self, url: str, per_minute: float, burst: int, namespace: str, *,
                 client: redis.Redis | None = None) -> None:
        """``client``: an open client to share (its connections and timeouts) instead of a new one for ``url``."""
        self.item = RateLimitItemPerSecond(burst, window_seconds(per_minute, burst))
        self.namespace = namespace
        connection = {"connection_pool": client.connection_pool} if client is not None else _TIMEOUTS
        self._strategy = MovingWindowRateLimiter(storage_from_string(url, wrap_exceptions=True, **connection))
        self._local = RateLimiter(per_minute, burst)
        self._fallback = _Fallback(f"rate limits ({namespace})")

    def acquire(self, client: str) -> float:
        try:
            if self._strategy.hit(self.item, self.namespace, client):
                return 0.0
            reset = self._strategy.get_window_stats(self.item, self.namespace, client).reset_time
            return max(reset - time.time(), 0.001)
        except _FAILURES as exc:
            self._fallback.failed(exc)
            return self._local.acquire(client)


# Drop expired leases, then take one if fewer than ARGV[2] remain. Redis's own clock,
# so replicas with skewed clocks agree.
_TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], t + tonumber(ARGV[3]), ARGV[1])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 1)
  return 1
end
return 0
"""


class RedisSlots:
    """``workers`` answer slots for the whole deployment: leases of ``lease`` seconds in a sorted set."""

    def __init__(self, client: redis.Redis, workers: int, *, key: str = "chatbot:answer-slots",
                 lease: float = 60.0, poll: float = 0.01) -> None:
        self.client = client
        self.key = key
        self.workers = workers
        self.lease = lease
        self.poll = poll
        self._take = client.register_script(_TAKE)
        self._local = LocalSlots(workers)
        self._fallback = _Fallback("answer slots")

    def acquire(self, timeout: float) -> object | None:
        token = uuid.uuid4().hex
        deadline = time.monotonic() + timeout
        delay = self.poll
        while True:
            try:
                if self._take(keys=[self.key], args=[token, self.workers, self.lease]):
                    return token
            except _FAILURES as exc:
                self._fallback.failed(exc)
                local = self._local.acquire(max(0.0, deadline - time.monotonic()))
                return None if local is None else ("local", local)
            if time.monotonic() >= deadline:
                return None
            time.sleep(delay)
            delay = min(delay * 1.5, 0.05)

    def release(self, token: object) -> None:
        if isinstance(token, tuple):
            self._local.release(token[1])
            return
        try:
            self.client.zrem(self.key, token)
        except _FAILURES as exc:  # the lease runs out by itself
            self._fallback.failed(exc)


def make_limiter(settings: Settings, namespace: str, factor: float = 1.0, *,
                 client: redis.Redis | None = None) -> Limiter:
    """The rate limiter of ``namespace`` ("questions", "joins"), at ``factor`` x the configured rate.

    With Redis it uses ``client`` (the server's, from ``connect``), or connects itself when given none.
    """
    per_minute, burst = settings.rate_limit_per_minute * factor, max(1, round(settings.rate_limit_burst * factor))
    if not settings.redis_url:
        return RateLimiter(per_minute, burst)
    if client is None:
        client = redis_client(settings.redis_url)  # refuse to start against a Redis that is not there
    return SharedRateLimiter(settings.redis_url, per_minute, burst, f"chatbot:{namespace}", client=client)


def make_queue(settings: Settings, *, client: redis.Redis | None = None) -> BoundedQueue:
    """The answer budget: ``max_concurrent_answers`` at once, in this process or across every replica
    (through ``client``, or a client of its own when given none)."""
    workers = settings.max_concurrent_answers
    if not settings.redis_url:
        return BoundedQueue(workers, settings.max_queued_answers)
    if client is None:
        client = redis_client(settings.redis_url)
    return BoundedQueue(workers, settings.max_queued_answers, RedisSlots(client, workers))
