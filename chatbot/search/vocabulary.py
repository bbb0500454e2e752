"""Lay words and variants mapped to the articles' words, and each term's forms computed once.

Expansion only adds words: "lump" also matches "nodule", never instead of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from chatbot.search.tokens import stem

SYNONYMS: dict[str, tuple[str, ...]] = {
    "dysmorphic": ("dystrophic",),
    "dystrophic": ("dysmorphic",),
    "lump": ("nodule", "bump", "lesion", "deposit"),
    "bump": ("nodule", "lump", "lesion"),
    "nodule": ("lump", "bump"),
    "kidney": ("renal",),
    "renal": ("kidney",),
    "cure": ("treatment", "treat"),
    "medicine": ("medication", "drug"),
    "medication": ("drug", "medicine"),
    "drug": ("medication",),
    "pill": ("medication", "drug"),
    "xray": ("x-ray", "imaging"),
    "scan": ("imaging", "ct"),
    "test": ("diagnosis", "diagnose"),
    "hurt": ("pain", "painful"),
    "sore": ("ulcer", "pain"),
    "operation": ("surgery", "surgical", "excision"),
    "prevent": ("prevention", "avoid"),
    "diet": ("dietary", "food"),
    "food": ("diet", "dietary"),
    "kid": ("child", "children"),
    "child": ("children",),
    "teenager": ("teen", "teens"),
    "type": ("types", "subtype"),
    "outlook": ("prognosis",),
    "spread": ("progress", "widely", "distributed"),
}

# How patients and relatives name what the articles describe. Curated from the articles'
# own vocabulary (every word on the right occurs in them; tests/test_vocabulary.py checks
# it) so that a lay word finds the articles' passage and is not refused as unknown.
LAY_TERMS: dict[str, tuple[str, ...]] = {
    # the deposits themselves
    "spot": ("deposits", "nodules", "bumps"),
    "bit": ("deposits",),
    "grain": ("deposits", "nodules"),
    "pebble": ("deposits", "nodules", "hard"),
    "stone": ("deposits", "hard"),
    "chalk": ("deposits", "white", "calcium"),
    "chalky": ("deposits", "white", "calcium"),
    "crystal": ("deposits", "calcium"),
    "gritty": ("deposits", "hard"),
    # what they feel like
    "ache": ("pain", "painful"),
    "aching": ("pain", "painful"),
    "throb": ("pain", "painful"),
    "throbbing": ("pain", "painful"),
    "sting": ("pain",),
    "tender": ("pain", "painful"),
    "itchy": ("itching",),
    "itch": ("itching",),
    "weep": ("ooze", "fluid", "leak"),
    "weeping": ("ooze", "fluid", "leak"),
    "oozing": ("ooze", "fluid", "leak"),
    "leaking": ("leak", "fluid", "ooze"),
    "pus": ("infection", "fluid"),
    "discharge": ("ooze", "fluid", "drain"),
    "dressing": ("dressings", "wound", "ulcers"),
    "bigger": ("size", "grow", "growth"),
    "larger": ("size", "grow", "growth"),
    # treatments
    "cut": ("surgery", "excision", "removal"),
    "removing": ("removal", "surgery"),
    "cream": ("topical", "creams"),
    "ointment": ("topical", "creams"),
    "gel": ("topical",),
    "jab": ("injections",),
    "shot": ("injections",),
    "injection": ("injections",),
    "meds": ("medications", "medicines", "drugs"),
    "tablet": ("medications", "drugs"),
    # food
    "milk": ("dairy", "diet", "foods", "calcium"),
    "cheese": ("dairy", "diet", "foods", "calcium"),
    "yogurt": ("dairy", "diet", "foods"),
    "yoghurt": ("dairy", "diet", "foods"),
    "dairy": ("diet", "foods", "calcium"),
    "eat": ("diet", "foods"),
    "eating": ("diet", "foods"),
    # who gets it, and what comes of it
    "genetic": ("familial", "genetics"),
    "inherited": ("familial", "genetics"),
    "hereditary": ("familial", "genetics"),
    "common": ("rare", "frequency", "incidence", "prevalent"),
    "cancerous": ("cancer", "malignant", "tumor"),
    "dangerous": ("serious", "malignant"),
    "finger": ("fingers", "fingertips", "hands"),
    "kidneys": ("kidney", "renal", "dialysis"),
    # everyday words for what the articles name clinically
    "op": ("surgery", "surgical"),
    "shockwave": ("lithotripsy", "shock"),
    "heal": ("healing",),
    "scar": ("scarring",),
    "burst": ("ooze", "ulcer", "drain"),
    "hurts": ("pain", "painful"),
    "swollen": ("swelling", "inflammation"),
    "red": ("redness", "inflammation"),
    "infected": ("infection",),
    "worse": ("progress", "progressive"),
    "kids": ("children",),
    "baby": ("children",),
    "toddler": ("children",),
    "bony": ("bone", "calcified", "hard"),
    "lumpy": ("nodules", "bumps", "deposits"),
    "knobbly": ("nodules", "bumps"),
    "return": ("recurrence",),
    # the articles never say "cure": they say the lumps "clear", or how hard treatment is
    "cure": ("clear", "treatment"),
    "cured": ("clear", "treatment"),
    "curable": ("clear", "treatment"),
    "incurable": ("clear", "treatment"),
    "wee": ("urine",),
    "pee": ("urine",),
    "sunlight": ("sun",),
    "bruise": ("trauma", "injury"),
    "knock": ("trauma", "injury"),
    "pills": ("medications", "drugs"),
    "steroids": ("corticosteroids", "steroid"),
    "lotion": ("topical", "creams"),
}
for _word, _terms in LAY_TERMS.items():
    SYNONYMS[_word] = tuple(dict.fromkeys(SYNONYMS.get(_word, ()) + _terms))


@dataclass(frozen=True)
class TermForms:
    """The stems a question term may appear as in the articles.

    ``stem`` is the term's own, ``singular`` that of the term without a final
    "s", ``synonyms`` those of its synonyms (and its singular's), in that order.
    """

    stem: str
    singular: str
    synonyms: tuple[str, ...]

    @property
    def in_order(self) -> tuple[str, ...]:
        """Own stem first, then the singular's, then the synonyms': the order a lookup prefers."""
        return (self.stem, self.singular, *self.synonyms)

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.in_order)

    def matches(self, tokens: frozenset[str]) -> bool:
        """The term is present among ``tokens`` (stems) by its own stem or a synonym's."""
        return self.stem in tokens or any(s in tokens for s in self.synonyms)


@lru_cache(maxsize=16384)
def forms(term: str) -> TermForms:
    """The term's forms, computed once per distinct term."""
    singular = term.rstrip("s")
    synonyms = tuple(stem(s) for s in SYNONYMS.get(term, ()) + SYNONYMS.get(singular, ()))
    return TermForms(stem(term), stem(singular), synonyms)


def expansions(term: str) -> list[str]:
    """The synonym stems BM25 adds for a query term (of the term and of its singular)."""
    out: list[str] = []
    for lemma in (term, term.rstrip("s")):
        out += [stem(s) for s in SYNONYMS.get(lemma, ())]
    return out


class TermPostings:
    """Which of some items (sentences, units) contain a term by its own stem or a synonym's, as booleans.

    Built from each item's tokens; ``pad`` more items, always False, follow them (a padding
    row to gather through). Each term's answer is kept, up to ``keep`` terms; then the
    cache starts again, so that a stream of new words cannot grow it without bound.
    """

    def __init__(self, items: Sequence[Iterable[str]], *, pad: int = 0, keep: int = 8192) -> None:
        self._postings: dict[str, list[int]] = {}
        for i, tokens in enumerate(items):
            for token in tokens:
                self._postings.setdefault(token, []).append(i)
        self._size = len(items) + pad
        self._keep = keep
        self._found: dict[str, np.ndarray] = {}

    def __call__(self, term: str) -> np.ndarray:
        found = self._found.get(term)
        if found is None:
            found = np.zeros(self._size, dtype=bool)
            f = forms(term)
            for token in (f.stem, *f.synonyms):
                found[self._postings.get(token, [])] = True
            if len(self._found) > self._keep:
                self._found.clear()
            self._found[term] = found
        return found
