"""Patients' ways of asking: "it" on a first turn, lay words, what a question asks about, the most relevant first."""

from __future__ import annotations

import numpy as np
import pytest

from chatbot.answer.compose import order_units
from chatbot.answer.conversation import DEFAULT_TOPIC, resolve
from chatbot.answer.intent import INTENTS, NAMES, Intents, intent_bonus, profile
from chatbot.answer.units import Unit
from chatbot.models import Turn
from chatbot.search.spelling import corpus_vocabulary
from chatbot.search.vocabulary import LAY_TERMS, forms
from chatbot.search.weights import stem_counts, term_coverage
from tests.fakes import FakeEmbedder


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("is it genetic?", "is calcinosis cutis genetic?"),
        ("How is it treated?", "How is calcinosis cutis treated?"),
        ("can they just cut them out?", "can calcinosis cutis just cut them out?"),
        ("does this lump ever go away?", "does this lump ever go away? (calcinosis cutis)"),
        ("Is it contagious for kids?", "Is calcinosis cutis contagious for kids?"),
    ],
)
def test_a_first_message_about_it_is_about_calcinosis_cutis(question, query):
    resolved = resolve(question, [])
    assert (resolved.query, resolved.topic, resolved.rewritten) == (query, DEFAULT_TOPIC, True)


@pytest.mark.parametrize("question", ["Is it safe to take diltiazem while I'm pregnant?", "is it ok if I swim?", "What is psoriasis?"])
def test_an_it_that_stands_for_nothing_and_a_named_subject_are_left_alone(question):
    assert resolve(question, []).rewritten is False


def test_a_follow_up_still_takes_the_earlier_topic_before_the_default():
    history = [Turn("user", "What is metastatic calcinosis cutis?"), Turn("assistant", "...")]
    assert resolve("How is it treated?", history).query == "How is metastatic calcinosis cutis treated?"


def test_lay_words_reach_the_articles_words():
    assert {"surgeri", "excis"} <= forms("cut").all
    assert "dairi" in forms("cheese").all and "pain" in forms("throbbing").all
    assert "clear" in forms("curable").all  # "is it curable?": the articles say the lumps may "clear"
    counts = stem_counts(corpus_vocabulary(["Surgery can remove deposits. Dairy foods and pain."]))
    assert term_coverage(["cut", "cheese", "ache"], counts) == 1.0  # none of the three is in the text
    assert term_coverage(["zebra"], counts) == 0.0


@pytest.mark.integration
def test_every_lay_mapping_lands_on_words_the_articles_use(real_corpus):
    from chatbot.ingest.corpus import load_sources, read_raw

    vocabulary = corpus_vocabulary(read_raw(real_corpus, s) for s in load_sources(real_corpus))
    missing = {lay: [t for t in targets if t not in vocabulary] for lay, targets in LAY_TERMS.items()}
    assert {lay: ts for lay, ts in missing.items() if ts} == {}


@pytest.mark.unit
def test_a_sentence_leans_to_the_intent_of_its_heading():
    embedder = FakeEmbedder()
    vector = np.asarray(embedder.encode(["The doctor will decide."]))
    under = {h: Intents(embedder, vector, [h], temperature=0.05).sentence_profiles()[0] for h in ("Treatment options", "Symptoms")}
    treatment, symptoms = NAMES.index("treatment"), NAMES.index("symptoms")
    assert under["Treatment options"][treatment] > under["Symptoms"][treatment]
    assert under["Symptoms"][symptoms] > under["Treatment options"][symptoms]


@pytest.mark.unit
def test_the_intent_bonus_favours_sentences_about_what_was_asked():
    embedder = FakeEmbedder()
    texts = ["Doctors may prescribe diltiazem.", "The lumps are hard and white."]
    intents = Intents(embedder, np.asarray(embedder.encode(texts)), ["Treatment", "Symptoms"], temperature=0.05)
    asked = intents.of_question(embedder.encode(["which treatment options exist"])[0])
    bonus = intent_bonus(asked, intents.sentence_profiles(), weight=0.3)
    assert bonus[0] > bonus[1]


@pytest.mark.unit
def test_intents_are_embedded_once():
    embedder = FakeEmbedder()
    intents = Intents(embedder, np.asarray(embedder.encode(["a sentence"])), ["Heading"], temperature=0.05)
    intents.sentence_profiles()
    calls = len(embedder.calls)
    intents.sentence_profiles()
    intents.of_question(np.asarray(embedder.encode(["q"]))[0])
    assert len(embedder.calls) == calls + 1  # only the question's own encode above


@pytest.mark.unit
def test_profile_is_a_softmax_over_prototypes():
    prototypes = np.eye(3, dtype=np.float32)
    p = profile(np.array([1.0, 0.0, 0.0], dtype=np.float32), prototypes, temperature=0.1)
    assert p.shape == (1, 3) and p[0, 0] > 0.99 and np.isclose(p.sum(), 1.0)
    assert all(len(v) >= 5 for v in INTENTS.values())


@pytest.mark.unit
def test_the_most_relevant_unit_opens_the_answer_whatever_its_place_in_the_article():
    late, early, other = Unit((9,), "a", relevance=0.9), Unit((1,), "a", relevance=0.5), Unit((4,), "b", relevance=0.7)
    assert order_units([early, other, late]) == [late, other, early]


@pytest.mark.unit
def test_a_first_turn_it_question_is_answered_on_the_tiny_corpus(shared_tiny_bot):
    answer = shared_tiny_bot.answer("Can it be removed by surgery?")
    assert answer.route == "answer" and answer.abstained is False
    assert answer.trace is not None and answer.trace.query is not None
    assert answer.trace.query.query == "Can calcinosis cutis be removed by surgery?"
    assert answer.citations[0].quote == "Surgery can remove large lumps."


def test_a_story_of_words_no_article_uses_does_not_make_the_question_uncovered():
    from chatbot.answer.reading import _coverage
    from chatbot.search.query import query_terms

    counts = stem_counts(corpus_vocabulary(["Surgery can remove deposits. Blood tests check calcium levels."]))
    story = "My grandson plays rugby and his coach uses kinesiology tape. What blood tests check calcium?"
    asked = "What blood tests check calcium?"
    whole = term_coverage(query_terms(story, None), counts)
    assert whole < 0.5
    assert _coverage(query_terms(story, None), asked, story, None, counts) == term_coverage(query_terms(asked, None), counts) == 1.0
    # A question part with fewer than two words of its own says nothing either way: the whole message judges.
    short = "My grandson plays rugby with kinesiology tape. Why?"
    assert _coverage(query_terms(short, None), "Why?", short, None, counts) == term_coverage(query_terms(short, None), counts)
    # An off-topic question keeps its low coverage: the part that asks is just as uncovered.
    offtopic = "I have had the lumps for years. Which kinesiology tape brand suits rugby?"
    asked_off = "Which kinesiology tape brand suits rugby?"
    assert _coverage(query_terms(offtopic, None), asked_off, offtopic, None, counts) == term_coverage(query_terms(offtopic, None), counts)
