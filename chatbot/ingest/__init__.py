"""Corpus in, sentences and chunks out: reading the articles, cleaning, sentence splitting, chunking."""

# Bump when a change to cleaning, sentence splitting or chunking changes the text that
# gets indexed: the index manifest records it, so older indexes go stale. A change that
# leaves the indexed text alone (a comment, a refactor) leaves it, and the index, alone.
PIPELINE_VERSION = 1
