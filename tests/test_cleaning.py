"""Cleaning: only removes text, folds doubled headings, recovers structure."""

from pathlib import Path

import pytest

from chatbot.ingest.boilerplate import is_flattened
from chatbot.ingest.cleaning import clean_article, leading_heading_length
from chatbot.ingest.corpus import load_articles, load_sources, read_raw
from chatbot.errors import CorpusError
from chatbot.models import Source

BOILERPLATE = [
    "Medically Reviewed by",
    "min read",
    "Disclosure",
    "[Medline]",
    "medical societies",
    "Copyright",
    "Was this page helpful",
    "Language Editions",
    "Learn about our editorial process",
    "Table of Contents",
    "Click Play",
    "Reproduced with permission",
    "What Is Calcific Tendonitis",
    "Calcified Fibroids",
    "Verywell Health uses only",
    "doi:",
    "x-ray film",
]


def src(sid: str = "t", boilerplate: tuple[str, ...] = ()) -> Source:
    return Source(sid, f"{sid}.txt", "Title", None, None, boilerplate=boilerplate)


def test_doubled_heading_folds_into_one_section():
    raw = "Surgery\n\nSurgery is an option.\n\nSurgery\n\nIt may leave a scar.\n\nLaser\n\nLight is used.\n"
    article = clean_article(src(), raw)
    assert [s.heading for s in article.sections] == ["Surgery", "Laser"]
    assert [x.text for x in article.sections[0].sentences] == ["Surgery is an option.", "It may leave a scar."]


def test_bullets_become_list_items_of_their_intro():
    raw = "Types\n\nThere are two types, including:\n\n  • Dystrophic\n  • Metastatic\n\nMore text here.\n"
    sentences = clean_article(src(), raw).sentences
    intro = sentences[0]
    assert intro.kind == "list_intro"
    assert [(s.text, s.kind, s.list_intro) for s in sentences[1:3]] == [
        ("Dystrophic", "list_item", intro.index),
        ("Metastatic", "list_item", intro.index),
    ]
    assert sentences[3].kind == "text"


def test_intro_without_items_is_marked_and_the_next_paragraph_is_not_swallowed():
    raw = "This can be caused by:\n\nIdiopathic. This type has no clear cause.\n"
    sentences = clean_article(src(), raw).sentences
    assert sentences[0].kind == "list_intro"
    assert sentences[1].kind == "text"


def test_reference_lists_and_disclosures_are_dropped():
    raw = (
        "Body text is here.\n\nContributor Information and Disclosures\n\nJane Roe, MD\n\n"
        "  1. Roe J. A paper. J Derm. 2001. [Medline].\n"
    )
    assert [s.text for s in clean_article(src(), raw).sentences] == ["Body text is here."]


def test_per_source_boilerplate_patterns_are_removed():
    raw = "Keep this sentence. Related: Other Story Keep that one too."
    article = clean_article(src(boilerplate=("Related: Other Story ",)), raw)
    assert "Related" not in " ".join(s.text for s in article.sentences)


def test_leading_heading_detection():
    assert leading_heading_length("Home Remedies and Lifestyle There are no proven remedies.") == len(
        "Home Remedies and Lifestyle"
    )
    assert leading_heading_length("Calcium and phosphate are minerals.") == 0
    assert leading_heading_length("There are four types.") == 0
    assert leading_heading_length("How Calcinosis Cutis Is Diagnosed The diagnosis starts.") == len(
        "How Calcinosis Cutis Is Diagnosed"
    )
    assert leading_heading_length("Lupus Calcium", mid_sentence=True) == 0


def test_flattened_page_gets_headings_back():
    body = (
        "Intro sentence that is long enough to matter here. " * 50
        + "Symptoms Lumps Calcinosis cutis causes hard lumps. They can hurt. "
        "Prescription Medications Calcium channel blockers are used first."
    )
    assert is_flattened(body)
    article = clean_article(src(), body)
    headings = [s.heading for s in article.sections]
    assert "Symptoms Lumps" in headings and "Prescription Medications" in headings
    for s in article.sentences:
        assert body[s.start:s.end] == s.text


def test_glued_and_run_on_list_items_are_split_into_verbatim_items():
    body = (
        "Intro sentence that is long enough to matter here. " * 50
        + "It is most common on: FaceElbowsFingertips The lesions rarely hurt. "
        "Complications include: Skin ulcers Joint deformity Paresthesia (burning sensations) "
        "Loss of mobility from vitamin D excess It can also be caused by vitamin D toxicity."
    )
    article = clean_article(src(), body)
    items = [s.text for s in article.sentences if s.kind == "list_item"]
    assert items == [
        "Face", "Elbows", "Fingertips",
        "Skin ulcers", "Joint deformity", "Paresthesia (burning sensations)", "Loss of mobility from vitamin D excess",
    ]
    after = {s.text: s.kind for s in article.sentences}
    assert after["The lesions rarely hurt."] == "text"  # the list ends where the glue ends
    assert after["It can also be caused by vitamin D toxicity."] == "text"  # a sentence, not an item
    for s in article.sentences:
        assert body[s.start:s.end] == s.text


def test_lines_of_run_on_items_are_split_too():
    body = (
        "Tests\nThe tests may include:\nRenal function tests to check for kidney disease Parathyroid hormone "
        "level to check for hyperparathyroidism C-reactive protein (CRP) to check for inflammation\nImaging helps.\n"
    )
    article = clean_article(src(), body)
    items = [s.text for s in article.sentences if s.kind == "list_item"]
    assert items == [
        "Renal function tests to check for kidney disease",
        "Parathyroid hormone level to check for hyperparathyroidism",
        "C-reactive protein (CRP) to check for inflammation",
    ]


# ---- the real corpus -------------------------------------------------------

@pytest.fixture(scope="module")
def articles(real_corpus: Path):
    return load_articles(real_corpus)


@pytest.mark.integration
def test_every_kept_sentence_is_verbatim_at_its_span(articles):
    for article in articles:
        for s in article.sentences:
            assert article.raw[s.start:s.end] == s.text
            assert s.text == s.text.strip() and s.text


@pytest.mark.integration
def test_boilerplate_is_gone_from_the_real_corpus(articles):
    kept = "\n".join(s.text for a in articles for s in a.sentences)
    for marker in BOILERPLATE:
        assert marker not in kept, marker


@pytest.mark.integration
def test_real_corpus_shape(articles):
    by_id = {a.source.source_id: a for a in articles}
    assert sorted(by_id) == ["000", "001", "002", "003", "004"]
    # 001 repeats every heading; folded, none appears twice in a row
    headings = [s.heading for s in by_id["001"].sections]
    assert len(headings) == len(set(headings))
    assert "Calcification Due to Damaged Skin" in headings
    # 004 has no line breaks; its headings are recovered
    assert is_flattened(by_id["004"].raw)
    recovered = {s.heading for s in by_id["004"].sections}
    assert {"Dysmorphic Calcinosis Cutis", "How Calcinosis Cutis Is Diagnosed", "Prescription Medications", "Summary"} <= recovered
    # the content that matters is kept
    kept_003 = " ".join(s.text for s in by_id["003"].sentences)
    assert "Virchow initially described calcinosis cutis in 1855." in kept_003


@pytest.mark.integration
def test_sentences_keep_article_order(articles):
    for article in articles:
        starts = [s.start for s in article.sentences]
        assert starts == sorted(starts)
        assert [s.index for s in article.sentences] == list(range(len(starts)))


def test_metadata_errors_say_what_to_do(tmp_path: Path):
    with pytest.raises(CorpusError, match="metadata.json"):
        load_sources(tmp_path)
    (tmp_path / "metadata.json").write_text('{"sources": [{"source_id": "x", "file": "missing.txt"}]}')
    with pytest.raises(CorpusError, match="missing.txt"):
        load_sources(tmp_path)


@pytest.mark.integration
def test_metadata_shows_titles_as_the_text_does(real_corpus: Path):
    for source in load_sources(real_corpus):
        raw = read_raw(real_corpus, source)
        for value in (source.title, source.publisher, source.date):
            if value:
                assert value in raw, value


@pytest.mark.parametrize(
    "raw,kept",
    [
        ("Causes include:\n•\nKidney failure is one.\n", [("Causes include:", "list_intro"), ("Kidney failure is one.", "text")]),
        ("Causes include:\n• Kidney\n•", [("Causes include:", "list_intro"), ("Kidney", "list_item")]),
    ],
)
def test_empty_bullets_are_skipped(raw, kept):
    article = clean_article(src(), raw)
    assert [(s.text, s.kind) for s in article.sentences] == kept
    for s in article.sentences:
        assert raw[s.start:s.end] == s.text
