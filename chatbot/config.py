"""One typed configuration: defaults, then environment variables, then CLI flags.

Every tunable number of the system lives here so that the eval suite, the
benchmark and the server all run the same, documented settings.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "CHATBOT_"


@dataclass(frozen=True)
class ChunkingConfig:
    """Chunks are whole sentences of one section, about ``max_words`` long."""

    max_words: int = 90
    overlap_sentences: int = 1


@dataclass(frozen=True)
class RetrievalConfig:
    """Hybrid retrieval: dense (FAISS) and BM25 ranks fused by reciprocal rank fusion.

    RRF score of a chunk = sum over retrievers r of weight_r / (rrf_k + rank_r),
    with ranks starting at 1 (Cormack, Clarke & Buettcher, SIGIR 2009, k = 60).
    ``mode`` selects "hybrid", "dense" or "bm25" (the last two are the eval
    baselines).
    """

    mode: str = "hybrid"
    top_k: int = 12
    candidates: int = 30
    rrf_k: int = 60
    dense_weight: float = 0.75
    lexical_weight: float = 1.0


@dataclass(frozen=True)
class ComposerConfig:
    """Sentence selection for the extractive answer.

    A sentence's relevance = ``dense_weight`` * cosine(question, sentence)
    + ``lexical_weight`` * share of the question's key terms it contains
    + ``chunk_weight`` * the fused score of its chunk, normalised.
    Selection is maximal marginal relevance with ``mmr_lambda``; sentences
    whose cosine to an already chosen one is above ``duplicate_cosine`` and
    that share at least ``duplicate_overlap`` of their content words (Jaccard)
    are folded into it (both sources cited).

    A unit of several sentences (a list, or a chain leaning on each other) is
    as similar to the question as its first sentence, or, when higher,
    ``list_lead_weight`` * the first + (1 - ``list_lead_weight``) * its best
    other sentence; its share of the question's terms is that of its first sentence
    together with its best one other (not of all its sentences: a list of ten items
    does not win by having more words). Fragments of fewer than ``heading_max_words`` words that
    do not end a sentence read as headings. At most ``max_joined`` sentences
    that lean on the one before ("Even so, ...") are quoted as one.
    """

    max_sentences: int = 3
    max_words: int = 110
    dense_weight: float = 0.6
    lexical_weight: float = 0.6
    chunk_weight: float = 0.15
    mmr_lambda: float = 0.75
    duplicate_cosine: float = 0.9
    duplicate_overlap: float = 0.6
    # 0.84 from `python -m eval.sweep --patient` on the tune split: from 0.8 to 0.84 fewer units that do
    # not bear on the question (precision 0.699 -> 0.726) and no fact lost; above 0.86 facts go.
    min_relative_score: float = 0.84
    heading_penalty: float = 0.5
    question_penalty: float = 0.4
    # A sentence naming only other types than the one asked about ("idiopathic" for an
    # "iatrogenic" question) is demoted by this share.
    other_type_penalty: float = 0.5
    list_lead_weight: float = 0.4
    heading_max_words: int = 5
    max_joined: int = 3
    # A list's items (or a chain's sentences) are compared with candidates this many
    # times the answer's sentence budget, for disagreements between sources.
    disagreement_pool: int = 3
    # Relevance gains ``intent_weight`` x the overlap of the sentence's and the question's
    # intent profiles (chatbot.answer.intent; softmax over prototype cosines at ``intent_temperature``).
    intent_weight: float = 0.3
    intent_temperature: float = 0.05
    # Relevance gains ``question_weight`` x the message's best cosine to one of the questions
    # the unit answers (chatbot.answer.unit_questions; both weights 0 turn the questions off)...
    question_weight: float = 1.0
    # ... and ``question_terms_weight`` x the IDF-weighted share of the message's terms that those
    # questions use (as document expansion by generated questions does for a lexical ranker; a term
    # weighs by its rarity in the sentences and in the questions, ``UnitQuestions.term_share``).
    # 1.2 from ``python -m eval.sweep --patient`` on the tune split (1.1-1.3 a plateau).
    question_terms_weight: float = 1.2
    # The message is compared with the questions of this many candidates, the best by everything else.
    question_candidates: int = 16
    # Units whose questions use the message's terms best join the candidates though not retrieved.
    question_leaders: int = 3


@dataclass(frozen=True)
class AbstentionConfig:
    """When the bot says the articles do not answer (``chatbot.answer.policy``).

    It abstains when the best sentence cosine is below ``min_similarity``, when
    the IDF-weighted share of the question's own words that the articles use
    is below ``min_term_coverage``, or when the share of them that the chosen
    sentences (and their headings) contain is below ``min_answer_coverage``: an
    answer that never touches what was asked is loosely related, not an answer.
    All three come from ``python -m eval --calibrate``; the cosine is first adjusted
    for the message's length (``similarity_per_doubling``).
    """

    min_similarity: float = 0.45
    min_term_coverage: float = 0.24
    min_answer_coverage: float = 0.0
    # A long message's vector is an average over everything it says, so its cosine to the one
    # sentence that answers it is lower: the best similarity gains this much per doubling of the
    # message's words beyond ``similarity_words`` before it is compared (``policy.length_adjusted``).
    similarity_words: int = 12
    similarity_per_doubling: float = 0.03


_CONTACT = re.compile(r"^\s*(\+?\d[\d -]*\d)\s*\(([^();]+)\)\s*$")


@dataclass(frozen=True)
class TriageConfig:
    """Safety triage: the numbers to call, per locale, and the semantic check's calibration.

    ``emergency_numbers`` and ``crisis_lines`` are ``;``-separated entries
    ``number (who/where)``, shown in that order as tappable ``tel:`` links, e.g.
    ``CHATBOT_TRIAGE_EMERGENCY_NUMBERS="112 (EU); 15 (France, SAMU)"``. The defaults
    list the US, the EU and the UK. A message is raised to a tier by similarity
    when its nearest exemplar of that tier has at least ``<tier>_similarity``
    (cosine) and beats the nearest near-miss exemplar by ``margin``; a sad
    message gets a kind line when it uses a word of feeling (the word lists). The numbers come from ``python -m eval.triage``
    on the tune half of the bank; ``semantic=false`` leaves the word lists alone.
    """

    emergency_numbers: str = "911 (US); 112 (EU); 999 (UK)"
    crisis_lines: str = "988 (Suicide & Crisis Lifeline, US, call or text); 116 123 (Samaritans, UK and Ireland)"
    semantic: bool = True
    emergency_similarity: float = 0.5
    crisis_similarity: float = 0.5
    urgent_similarity: float = 0.85
    # 0.05 from the two tune banks: at 0.1 indirect crises beside a calcinosis story lost to a
    # near-miss by a hair; at 0.03 near-misses of the second bank began to be raised.
    margin: float = 0.05

    def __post_init__(self) -> None:
        for name in ("emergency_numbers", "crisis_lines"):
            self.contacts(name)

    def contacts(self, name: str) -> tuple[tuple[str, str], ...]:
        """The (number, label) pairs of ``emergency_numbers`` or ``crisis_lines``."""
        text = getattr(self, name)
        pairs = []
        for entry in text.split(";"):
            m = _CONTACT.match(entry)
            if not m:
                raise ValueError(
                    f"{name} (CHATBOT_TRIAGE_{name.upper()}) entry {entry.strip()!r} is not 'number (label)': "
                    "give entries like '911 (US); 112 (EU)', separated by ';'."
                )
            pairs.append((" ".join(m.group(1).split()), m.group(2).strip()))
        return tuple(pairs)


@dataclass(frozen=True)
class Settings:
    """Everything the system needs to know, with safe defaults."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index" / "current"
    model_name: str = "all-MiniLM-L6-v2"
    model_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 2000
    max_request_bytes: int = 2 * 1024 * 1024  # a chat turn carries its history; far below this
    log_questions: bool = False
    feedback_dir: Path | None = None
    # Opt-in: questions the articles could not answer, redacted, for staff (chatbot/web/unanswered.py).
    unanswered_dir: Path | None = None
    frame_ancestors: str = "*"
    index_mmap: bool = False
    rate_limit_per_minute: float = 60.0
    rate_limit_burst: int = 20
    max_concurrent_answers: int = 4
    max_queued_answers: int = 32  # with the workers, stays below the 40 threads of the API's pool
    trust_forwarded_for: bool = False  # replaced by trusted_proxies; still set, the server refuses to start
    # Addresses or networks of the reverse proxies whose X-Forwarded-For is believed
    # ("127.0.0.1, 10.0.0.0/8"); empty: the header is ignored (chatbot/web/proxy.py).
    trusted_proxies: str = ""
    # Rate limits and the concurrency budget shared by every replica through this Redis
    # ("redis://127.0.0.1:6379/0"); empty: each process keeps its own (chatbot/web/limits.py).
    redis_url: str = ""
    # Connection guards of the server (chatbot/web/connections.py): request headers must
    # arrive within header_timeout seconds; at most max_connections open connections, and
    # max_connections_per_client from one address (trusted proxies excepted); an idle
    # keep-alive connection is closed after keep_alive_timeout seconds.
    header_timeout: float = 10.0
    keep_alive_timeout: float = 5.0
    max_connections: int = 16_000
    max_connections_per_client: int = 64
    # Gradio's queue (chatbot/web/gradio_guard.py): a join body over max_join_bytes is refused,
    # joins are rate limited per client at join_rate_factor x the question rate, a chat
    # session's state expires after session_ttl_seconds, at most max_sessions per chat view.
    max_join_bytes: int = 1024 * 1024
    join_rate_factor: float = 2.0
    session_ttl_seconds: int = 3600
    max_sessions: int = 2000
    query_cache_size: int = 1024
    # Torch intra-op threads for embedding. A different count changes float summation
    # order, hence the last bits of every vector; fixed, the same question gives the same
    # answer whatever OMP_NUM_THREADS or the core count says.
    embed_threads: int = 1
    # BLAS threads for the answer's own numpy products (a few dozen candidates' cosines). One:
    # concurrent requests that each wake a pool of BLAS threads fight over the cores (at 8
    # clients, 11% of the server's samples sat in one 40 x 384 product), and a fixed count
    # keeps the summation order, like embed_threads.
    numeric_threads: int = 1
    # Which runtime embeds questions while serving: "onnx" (onnxruntime, no torch in the
    # process) or "torch" (sentence-transformers). The index is always built with torch;
    # the ONNX export of the same weights is written beside it (``onnx_dir``) at build time.
    query_embedder: str = "onnx"
    onnx_dir: Path = PROJECT_ROOT / "index" / "onnx-minilm"
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    composer: ComposerConfig = field(default_factory=ComposerConfig)
    abstention: AbstentionConfig = field(default_factory=AbstentionConfig)
    triage: TriageConfig = field(default_factory=TriageConfig)

    def __post_init__(self) -> None:
        # The value goes into a header verbatim: a ";" or a line break would add directives.
        if not self.frame_ancestors.strip() or re.search(r"[;,\x00-\x1f\x7f]", self.frame_ancestors):
            raise ValueError(
                f"frame_ancestors (CHATBOT_FRAME_ANCESTORS) {self.frame_ancestors!r} is not a CSP source list: give sources "
                "separated by spaces, e.g. \"'self' https://clinic.example\" (or * for any site)."
            )
        if self.query_embedder not in ("onnx", "torch"):
            raise ValueError(
                f"query_embedder (CHATBOT_QUERY_EMBEDDER) {self.query_embedder!r} is not known: use \"onnx\" "
                "(the default, no torch while serving) or \"torch\"."
            )
        if self.max_request_bytes < 4 * self.max_question_chars:
            raise ValueError(
                f"max_request_bytes (CHATBOT_MAX_REQUEST_BYTES) {self.max_request_bytes} must be at least 4 x max_question_chars "
                f"({self.max_question_chars}) so that a question at the limit always fits in a request."
            )

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some fields changed; nested configs accept dicts."""
        for name in ("chunking", "retrieval", "composer", "abstention", "triage"):
            if isinstance(changes.get(name), Mapping):
                changes[name] = dataclasses.replace(getattr(self, name), **changes[name])
        return dataclasses.replace(self, **changes)


def _coerce(value: str, target: Any) -> Any:
    kind = target if isinstance(target, type) else type(target)
    if kind is bool or isinstance(target, bool):
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"expected a boolean (true/false), got {value!r}")
    if isinstance(target, int):
        return int(value)
    if isinstance(target, float):
        return float(value)
    return value


def _overrides_for(obj: Any, prefix: str, env: Mapping[str, str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for f in fields(obj):
        key = f"{prefix}{f.name.upper()}"
        current = getattr(obj, f.name)
        if dataclasses.is_dataclass(current):
            nested = _overrides_for(current, f"{key}_", env)
            if nested:
                changes[f.name] = dataclasses.replace(current, **nested)
            continue
        if key not in env:
            continue
        raw = env[key]
        try:
            if f.name.endswith("_dir") or f.name == "model_path":
                changes[f.name] = Path(raw) if raw else None
            else:
                changes[f.name] = _coerce(raw, current)
        except ValueError as exc:
            raise ValueError(f"Environment variable {key}={raw!r} is invalid: {exc}") from exc
    return changes


# Names that settings had before; a deployment that still sets one must hear of it.
_RENAMED = {
    "CHATBOT_COMPOSER_ABSTAIN_THRESHOLD": "CHATBOT_ABSTENTION_MIN_SIMILARITY",
    "CHATBOT_COMPOSER_MIN_TERM_COVERAGE": "CHATBOT_ABSTENTION_MIN_TERM_COVERAGE",
    "CHATBOT_COMPOSER_MIN_ANSWER_COVERAGE": "CHATBOT_ABSTENTION_MIN_ANSWER_COVERAGE",
}


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, overridden by ``CHATBOT_*`` environment variables, then by ``overrides``.

    Nested settings use double names, e.g. ``CHATBOT_RETRIEVAL_MODE=bm25`` or
    ``CHATBOT_ABSTENTION_MIN_SIMILARITY=0.4``. A variable under an old name is
    refused with its new name, rather than silently ignored.
    """
    env = os.environ if env is None else env
    for old, new in _RENAMED.items():
        if old in env:
            raise ValueError(f"Environment variable {old} was renamed: set {new} instead.")
    base = Settings()
    settings = dataclasses.replace(base, **_overrides_for(base, ENV_PREFIX, env))
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return settings.replace(**overrides) if overrides else settings
