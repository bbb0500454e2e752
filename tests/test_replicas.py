"""Scale-out that is real: two replicas and one Redis hold one combined limit.

A real ``redis-server`` and two server processes on loopback (the tiny bot's
JSON API, sharing one read-only index): a client that alternates between them is
limited as one replica would limit it, and the answer slots are one budget for
both. Without Redis each replica would allow the whole burst.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from chatbot.config import PROJECT_ROOT
from eval.perf.common import wait_healthy
from tests.conftest import (
    TINY_ABSTENTION,
    free_port,
    make_tiny_bot,
    tiny_settings_for,
    write_corpus,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BURST = 6


def serve_replica() -> None:
    """One replica: the tiny bot (fake embedder) over the index the test built, behind the real server
    and edge. The JSON API only: Gradio's start-up would double the test's time, and every front end
    draws on the same channel limits."""
    from fastapi import FastAPI

    from chatbot.answer.bot import Chatbot
    from chatbot.config import load_settings
    from chatbot.web.channel import Channel
    from chatbot.web.http_api import add_api_routes, make_limits
    from chatbot.web.proxy import ClientAddress, TrustedProxies
    from chatbot.web.security import add_security_headers
    from chatbot.web.server import serve
    from tests.fakes import FakeEmbedder

    settings = load_settings()
    app = FastAPI()
    add_api_routes(app, Channel(Chatbot.load(settings, FakeEmbedder(), build=False), *make_limits(settings)))
    add_security_headers(app, settings)
    app.add_middleware(ClientAddress, proxies=TrustedProxies.from_settings(settings))
    serve(app, settings)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    executable = shutil.which("redis-server")
    assert executable, "redis-server is not installed: run `make server-deps` (make test does)"
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    deadline = time.time() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.time() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def replicas(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    root = tmp_path_factory.mktemp("replicas")
    settings = tiny_settings_for(write_corpus(root / "corpus"), root)
    make_tiny_bot(settings)  # the one index, built once; the replicas only read it
    os.chmod(settings.index_dir.resolve(), 0o555)
    env = {
        **os.environ, "CHATBOT_CORPUS_DIR": str(settings.corpus_dir), "CHATBOT_INDEX_DIR": str(settings.index_dir),
        "CHATBOT_REDIS_URL": redis_url, "CHATBOT_RATE_LIMIT_PER_MINUTE": "60", "CHATBOT_RATE_LIMIT_BURST": str(BURST),
        "CHATBOT_MAX_CONCURRENT_ANSWERS": "2",
        **{f"CHATBOT_ABSTENTION_{k.upper()}": str(v) for k, v in TINY_ABSTENTION.items()},
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([sys.executable, "-c", "from tests.test_replicas import serve_replica; serve_replica()"],
                         env={**env, "CHATBOT_PORT": str(port)}, cwd=PROJECT_ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    deadline = time.time() + 120
    for url, process in zip(urls, processes, strict=True):
        wait_healthy(url, process, deadline,
                     lambda p=process: f"replica did not start: {p.stderr.read() if p.stderr else ''}")
    yield urls
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(15)
    os.chmod(settings.index_dir.resolve(), 0o755)


def test_two_replicas_hold_one_combined_rate_limit(replicas: list[str]):
    codes = []
    for i in range(3 * BURST):
        with httpx.Client(base_url=replicas[i % 2], timeout=30) as client:
            codes.append(client.post("/api/ask", json={"message": "What is calcinosis cutis?"}).status_code)
    assert codes.count(200) == BURST  # one burst for both, not one each
    assert codes.count(429) == 2 * BURST


def test_two_replicas_share_one_answer_budget(redis_url: str):
    """The slots themselves, across two queues as two replicas hold them: never more than the budget."""
    import redis

    from chatbot.web.limits import BoundedQueue
    from chatbot.web.shared import RedisSlots

    client = redis.Redis.from_url(redis_url)
    queues = [BoundedQueue(2, 10, RedisSlots(client, 2, key="test:slots")) for _ in range(2)]
    inside, peak, lock = [0], [0], threading.Lock()

    def work(queue: BoundedQueue) -> None:
        with queue.slot(timeout=10):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.1)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work, args=(queues[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert peak[0] == 2 and client.zcard("test:slots") == 0


def test_without_redis_answering_a_replica_keeps_its_own_limits(caplog):
    """A Redis that goes away costs no request: each replica falls back to its own window, and says so once."""
    from chatbot.web.shared import SharedRateLimiter

    port = free_port()  # nothing listens here
    limiter = SharedRateLimiter(f"redis://127.0.0.1:{port}/0", 60, 2, "test")
    with caplog.at_level("WARNING", logger="chatbot.web.shared"):
        waits = [limiter.acquire("a") for _ in range(3)]
    assert waits[:2] == [0, 0] and waits[2] > 0
    assert len([r for r in caplog.records if "Redis is not answering" in r.getMessage()]) == 1


def test_an_absent_redis_is_refused_at_start_in_one_sentence():
    from chatbot.config import load_settings
    from chatbot.web.shared import SharedLimitsError, connect, redis_client

    with pytest.raises(SharedLimitsError, match=r"does not answer .*unset CHATBOT_REDIS_URL"):
        redis_client(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(SharedLimitsError, match=r"does not answer .*unset CHATBOT_REDIS_URL"):
        connect(load_settings(env={}, redis_url=f"redis://127.0.0.1:{free_port()}/0"))


def test_a_server_pings_redis_once_at_start(redis_url: str, tiny_bot):
    """The question and join limits and the answer slots share one client: one PING, not one each."""
    import redis

    import app as app_module

    client = redis.Redis.from_url(redis_url)
    client.config_resetstat()
    app_module.build_app(bot=tiny_bot, settings=tiny_bot.settings.replace(redis_url=redis_url))
    assert client.info("commandstats").get("cmdstat_ping", {}).get("calls") == 1
    client.close()
