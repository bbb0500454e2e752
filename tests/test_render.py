"""The renderings of one structured Answer: text, HTML and JSON agree, and nothing is parsed back."""

from __future__ import annotations

import json

import pytest

from chatbot.models import Alert, Answer, Block, Citation, Contact, Span
from chatbot.render.html import answer_html
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


def test_html_is_built_from_the_blocks():
    html = answer_html(answer(RARE, PAINLESS, LIST))
    assert html.count("<p>") == 2 and html.count("<li>") == 2
    assert 'rare. <sup class="cite">[1]</sup> It is often painless. <sup class="cite">[2]</sup><sup class="cite">[3]</sup>' in html
    assert '<p>Treatments include: <sup class="cite">[4]</sup></p><ul><li>Surgery</li><li>Lasers</li></ul>' in html


def test_an_articles_own_reference_marker_stays_text():
    own = Block("quote", (span("See [3] for more."),), citations=(1,))
    html = answer_html(Answer((own,), (citation(1, "See [3] for more."),), False))
    assert "See [3] for more." in html and html.count("<sup") == 1


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
