"""The JSON rendering of an ``Answer``: the record of the HTTP API, Gradio's ``/ask`` and the batch CLI.

The fields of the first version (answer, abstained, route, notice, alert,
citations) keep their shape; ``blocks`` adds the structure: each block's kind,
its verbatim sentences and items with their spans, and its citation numbers.
"""

from __future__ import annotations

from chatbot.models import Alert, Answer, Block, Citation, Span


def alert_record(alert: Alert) -> dict[str, object]:
    return {
        "level": alert.level,
        "text": alert.text,
        "contacts": [{"number": c.number, "label": c.label, "tel": c.tel} for c in alert.contacts],
    }


def _span(span: Span) -> dict[str, object]:
    return {"source_id": span.source_id, "start": span.start, "end": span.end, "text": span.text}


def block_record(block: Block) -> dict[str, object]:
    if block.kind == "note":
        return {"kind": "note", "text": block.text}
    record: dict[str, object] = {
        "kind": block.kind,
        "sentences": [_span(s) for s in block.sentences],
        "citations": list(block.citations),
    }
    if block.kind == "list":
        record["items"] = [_span(s) for s in block.items]
    return record


def citation_record(c: Citation) -> dict[str, object]:
    return {
        "number": c.number, "source_id": c.source_id, "title": c.title, "section": c.section,
        "quote": c.quote, "start": c.start, "end": c.end,
    }


def answer_record(answer: Answer, latency_ms: float | None = None) -> dict[str, object]:
    """The public record; ``latency_ms`` is added when the caller timed the answer."""
    record: dict[str, object] = {
        "answer": answer.text,
        "abstained": answer.abstained,
        "route": answer.route,
        "notice": answer.notice,
        "alert": alert_record(answer.alert) if answer.alert else None,
        "citations": [citation_record(c) for c in answer.citations],
        "blocks": [block_record(b) for b in answer.blocks],
    }
    if latency_ms is not None:
        record["latency_ms"] = round(latency_ms, 2)
    return record
