"""Shared fixtures: a tiny corpus, a fake embedder, the tiny bot built from them, and (for
integration tests) the real ones.

Every test is exactly one of ``unit``, ``integration`` or ``browser`` (see
``pytest_collection_modifyitems``): tests marked ``integration`` or ``browser``
keep their marker, every other test is marked ``unit``.
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from chatbot.config import PROJECT_ROOT, Settings, load_settings
from eval.perf.common import free_port  # noqa: F401 (tests import it from here)
from tests.fakes import FakeEmbedder

TINY_ARTICLES = {
    "a1.txt": (
        "Lumps Explained\n\n"
        "Medically Reviewed by Jane Doe, MD on May 06, 2023\n"
        "3 min read\n\n"
        "Calcinosis cutis is a condition where calcium builds up in the skin. It is rare.\n\n"
        "Treatment\n\n"
        "Treatment\n\n"
        "Doctors may prescribe diltiazem, a calcium channel blocker. Surgery can remove large lumps.\n\n"
        "The treatments include:\n\n"
        "  • Laser therapy\n"
        "  • Surgical excision\n\n"
        "Was this page helpful?\n"
    ),
    "a2.txt": (
        "Symptoms\nCalcinosis cutis causes small, hard, white lumps under the skin. "
        "The lumps often appear on the fingertips and elbows.\n"
        "Diagnosis\nA biopsy can confirm the diagnosis. Blood tests check calcium levels.\n"
        "Contributor Information and Disclosures\n"
        "John Roe, MD is a member of the following medical societies: American Academy of Dermatology\n"
        "Disclosure: Nothing to disclose.\n"
    ),
}
TINY_METADATA = {
    "sources": [
        {"source_id": "a1", "file": "a1.txt", "title": "Lumps Explained", "publisher": "Test Pub", "date": "May 06, 2023"},
        {"source_id": "a2", "file": "a2.txt", "title": None, "display_title": "Second article", "publisher": None, "date": None},
    ]
}

# Two versions of one article (v1.txt, v2.txt), as the corpus has two of one publisher's.
VERSIONS_META = {
    "sources": [
        {"source_id": "v1", "file": "v1.txt", "title": "Version one", "publisher": "P", "date": None},
        {"source_id": "v2", "file": "v2.txt", "title": "Version two", "publisher": "P", "date": None},
    ]
}


def write_corpus(folder: Path, articles: dict[str, str] = TINY_ARTICLES, metadata: dict = TINY_METADATA) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


TINY_ABSTENTION = {"min_similarity": 0.1, "min_term_coverage": 0.3}


def tiny_settings_for(corpus_dir: Path, root: Path, abstention: dict = TINY_ABSTENTION) -> Settings:
    """Settings for a small corpus: its index under ``root/index/current``, abstention tuned for a few articles."""
    return load_settings(env={}, corpus_dir=corpus_dir, index_dir=root / "index" / "current").replace(abstention=abstention)


def make_tiny_bot(settings: Settings, embedder: FakeEmbedder | None = None):
    """The bot over ``settings``' corpus, its index built first if missing or stale (fake embedder by default)."""
    from chatbot.answer.bot import Chatbot

    return Chatbot.load(settings, embedder or FakeEmbedder(), build=True)


@pytest.fixture
def tiny_settings(tiny_corpus: Path, tmp_path: Path) -> Settings:
    return tiny_settings_for(tiny_corpus, tmp_path)


@pytest.fixture
def tiny_bot(tiny_settings: Settings, fake_embedder: FakeEmbedder):
    """A fresh bot over the tiny corpus; ``fake_embedder`` is its model, so tests can count its calls."""
    return make_tiny_bot(tiny_settings, fake_embedder)


@pytest.fixture(scope="module")
def shared_tiny_bot(tmp_path_factory: pytest.TempPathFactory):
    """The tiny bot built once per module, for tests that only ask it questions.

    Its query cache outlives a test: a test that counts model calls uses ``tiny_bot``.
    """
    root = tmp_path_factory.mktemp("tiny")
    return make_tiny_bot(tiny_settings_for(write_corpus(root / "corpus"), root))


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    return PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def onnx_dir() -> Path:
    """The project's ONNX export of the model (``make index`` writes it; exported here if missing)."""
    from chatbot.search.onnx_export import ensure_export

    path = load_settings(env={}).onnx_dir
    ensure_export(path)
    return path


@pytest.fixture(scope="session")
def real_embedder(onnx_dir: Path):
    """The embedder a server encodes questions with: the model through onnxruntime."""
    from chatbot.search.onnx_embedding import OnnxEmbedder

    embedder = OnnxEmbedder(onnx_dir)
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def torch_embedder():
    """The reference: the model through sentence-transformers (what builds the index)."""
    from chatbot.search.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    return embedder


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory, real_corpus: Path) -> Settings:
    """The real corpus copied to a temporary folder, with its own index folder."""
    root = tmp_path_factory.mktemp("real")
    corpus = root / "corpus"
    shutil.copytree(real_corpus, corpus)
    # Tests hammer the server from one address: the limiter gets its own tests.
    return load_settings(env={}, corpus_dir=corpus, index_dir=root / "index" / "current").replace(
        rate_limit_per_minute=1e9, rate_limit_burst=10**9, max_queued_answers=10_000
    )


@pytest.fixture(scope="session")
def real_bot(real_settings: Settings, real_embedder):
    from chatbot.answer.bot import Chatbot

    return Chatbot.load(real_settings, real_embedder, build=True)


class LiveServer:
    """A real uvicorn server in a thread, serving any ASGI app on a free loopback port."""

    def __init__(self, app) -> None:
        import threading

        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        import time

        self.thread.start()
        deadline = time.time() + 60
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_app(real_bot, real_settings):
    """The whole app (UI, embed view, widget, JSON API) served for real."""
    import app as app_module

    with LiveServer(app_module.build_app(bot=real_bot, settings=real_settings)) as server:
        yield server


@contextmanager
def _serving_tiny(tiny_settings, fake_embedder, serve):
    """The factory behind ``tiny_server`` and ``guarded_server``: ``start(**changes)`` builds the tiny
    bot and the whole app with those setting changes, serves it with ``serve(app, settings)`` and
    returns ``(httpx client, server, bot)``; every server started is stopped when the test ends."""
    import httpx

    import app as app_module

    started = []

    def start(**changes):
        settings = tiny_settings.replace(**changes)
        bot = make_tiny_bot(settings, fake_embedder)
        server = serve(app_module.build_app(bot=bot, settings=settings), settings).__enter__()
        started.append((httpx.Client(base_url=server.url, timeout=30), server))
        return started[-1][0], server, bot

    try:
        yield start
    finally:
        for client, server in started:
            client.close()
            server.__exit__(None, None, None)


@pytest.fixture
def tiny_server(tiny_settings, fake_embedder):
    """A factory: the whole app over the tiny bot, with the given setting changes, served for real.

    Returns ``(httpx client, LiveServer)``; every server started is stopped after the test.
    """
    with _serving_tiny(tiny_settings, fake_embedder, lambda app, settings: LiveServer(app)) as start:
        yield lambda **changes: start(**changes)[:2]


@pytest.fixture
def limited_api_client(tiny_settings, fake_embedder):
    """A factory: the JSON API (in process) over the tiny bot with a rate limit of ``burst`` quick requests."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from chatbot.web.channel import Channel
    from chatbot.web.http_api import add_api_routes, make_limits

    def make(burst: int) -> TestClient:
        settings = tiny_settings.replace(rate_limit_per_minute=60, rate_limit_burst=burst)
        app = FastAPI()
        add_api_routes(app, Channel(make_tiny_bot(settings, fake_embedder), *make_limits(settings)))
        return TestClient(app)

    return make


# --------------------------------------------------------------------------- test kinds

KINDS = ("unit", "integration", "browser")
# Fixtures that bring the real corpus, the real model or a real server: never in a unit test.
REAL_FIXTURES = frozenset({
    "real_corpus", "real_embedder", "torch_embedder", "onnx_dir", "real_settings", "real_bot", "live_app", "tiny_server",
    "guarded_server",
})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects on the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test not marked ``integration`` or ``browser`` as ``unit``; refuse a test with two kinds,
    or one that uses a real fixture while unmarked."""
    problems = []
    for item in items:
        kinds = [kind for kind in KINDS if item.get_closest_marker(kind)]
        real = sorted(REAL_FIXTURES & set(getattr(item, "fixturenames", ())))
        if len(kinds) > 1:
            problems.append(f"{item.nodeid}: marked {' and '.join(kinds)}; a test is exactly one of {', '.join(KINDS)}")
        elif kinds == ["unit"] and real:
            problems.append(f"{item.nodeid}: marked unit but uses {', '.join(real)}")
        elif not kinds:
            if real:
                problems.append(f"{item.nodeid}: uses {', '.join(real)} but is not marked integration or browser")
            item.add_marker(pytest.mark.unit)
    if problems:
        raise pytest.UsageError("test markers:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- the guarded server


class GuardedLiveServer(LiveServer):
    """A real server of ``app`` as ``python app.py`` runs it: ``chatbot.web.server``'s connection guards,
    no uvicorn proxy headers."""

    def __init__(self, app, settings: Settings) -> None:
        import threading

        import uvicorn

        from chatbot.web.server import server_config

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=self.port))
        self.thread = threading.Thread(target=self.server.run, daemon=True)


@pytest.fixture
def guarded_server(tiny_settings, fake_embedder):
    """A factory: the whole app over the tiny bot, with the given setting changes, served with the
    connection guards. Returns ``(httpx client, GuardedLiveServer, bot)``; all are stopped after the test."""
    with _serving_tiny(tiny_settings, fake_embedder, GuardedLiveServer) as start:
        yield start
