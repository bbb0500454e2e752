"""Schema check of the fixed question set, and of the validator itself."""

import json

import pytest

from chatbot.ingest.corpus import load_sources
from eval.dataset import DatasetError, load_items, parse_item


@pytest.fixture(scope="module")
def items(real_corpus):
    return load_items(known_sources={s.source_id for s in load_sources(real_corpus)})


@pytest.mark.integration
def test_question_set_meets_its_brief(items):
    answerable = [i for i in items if i.expected == "answer"]
    assert len(items) >= 100
    assert sum(i.category == "out_of_scope" for i in items) >= 20
    assert sum(i.category == "emergency" for i in items) >= 5
    assert sum(i.category == "small_talk" for i in items) >= 3
    assert sum(i.followup for i in answerable) >= 15
    assert {s for i in answerable for s in i.source_ids} == {"000", "001", "002", "003", "004"}
    assert {i.style for i in answerable} == {"textbook", "lay", "misspelled", "short", "long"}


@pytest.mark.integration
def test_every_fact_is_worded_as_some_listed_source_words_it(items, real_corpus):
    from chatbot.ingest.corpus import read_raw

    raw = {s.source_id: read_raw(real_corpus, s).lower() for s in load_sources(real_corpus)}
    for item in items:
        for fact in item.facts:
            assert any(w in raw[s] for w in fact for s in item.source_ids), (item.id, fact)


GOOD = {
    "id": "x", "category": "symptoms", "turns": ["Q?"], "expected": "answer", "source_ids": ["000"],
    "facts": [["lumps"]], "style": "short", "followup": False,
}


@pytest.mark.parametrize(
    "change,match",
    [
        ({"category": "weather"}, "unknown category"),
        ({"expected": "abstain"}, "must have expected 'answer'"),
        ({"turns": []}, "turns"),
        ({"followup": True}, "followup"),
        ({"facts": []}, "needs source_ids and facts"),
        ({"source_ids": ["999"]}, "unknown source ids"),
        ({"style": "poetic"}, "style"),
        ({"category": "out_of_scope", "expected": "abstain"}, "no source_ids or facts"),
    ],
)
def test_validator_names_the_problem(change, match):
    with pytest.raises(DatasetError, match=match):
        parse_item({**GOOD, **change}, 7, {"000"})


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")
    with pytest.raises(DatasetError, match="line 2: duplicate id"):
        load_items(path)
