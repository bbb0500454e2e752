import numpy as np

from chatbot.search.bm25 import LexicalIndex
from chatbot.search.query import query_terms, query_tokens, repaired_text, search_terms, term_groups
from chatbot.search.spelling import SpellingRepair, edit_distance
from chatbot.search.tokens import stem
from chatbot.search.retrieval import reciprocal_rank_fusion, top_ranked

DOCS = [
    "Calcinosis cutis treatment includes surgery and laser therapy.",
    "Symptoms are hard white lumps under the skin.",
    "Diagnosis uses blood tests, imaging and a biopsy.",
    "Dystrophic calcinosis follows tissue damage.",
]


def test_edit_distance_counts_swaps_as_one():
    assert edit_distance("treatmnet", "treatment", 2) == 1
    assert edit_distance("cutus", "cutis", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2  # stops early: limit + 1


def test_spelling_repair_maps_to_corpus_words():
    index = LexicalIndex.fit(DOCS)
    speller = index.speller
    assert speller.repair("treatmnet") == "treatment"
    assert speller.repair("cutus") == "cutis"
    assert speller.repair("calcinosis") == "calcinosis"
    assert speller.repair("psoriasis") is None
    assert SpellingRepair({"cat": 1}).repair("cot") is None  # short words are never guessed


def test_dictionary_words_are_never_repaired_to_corpus_words():
    vocabulary = {"things": 3, "parts": 2, "treatment": 5}
    plain = SpellingRepair(vocabulary)
    assert plain.repair("thinks") == "things"  # what a corpus-only speller does
    speller = SpellingRepair(vocabulary, dictionary=frozenset({"thinks", "paris"}))
    assert speller.repair("thinks") is None
    assert speller.repair("paris") is None
    assert speller.repair("treatmnet") == "treatment"


def test_repaired_text_fixes_only_misspelled_words_and_keeps_the_rest_as_typed():
    speller = LexicalIndex.fit(DOCS).speller
    assert repaired_text("What is the treatmnet for Calcinosis cutus?", speller) == (
        "What is the treatment for Calcinosis cutis?"
    )
    assert repaired_text("Psoriasis, again!", speller) == "Psoriasis, again!"
    assert repaired_text("anything", None) == "anything"


def test_query_tokens_stem_repair_and_expand():
    index = LexicalIndex.fit(DOCS)
    assert query_terms("What is the treatmnet for calcinosis cutus?", index.speller) == [
        "treatment", "calcinosis", "cutis",
    ]
    tokens = query_tokens("lumps", index.speller)
    assert stem("lumps") in tokens and stem("nodule") in tokens


def test_bm25_ranks_the_matching_document_first():
    index = LexicalIndex.fit(DOCS)
    scores = index.scores(query_tokens("how is it diagnosed with a biopsy", index.speller))
    assert int(np.argmax(scores)) == 2
    assert not index.scores(["zzz"]).any()


def test_bm25_save_load(tmp_path):
    index = LexicalIndex.fit(DOCS)
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    tokens = query_tokens("laser surgery", loaded.speller)
    np.testing.assert_allclose(loaded.scores(tokens), index.scores(tokens))


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion({"dense": [1, 2, 3], "lexical": [3, 1]}, {}, k=60)
    assert max(fused, key=fused.get) == 1
    assert fused[3] > fused[2]
    weighted = reciprocal_rank_fusion({"dense": [1], "lexical": [2]}, {"lexical": 2.0}, k=60)
    assert weighted[2] > weighted[1]


def test_top_ranked_skips_zero_scores_and_breaks_ties_by_index():
    assert top_ranked(np.array([0.0, 2.0, 1.0, 2.0]), 5) == [1, 3, 2]


def test_a_term_and_its_synonyms_count_once():
    """"lumps" searches lump, nodule, bump, lesion and deposit: a sentence naming three of them is
    no better a match for "lumps after a transplant" than one naming the lump and the transplant."""
    docs = [
        "Lumps, nodules and bumps: deposits and lesions under the skin.",
        "A lump can follow an organ transplant.",
        "Laser therapy and surgery are treatments.",
    ]
    index = LexicalIndex.fit(docs)
    terms = query_terms("lumps after a transplant", index.speller)
    groups = term_groups(terms)
    assert groups[0][0] == stem("lumps") and stem("nodule") in groups[0]
    concept = index.concept_scores(groups)
    assert int(np.argmax(concept)) == 1
    flat = index.scores([token for group in groups for token in group])
    assert int(np.argmax(flat)) == 0  # what adding every synonym up does
    # Without synonyms the two agree: one group per term, scored once.
    plain = [(stem(t),) for t in terms]
    np.testing.assert_allclose(index.concept_scores(plain), index.scores([g[0] for g in plain]), rtol=1e-6)


def test_story_words_are_not_searched_but_a_question_of_only_such_words_keeps_them():
    terms = query_terms("my brother found hard lumps two years ago, is that something transplant people get", None)
    assert search_terms(terms) == ["brother", "hard", "lumps", "transplant"]
    assert search_terms(["years", "ago"]) == ["years", "ago"]


def test_bm25_scores_equal_bm25s_bit_for_bit_and_a_synonym_group_counts_once(tmp_path):
    """Serving scores with numpy what bm25s computes: the same float32 sums, token by token."""
    import bm25s

    index = LexicalIndex.fit(DOCS)
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    reference = bm25s.BM25.load(str(tmp_path / "bm25"), show_progress=False, verbosity=0)
    for tokens in (["surgeri", "laser"], ["lump", "skin", "hard"], ["biopsi"], ["calcinosi", "calcinosi"]):
        expected = np.asarray(reference.get_scores(tokens), dtype=np.float32)
        assert np.array_equal(loaded.scores(tokens), expected) and np.array_equal(index.scores(tokens), expected)
    assert not loaded.scores(["zebra"]).any()
    one = loaded.concept_scores([["surgeri", "laser"]])
    assert np.array_equal(one, np.maximum(loaded.scores(["surgeri"]), loaded.scores(["laser"])))
    both = loaded.concept_scores([["biopsi"], ["surgeri", "laser"]])
    assert np.array_equal(both, loaded.scores(["biopsi"]) + one)
