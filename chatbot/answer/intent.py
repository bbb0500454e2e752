"""What a question asks about (definition, causes, treatment...), and what each sentence is about.

Each intent is described by a few general phrasings (written from how people
ask about a skin condition, not from the eval set), embedded with the same
model as everything else; an intent's prototype is their mean. A question's
intent profile is a softmax over its cosine to each prototype; a sentence's is
the same over its own vector plus its section heading's, so a sentence under
"Treatment" leans to treatment even when it names no drug. The composer adds
the overlap of the two profiles to a sentence's relevance: the answer opens
with what was asked about, not with the article's generic opener.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from chatbot.search.embedding import Embedder, encode_cached, normalize

INTENTS: dict[str, tuple[str, ...]] = {
    "definition": (
        "what is this condition", "what does the diagnosis mean", "explain what the condition is",
        "what is it in plain words", "definition of the condition", "what exactly is it",
    ),
    "types": (
        "what are the different types", "which kind is it", "what forms of the condition exist",
        "how is it classified", "what type is most common", "what does this type mean",
    ),
    "causes": (
        "what causes it", "why did this happen", "what is the reason the deposits form",
        "can another illness cause it", "is it caused by a disease or an injury", "how does it develop",
    ),
    "risk": (
        "who gets it", "who is at risk", "can children get it", "how common is it",
        "is it inherited or genetic", "does it run in families",
    ),
    "symptoms": (
        "what are the symptoms", "what does it look like", "what does it feel like",
        "does it hurt", "signs of the condition", "the skin over it is hard or sore",
    ),
    "location": (
        "where on the body does it appear", "which parts of the body", "can it appear on the face",
        "does it come on the fingers elbows or knees", "usual places for the lumps",
    ),
    "diagnosis": (
        "how is it diagnosed", "what tests are done", "do I need a biopsy or blood test",
        "will they do an x-ray or scan", "how do doctors confirm it",
    ),
    "treatment": (
        "how is it treated", "what are the treatment options", "can it be cured",
        "what medicines help", "can it be removed with surgery", "is there a drug for it",
    ),
    "home_care": (
        "what can I do at home", "how can I prevent it", "should I change my diet",
        "how do I look after the skin", "home remedies", "should I avoid certain foods",
    ),
    "outlook": (
        "will it go away", "what is the outlook", "does it get worse over time",
        "will it come back", "is it permanent", "how long does it last",
    ),
    "complications": (
        "is it dangerous", "what complications can happen", "can it get infected",
        "can the lumps break open", "is it serious", "can it become cancer",
    ),
}
NAMES: tuple[str, ...] = tuple(INTENTS)


def profile(vectors: np.ndarray, prototypes: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax over each vector's cosine to each prototype (rows sum to 1)."""
    scores = np.atleast_2d(vectors) @ prototypes.T / temperature
    scores -= scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    return (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)


class Intents:
    """Intent prototypes and the sentences' intent profiles, embedded once (lazily, thread-safe)."""

    def __init__(
        self, embedder: Embedder, sentence_vectors: np.ndarray, headings: Sequence[str], temperature: float
    ) -> None:
        self._embedder = embedder
        self._sentence_vectors = sentence_vectors
        self._headings = headings
        self.temperature = temperature
        self._lock = threading.Lock()
        self._ready: tuple[np.ndarray, np.ndarray] | None = None

    def _build(self) -> tuple[np.ndarray, np.ndarray]:
        if self._ready is not None:  # built once; after that, no thread waits for the lock
            return self._ready
        with self._lock:
            if self._ready is None:
                phrases = [p for name in NAMES for p in INTENTS[name]]
                vectors = np.asarray(encode_cached(self._embedder, phrases, label="intent-phrases"), dtype=np.float32)
                bounds = np.cumsum([0, *(len(INTENTS[n]) for n in NAMES)])
                prototypes = normalize(np.stack([vectors[a:b].mean(axis=0) for a, b in zip(bounds, bounds[1:])]))
                distinct = sorted(set(self._headings))
                heading_vectors = (
                    np.asarray(encode_cached(self._embedder, distinct, label="headings"), dtype=np.float32)
                    if distinct else None
                )
                where = {h: i for i, h in enumerate(distinct)}
                rows = np.asarray(self._sentence_vectors, dtype=np.float32)
                if heading_vectors is not None:
                    rows = rows + heading_vectors[[where[h] for h in self._headings]]
                self._ready = (prototypes, profile(normalize(rows), prototypes, self.temperature))
            return self._ready

    def sentence_profiles(self) -> np.ndarray:
        """One intent profile per sentence of the table (rows x intents)."""
        return self._build()[1]

    def of_question(self, vector: np.ndarray) -> np.ndarray:
        """The question's intent profile."""
        return profile(np.asarray(vector, dtype=np.float32), self._build()[0], self.temperature)[0]



def intent_bonus(question: np.ndarray, sentences: np.ndarray, weight: float) -> np.ndarray:
    """Per sentence: ``weight`` x the overlap of its intent profile with the question's."""
    return weight * (sentences @ question)
