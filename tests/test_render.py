"""The renderings of one structured Answer: text, HTML and JSON agree, and nothing is parsed back."""

from __future__ import annotations

import json

import pytest

from chatbot.models import (
    Alert,
    Answer,
    Block,
    Citation,
    Contact,
    Sentence,
    Source,
    Span,
)
from chatbot.render.html import (
    Sources,
    answer_html,
    article_page,
    patient_title,
    shown_quote,
)
from chatbot.render.json import answer_record
from chatbot.render.text import answer_text, body_text, format_for_terminal, paragraphs

pytestmark = pytest.mark.unit

RAW = "Calcinosis cutis is rare. It is often painless. Treatments include:\nSurgery\nLasers\nSee [3] for more."


def span(text: str) -> Span:
    start = RAW.index(text)
    return Span("a1", start, start + len(text), text)


def citation(number: int, text: str) -> Citation:
    s = span(text)
    return Citation(number, "a1", "Article one", "Intro", text, s.start, s.end)


RARE = Block("quote", (span("Calcinosis cutis is rare."),), citations=(1,))
PAINLESS = Block("quote", (span("It is often painless."),), citations=(2, 3))
LIST = Block("list", (span("Treatments include:"),), (span("Surgery"), span("Lasers")), (4,))
NOTE = Block.note("The sources differ on this point, so both are quoted:")
CITATIONS = (
    citation(1, "Calcinosis cutis is rare."), citation(2, "It is often painless."),
    citation(3, "It is often painless."), citation(4, "Treatments include:\nSurgery\nLasers"),
)


def answer(*blocks: Block, alert: Alert | None = None) -> Answer:
    used = {n for b in blocks for n in b.citations}
    return Answer(blocks, tuple(c for c in CITATIONS if c.number in used), False, notice="Not advice.", alert=alert)


def test_consecutive_quotes_share_a_paragraph_and_a_list_stands_alone():
    a = answer(NOTE, RARE, PAINLESS, LIST)
    assert [len(p) for p in paragraphs(a.blocks)] == [1, 2, 1]
    assert a.text == (
        "The sources differ on this point, so both are quoted:\n\n"
        "Calcinosis cutis is rare. [1] It is often painless. [2][3]\n\n"
        "Treatments include: [4]\n- Surgery\n- Lasers"
    )


def test_the_alert_comes_first_in_the_text_and_the_body_follows():
    alert = Alert("urgent", "Please see a doctor today: 911 (US).", (Contact("911", "US"),))
    a = answer(RARE, alert=alert)
    assert answer_text(a) == "Please see a doctor today: 911 (US).\n\nCalcinosis cutis is rare. [1]"
    assert body_text(a) == "Calcinosis cutis is rare. [1]"
    alone = Answer((), (), False, "emergency", alert=alert)
    assert alone.text == alert.text
    printed = format_for_terminal(a)
    assert printed.index(alert.text) < printed.index("Calcinosis cutis is rare.") < printed.index("Sources:")


def _marker(k: int) -> str:
    return f'<sup class="cite"><a href="#{{}}-{k}">[{k}]</a></sup>'


def test_html_is_built_from_the_blocks():
    html = answer_html(answer(RARE, PAINLESS, LIST))
    prefix = Sources(CITATIONS).prefix
    assert html.count("<p>") == 2 and html.count("<li>") == 2 + 4  # the list's items, then one per quote
    one = _marker(1).format(prefix)
    # Every citation comes from article a1: one entry, and every marker is [1], once per block.
    assert f"rare. {one} It is often painless. {one}" in html
    assert f"<p>Treatments include: {one}</p><ul><li>Surgery</li><li>Lasers</li></ul>" in html


def test_citations_are_grouped_by_article_and_markers_link_to_their_entry():
    other = Citation(5, "b2", "Second (Verywell, untitled shorter version)", "Second (Verywell, untitled shorter version)",
                     "Lasers", RAW.index("Lasers"), RAW.index("Lasers") + 6, publisher="Verywell")
    block = Block("quote", (span("Lasers"),), citations=(2, 5, 3))
    a = Answer((RARE, block), (CITATIONS[0], CITATIONS[1], CITATIONS[2], other), False)
    html = answer_html(a)
    prefix = Sources(a.citations).prefix
    assert html.count('<details class="citation"') == 2
    assert f'<details class="citation" id="{prefix}-1">' in html and f'<details class="citation" id="{prefix}-2">' in html
    # Citations 2 and 3 are article 1, citation 5 is article 2: the block shows [1][2].
    assert "Lasers " + _marker(1).format(prefix) + _marker(2).format(prefix) in html
    entry = html[html.index(f'id="{prefix}-1"'):html.index(f'id="{prefix}-2"')]
    assert entry.count("<mark>") == 3 and "<strong>Article one</strong>" in entry
    second = html[html.index(f'id="{prefix}-2"'):]
    # The internal label's editorial note is never shown to patients; the publisher is.
    assert "untitled" not in html and "<strong>Second</strong> (Verywell)" in second
    assert 'href="/article/b2?start=' in second and ">Read in context</a>" in second


def test_an_articles_own_reference_markers_are_left_out_of_the_display_only():
    own = Block("quote", (span("See [3] for more."),), citations=(1,))
    a = Answer((own,), (citation(1, "See [3] for more."),), False)
    html = answer_html(a)
    assert "[3]" not in html and "See for more." in html and html.count("<sup") == 1
    assert "See [3] for more." in a.text and answer_record(a)["citations"][0]["quote"] == "See [3] for more."
    assert shown_quote("cutis.[1] Both [2, 3] and [4-6] go.") == "cutis. Both and go."
    assert shown_quote("a list [of things] and 2 [mg]") == "a list [of things] and 2 [mg]"


def test_patient_title_drops_only_an_editorial_note():
    assert patient_title("Calcinosis cutis (Verywell, untitled shorter version)") == "Calcinosis cutis"
    assert patient_title("Calcinosis Cutis (CC): an overview") == "Calcinosis Cutis (CC): an overview"


def test_article_view_marks_the_quoted_sentences_in_their_section():
    raw = "Intro\nIt is rare.[2] It hurts.\nCare\nRest helps. Ice helps."
    def sentence(i, section, text, paragraph):
        start = raw.index(text)
        return Sentence("a1", i, section, start, start + len(text), text, paragraph=paragraph)
    sentences = (sentence(0, "Intro", "It is rare.[2]", 0), sentence(1, "Intro", "It hurts.", 0),
                 sentence(2, "Care", "Rest helps.", 1), sentence(3, "Care", "Ice helps.", 1))
    source = Source("a1", "a1.txt", None, "Verywell", None, display_title="Lumps (Verywell, untitled shorter version)")
    page = article_page(source, sentences, raw.index("It hurts."), raw.index("Ice helps.") + 10)
    assert "<h1>Lumps</h1>" in page and "<h2>Intro</h2>" in page and "<h2>Care</h2>" in page
    assert '<mark id="quote" tabindex="-1">It hurts.</mark>' in page
    assert "<mark>Rest helps.</mark>" in page and "<mark>Ice helps.</mark>" in page
    assert "It is rare. " in page and "[2]" not in page and page.count("<mark") == 3


def test_quoted_text_is_escaped_in_html():
    raw = "Use <b>care</b> & rest."
    block = Block("quote", (Span("x", 0, len(raw), raw),), citations=(1,))
    html = answer_html(Answer((block,), (Citation(1, "x", "T", "S", raw, 0, len(raw)),), False))
    assert "<b>" not in html and "&lt;b&gt;care&lt;/b&gt; &amp; rest." in html


def test_the_json_record_keeps_the_old_fields_and_adds_the_blocks():
    a = answer(NOTE, RARE, LIST)
    record = answer_record(a, latency_ms=12.345)
    assert record["answer"] == a.text and record["latency_ms"] == 12.35
    assert [c["number"] for c in record["citations"]] == [1, 4]
    assert record["blocks"][0] == {"kind": "note", "text": NOTE.text}
    assert record["blocks"][1]["sentences"] == [{"source_id": "a1", "start": 0, "end": 25, "text": "Calcinosis cutis is rare."}]
    assert [i["text"] for i in record["blocks"][2]["items"]] == ["Surgery", "Lasers"]
    for block in record["blocks"][1:]:
        for s in [*block["sentences"], *block.get("items", [])]:
            assert RAW[s["start"]:s["end"]] == s["text"]
    json.dumps(record, allow_nan=False)


def test_blocks_and_citations_must_agree():
    with pytest.raises(ValueError, match="citation"):
        Answer((RARE,), (), False)
    with pytest.raises(ValueError, match="kind"):
        Block("quote", (), text="a bot phrase is a note, not a quote")
    with pytest.raises(ValueError, match="kind"):
        Block("list", (span("Treatments include:"),), citations=(1,))
