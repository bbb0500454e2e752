"""Words and stems: the one tokeniser shared by BM25, sentence scoring and coverage checks.

Hyphenated words split ("long-term" -> long, term) so they match their spaced
forms; every word is stemmed (Snowball) so plurals and verb forms meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
SURFACE_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*")
# Bump when tokenisation changes: the index manifest records it, so old indexes go stale.
TOKENIZER_VERSION = 2
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can could did do does doing don't down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is isn't it
    its itself just let me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves also may might must
    shall can't cannot i'm i've it's what's get got tell please know want like thing things
    really much many""".split()
)

# Words that carry the story around a question, not what it asks: left out of a question's
# search terms (never out of the articles' index, nor out of the coverage that decides
# abstention). "my brother had a transplant two years ago and now he's found hard lumps" is
# searched for "brother transplant hard lumps"; a word that says something about the disease
# (kids, pain, face) is never in this list.
STORY_WORDS = frozenset(
    """he's she's they're we're you're i'd i'll you'd we'd they'd he'd she'd we've they've you've
    isn't wasn't weren't didn't doesn't won't wouldn't couldn't shouldn't haven't hasn't hadn't
    ago year years month months week weeks day days today yesterday tomorrow now lately recently
    since still already ever never always sometimes often usually yet soon later
    well ok okay yeah yes sure maybe perhaps probably actually honestly basically literally
    totally quite pretty rather bit lot lots kind sort stuff something anything everything nothing
    someone somebody anyone anybody everyone everybody people person guy
    found find doing done going gone went came come coming said says say saying told tell
    mentioned asked asking wondering wonder think thought guess seems seemed look looking
    one two three four first second last next another every even though although
    """.split()
)

_stemmer = Stemmer.Stemmer("english")
_stem_lock = threading.Lock()


def normalise_text(text: str) -> str:
    """NFKC, lower case, curly apostrophes made straight."""
    return unicodedata.normalize("NFKC", text).lower().replace("’", "'")


def words(text: str) -> list[str]:
    """Lower-case word tokens, stop words kept."""
    return WORD.findall(normalise_text(text))


def content_words(text: str) -> list[str]:
    """Word tokens without stop words or one-letter noise."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    with _stem_lock:  # PyStemmer objects are not safe to share between threads
        return _stemmer.stemWord(word)


def document_tokens(text: str) -> list[str]:
    """The stems of a text's content words, as BM25 and the sentence table index them."""
    return [stem(w) for w in content_words(text)]
