"""How an answer was reached, stage by stage: for the eval, the benchmark and ``ask --debug`` only.

Nothing that decides or renders an answer reads a trace; it is written once,
at the end of a turn, and never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property

from chatbot.answer.conversation import Resolved
from chatbot.answer.policy import Decision, Signals
from chatbot.safety.triage import Triage
from chatbot.search.retrieval import Ranking


@dataclass(frozen=True)
class FusedHit:
    """A chunk after reciprocal rank fusion, with its rank in each retriever (None: not found by it)."""

    chunk_id: int
    source_id: str
    section: str
    score: float
    dense_rank: int | None
    lexical_rank: int | None


@dataclass(frozen=True)
class Candidate:
    """A quotable unit the composer scored: where it starts, how it scored, whether it was chosen."""

    source_id: str
    sentence: int
    sentences: int
    text: str
    relevance: float
    dense: float
    lexical: float
    selected: bool
    # The message's best cosine to one of the unit's questions, and the share of its terms they use
    # (``chatbot.answer.unit_questions``); None when the questions were not consulted.
    question_match: float | None = None
    question_terms: float | None = None


# Enough to see why a sentence that should have answered lost (it ranks among these or was
# never retrieved); the long tail of weak candidates only slows every answer down.
TRACE_CANDIDATES = 20


Hits = tuple[tuple[FusedHit, ...], tuple[Candidate, ...]]


@dataclass(frozen=True)
class Trace:
    """Everything measured about one turn; stages that did not run are left empty.

    The fused chunks and the scored candidates are listed only when read
    (``hits`` makes them): most answers are never traced, and listing them
    would be a tenth of a millisecond of every answer.
    """

    triage: Triage | None = None
    query: Resolved | None = None
    terms: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    rankings: tuple[Ranking, ...] = ()
    signals: Signals | None = None
    decision: Decision | None = None
    timings_ms: tuple[tuple[str, float], ...] = ()
    hits: Callable[[], Hits] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _hits(self) -> Hits:
        return self.hits() if self.hits is not None else ((), ())

    @property
    def fused(self) -> tuple[FusedHit, ...]:
        """The chunks after reciprocal rank fusion, best first."""
        return self._hits[0]

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """The best ``TRACE_CANDIDATES`` units, chosen or not, and any chosen one ranked below them."""
        return self._hits[1]

    @property
    def timings(self) -> dict[str, float]:
        """Milliseconds per stage, in the order the stages ran."""
        return dict(self.timings_ms)

    def to_json(self) -> dict[str, object]:
        """Plain JSON (for ``ask --debug`` and the eval report)."""
        out = asdict(replace(self, hits=None))
        del out["hits"]
        out["fused"] = [asdict(h) for h in self.fused]
        out["candidates"] = [asdict(c) for c in self.candidates]
        out["triage"] = self.triage.to_json() if self.triage else None
        out["timings_ms"] = self.timings
        return out
