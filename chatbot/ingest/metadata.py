"""The schema of ``corpus/metadata.json``, checked before any article is read.

The file is edited by hand, so every way it can be wrong gets one sentence
naming the entry and the field, never a traceback: wrong types, missing
fields, unknown fields (a typo such as ``"tilte"`` would otherwise be ignored
silently), a file outside the corpus folder, a boilerplate pattern that does
not compile or is too long to review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chatbot.errors import CorpusError

METADATA_FILE = "metadata.json"
MAX_METADATA_BYTES = 1_000_000
MAX_PATTERN_CHARS = 300
MAX_PATTERNS = 50

_Text = Annotated[str, Field(min_length=1, max_length=500)]


class SourceEntry(BaseModel):
    """One article: where it is and what it shows of itself."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    source_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    file: Annotated[str, Field(min_length=1, max_length=200)]
    title: _Text | None = None
    publisher: _Text | None = None
    date: _Text | None = None
    date_label: _Text | None = None
    display_title: _Text | None = None
    boilerplate: Annotated[list[Annotated[str, Field(min_length=1, max_length=MAX_PATTERN_CHARS)]],
                           Field(max_length=MAX_PATTERNS)] = []

    @field_validator("file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        """Only a file name: no folder, no ``..``, no absolute path, nothing hidden."""
        if Path(value).name != value or value.startswith(".") or "\\" in value or "\x00" in value:
            raise ValueError("must be the name of a file inside the corpus folder, without any path")
        return value

    @field_validator("boilerplate")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                regex.compile(pattern, flags=regex.M)
            except (regex.error, RecursionError, OverflowError) as exc:
                raise ValueError(f"pattern {pattern[:60]!r} is not a valid regular expression ({exc})") from exc
        return patterns


class Metadata(BaseModel):
    """The whole file: a non-empty list of sources (other top-level keys are notes)."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    sources: Annotated[list[SourceEntry], Field(min_length=1, max_length=1000)]


def _where(error: dict) -> str:
    parts = [str(p) for p in error.get("loc", ())]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "the file"


def read_metadata(corpus_dir: Path) -> Metadata:
    """The validated metadata of ``corpus_dir``, or ``CorpusError`` with one sentence saying what to fix."""
    path = corpus_dir / METADATA_FILE
    if not path.is_file():
        raise CorpusError(
            f"No {METADATA_FILE} in {corpus_dir}. The corpus folder needs the articles "
            f"and a {METADATA_FILE} describing them."
        )
    if path.stat().st_size > MAX_METADATA_BYTES:
        raise CorpusError(f"{path} is larger than {MAX_METADATA_BYTES} bytes; it should describe a few articles.")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CorpusError(f"{path} is not valid UTF-8 JSON ({str(exc)[:120]}); fix or restore it.") from exc
    try:
        metadata = Metadata.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise CorpusError(
            f"{path}: {_where(first)}: {first['msg']} ({exc.error_count()} problem(s) in all); fix the entry."
        ) from None
    seen: set[str] = set()
    for entry in metadata.sources:
        if entry.source_id in seen:
            raise CorpusError(f"{path}: source id {entry.source_id!r} appears twice.")
        seen.add(entry.source_id)
        target = (corpus_dir / entry.file).resolve()
        if target.parent != corpus_dir.resolve() or not target.is_file():
            raise CorpusError(f"{path} lists {entry.file!r}, which is not a file in {corpus_dir}.")
    return metadata
