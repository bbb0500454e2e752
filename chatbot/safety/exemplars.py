"""Exemplar phrasings for the semantic side of safety triage, grouped by tier and theme.

The phrasings themselves are data, one file per group in ``data/exemplars/``
(``emergency.json``, ``crisis.json``, ``urgent.json``, ``near_miss.json``), each an
object of theme -> list of phrasings; this module loads them, in a fixed order.

A message is compared (cosine, with the bot's own MiniLM vector of it) with every
exemplar; the closest tier exemplar must beat the closest near-miss exemplar by
a margin. The exemplars are written from general telephone-triage knowledge
(the NHS 111 / 911 red flags, the warning signs of suicide that crisis lines
teach) in the words patients and relatives use, never copied from the
evaluation bank. The near-misses matter as much as the tiers: they are what
keeps "the waiting is killing me" and "can calciphylaxis be fatal?" out of the
emergency reply.

To extend: add a phrasing to the theme it belongs to, then run
``python -m eval.triage`` and check that recall and false alarms on the tune
half did not get worse.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Literal

Group = Literal["emergency", "crisis", "urgent", "near_miss"]
GROUPS: tuple[Group, ...] = ("emergency", "crisis", "urgent", "near_miss")

# Exemplars are calibrated against this model; another embedder gives other
# similarities, so the semantic check is off there (the patterns still run).
MODEL = "all-MiniLM-L6-v2"


def load_group(group: Group) -> dict[str, tuple[str, ...]]:
    """One group's themes and phrasings, in file order; a malformed file raises ``ValueError`` naming it."""
    name = f"data/exemplars/{group}.json"
    data = json.loads(resources.files("chatbot.safety").joinpath(name).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(texts, list) and texts and all(isinstance(t, str) and t.strip() for t in texts)
        for texts in data.values()
    ):
        raise ValueError(f"chatbot/safety/{name}: expected an object of theme -> non-empty list of phrasings")
    return {theme: tuple(texts) for theme, texts in data.items()}


TIERS: dict[Group, dict[str, tuple[str, ...]]] = {group: load_group(group) for group in GROUPS}


def all_exemplars() -> list[tuple[Group, str, str]]:
    """Every exemplar as (group, theme, text), in a fixed order (so the vectors are too)."""
    return [(group, theme, text) for group, themes in TIERS.items() for theme, texts in themes.items() for text in texts]
