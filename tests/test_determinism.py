"""The same question gives the same answer whatever the thread count.

Two threads sum the model's floats in another order than one, so the last bits
of every vector differ (about 2e-7 a component, as another CPU would). The
answers must not: scores are compared rounded and every tie is broken by a
stable key. A subprocess builds its own index and answers a third of the eval
set with two threads; this process answers the same with one; every quote,
citation and route must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from chatbot.cli import answer_conversation
from chatbot.stable import SCORE_DECIMALS, stable, stable_array, stable_float
from chatbot.web.channel import Channel
from eval.dataset import load_items

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _comparable(record: dict) -> dict:
    """Everything of a batch record but its timing."""
    return {k: v for k, v in record.items() if k != "latency_ms"}


def test_rounding_absorbs_float_noise_of_thread_order():
    rng = np.random.default_rng(0)
    scores = np.round(rng.random(1000), SCORE_DECIMALS) + 1e-8 * rng.standard_normal(1000)
    assert np.array_equal(stable_array(scores), stable_array(scores + 2e-9))
    assert stable(0.1234561) == stable(0.1234559) == 0.12346


def test_stable_float_rounds_exactly_as_stable_array():
    """The loops that round one value at a time (MMR, fusion) must pick what the arrays would:
    random values and every half-way case of the last kept digit."""
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.uniform(-3, 3, 200_000), (np.arange(-50_000, 50_000) + 0.5) / 10**SCORE_DECIMALS])
    assert stable_array(values).tolist() == [stable_float(v) for v in values.tolist()]


@pytest.mark.integration
@pytest.mark.slow
def test_answers_are_identical_with_one_and_two_threads(real_bot, real_settings, tmp_path):
    items = load_items()[::3]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(json.dumps({"id": i.id, "turns": list(i.turns)}) + "\n" for i in items))
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "CHATBOT_EMBED_THREADS": "2",
        "CHATBOT_CORPUS_DIR": str(real_settings.corpus_dir),
        "CHATBOT_INDEX_DIR": str(tmp_path / "index-2-threads" / "current"),
    }
    subprocess.run(
        [sys.executable, "-m", "chatbot", "build-index", "--quiet"], env=env, cwd=PROJECT_ROOT, check=True,
        capture_output=True, timeout=600,
    )
    run = subprocess.run(
        [sys.executable, "-m", "chatbot", "batch", str(sample)], env=env, cwd=PROJECT_ROOT, check=True,
        capture_output=True, text=True, timeout=600,
    )
    two_threads = {r["id"]: _comparable(r) for r in map(json.loads, run.stdout.splitlines())}
    assert len(two_threads) == len(items) > 60

    assert real_bot.embedder.threads == 1
    channel = Channel(real_bot)
    one_thread = {i.id: _comparable({"id": i.id, **answer_conversation(channel, i.turns)}) for i in items}
    differing = [i for i in one_thread if one_thread[i] != two_threads[i]]
    assert differing == [], f"answers differ between 1 and 2 threads for {differing}"
