"""The gate passes the shipped configuration and fails a deliberately broken one."""

import pytest

from eval.dataset import load_items
from eval.gate import check, failures, load_thresholds
from eval.runner import run_config

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def items():
    return load_items()


def test_shipped_configuration_passes_the_gate(real_bot, items):
    assert failures(check(run_config(real_bot, items, "shipped", progress=False), load_thresholds())) == []


def test_broken_configuration_fails_the_gate(real_bot, items):
    broken = real_bot.with_settings(
        real_bot.settings.replace(retrieval={"mode": "dense", "top_k": 1}, composer={"max_sentences": 1})
    )
    problems = failures(check(run_config(broken, items, "broken", progress=False), load_thresholds()))
    assert any(p.startswith("fact_recall") for p in problems)
    assert any(p.startswith("answer_accuracy") for p in problems)
