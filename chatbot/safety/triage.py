"""Safety triage: is this message an emergency, a crisis, urgent, or a question?

Tiers, as telephone triage services use them:

* ``emergency``: call the emergency number now (chest pain, a stroke, a child
  who swallowed tablets, sepsis signs...);
* ``crisis``: suicidal thoughts or self-harm: crisis lines, the emergency
  number, and warm words;
* ``urgent``: see a doctor today (a lump getting red and sore without fever);
* ``none``: the normal answer (with a kind line first when the message is sad).

Two checks, both before any retrieval. ``screen`` runs the word lists
(``chatbot.safety.matcher``) and needs no model, so it also runs for a
request refused by the rate limiter. ``decide`` adds the semantic check: the message's MiniLM
vector (the one retrieval then reuses, so no second model call) against
exemplar phrasings of each tier and of near-misses; a tier is taken when its
nearest exemplar is close enough *and* closer than the nearest near-miss by a
margin. The patterns decide the unambiguous cases; the exemplars catch
phrasings no list foresaw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from chatbot.config import TriageConfig
from chatbot.safety.exemplars import MODEL, all_exemplars
from chatbot.safety.lexicon.rules import Tier
from chatbot.safety.matcher import ReadMessage, Text, cue_tiers, has_cue, match_patterns, read_text
from chatbot.safety.misspellings import DangerSpeller, danger_speller
from chatbot.search.embedding import Embedder, encode_cached

Source = Literal["pattern", "semantic", "none"]
ALARMS: frozenset[Tier] = frozenset({"emergency", "crisis"})
_SEVERITY: dict[Tier, int] = {"crisis": 3, "emergency": 2, "urgent": 1, "none": 0}


@dataclass(frozen=True)
class Triage:
    """The decision and why: the pattern rule, or the nearest exemplar's theme, similarity and margin."""

    tier: Tier
    source: Source = "none"
    reason: str = ""
    similarity: float | None = None  # cosine to the nearest exemplar of the tier considered
    margin: float | None = None  # that cosine minus the nearest near-miss's
    kind_line: bool = False  # sad without danger: a kind line before the answer
    called_off: tuple[str, ...] = ()  # pattern rules that matched but read as past, hypothetical or general
    general: bool = False  # a question naming no one, a hypothetical or a habit: similarity alone raises no emergency

    @property
    def alarming(self) -> bool:
        """Emergency or crisis: the reply replaces the answer."""
        return self.tier in ALARMS

    def to_json(self) -> dict[str, object]:
        """Plain JSON for debug output and the evaluation report."""
        return {
            "tier": self.tier, "source": self.source, "reason": self.reason, "similarity": self.similarity,
            "margin": self.margin, "kind_line": self.kind_line, "called_off": list(self.called_off),
            "general": self.general,
        }


def screen(message: Text, speller: DangerSpeller | None = None) -> Triage:
    """The word lists alone: cheap, no model, safe to run on any text (it is bounded).

    With a ``speller`` (``misspellings.danger_speller``), misspelled danger words are read as meant.
    """
    found = match_patterns(message, speller)
    ctx = found.context
    return Triage(
        found.tier,
        "pattern" if found.tier != "none" else "none",
        found.rule,
        kind_line=found.sad and found.tier == "none",
        called_off=found.called_off,
        general=bool(ctx and (ctx.impersonal_question or ctx.hypothetical or ctx.habitual)),
    )


GROUPS = ("emergency", "crisis", "urgent", "near_miss")


@dataclass(frozen=True)
class ExemplarVectors:
    """The exemplars' vectors (rows, unit length) with their group and theme, for one model.

    Rows of a group are contiguous (``all_exemplars`` lists them group by group),
    so the nearest exemplar of a group is an ``argmax`` over a slice.
    """

    model: str
    groups: tuple[str, ...]
    themes: tuple[str, ...]
    texts: tuple[str, ...]
    vectors: np.ndarray
    spans: dict[str, tuple[int, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = {}
        for group in GROUPS:
            rows = [i for i, g in enumerate(self.groups) if g == group]
            if not rows or rows != list(range(rows[0], rows[-1] + 1)):
                raise ValueError(f"the exemplars of {group!r} must be present and listed together")
            spans[group] = (rows[0], rows[-1] + 1)
        object.__setattr__(self, "spans", spans)


def embed_exemplars(embedder: Embedder) -> ExemplarVectors:
    """Every exemplar embedded once, in a fixed order and batch size (so the vectors are reproducible)."""
    rows = all_exemplars()
    vectors = encode_cached(embedder, [text for _, _, text in rows], label="triage-exemplars", batch_size=64)
    return ExemplarVectors(
        embedder.name,
        tuple(g for g, _, _ in rows),
        tuple(t for _, t, _ in rows),
        tuple(x for _, _, x in rows),
        np.ascontiguousarray(vectors, dtype=np.float32),
    )


@dataclass(frozen=True)
class Nearest:
    """The nearest exemplar of one group."""

    similarity: float
    theme: str
    text: str


def nearest(vector: np.ndarray, exemplars: ExemplarVectors) -> dict[str, Nearest]:
    """The nearest exemplar of each group (tiers and near-misses), by cosine."""
    sims = exemplars.vectors @ np.asarray(vector, dtype=np.float32)
    out: dict[str, Nearest] = {}
    for group, (start, end) in exemplars.spans.items():
        best = start + int(sims[start:end].argmax())
        out[group] = Nearest(float(sims[best]), exemplars.themes[best], exemplars.texts[best])
    return out


def semantic_tier(
    near: dict[str, Nearest], cfg: TriageConfig, cues: Callable[[Iterable[Tier]], frozenset[Tier]]
) -> tuple[Tier, float, float]:
    """The tier whose nearest exemplar clears its threshold and beats the nearest near-miss by the margin,
    among the tiers the message has a cue word of (``cues`` says which, asked only for those that clear).

    Returns (tier, similarity, margin) for the tier considered (the most similar
    one when none fires).
    """
    thresholds: dict[Tier, float] = {
        "crisis": cfg.crisis_similarity, "emergency": cfg.emergency_similarity, "urgent": cfg.urgent_similarity,
    }
    miss = near["near_miss"].similarity
    close = [t for t, threshold in thresholds.items() if near[t].similarity >= threshold and near[t].similarity - miss >= cfg.margin]
    present = cues(close) if close else frozenset()
    fired = [t for t in close if t in present]
    if fired:  # the most serious: the crisis reply also gives the emergency numbers
        tier = max(fired, key=lambda t: (_SEVERITY[t], near[t].similarity))
    else:
        tier = max(thresholds, key=lambda t: near[t].similarity)
    similarity = near[tier].similarity
    return (tier if fired else "none"), similarity, similarity - miss


class Triager:
    """Triage for one bot: the config, and the exemplar vectors embedded once, lazily, per model.

    Thread-safe; the vectors are read-only once built. The semantic check runs
    only when the embedder is the model the exemplars were calibrated for.
    """

    def __init__(
        self, config: TriageConfig, embedder: Embedder, exemplars: ExemplarVectors | None = None,
        dictionary: frozenset[str] = frozenset(), speller: DangerSpeller | None = None,
    ) -> None:
        self.config = config
        self.embedder = embedder
        self._exemplars = exemplars
        self._lock = threading.Lock()
        # Correct English words (the model's vocabulary) are never "repaired" into danger words.
        self.speller = speller if speller is not None else danger_speller(dictionary)

    @property
    def semantic(self) -> bool:
        return self.config.semantic and self.embedder.name == MODEL

    def exemplars(self) -> ExemplarVectors | None:
        """The exemplar vectors, embedded on first use (``None`` when the semantic check is off)."""
        if not self.semantic:
            return None
        if self._exemplars is None:
            with self._lock:
                if self._exemplars is None:
                    self._exemplars = embed_exemplars(self.embedder)
        return self._exemplars

    def with_config(self, config: TriageConfig) -> "Triager":
        """Another configuration, sharing the embedded exemplars."""
        return Triager(config, self.embedder, self._exemplars, speller=self.speller)

    def read(self, message: str) -> ReadMessage:
        """``message`` read once (normalised, danger words repaired) for ``screen``, ``may_raise`` and ``decide``."""
        return read_text(message, self.speller)

    def screen(self, message: Text) -> Triage:
        """The word lists alone, with this bot's spelling repair."""
        return screen(message, self.speller)

    def may_raise(self, message: Text) -> bool:
        """Whether the semantic check could raise this message above what the word lists said.

        Similarity raises a message only to a tier it has a cue word of, so
        without any cue ``decide`` needs no vector and returns the screen's verdict.
        """
        return self.semantic and has_cue(message, self.speller)

    def decide(self, message: Text, vector: np.ndarray | None, screened: Triage | None = None) -> Triage:
        """The patterns' tier when they found one; otherwise the semantic check on ``vector``.

        An "urgent" from the patterns can still be raised to an emergency or a crisis
        by similarity (an infected ulcer beside signs no list names). A sign the
        patterns saw and called off (history, a habit, a hypothetical, a general
        question) stays called off for its tier and those below, and a
        question that names no one, a hypothetical or a habit is never raised to
        an emergency or "see a doctor today" by similarity alone (a crisis still is).
        """
        first = screened or self.screen(message)
        exemplars = self.exemplars()
        if first.tier in ALARMS or vector is None or exemplars is None:
            return first
        near = nearest(vector, exemplars)
        context: list[bool] = []

        def cues(tiers: Iterable[Tier]) -> frozenset[Tier]:
            present, ctx = cue_tiers(message, tiers, self.speller)
            context.append(ctx.impersonal_question or ctx.hypothetical or ctx.habitual)
            return present

        tier, similarity, margin = semantic_tier(near, self.config, cues)
        general = context[0] if context else first.general
        # A sign the word lists saw and called off stays called off for its tier and those below it.
        vetoed = max((_SEVERITY[c.split(":", 1)[0]] for c in first.called_off), default=0)  # type: ignore[index]
        if _SEVERITY[tier] <= vetoed or (tier != "crisis" and general):
            tier = "none"
        # Sadness by similarity alone also caught plain questions ("what foods should i cut
        # down on") and put a condolence before their answer; only the feeling words count.
        if first.tier != "none" and tier not in ALARMS:  # similarity found nothing more serious
            return first
        kind = first.kind_line
        return Triage(
            tier, "semantic" if tier != "none" else "none", near[tier].theme if tier != "none" else "",
            round(similarity, 4), round(margin, 4), kind_line=kind and tier == "none",
            called_off=first.called_off, general=general,
        )
