"""Read the corpus folder: the articles kept verbatim plus ``metadata.json``.

This is the only module that reads article files; everything downstream gets
``Source`` and ``Article`` values.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from chatbot.ingest.cleaning import clean_article
from chatbot.errors import CorpusError
from chatbot.ingest.metadata import METADATA_FILE, read_metadata
from chatbot.models import Article, Source


def load_sources(corpus_dir: Path) -> list[Source]:
    """The corpus's metadata, validated (``chatbot.ingest.metadata``) and checked against the files."""
    return [
        Source(**{**entry.model_dump(), "boilerplate": tuple(entry.boilerplate)})
        for entry in read_metadata(corpus_dir).sources
    ]


def read_raw(corpus_dir: Path, source: Source) -> str:
    """The article's text exactly as stored (offsets index into this string)."""
    try:
        return (corpus_dir / source.file).read_bytes().decode("utf-8")  # no newline translation: offsets are exact
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{corpus_dir / source.file} is not UTF-8 text ({exc.reason} at byte {exc.start}).") from None


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
