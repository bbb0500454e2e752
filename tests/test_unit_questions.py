"""The questions each unit answers: the file, the per-unit match, and what it does to the ranking."""

import json
import math

import numpy as np
import pytest

from chatbot.answer.scoring import score_units
from chatbot.answer.unit_questions import UnitQuestions, load_questions, text_key, unit_text
from chatbot.config import ComposerConfig
from chatbot.errors import ChatbotError
from tests.conftest import VERSIONS_META, make_tiny_bot, tiny_settings_for, write_corpus
from tests.fakes import FakeEmbedder

ARTICLES = {
    "v1.txt": (
        "Treatment\n\n"
        "Calcium channel blockers are among the first-line drugs used to treat calcium deposits. "
        "Surgery can remove large calcium deposits.\n\n"
        "The procedures include:\n\n  • Laser therapy\n  • Surgical excision\n\n"
        "Symptoms\n\nCalcinosis cutis causes hard white lumps under the skin.\n"
    ),
    "v2.txt": (
        "Treatment\n\n"
        "Calcium channel blockers are among the first-line drugs used to treat calcium deposits.\n"
    ),
}
BLOCKERS = "Calcium channel blockers are among the first-line drugs used to treat calcium deposits."
SURGERY = "Surgery can remove large calcium deposits."
LUMPS = "Calcinosis cutis causes hard white lumps under the skin."
QUESTIONS = {
    text_key(BLOCKERS): ("which tablets do doctors give first", "is there a pill for it"),
    text_key(SURGERY): ("can a doctor cut them out", "operation to take lumps away"),
    text_key("The procedures include:\n- Laser therapy\n- Surgical excision"): ("what procedures are there",),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    root = tmp_path_factory.mktemp("unit-questions")
    corpus = write_corpus(root / "corpus", ARTICLES, VERSIONS_META)
    return make_tiny_bot(tiny_settings_for(corpus, root))


def _unit_of(bot, text: str, source_id: str = "v1") -> int:
    row = next(
        r for r, s in enumerate(bot.table.sentences) if s.text.startswith(text.split("\n")[0]) and s.source_id == source_id
    )
    return int(bot.catalog.of_row[row])


def test_the_file_maps_unit_texts_to_their_questions(tmp_path):
    path = tmp_path / "q.jsonl"
    lines = [
        {"source": "A", "section": "S", "text": "Some  Sentence.", "questions": ["what is it", "why"]},
        {"text": "A bare heading.", "questions": []},
        {"text": "some sentence.", "questions": ["again"]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert load_questions(path) == {"some sentence.": ("what is it", "why", "again"), "a bare heading.": ()}


@pytest.mark.parametrize(
    "line, problem",
    [
        ("not json", "Expecting value"),
        (json.dumps({"text": "a"}), "questions"),
        (json.dumps({"text": "a", "questions": "what"}), "must be a string and questions a list"),
        (json.dumps({"text": "a", "questions": ["x" * 401]}), "1 to 400 characters"),
        (json.dumps({"text": "a", "questions": [""]}), "1 to 400 characters"),
    ],
)
def test_a_malformed_line_is_an_error_naming_the_file_and_the_line(tmp_path, line, problem):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"text": "fine.", "questions": ["ok"]}) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ChatbotError, match=rf"q\.jsonl, line 2: .*{problem}.*fix or remove that line"):
        load_questions(path)


def test_a_unit_is_named_by_its_sentences_and_a_list_by_its_lead_in_and_items(bot):
    assert unit_text(bot.catalog, _unit_of(bot, BLOCKERS)) == BLOCKERS
    assert unit_text(bot.catalog, _unit_of(bot, "The procedures include:")) == (
        "The procedures include:\n- Laser therapy\n- Surgical excision"
    )


def test_each_unit_gets_its_best_question_and_zero_without_any(bot):
    embedder = FakeEmbedder()
    questions = UnitQuestions(embedder, bot.catalog, QUESTIONS)
    assert questions.unknown == ()
    blockers, copy, surgery, lumps = (
        _unit_of(bot, BLOCKERS), _unit_of(bot, BLOCKERS, "v2"), _unit_of(bot, SURGERY), _unit_of(bot, LUMPS)
    )
    ids = np.array([lumps, surgery, copy, blockers])
    got = questions.match(embedder.encode(["is there a pill for it"])[0], ids)
    # Both versions' copies of the passage carry its questions; a unit with none scores 0.
    assert got[2] == got[3] == pytest.approx(1.0, abs=1e-5)
    assert got[0] == 0.0
    assert got[1] < 0.9
    assert questions.count == 5  # distinct questions, each embedded once
    assert questions.covered() == 4  # both copies, the surgery sentence, the list


def test_the_match_is_the_plain_maximum_over_each_units_questions(bot):
    """Random subsets of units in random order: the gathered, reduced version agrees with a loop."""
    embedder = FakeEmbedder()
    questions = UnitQuestions(embedder, bot.catalog, QUESTIONS)
    vectors = {q: embedder.encode([q])[0] for qs in QUESTIONS.values() for q in qs}
    rng = np.random.default_rng(3)
    for _ in range(50):
        query = rng.standard_normal(embedder.dimension).astype(np.float32)
        query /= np.linalg.norm(query)
        ids = rng.permutation(len(bot.catalog))[: rng.integers(1, len(bot.catalog) + 1)]
        expected = [
            max((float(vectors[q] @ query) for q in QUESTIONS.get(text_key(unit_text(bot.catalog, int(i))), ())), default=0.0)
            for i in ids
        ]
        assert questions.match(query, ids) == pytest.approx(expected, abs=1e-5)


def test_a_unit_gains_the_share_of_the_message_terms_its_questions_use_synonyms_included(bot):
    """"dangerous" is met by a question that says "serious" (``forms``); the share is IDF-weighted."""
    questions = UnitQuestions(FakeEmbedder(), bot.catalog, {
        **QUESTIONS, text_key(LUMPS): ("are these lumps serious", "what are the white lumps"),
    })
    ids = np.array([_unit_of(bot, LUMPS), _unit_of(bot, SURGERY), _unit_of(bot, BLOCKERS)])
    share = questions.term_share({"dangerous": 3.0, "lumps": 1.0}, ids)
    own = questions.idf(["dangerous", "lumps"])
    danger, lumps = (3.0 * own["dangerous"]) ** 0.5, (1.0 * own["lumps"]) ** 0.5
    assert share.tolist() == pytest.approx([1.0, lumps / (danger + lumps), 0.0], abs=1e-5)
    assert questions.term_share({}, ids).tolist() == [0.0, 0.0, 0.0]


def test_the_term_share_is_the_plain_loop_over_each_units_question_words(bot):
    from chatbot.search.tokens import document_tokens
    from chatbot.search.vocabulary import forms

    questions = UnitQuestions(FakeEmbedder(), bot.catalog, QUESTIONS)
    rng = np.random.default_rng(5)
    pool = ["pill", "medicine", "doctors", "cut", "operation", "lumps", "procedures", "laser", "tablets", "first"]
    for _ in range(50):
        terms = list(rng.choice(pool, size=int(rng.integers(1, 5)), replace=False))
        weights = {t: float(rng.uniform(0.5, 3.0)) for t in terms}
        ids = rng.permutation(len(bot.catalog))[: rng.integers(1, len(bot.catalog) + 1)]
        n = len(bot.catalog)
        words = [
            frozenset().union(*(document_tokens(q) for q in QUESTIONS.get(text_key(unit_text(bot.catalog, i)), ())))
            for i in range(n)
        ]
        df = {t: sum(1 for w in words if forms(t).matches(w)) for t in terms}
        mixed = {t: (w * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))) ** 0.5 for t, w in weights.items()}
        expected = [sum(w for t, w in mixed.items() if forms(t).matches(words[i])) / sum(mixed.values()) for i in ids.tolist()]
        assert questions.term_share(weights, ids) == pytest.approx(expected, abs=1e-5)


def test_a_story_word_many_questions_use_weighs_less_than_the_word_asked_about(bot):
    """Neither "mum" nor "women" is in the articles, so over the sentences they weigh the same; many
    questions tell of a mum, few ask about women, so the unit about women leads."""
    questions = UnitQuestions(FakeEmbedder(), bot.catalog, {
        text_key(BLOCKERS): ("my mum takes tablets, is there a pill for it",),
        text_key(SURGERY): ("can my mum have them cut out",),
        text_key(LUMPS): ("do women get these lumps more", "my mum has white lumps"),
    })
    assert questions.idf(["women"])["women"] > questions.idf(["mum"])["mum"]
    ids = np.array([_unit_of(bot, LUMPS), _unit_of(bot, SURGERY), _unit_of(bot, BLOCKERS)])
    share = questions.term_share({"mum": 5.0, "women": 5.0}, ids)
    assert share[0] == pytest.approx(1.0) and share[1] == share[2] < 0.5
    assert questions.leaders({"women": 5.0, "mum": 5.0}, 1).tolist() == [_unit_of(bot, LUMPS)]


def test_the_leaders_are_the_units_whose_questions_use_the_message_terms_best(bot):
    questions = UnitQuestions(FakeEmbedder(), bot.catalog, QUESTIONS)
    surgery, blockers = _unit_of(bot, SURGERY), _unit_of(bot, BLOCKERS)
    leaders = questions.leaders({"operation": 2.0, "lumps": 1.0, "pill": 1.0}, 2).tolist()
    assert leaders[0] == surgery  # "operation to take lumps away": 3 of 4
    assert leaders[1] in (blockers, _unit_of(bot, BLOCKERS, "v2"))  # "is there a pill for it": 1 of 4
    assert questions.leaders({"unrelated": 1.0}, 3).tolist() == []  # a unit that shares nothing is no leader
    assert questions.leaders({"pill": 1.0}, 0).tolist() == []


def test_a_unit_retrieval_missed_is_a_candidate_when_its_questions_use_the_message_words(bot):
    """The message's words are in a unit's questions, not in any retrieved chunk: with leaders the
    unit is scored; without, it is not a candidate at all."""
    from chatbot.answer.compose import compose

    questions = UnitQuestions(FakeEmbedder(), bot.catalog, QUESTIONS)
    surgery = _unit_of(bot, SURGERY)
    found = bot.retriever.search("hard white lumps under the skin", bot.embed_query("hard white lumps under the skin"))
    others = [
        sc for sc in found.chunks
        if surgery not in bot.catalog.of_rows(list(bot.table.chunk_row_lists[sc.chunk.chunk_id])).tolist()
    ]
    assert others  # retrieved chunks without the surgery sentence
    vector = bot.embed_query("operation to take lumps away")
    weights = {"operation": 1.0, "lumps": 1.0}
    with_leaders = compose(others, vector, weights, bot.catalog, ComposerConfig(question_leaders=3), questions=questions)
    without = compose(others, vector, weights, bot.catalog, ComposerConfig(question_leaders=0), questions=questions)
    assert surgery in with_leaders.scores.ids.tolist()
    assert surgery not in without.scores.ids.tolist()


def test_questions_for_a_passage_the_corpus_no_longer_has_are_reported(bot):
    questions = {**QUESTIONS, text_key("A sentence that was edited away."): ("what about it",)}
    found = UnitQuestions(FakeEmbedder(), bot.catalog, questions)
    assert found.unknown == (text_key("A sentence that was edited away."),)


def test_a_unit_whose_question_matches_the_message_outranks_one_that_only_shares_its_words(bot):
    """The message shares words with the symptoms sentence (white lumps) but
    asks whether they can be cut out: with the questions' weight, the surgery sentence, whose
    question it matches, ranks first; without, the sentence that echoes the story does."""
    embedder = FakeEmbedder()
    questions = UnitQuestions(embedder, bot.catalog, QUESTIONS)
    message = embedder.encode(["white lumps, can a doctor cut them out"])[0]
    ids = np.array([_unit_of(bot, LUMPS), _unit_of(bot, SURGERY)])
    weights = {"white": 1.0, "lumps": 1.0, "doctor": 1.0, "cut": 1.0}
    chunk = np.zeros(len(bot.table.sentences))
    without = score_units(ids, message, weights, chunk, bot.catalog, ComposerConfig(question_weight=0.0))
    with_questions = score_units(
        ids, message, weights, chunk, bot.catalog, ComposerConfig(question_weight=1.0, question_terms_weight=0.0), None, questions
    )
    assert without.relevance[0] > without.relevance[1]
    assert with_questions.relevance[1] > with_questions.relevance[0]


@pytest.mark.integration
def test_the_questions_file_accounts_for_every_unit_of_the_corpus_and_no_other(real_bot):
    """A changed article shows here: a passage with no entry (write its questions, or an empty list
    when it answers nothing on its own) or an entry whose passage is gone."""
    listed = load_questions()
    units = {text_key(unit_text(real_bot.catalog, i)) for i in range(len(real_bot.catalog))}
    assert sorted(units - set(listed)) == []
    assert sorted(set(listed) - units) == []
    assert real_bot.unit_questions.covered() > 0.9 * len(real_bot.catalog)


@pytest.mark.integration
def test_check_questions_prints_a_line_to_fill_in_for_each_passage_without_an_entry(real_bot, real_settings, tmp_path, capsys):
    from chatbot.answer.unit_questions import QUESTIONS_FILE
    from chatbot.cli import main

    where = ["--corpus-dir", str(real_settings.corpus_dir), "--index-dir", str(real_settings.index_dir)]
    assert main([*where, "check-questions"]) == 0
    assert "every one of the corpus's" in capsys.readouterr().out

    lines = QUESTIONS_FILE.read_text(encoding="utf-8").splitlines()
    removed = [json.loads(lines[i]) for i in (4, 8)]
    kept = [line for i, line in enumerate(lines) if i not in (4, 8)]
    stale = json.dumps({"text": "A passage no article has.", "questions": ["what"]})
    edited = tmp_path / "questions.jsonl"
    edited.write_text("\n".join([*kept, stale]) + "\n", encoding="utf-8")
    assert main([*where, "check-questions", "--file", str(edited)]) == 1
    out, err = capsys.readouterr()
    printed = [json.loads(line) for line in out.splitlines()]
    assert [p["text"] for p in printed] == [r["text"] for r in removed]
    assert all(p["questions"] == [] for p in printed)
    assert "a passage no article has." in err and "2 passage(s) with no entry" in err and "1 entr(y/ies)" in err
