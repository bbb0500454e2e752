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
    assert {i.style for i in answerable} == {"textbook", "lay", "misspelled", "short", "long", "patient"}


@pytest.mark.integration
def test_patient_voice_items_are_merged_with_both_splits(items):
    patient = [i for i in items if i.patient]
    assert len(patient) == 149 and all(i.id.startswith("pv-") for i in patient)
    assert len(items) - len(patient) == 220  # the textbook items the original gates count
    assert {i.split for i in patient} == {"tune", "holdout"}
    for split in ("tune", "holdout"):
        group = [i for i in patient if i.split == split]
        assert sum(i.answerable for i in group) >= 40 and sum(i.expected == "abstain" for i in group) >= 10
    assert all(i.gold for i in patient if i.answerable)
    assert not any(i.gold or i.acceptable or i.split or i.voice for i in items if not i.patient)


@pytest.mark.integration
def test_gold_and_acceptable_spans_lie_in_their_article_on_non_space_characters(items, real_corpus):
    from chatbot.ingest.corpus import read_raw

    raw = {s.source_id: read_raw(real_corpus, s) for s in load_sources(real_corpus)}
    checked = 0
    for item in items:
        for kind, spans in (("gold", item.gold), ("acceptable", item.acceptable)):
            for sid, start, end in spans:
                text = raw[sid]
                assert 0 <= start < end <= len(text), (item.id, kind, sid, start, end)
                assert not text[start].isspace() and not text[end - 1].isspace(), (item.id, kind, text[start:end])
                checked += 1
    assert checked > 0


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


PATIENT = {
    **GOOD, "id": "pv-x", "style": "patient", "voice": "typos", "split": "tune",
    "gold": [{"source_id": "000", "start": 10, "end": 20}], "acceptable": [{"source_id": "001", "start": 0, "end": 5}],
}
PATIENT_OOS = {
    "id": "pv-y", "category": "out_of_scope", "turns": ["can i fly?"], "expected": "abstain", "source_ids": [],
    "facts": [], "style": "patient", "followup": False, "voice": "short", "split": "holdout",
    "gold": [], "acceptable": [], "note": "not covered",
}


@pytest.mark.unit
def test_patient_items_keep_voice_split_and_spans():
    item = parse_item(PATIENT, 3, {"000", "001"})
    assert item.patient and item.voice == "typos" and item.split == "tune"
    assert item.gold == (("000", 10, 20),) and item.acceptable == (("001", 0, 5),)
    oos = parse_item(PATIENT_OOS, 4, {"000", "001"})
    assert oos.patient and oos.split == "holdout" and oos.gold == () and oos.acceptable == ()
    plain = parse_item(GOOD, 5, {"000"})
    assert not plain.patient and plain.voice == plain.split == "" and plain.gold == plain.acceptable == ()


@pytest.mark.unit
@pytest.mark.parametrize(
    "change,match",
    [
        ({"split": None}, "needs a split"),
        ({"split": "train"}, "split must be one of"),
        ({"voice": "shouting"}, "voice must be one of"),
        ({"gold": None}, "needs gold spans"),
        ({"gold": []}, "needs gold spans"),
        ({"gold": [{"source_id": "999", "start": 0, "end": 5}]}, "unknown source_id"),
        ({"gold": [{"source_id": "000", "start": 5, "end": 5}]}, "0 <= start < end"),
        ({"gold": [{"source_id": "000", "start": -1, "end": 5}]}, "0 <= start < end"),
        ({"gold": [{"source_id": "000", "start": "0", "end": 5}]}, "integer offsets"),
        ({"gold": [["000", 0, 5]]}, "must be an object"),
        ({"gold": {"source_id": "000", "start": 0, "end": 5}}, "must be a list"),
        ({"gold": [{"source_id": "001", "start": 0, "end": 5}]}, "not in source_ids"),
        ({"acceptable": [{"source_id": "000", "start": 9, "end": 3}]}, "0 <= start < end"),
    ],
)
def test_patient_schema_names_the_problem(change, match):
    record = {**PATIENT, **change}
    for key in [k for k, v in change.items() if v is None]:
        del record[key]
    with pytest.raises(DatasetError, match=match):
        parse_item(record, 7, {"000", "001"})


@pytest.mark.unit
def test_gold_only_on_answerable_items():
    with pytest.raises(DatasetError, match="answerable items only"):
        parse_item({**PATIENT_OOS, "gold": [{"source_id": "000", "start": 0, "end": 5}]}, 2, {"000"})
    with pytest.raises(DatasetError, match="answerable items only"):
        parse_item({**PATIENT_OOS, "acceptable": [{"source_id": "000", "start": 0, "end": 5}]}, 2, {"000"})
    # A textbook item may carry gold too, but does not have to.
    assert parse_item({**GOOD, "gold": PATIENT["gold"]}, 2, {"000"}).gold == (("000", 10, 20),)


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")
    with pytest.raises(DatasetError, match="line 2: duplicate id"):
        load_items(path)


def test_jsonl_records_name_the_file_and_line_of_a_bad_record(tmp_path):
    from eval.jsonl import read_records
    from eval.stranger import load_stranger
    from eval.triage import load_bank

    good = '{"id": "a", "n": 1}'
    path = tmp_path / "bank.jsonl"
    path.write_text(f"{good}\n\n{good}\n", encoding="utf-8")
    assert read_records(path, lambda row: row["n"]) == [1, 1]  # blank lines skipped
    path.write_text(f"{good}\n{{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bank.jsonl line 2"):
        read_records(path, lambda row: row)
    path.write_text(f"{good}\n" + '{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bank.jsonl line 2: 'n'"):
        read_records(path, lambda row: row["n"])
    # The banks' own checks arrive the same way.
    bank = tmp_path / "tiers.jsonl"
    bank.write_text('{"id": "x", "text": "t", "tier": "severe", "theme": "t", "voice": "self", "kind_line": false}\n')
    with pytest.raises(ValueError, match="tiers.jsonl line 1: tier must be one of"):
        load_bank(bank)
    stranger = tmp_path / "stranger.jsonl"
    stranger.write_text('{"id": "s", "turns": ["q"], "expected": "answer", "voice": "v", "topic": "t", "answer_hint": ""}\n')
    with pytest.raises(ValueError, match="stranger.jsonl line 1: an answerable item needs a hint"):
        load_stranger(stranger)


@pytest.mark.integration
def test_a_prose_sentence_that_restates_a_gold_sentence_is_gold_too(items, real_bot):
    """The articles restate some sentences almost word for word (two versions of one article, and one
    article that repeats its own summary): a lead sentence must not count as a miss because the labeller
    marked the other wording. The rule is mechanical (rapidfuzz ratio >= 80, six words or more), so
    that no gold set is widened by hand to fit an answer."""
    from rapidfuzz import fuzz

    prose = [s for s in real_bot.table.sentences if s.kind == "text" and len(s.text.split()) >= 6]

    def inside(sentence, spans) -> bool:
        return any(sentence.source_id == sid and sentence.start < end and start < sentence.end for sid, start, end in spans)

    missing = []
    for item in items:
        if not item.gold:
            continue
        golden = [s.text.lower() for s in prose if inside(s, item.gold)]
        missing += [
            (item.id, s.source_id, s.text[:60]) for s in prose
            if not inside(s, item.gold) and any(fuzz.ratio(s.text.lower(), g) >= 80 for g in golden)
        ]
    assert missing == []
