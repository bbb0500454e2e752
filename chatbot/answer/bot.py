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
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from chatbot.answer.alerts import alarm_answer, with_kind_line, with_urgent_notice
from chatbot.answer.compose import Composition, answer_coverage, compose
from chatbot.answer.conversation import Resolved, resolve
from chatbot.answer.intent import Intents, intent_bonus
from chatbot.answer.phrases import ABSTAIN_REPLY, DISCLAIMER
from chatbot.answer.plan import plan_answer
from chatbot.answer.policy import Signals, decide, length_adjusted
from chatbot.answer.question import clean_question
from chatbot.answer.reading import Reading, read_message
from chatbot.answer.routing import conversational, small_talk_reply
from chatbot.answer.sentence_table import SentenceTable
from chatbot.answer.topics import OffTopics
from chatbot.answer.trace import TRACE_CANDIDATES, Candidate, FusedHit, Trace
from chatbot.answer.unit_questions import UnitQuestions, load_questions
from chatbot.answer.units import UnitCatalog
from chatbot.config import Settings
from chatbot.models import Answer, Block, Citation, Turn
from chatbot.safety.triage import ReadMessage, Triage, Triager
from chatbot.search.embedding import Embedder, embedder_for
from chatbot.search.index_store import LoadedIndex, build_for_serving, load_index
from chatbot.search.query import repaired_text
from chatbot.search.retrieval import Lexical, Retrieval, Retriever
from chatbot.threads import limit_blas_threads

# Threads that read messages while their questions are embedded. The reading is Python and
# holds the GIL, so more than the two cores this runs on would only queue.
READING_THREADS = 2


@dataclass(frozen=True)
class WordsRead:
    """A message read without its vector: the word lists' triage, then its reading and BM25 ranking."""

    read: ReadMessage
    screened: Triage
    reading: Reading | None
    lexical: Lexical | None
    timings_ms: dict[str, float]


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
        intents: Intents | None = None, background: ThreadPoolExecutor | None = None,
        unit_questions: UnitQuestions | None = None,
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
        self.unit_questions = unit_questions or UnitQuestions(embedder, self.catalog, load_questions())
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        # Where a message is read while its question is embedded; threads start on first use.
        self._running = 0  # answers being computed now, by any thread
        self._running_lock = threading.Lock()
        self._background = background or ThreadPoolExecutor(max_workers=READING_THREADS, thread_name_prefix="read")

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
        bot.unit_questions.vectors()
        return bot

    def with_settings(self, settings: Settings) -> "Chatbot":
        """A bot sharing this one's model, index and triage exemplars but using other settings."""
        same_intents = settings.composer.intent_temperature == self.settings.composer.intent_temperature
        same_units = settings.composer.max_joined == self.settings.composer.max_joined
        return Chatbot(
            settings, self.embedder, self.index, self.triager.with_config(settings.triage),
            self.intents if same_intents else None, self._background, self.unit_questions if same_units else None,
        )

    def citation_context(self, citation: Citation, limit: int = 700) -> tuple[str, str, str]:
        """(text before, quote, text after) within the quote's paragraph, trimmed to ``limit`` a side."""
        raw = self.index.texts.raw_texts[citation.source_id]
        p_start, p_end = self.table.paragraph_span(citation.source_id, citation.start, citation.end)
        before = raw[max(p_start, citation.start - limit):citation.start]
        after = raw[citation.end:min(p_end, citation.end + limit)]
        return before, raw[citation.start:citation.end], after

    def embed_query(self, text: str, before_model: Callable[[], object] | None = None) -> np.ndarray:
        """The query's vector; repeated questions (example buttons, FAQs) come from a bounded LRU cache.

        ``before_model`` is called once, just before the model runs (at once on a cache hit).
        """
        size = self.settings.query_cache_size
        if size <= 0:
            return self.embedder.encode([text], before_model=before_model)[0]
        with self._cache_lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                if before_model is not None:
                    before_model()
                return self._cache[text]
        vector = self.embedder.encode([text], before_model=before_model)[0]
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
        return self._alarm(found, clock)

    def answer(self, question: object, history: Sequence[Turn] = ()) -> Answer:
        """Answer one user message given the conversation so far (oldest first).

        Every route is decided before a retrieved passage is used: the word
        lists first, then small talk, then the semantic triage on the question's
        vector, which retrieval reuses. The word lists, the reading of the message
        and its BM25 ranking need no vector, so they run while the model embeds
        the question, when no other answer is running: with every core busy, the
        hand-over would only cost time (``safety_reply`` is the model-free path
        for a busy server).
        """
        with self._running_lock:
            self._running += 1
            alone = self._running == 1
        try:
            return self._answer(question, history, overlap=alone)
        finally:
            with self._running_lock:
                self._running -= 1

    def _answer(self, question: object, history: Sequence[Turn], *, overlap: bool) -> Answer:
        text = clean_question(question, self.settings.max_question_chars)
        clock = Stopwatch()
        routing = conversational(text)
        resolved = resolve(text, history)
        speller = self.index.search.lexical.speller
        own = repaired_text(text, speller)
        query = own if resolved.query == text else repaired_text(resolved.query, speller)
        clock.lap("understand")
        if routing.intent == "small_talk":
            screened = self.triager.screen(self.triager.read(text))
            clock.lap("triage")
            if screened.alarming:
                return self._alarm(screened, clock)
            return Answer((Block.note(small_talk_reply(text)),), (), False, "small_talk", "", trace=Trace(triage=screened))
        # The words are read on another thread while the model embeds the question on this one
        # without the GIL: on a second core the reading costs no time.
        pending: list[Future[WordsRead]] = []
        start = (lambda: pending.append(self._background.submit(self._read, text, resolved))) if overlap else None
        # A model that cannot run must not cost a person in danger the emergency or crisis reply:
        # its error is raised only after the word lists have read the message.
        failure: Exception | None = None
        try:
            query_vector = self.embed_query(query, start)
        except Exception as exc:
            failure = exc
        clock.lap("embed")
        words = pending[0].result() if pending else self._read(text, resolved)
        clock.skip()
        for stage, ms in words.timings_ms.items():
            clock.add(stage, ms)
        read, screened, reading, lexical = words.read, words.screened, words.reading, words.lexical
        if screened.alarming or reading is None or lexical is None:
            return self._alarm(screened, clock)
        if failure is not None:
            raise failure
        # Retrieval needs the searched form's vector; the semantic triage judges the patient's own
        # words, which differ from it only in a follow-up turn ("is it genetic?" searched as
        # "is calcinosis cutis genetic?"): they are embedded too only when similarity could raise
        # them (they have a cue word of a tier).
        own_vector = query_vector if query == own else self.embed_query(own) if self.triager.may_raise(read) else None
        clock.lap("embed")
        triage = self.triager.decide(read, own_vector, screened)
        clock.lap("triage")
        if triage.alarming:
            return self._alarm(triage, clock)
        retrieval = self.retriever.complete(lexical, query_vector)
        for stage, ms in retrieval.timings_ms.items():
            clock.add(stage, ms)
        clock.skip()
        answer = self._answer_question(text, resolved, reading, retrieval, query_vector, clock, triage, personal=routing.personal)
        if triage.tier == "urgent":
            return with_urgent_notice(answer, self.settings.triage)
        if triage.kind_line:
            return with_kind_line(answer)
        return answer

    def _alarm(self, triage: Triage, clock: Stopwatch) -> Answer:
        """The emergency or crisis reply for ``triage``, with the stages timed so far."""
        return alarm_answer(triage, self.settings.triage, Trace(triage=triage, timings_ms=tuple(clock.laps.items())))

    def _read(self, text: str, resolved: Resolved) -> WordsRead:
        """What needs no vector: the word lists' triage, then (unless they raise an alarm) the reading and BM25."""
        clock = Stopwatch()
        read = self.triager.read(text)
        screened = self.triager.screen(read)
        clock.lap("triage")
        if screened.alarming:
            return WordsRead(read, screened, None, None, clock.laps)
        speller = self.index.search.lexical.speller
        reading = read_message(text, resolved, speller, self.off_topics, self.index.search.lexical.stem_counts)
        clock.lap("understand")
        lexical = self.retriever.lexical(resolved.query, list(reading.search_terms))
        return WordsRead(read, screened, reading, lexical, clock.laps)

    def _answer_question(
        self, text: str, resolved: Resolved, reading: Reading, retrieval: Retrieval, vector: np.ndarray,
        clock: Stopwatch, triage: Triage, *, personal: bool,
    ) -> Answer:
        cfg = self.settings.composer
        bonus = intent_bonus(self.intents.of_question(vector), self.intents.sentence_profiles(), cfg.intent_weight)
        composition = compose(
            retrieval.chunks, vector, self.table.idf(reading.search_terms), self.catalog, cfg, bonus, reading.counted,
            self.unit_questions if cfg.question_weight or cfg.question_terms_weight else None,
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
        matched, terms = (None if a is None else a.tolist() for a in (scores.question_match, scores.question_terms))
        ranking = scores.ranking(catalog).tolist()
        shown = ranking[:TRACE_CANDIDATES] + [p for p in ranking[TRACE_CANDIDATES:] if catalog.rows[ids[p]] in chosen]
        out = []
        for p in shown:
            rows = catalog.rows[ids[p]]
            head = self.table.sentences[rows[0]]
            out.append(Candidate(
                catalog.source_id[ids[p]], head.index, len(rows), head.text, relevance[p], dense[p], lexical[p],
                rows in chosen, None if matched is None else matched[p], None if terms is None else terms[p],
            ))
        return tuple(out)


def _fused(retrieval: Retrieval) -> tuple[FusedHit, ...]:
    return tuple(
        FusedHit(sc.chunk.chunk_id, sc.chunk.source_id, sc.chunk.section, round(sc.score, 5), sc.dense_rank, sc.lexical_rank)
        for sc in retrieval.chunks
    )

