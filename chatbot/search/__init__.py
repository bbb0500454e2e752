"""Chunks in, ranked chunks out: embedding, the FAISS and BM25 indexes, the index folder, hybrid retrieval."""
