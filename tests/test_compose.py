"""Composer rules on tiny fixtures: demotion, duplicate folding, lists, ordering, disagreement."""

import numpy as np
import pytest

from chatbot.answer.claims import counted_nouns
from chatbot.answer.compose import count_claims
from chatbot.answer.scoring import score_units
from chatbot.answer.sentence_table import fragment_like, normalised, question_like, shape_factors
from chatbot.config import ComposerConfig
from chatbot.models import Sentence
from chatbot.search.tokens import document_tokens
from chatbot.stable import stable_array
from chatbot.answer.duplicates import is_duplicate
from chatbot.answer.phrases import DISAGREEMENT_NOTE
from tests.conftest import VERSIONS_META, make_tiny_bot, tiny_settings_for, write_corpus

ARTICLES = {
    "v1.txt": (
        "Treatment\n\n"
        "Calcium channel blockers are among the first-line drugs used to treat calcium deposits. "
        "Surgery can remove large calcium deposits.\n\n"
        "The procedures include:\n\n  • Laser therapy\n  • Surgical excision\n\n"
        "Types\n\nThere are five types of calcinosis cutis.\n"
    ),
    "v2.txt": (
        "Treatment\n\n"
        "Calcium channel blockers are among the first-line drugs used to treat calcium deposits.\n\n"
        "Types\n\nCalcinosis cutis is classified into 4 major types.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """The tiny bot over two versions of one article (only asked questions: built once)."""
    root = tmp_path_factory.mktemp("versions")
    corpus = write_corpus(root / "corpus", ARTICLES, VERSIONS_META)
    return make_tiny_bot(tiny_settings_for(corpus, root, abstention={"min_similarity": 0.05, "min_term_coverage": 0.1}))


def test_near_duplicates_from_two_versions_are_quoted_once_citing_both(bot):
    answer = bot.answer("Which first-line drugs treat calcium deposits? calcium channel blockers")
    quote = "Calcium channel blockers are among the first-line drugs used to treat calcium deposits."
    assert answer.text.count(quote) == 1
    cited = {c.source_id for c in answer.citations if c.quote == quote}
    assert cited == {"v1", "v2"}
    assert f"{quote} [1][2]" in answer.text


def test_disagreeing_counts_are_both_shown_with_a_note(bot):
    answer = bot.answer("How many types of calcinosis cutis are there?")
    assert answer.text.startswith(DISAGREEMENT_NOTE)
    assert "five types" in answer.text and "4 major types" in answer.text


def test_no_disagreement_note_when_the_question_is_not_about_the_count(bot):
    answer = bot.answer("Which procedures include laser therapy?")
    assert answer.route == "answer" and "The procedures include:" in answer.text  # answered, from the list
    assert DISAGREEMENT_NOTE not in answer.text


def test_no_disagreement_note_when_the_type_is_named_but_its_count_not_asked(bot):
    """"the dystrophic type" names one type: the sources' different counts of types are no answer to it."""
    answer = bot.answer("What is the dystrophic type of calcinosis cutis?")
    assert answer.route == "answer"
    assert DISAGREEMENT_NOTE not in answer.text


@pytest.mark.parametrize(
    ("asked", "whole", "nouns"),
    [
        ("How many types of calcinosis cutis are there?", "", {"type"}),
        ("What are the different kinds?", "", {"kind"}),
        ("Who is at higher risk of the dystrophic type?", "", set()),
        ("what does dystrophic mean, is it worse than the others", "", set()),
        ("and how many are there?", "and how many are there? (types calcinosis cutis)", {"type"}),
        ("and what causes it?", "and what causes it? (types calcinosis cutis)", set()),
    ],
)
def test_counted_nouns_are_the_plural_things_asked_about(asked, whole, nouns):
    assert counted_nouns(asked, whole) == nouns


def test_list_items_come_with_their_intro(bot):
    answer = bot.answer("Which procedures include laser therapy?")
    assert "The procedures include: [" in answer.text
    assert "- Laser therapy\n- Surgical excision" in answer.text


def test_a_list_matches_the_question_as_its_intro_with_its_best_item_not_all_items(bot):
    """A list of ten items must not outrank a sentence by having more words to match: its share of
    the question's terms is that of the intro together with one item."""

    catalog, table = bot.catalog, bot.table
    intro = next(r for r, s in enumerate(table.sentences) if s.text == "The procedures include:")
    unit = int(catalog.of_row[intro])
    assert catalog.sizes[unit] == 3  # the intro and its two items
    weights = {"procedures": 1.0, "laser": 1.0, "excision": 1.0}  # one in the intro, one in each item
    scores = score_units(
        np.array([unit]), table.vectors[intro], weights, np.zeros(len(table.sentences)), catalog, ComposerConfig()
    )
    assert scores.lexical[0] == pytest.approx(2 / 3, abs=1e-5)  # intro + one item, not all three terms


def _sentence(text: str, kind: str = "text") -> Sentence:
    return Sentence("s", 0, "H", 0, len(text), text, kind)  # type: ignore[arg-type]


def _shape(s: Sentence, cfg: ComposerConfig) -> float:
    """``shape_factors`` of one sentence, from the facts the sentence table keeps of it."""
    one = shape_factors(
        np.array([question_like(s.text)]), np.array([fragment_like(s)]), np.array([len(s.text.split())]), cfg
    )
    return float(one[0])


def test_questions_headings_and_meta_sentences_are_demoted():
    cfg = ComposerConfig()
    assert 0 < cfg.question_penalty < 1 and 0 < cfg.heading_penalty < 1
    assert _shape(_sentence("What treatment options are available?"), cfg) == 1 - cfg.question_penalty
    assert _shape(_sentence("Laser Therapy"), cfg) == 1 - cfg.heading_penalty
    assert _shape(_sentence("This article explains the symptoms and causes."), cfg) < 1
    assert _shape(_sentence("Laser therapy breaks down the deposits."), cfg) == 1
    assert _shape(_sentence("These include:", "list_intro"), cfg) == 1


def test_count_claims():
    assert count_claims("There are five types of calcinosis cutis, including:") == [(5, "type")]
    assert count_claims("It is classified into 4 major types according to etiology.") == [(4, "type")]
    assert count_claims("Five people came.") == []


class _MiniTable:
    """What ``is_duplicate`` reads of a sentence table, for a few texts sharing one vector (cosine 1 everywhere)."""

    def __init__(self, texts: list[str]) -> None:
        self.sentences = [_sentence(t) for t in texts]
        self.vectors = np.ones((len(texts), 2), dtype="float32") / np.sqrt(2)
        ids: dict[str, int] = {}
        self.text_key = [ids.setdefault(normalised(t), len(ids)) for t in texts]
        self.claims = [tuple(count_claims(t)) for t in texts]
        self.text_tokens = [frozenset(document_tokens(t)) for t in texts]


def test_lists_fold_only_when_every_item_is_the_same(tmp_path):
    from chatbot.answer.duplicates import is_duplicate

    table = _MiniTable(["Types include:", "Dystrophic", "Types include:", "Metastatic", "There are five types.", "There are 4 types."])
    cfg = ComposerConfig()
    assert not is_duplicate((0, 1), (2, 3), table, cfg)
    assert is_duplicate((0, 1), (0, 1), table, cfg)
    assert not is_duplicate((4,), (5,), table, cfg)  # same vector, different counts


def test_article_reference_markers_are_not_citations():
    from chatbot.models import Answer, Block, Citation, Span
    from chatbot.render.html import answer_html

    quote = "It includes tumoral calcinosis.[1]"
    block = Block("quote", (Span("a", 0, len(quote), quote),), citations=(1,))
    html = answer_html(Answer((block,), (Citation(1, "a", "T", "S", quote, 0, len(quote)),), False))
    # The article's own "[1]" is no citation of the bot's: it is left out of the display, not linked.
    assert html.count('<sup class="cite">') == 1 and "calcinosis. <sup" in html and ">[1]</a></sup>" in html


def test_near_duplicates_need_shared_words_as_well_as_close_vectors():
    from chatbot.answer.duplicates import is_duplicate

    table = _MiniTable([
        "They work by lowering the amount of calcium that can be taken up by skin cells.",
        "They work by lowering the amount of calcium taken up by skin cells.",
        "Calcinosis cutis is a term used to describe a group of disorders in which calcium deposits form in the skin.",
    ])
    cfg = ComposerConfig()
    assert is_duplicate((0,), (1,), table, cfg)
    assert not is_duplicate((0,), (2,), table, cfg)


LEANING = {
    "h.txt": (
        "Home Remedies\n\n"
        "There are no proven home remedies to treat calcinosis cutis. "
        "Even so, some people swear by the use of apple cider vinegar.\n\n"
        "Diet\n\nEven so, a balanced diet with vinegar is fine.\n"
    ),
}
LEANING_META = {"sources": [{"source_id": "h", "file": "h.txt", "title": "Home", "publisher": "P", "date": None}]}


def test_a_sentence_that_leans_on_the_one_before_is_quoted_with_it(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", LEANING, LEANING_META)
    bot = make_tiny_bot(tiny_settings_for(corpus, tmp_path, abstention={"min_similarity": 0.0, "min_term_coverage": 0.0}))
    answer = bot.answer("Does apple cider vinegar work?")
    quotes = [c.quote for c in answer.citations]
    paired = "There are no proven home remedies to treat calcinosis cutis. Even so, some people swear by the use of apple cider vinegar."
    assert paired in quotes
    assert paired in answer.text  # shown together, one citation for both sentences
    # With nothing before it in its paragraph, a leaning sentence stands alone.
    alone = "Even so, a balanced diet with vinegar is fine."
    assert alone not in answer.text  # not asked about: the check below needs a question that is
    quotes = [c.quote for c in bot.answer("Is a balanced diet with vinegar fine?").citations]
    assert alone in quotes
    assert not any(q.endswith(alone) and q != alone for q in quotes)


def test_a_sentence_that_ends_in_though_leans_on_the_one_before():
    from chatbot.answer.units import leans_back

    assert leans_back("Don’t assume that any white bump on the face is a calcium deposit, though.")
    assert leans_back("Surgery helps some people, however.")
    assert leans_back("Even so, some people swear by vinegar.")  # the openings already known
    assert not leans_back("Though rare, calcinosis cutis can affect children.")  # a clause of its own
    assert not leans_back("Laser therapy breaks down the deposits.")


TYPE_LIST = {
    "t.txt": (
        "Types\n\n"
        "Idiopathic. This type does not have a clear cause. Some specific conditions fall in this type, including:\n\n"
        "  • Familial tumoral calcinosis\n  • Scrotal calcinosis\n\n"
        "Treatment\n\nThe treatments include:\n\n  • Surgery\n  • Laser therapy\n"
    ),
}
TYPE_LIST_META = {"sources": [{"source_id": "t", "file": "t.txt", "title": "Types", "publisher": "P", "date": None}]}


def test_a_list_lead_in_that_points_back_comes_with_what_it_points_to(tmp_path):
    """"Some specific conditions fall in this type, including:" names no type: quoted with the
    sentences it refers to, back to the type's name; a lead-in that stands alone stays alone."""
    corpus = write_corpus(tmp_path / "corpus", TYPE_LIST, TYPE_LIST_META)
    bot = make_tiny_bot(tiny_settings_for(corpus, tmp_path, abstention={"min_similarity": 0.0, "min_term_coverage": 0.0}))
    catalog, table = bot.catalog, bot.table
    row = {s.text: r for r, s in enumerate(table.sentences)}
    pointing = catalog.unit(int(catalog.of_row[row["Some specific conditions fall in this type, including:"]]))
    assert pointing.lead > 1
    assert " ".join(table.sentences[r].text for r in pointing.rows[: pointing.lead]) == (
        "Idiopathic. This type does not have a clear cause. Some specific conditions fall in this type, including:"
    )
    assert [table.sentences[r].text for r in pointing.rows[pointing.lead:]] == ["Familial tumoral calcinosis", "Scrotal calcinosis"]
    plain = catalog.unit(int(catalog.of_row[row["The treatments include:"]]))
    assert plain.lead == 1 and len(plain.rows) == 3
    answer = bot.answer("Which conditions are of the idiopathic type?")
    block = next(b for b in answer.blocks if b.kind == "list" and len(b.sentences) > 1)
    assert [s.text for s in block.items] == ["Familial tumoral calcinosis", "Scrotal calcinosis"]
    assert "Idiopathic. This type does not have a clear cause. Some specific conditions fall in this type, including: [" in answer.text


def _numpy_mmr(scores, catalog, cfg, cosine):
    """The selection as first written: one numpy step per pick (the reference for the list version)."""
    if not len(scores.ids):
        return []
    table = catalog.table
    # Candidates in tie order (earlier sentence, then longer unit): the first maximum is the winner.
    order = np.lexsort((-catalog.sizes[scores.ids], catalog.heads[scores.ids]))
    ids, relevance, cosine = scores.ids[order], scores.relevance[order], cosine[np.ix_(order, order)]
    ids_list = ids.tolist()
    text_key = catalog.text_key[ids].tolist()
    single = (catalog.sizes[ids] == 1).tolist()
    unit_words = catalog.words[ids].tolist()
    floor = cfg.min_relative_score * float(relevance.max())
    gain = cfg.mmr_lambda * relevance
    penalty = np.zeros(len(ids), dtype=np.float64)  # largest cosine to a chosen unit
    taken = np.zeros(len(ids), dtype=np.float64)  # -inf once a candidate has been looked at
    selected: list[int] = []
    words = 0
    while len(selected) < cfg.max_sentences:
        mmr = stable_array(gain - (1 - cfg.mmr_lambda) * penalty) + taken
        best = int(mmr.argmax())
        if mmr[best] == -np.inf:
            break
        taken[best] = -np.inf
        if relevance[best] < floor:
            break
        rows = catalog.rows[ids_list[best]]
        if any(
            (text_key[best] == text_key[p] or (single[best] and single[p] and cosine[p, best] >= cfg.duplicate_cosine))
            and is_duplicate(rows, catalog.rows[ids_list[p]], table, cfg)
            for p in selected
        ):
            continue  # said already
        mine = set(rows)
        overlapping = [p for p in selected if mine.intersection(catalog.rows[ids_list[p]])]
        size = unit_words[best]
        if overlapping:
            # The chosen unit goes on in the sentence that leans on it: quote them as one
            # (in its place), never the same sentence twice.
            inner = overlapping[0]
            if len(overlapping) > 1 or not set(catalog.rows[ids_list[inner]]) < mine:
                continue
            if words - unit_words[inner] + size > cfg.max_words:
                continue
            selected[selected.index(inner)] = best
            words += size - unit_words[inner]
            penalty = cosine[selected].max(axis=0)
            continue
        if selected and words + size > cfg.max_words:
            continue
        selected.append(best)
        words += size
        np.maximum(penalty, cosine[best], out=penalty)
    return order[selected].tolist()


def test_mmr_over_lists_picks_exactly_what_the_numpy_version_picked(bot):
    """Random relevances with ties and near-ties, random cosines with duplicates above the folding
    threshold, random budgets: the list version picks the same units in the same order."""
    from chatbot.answer.compose import select_units
    from chatbot.answer.scoring import Scores

    catalog = bot.catalog
    rng = np.random.default_rng(7)
    for _ in range(1000):
        n = int(rng.integers(1, len(catalog) + 1))
        ids = rng.permutation(len(catalog))[:n].astype(np.int64)
        base = rng.choice([0.2, 0.5, 0.7, 0.7, 0.9, 1.0], n)
        # Near-ties, and values half a rounding step apart (where rounding half to even decides).
        jitter = rng.choice([0.0, 0.000005, -0.000005, 0.00001, 0.004], n) * rng.integers(0, 2, n)
        relevance = stable_array(base + jitter) if rng.integers(0, 2) else base + jitter
        c = rng.uniform(0.3, 1.0, (n, n))
        cosine = stable_array((c + c.T) / 2)
        np.fill_diagonal(cosine, 1.0)
        scores = Scores(ids, relevance, relevance, relevance)
        cfg = ComposerConfig(
            max_sentences=int(rng.integers(1, 6)), max_words=int(rng.integers(5, 120)),
            mmr_lambda=float(rng.choice([0.5, 0.75, 0.9])), min_relative_score=float(rng.choice([0.0, 0.7])),
        )
        assert select_units(scores, catalog, cfg, cosine) == _numpy_mmr(scores, catalog, cfg, cosine)
