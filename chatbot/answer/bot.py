"""The answering API: a question and its conversation in, an ``Answer`` out.

No Gradio here. The CLI, the eval suite, the HTTP API and the UI all call
``Chatbot.answer``. The bot holds only read-only things (model, index), so one
instance serves every user; conversations travel with each call.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from chatbot.answer.compose import SentenceTable, answer_coverage, compose
from chatbot.config import Settings
from chatbot.answer.conversation import Resolved, resolve
from chatbot.search.embedding import Embedder, embedder_for
from chatbot.errors import InvalidQuestionError
from chatbot.search.index_store import LoadedIndex, build_index, load_index
from chatbot.search.query import query_terms, repaired_text
from chatbot.search.weights import term_coverage
from chatbot.models import Answer, Citation, Turn
from chatbot.render.text import ABSTAIN_REPLY, DISCLAIMER, build_answer
from chatbot.search.retrieval import Retriever
from chatbot.answer.routing import conversational, small_talk_reply, unanswerable_request
from chatbot.safety.triage import Triage, Triager
from chatbot.safety.replies import alarm_answer, with_kind_line, with_urgent_notice

log = logging.getLogger(__name__)

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_question(question: object, max_chars: int) -> str:
    """The question as text fit to search, or ``InvalidQuestionError`` saying what is wrong."""
    if not isinstance(question, str):
        raise InvalidQuestionError("The question must be text.")
    if len(question) > max_chars:
        raise InvalidQuestionError(
            f"The question is too long ({len(question)} characters); the limit is {max_chars}. "
            "Please ask a shorter question."
        )
    text = unicodedata.normalize("NFKC", question)
    text = _INVISIBLE.sub("", text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise InvalidQuestionError("Please type a question about calcinosis cutis.")
    return text


class Chatbot:
    """Answers questions from the index; safe to share between users and threads."""

    def __init__(self, settings: Settings, embedder: Embedder, index: LoadedIndex, triager: Triager | None = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.table = SentenceTable(index)
        self.retriever = Retriever(index, settings.retrieval)
        self.triager = triager or Triager(settings.triage, embedder, dictionary=index.search.lexical.speller.dictionary)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None, *, build: bool = False) -> "Chatbot":
        """Open the index (building it first if asked and needed) and warm the model."""
        embedder = embedder or embedder_for(settings)
        if build:
            build_index(settings, embedder)
        index = load_index(settings, embedder, mmap=settings.index_mmap)
        embedder.encode(["warm up"])
        bot = cls(settings, embedder, index)
        bot.triager.exemplars()  # embedded now, so the first patient does not wait for them
        return bot

    def with_settings(self, settings: Settings) -> "Chatbot":
        """A bot sharing this one's model, index and triage exemplars but using other settings."""
        return Chatbot(settings, self.embedder, self.index, self.triager.with_config(settings.triage))

    def citation_context(self, citation: Citation, limit: int = 700) -> tuple[str, str, str]:
        """(text before, quote, text after) within the quote's paragraph, trimmed to ``limit`` a side."""
        raw = self.index.texts.raw_texts[citation.source_id]
        p_start, p_end = self.table.paragraph_span(citation.source_id, citation.start, citation.end)
        before = raw[max(p_start, citation.start - limit):citation.start]
        after = raw[citation.end:min(p_end, citation.end + limit)]
        return before, raw[citation.start:citation.end], after

    def embed_query(self, text: str) -> np.ndarray:
        """The query's vector; repeated questions (example buttons, FAQs) come from a bounded LRU cache."""
        size = self.settings.query_cache_size
        if size <= 0:
            return self.embedder.encode([text])[0]
        with self._cache_lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
        vector = self.embedder.encode([text])[0]
        with self._cache_lock:
            self._cache[text] = vector
            while len(self._cache) > size:
                self._cache.popitem(last=False)
        return vector

    def safety_reply(self, message: object) -> Answer | None:
        """The emergency or crisis reply when the word lists alone see one, else None.

        No model and no limits: the rate-limited and busy paths call this, so a
        person in crisis is never told to wait. Any text is fine (it is bounded).
        """
        if not isinstance(message, str):
            return None
        found, ms = self._screen(message)
        return alarm_answer(found, self.settings.triage, _triage_debug(found, ms)) if found.alarming else None

    def _screen(self, text: str) -> tuple[Triage, float]:
        """The word lists' verdict on ``text`` and how long it took, in milliseconds."""
        t0 = time.perf_counter()
        found = self.triager.screen(text)
        return found, (time.perf_counter() - t0) * 1000

    def answer(self, question: object, history: Sequence[Turn] = ()) -> Answer:
        """Answer one user message given the conversation so far (oldest first).

        Every route is decided before retrieval: the word lists first (an
        emergency or a crisis gets its reply without the model), then small talk,
        then the semantic triage on the question's vector, which retrieval reuses.
        """
        text = clean_question(question, self.settings.max_question_chars)
        screened, screen_ms = self._screen(text)
        if screened.alarming:
            return alarm_answer(screened, self.settings.triage, _triage_debug(screened, screen_ms))
        routing = conversational(text)
        if routing.intent == "small_talk":
            return Answer(small_talk_reply(text), (), False, "small_talk", "")
        t1 = time.perf_counter()
        resolved = resolve(text, history)
        speller = self.index.search.lexical.speller
        own, query = repaired_text(text, speller), repaired_text(resolved.query, speller)
        # The semantic triage judges the patient's own words; retrieval reuses that vector, and
        # only a follow-up searched with its topic added needs a second one.
        vector = self.embed_query(own) if self.triager.semantic or query == own else None
        t2 = time.perf_counter()
        triage = self.triager.decide(text, vector, screened)
        t3 = time.perf_counter()
        triage_ms = screen_ms + (t3 - t2) * 1000
        if triage.alarming:
            return alarm_answer(triage, self.settings.triage, _triage_debug(triage, triage_ms))
        query_vector = vector if vector is not None and query == own else self.embed_query(query)
        embed_ms = (t2 - t1 + time.perf_counter() - t3) * 1000
        answer = self._answer_question(text, resolved, query_vector, embed_ms, personal=routing.personal)
        answer.debug["triage"] = triage.to_json()
        answer.debug["timings_ms"]["triage"] = triage_ms  # type: ignore[index]
        if triage.tier == "urgent":
            return with_urgent_notice(answer, self.settings.triage)
        if triage.kind_line:
            return with_kind_line(answer)
        return answer

    def _answer_question(
        self, text: str, resolved: Resolved, vector: np.ndarray, embed_ms: float, *, personal: bool
    ) -> Answer:
        cfg = self.settings.composer
        retrieval = self.retriever.search(resolved.query, vector)
        t2 = time.perf_counter()
        lexical = self.index.search.lexical
        terms = query_terms(resolved.query, lexical.speller)
        composition = compose(retrieval.chunks, vector, self.table.idf(terms), self.table, cfg)
        # Coverage judges the user's own words: the topic carried over from
        # earlier turns must not make "and a lasagna recipe?" look answerable.
        own_terms = query_terms(text, lexical.speller) or terms
        coverage = term_coverage(own_terms, lexical.stem_counts)
        covered = answer_coverage(own_terms, composition, self.table)
        request = unanswerable_request(text)
        t3 = time.perf_counter()
        timings = {"embed": embed_ms, **retrieval.timings_ms, "select": (t3 - t2) * 1000}
        debug: dict[str, object] = {
            "resolved": asdict(resolved),
            "terms": terms,
            "tokens": list(retrieval.tokens),
            "best_dense": round(composition.best_dense, 4),
            "term_coverage": round(coverage, 4),
            "answer_coverage": round(covered, 4),
            "unanswerable_request": request,
            "timings_ms": timings,
            "chunks": [
                {
                    "chunk_id": sc.chunk.chunk_id,
                    "source_id": sc.chunk.source_id,
                    "section": sc.chunk.section,
                    "score": round(sc.score, 5),
                    "dense_rank": sc.dense_rank,
                    "lexical_rank": sc.lexical_rank,
                }
                for sc in retrieval.chunks
            ],
        }
        if (
            not composition.units
            or request is not None
            or composition.best_dense < cfg.abstain_threshold
            or coverage < cfg.min_term_coverage
            or covered < cfg.min_answer_coverage
        ):
            timings["format"] = 0.0
            return Answer(ABSTAIN_REPLY, (), True, "abstain", DISCLAIMER, debug)
        t4 = time.perf_counter()
        answer = build_answer(
            composition.units,
            self.table,
            self.index.texts.sources,
            self.index.texts.raw_texts,
            disagreement=composition.disagreement,
            personal=personal,
            debug=debug,
        )
        timings["format"] = (time.perf_counter() - t4) * 1000
        return answer


def _triage_debug(triage: Triage, ms: float) -> dict[str, object]:
    return {"triage": triage.to_json(), "timings_ms": {"triage": ms}}


def timed_answer(bot: Chatbot, question: object, history: Sequence[Turn] = ()) -> tuple[Answer, float]:
    """The answer and how long it took, in milliseconds."""
    started = time.perf_counter()
    answer = bot.answer(question, history)
    return answer, (time.perf_counter() - started) * 1000
