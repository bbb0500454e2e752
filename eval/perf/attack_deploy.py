"""The attack cases that start their own processes (``eval.perf.attack``): a damaged index or
metadata refused at start, and replicas behind nginx sharing one limit through Redis.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chatbot.config import PROJECT_ROOT
from eval.perf.common import free_port
from eval.perf.hostile import (
    QUESTIONS,
    client,
)


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


OTHER_CASES: dict[str, Callable[[], dict[str, Any]]] = {"faults": case_faults, "replicas": case_replicas}
