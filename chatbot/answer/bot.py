"""The answering API: a question and its conversation in, an ``Answer`` out.

No Gradio here. The CLI, the eval suite, the HTTP API and the UI all call
``Chatbot.answer`` (the web front ends through ``chatbot.web.channel``). The
bot holds only read-only things (model, index), so one instance serves every
user; conversations travel with each call.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from chatbot.answer.alerts import alarm_answer, with_kind_line, with_urgent_notice
from chatbot.answer.compose import Composition, answer_coverage, compose
from chatbot.answer.conversation import Resolved, resolve
from chatbot.answer.intent import Intents, intent_bonus
from chatbot.answer.phrases import ABSTAIN_REPLY, DISCLAIMER
from chatbot.answer.plan import plan_answer
from chatbot.answer.policy import Signals, decide, length_adjusted
from chatbot.answer.question import clean_question
from chatbot.answer.reading import read_message
from chatbot.answer.routing import conversational, small_talk_reply
from chatbot.answer.sentence_table import SentenceTable
from chatbot.answer.topics import OffTopics
from chatbot.answer.trace import TRACE_CANDIDATES, Candidate, FusedHit, Trace
from chatbot.answer.units import UnitCatalog
from chatbot.config import Settings
from chatbot.models import Answer, Block, Citation, Turn
from chatbot.safety.triage import Triage, Triager
from chatbot.search.embedding import Embedder, embedder_for
from chatbot.search.index_store import LoadedIndex, build_for_serving, load_index
from chatbot.search.query import repaired_text
from chatbot.search.retrieval import Retrieval, Retriever
from chatbot.threads import limit_blas_threads


class Stopwatch:
    """Milliseconds per stage of one turn; a stage timed twice adds up."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.add(stage, (now - self._last) * 1000)
        self._last = now

    def add(self, stage: str, ms: float) -> None:
        self.laps[stage] = self.laps.get(stage, 0.0) + ms

    def skip(self) -> None:
        """Time from now on belongs to the next lap (what ran meanwhile was timed on its own)."""
        self._last = time.perf_counter()


class Chatbot:
    """Answers questions from the index; safe to share between users and threads."""

    def __init__(
        self, settings: Settings, embedder: Embedder, index: LoadedIndex, triager: Triager | None = None,
        intents: Intents | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.table = SentenceTable(index)
        self.catalog = UnitCatalog(self.table, settings.composer.max_joined)
        self.off_topics = OffTopics.for_corpus([s.text for s in self.table.sentences])
        self.retriever = Retriever(index, settings.retrieval)
        self.intents = intents or Intents(
            embedder, self.table.vectors, [s.section for s in self.table.sentences], settings.composer.intent_temperature
        )
        self.triager = triager or Triager(settings.triage, embedder, dictionary=index.search.lexical.speller.dictionary)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None, *, build: bool = False) -> "Chatbot":
        """Open the index (building it first if asked and needed) and warm the model.

        ``embedder`` encodes the questions (by default the one the settings
        choose: ONNX, no torch); a build uses the torch model for the index.
        """
        limit_blas_threads(settings.numeric_threads)
        embedder = embedder or embedder_for(settings)
        if build:
            build_for_serving(settings, embedder)
        index = load_index(settings, embedder, mmap=settings.index_mmap)
        embedder.encode(["warm up"])
        bot = cls(settings, embedder, index)
        bot.triager.exemplars()  # embedded now, so the first patient does not wait for them
        bot.intents.sentence_profiles()
        return bot

    def with_settings(self, settings: Settings) -> "Chatbot":
        """A bot sharing this one's model, index and triage exemplars but using other settings."""
        same_intents = settings.composer.intent_temperature == self.settings.composer.intent_temperature
        return Chatbot(
            settings, self.embedder, self.index, self.triager.with_config(settings.triage),
            self.intents if same_intents else None,
        )

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
        clock = Stopwatch()
        found = self.triager.screen(message)
        clock.lap("triage")
        if not found.alarming:
            return None
        return alarm_answer(found, self.settings.triage, Trace(triage=found, timings_ms=tuple(clock.laps.items())))

    def answer(self, question: object, history: Sequence[Turn] = ()) -> Answer:
        """Answer one user message given the conversation so far (oldest first).

        Every route is decided before retrieval: the word lists first (an
        emergency or a crisis gets its reply without the model), then small talk,
        then the semantic triage on the question's vector, which retrieval reuses.
        """
        text = clean_question(question, self.settings.max_question_chars)
        clock = Stopwatch()
        read = self.triager.read(text)
        screened = self.triager.screen(read)
        clock.lap("triage")
        if screened.alarming:
            return alarm_answer(screened, self.settings.triage, Trace(triage=screened, timings_ms=tuple(clock.laps.items())))
        routing = conversational(text)
        if routing.intent == "small_talk":
            reply = (Block.note(small_talk_reply(text)),)
            return Answer(reply, (), False, "small_talk", "", trace=Trace(triage=screened))
        clock.skip()
        resolved = resolve(text, history)
        speller = self.index.search.lexical.speller
        own = repaired_text(text, speller)
        query = own if resolved.query == text else repaired_text(resolved.query, speller)
        # The semantic triage judges the patient's own words and retrieval reuses that vector.
        # A question searched in another form ("is it genetic?" as "is calcinosis cutis genetic?")
        # embeds its own words too only when similarity could raise it (it has a cue word of a tier).
        vector = self.embed_query(own) if query == own or self.triager.may_raise(read) else None
        clock.lap("embed")
        triage = self.triager.decide(read, vector, screened)
        clock.lap("triage")
        if triage.alarming:
            return alarm_answer(triage, self.settings.triage, Trace(triage=triage, timings_ms=tuple(clock.laps.items())))
        query_vector = vector if vector is not None and query == own else self.embed_query(query)
        clock.lap("embed")
        answer = self._answer_question(text, resolved, query_vector, clock, triage, personal=routing.personal)
        if triage.tier == "urgent":
            return with_urgent_notice(answer, self.settings.triage)
        if triage.kind_line:
            return with_kind_line(answer)
        return answer

    def _answer_question(
        self, text: str, resolved: Resolved, vector: np.ndarray, clock: Stopwatch, triage: Triage, *, personal: bool
    ) -> Answer:
        reading = read_message(
            text, resolved, self.index.search.lexical.speller, self.off_topics, self.index.search.lexical.stem_counts
        )
        clock.lap("understand")
        retrieval = self.retriever.search(resolved.query, vector, list(reading.search_terms))
        for stage, ms in retrieval.timings_ms.items():
            clock.add(stage, ms)
        clock.skip()
        cfg = self.settings.composer
        bonus = intent_bonus(self.intents.of_question(vector), self.intents.sentence_profiles(), cfg.intent_weight)
        composition = compose(
            retrieval.chunks, vector, self.table.idf(reading.search_terms), self.catalog, cfg, bonus, reading.counted
        )
        signals = Signals(
            has_sentences=bool(composition.units),
            unanswerable_request=reading.request,
            off_topic=reading.off_topic,
            best_dense=length_adjusted(composition.best_dense, len(text.split()), self.settings.abstention),
            term_coverage=reading.term_coverage,
            # Coverage judges the user's own words: the topic carried over from
            # earlier turns must not make "and a lasagna recipe?" look answerable.
            answer_coverage=answer_coverage(reading.own_terms, composition, self.table),
        )
        decision = decide(signals, self.settings.abstention)
        clock.lap("select")
        if decision.abstain:
            answer = Answer((Block.note(ABSTAIN_REPLY),), (), True, "abstain", DISCLAIMER)
        else:
            answer = plan_answer(
                composition.units, self.table, self.index.texts.sources, self.index.texts.raw_texts,
                disagreement=composition.disagreement, personal=personal,
            )
        clock.lap("format")
        trace = Trace(
            triage=triage, query=resolved, terms=reading.search_terms, tokens=retrieval.tokens, rankings=retrieval.rankings,
            signals=signals, decision=decision, timings_ms=tuple(clock.laps.items()),
            hits=lambda: (_fused(retrieval), self._candidates(composition)),
        )
        return dataclasses.replace(answer, trace=trace)

    def _candidates(self, composition: Composition) -> tuple[Candidate, ...]:
        """The best ``TRACE_CANDIDATES`` candidate units, and any chosen one ranked below them."""
        chosen = {u.rows for u in composition.units}
        scores, catalog = composition.scores, self.catalog
        ids, relevance, dense, lexical = (a.tolist() for a in (scores.ids, scores.relevance, scores.dense, scores.lexical))
        ranking = scores.ranking(catalog).tolist()
        shown = ranking[:TRACE_CANDIDATES] + [p for p in ranking[TRACE_CANDIDATES:] if catalog.rows[ids[p]] in chosen]
        out = []
        for p in shown:
            rows = catalog.rows[ids[p]]
            head = self.table.sentences[rows[0]]
            out.append(Candidate(
                catalog.source_id[ids[p]], head.index, len(rows), head.text, relevance[p], dense[p], lexical[p],
                rows in chosen,
            ))
        return tuple(out)


def _fused(retrieval: Retrieval) -> tuple[FusedHit, ...]:
    return tuple(
        FusedHit(sc.chunk.chunk_id, sc.chunk.source_id, sc.chunk.section, round(sc.score, 5), sc.dense_rank, sc.lexical_rank)
        for sc in retrieval.chunks
    )

