"""The fixed question set: loading and schema validation.

One JSON object per line of ``eval/questions.jsonl``; see the README's
evaluator guide for the fields. Validation errors name the line and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

QUESTIONS = Path(__file__).resolve().parent / "questions.jsonl"
NON_ANSWERABLE = {"out_of_scope": "abstain", "emergency": "emergency", "small_talk": "small_talk"}
ANSWERABLE_CATEGORIES = frozenset(
    """definition types causes risk_groups symptoms location complications diagnosis differential
    treatment_medication treatment_procedure home_care_prevention prognosis history_epidemiology
    pathophysiology""".split()
)
STYLES = frozenset({"textbook", "lay", "misspelled", "short", "long", "patient"})
PATIENT = "patient"  # questions in patients' own voice, with gold sentences and a tune/holdout split
VOICES = frozenset({"lay_words", "relative", "long_story", "typos", "pronoun_first", "statement", "short"})
SPLITS = frozenset({"tune", "holdout"})
EXPECTED = frozenset({"answer", "abstain", "emergency", "small_talk"})


@dataclass(frozen=True)
class EvalItem:
    id: str
    category: str
    turns: tuple[str, ...]
    expected: str
    source_ids: tuple[str, ...]
    facts: tuple[tuple[str, ...], ...]
    style: str
    followup: bool
    note: str = ""
    voice: str = ""
    split: str = ""
    gold: tuple[tuple[str, int, int], ...] = ()
    acceptable: tuple[tuple[str, int, int], ...] = ()

    @property
    def answerable(self) -> bool:
        return self.expected == "answer"

    @property
    def patient(self) -> bool:
        return self.style == PATIENT


class DatasetError(ValueError):
    """The question file does not follow the schema."""


def _fail(line: int, message: str) -> DatasetError:
    return DatasetError(f"questions.jsonl line {line}: {message}")


def _spans(record: dict, key: str, line: int, known_sources: set[str] | None) -> tuple[tuple[str, int, int], ...]:
    """A list of {source_id, start, end} character spans of the raw article texts, validated."""
    spans = record.get(key, [])
    if not isinstance(spans, list):
        raise _fail(line, f"{key} must be a list of spans")
    out = []
    for span in spans:
        if not isinstance(span, dict) or set(span) != {"source_id", "start", "end"}:
            raise _fail(line, f"each {key} span must be an object with exactly source_id, start and end")
        sid, start, end = span["source_id"], span["start"], span["end"]
        if not isinstance(sid, str) or not sid or (known_sources is not None and sid not in known_sources):
            raise _fail(line, f"{key} span has an unknown source_id {sid!r}")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end:
            raise _fail(line, f"{key} span needs integer offsets with 0 <= start < end, got {start!r}, {end!r}")
        out.append((sid, start, end))
    return tuple(out)


def parse_item(record: object, line: int, known_sources: set[str] | None = None) -> EvalItem:
    """Validate one record and turn it into an ``EvalItem``."""
    if not isinstance(record, dict):
        raise _fail(line, "not a JSON object")
    for key in ("id", "category", "turns", "expected", "source_ids", "facts", "style", "followup"):
        if key not in record:
            raise _fail(line, f"missing field {key!r}")
    category, expected = record["category"], record["expected"]
    if category not in ANSWERABLE_CATEGORIES and category not in NON_ANSWERABLE:
        raise _fail(line, f"unknown category {category!r}")
    if expected not in EXPECTED:
        raise _fail(line, f"expected must be one of {sorted(EXPECTED)}, got {expected!r}")
    if category in NON_ANSWERABLE and expected != NON_ANSWERABLE[category]:
        raise _fail(line, f"category {category} must have expected {NON_ANSWERABLE[category]!r}")
    if category in ANSWERABLE_CATEGORIES and expected != "answer":
        raise _fail(line, f"category {category} must have expected 'answer'")
    turns = record["turns"]
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
        raise _fail(line, "turns must be a non-empty list of non-empty strings")
    if bool(record["followup"]) != (len(turns) > 1):
        raise _fail(line, "followup must be true exactly when there is more than one turn")
    if record["style"] not in STYLES:
        raise _fail(line, f"style must be one of {sorted(STYLES)}")
    sources, facts = record["source_ids"], record["facts"]
    if not isinstance(sources, list) or not isinstance(facts, list):
        raise _fail(line, "source_ids and facts must be lists")
    if expected == "answer":
        if not sources or not facts:
            raise _fail(line, "an answerable item needs source_ids and facts")
        if known_sources is not None and not set(sources) <= known_sources:
            raise _fail(line, f"unknown source ids {sorted(set(sources) - known_sources)}")
        for fact in facts:
            if not isinstance(fact, list) or not fact or not all(isinstance(w, str) and w.strip() for w in fact):
                raise _fail(line, "each fact must be a non-empty list of wordings")
    elif sources or facts:
        raise _fail(line, "a non-answerable item has no source_ids or facts")
    if category in NON_ANSWERABLE and not record.get("note"):
        raise _fail(line, "non-answerable items need a note on the expected behaviour")
    patient = record["style"] == PATIENT
    voice, split = record.get("voice", ""), record.get("split", "")
    if not isinstance(voice, str) or not isinstance(split, str):
        raise _fail(line, "voice and split must be strings")
    if voice and voice not in VOICES:
        raise _fail(line, f"voice must be one of {sorted(VOICES)}, got {voice!r}")
    if split and split not in SPLITS:
        raise _fail(line, f"split must be one of {sorted(SPLITS)}, got {split!r}")
    if patient and not split:
        raise _fail(line, f"a patient item needs a split ({' or '.join(sorted(SPLITS))})")
    gold = _spans(record, "gold", line, known_sources)
    acceptable = _spans(record, "acceptable", line, known_sources)
    if expected != "answer" and (gold or acceptable):
        raise _fail(line, "gold and acceptable spans belong to answerable items only")
    if patient and expected == "answer" and not gold:
        raise _fail(line, "an answerable patient item needs gold spans")
    outside = {sid for sid, _, _ in gold} - set(sources)
    if outside:
        raise _fail(line, f"gold spans from articles not in source_ids: {sorted(outside)}")
    return EvalItem(
        id=str(record["id"]),
        category=category,
        turns=tuple(turns),
        expected=expected,
        source_ids=tuple(sources),
        facts=tuple(tuple(w.lower() for w in f) for f in facts),
        style=record["style"],
        followup=bool(record["followup"]),
        note=record.get("note", ""),
        voice=voice,
        split=split,
        gold=gold,
        acceptable=acceptable,
    )


def load_items(path: Path = QUESTIONS, known_sources: set[str] | None = None) -> list[EvalItem]:
    """Every item of the question file, validated; ids must be unique."""
    items: list[EvalItem] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(number, f"not JSON ({exc.msg})") from exc
        item = parse_item(record, number, known_sources)
        if item.id in seen:
            raise _fail(number, f"duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items
