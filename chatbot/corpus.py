"""Read the corpus folder: the articles kept verbatim plus ``metadata.json``.

This is the only module that reads article files; everything downstream gets
``Source`` and ``Article`` values.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from chatbot.cleaning import clean_article
from chatbot.errors import CorpusError
from chatbot.models import Article, Source

METADATA_FILE = "metadata.json"


def load_sources(corpus_dir: Path) -> list[Source]:
    """The corpus's metadata, checked against the files that are really there."""
    meta_path = corpus_dir / METADATA_FILE
    if not meta_path.is_file():
        raise CorpusError(
            f"No {METADATA_FILE} in {corpus_dir}. The corpus folder needs the articles "
            f"and a {METADATA_FILE} describing them (see corpus/README in the repository)."
        )
    try:
        entries = json.loads(meta_path.read_text(encoding="utf-8"))["sources"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CorpusError(f"{meta_path} is not valid metadata ({exc}); fix or restore it.") from exc
    sources: list[Source] = []
    seen: set[str] = set()
    for entry in entries:
        try:
            source = Source(
                source_id=str(entry["source_id"]),
                file=entry["file"],
                title=entry.get("title"),
                publisher=entry.get("publisher"),
                date=entry.get("date"),
                date_label=entry.get("date_label"),
                display_title=entry.get("display_title"),
                boilerplate=tuple(entry.get("boilerplate", ())),
            )
        except KeyError as exc:
            raise CorpusError(f"{meta_path}: an entry lacks the field {exc}.") from exc
        if source.source_id in seen:
            raise CorpusError(f"{meta_path}: source id {source.source_id!r} appears twice.")
        if not (corpus_dir / source.file).is_file():
            raise CorpusError(
                f"{meta_path} lists {source.file!r}, which is not in {corpus_dir}."
            )
        seen.add(source.source_id)
        sources.append(source)
    if not sources:
        raise CorpusError(f"{meta_path} lists no articles.")
    return sources


def read_raw(corpus_dir: Path, source: Source) -> str:
    """The article's text exactly as stored (offsets index into this string)."""
    return (corpus_dir / source.file).read_bytes().decode("utf-8")  # no newline translation: offsets are exact


def load_articles(corpus_dir: Path) -> list[Article]:
    """Every article of the corpus, cleaned into sections of sentences."""
    return [clean_article(s, read_raw(corpus_dir, s)) for s in load_sources(corpus_dir)]


def corpus_hash(corpus_dir: Path) -> str:
    """SHA-256 over the metadata and every listed article, so any edit makes the index stale."""
    digest = hashlib.sha256()
    digest.update((corpus_dir / METADATA_FILE).read_bytes())
    for source in load_sources(corpus_dir):
        digest.update(source.file.encode())
        digest.update((corpus_dir / source.file).read_bytes())
    return digest.hexdigest()
