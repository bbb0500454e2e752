"""The text the word lists are written for: lower case, apostrophes dropped, shorthand spelled out, bounded.

A message is normalised (lower case, apostrophes dropped, texting shorthand
spelled out, single spaces) and cut to ``MAX_CHARS`` (head and tail), so the
work per message is bounded.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 4000
_HEAD = 3000

_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`\u00b4]")
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z])'(?=[a-z])")
_SPACES = re.compile(r"\s+")


def bounded(message: str) -> str:
    """At most ``MAX_CHARS`` characters: the head and the tail of a longer message."""
    if len(message) <= MAX_CHARS:
        return message
    return message[:_HEAD] + " ... " + message[-(MAX_CHARS - _HEAD - 5):]


# Texting shorthand, spelled out so one phrasing covers both ("thinking abt ending it").
_SHORTHAND = {
    "abt": "about", "bout": "about", "u": "you", "ur": "your", "rn": "right now", "tmrw": "tomorrow", "2nite": "tonight",
    "tn": "tonight", "bc": "because", "cuz": "because", "coz": "because", "idk": "i dont know", "pls": "please",
    "plz": "please", "ppl": "people", "thru": "through", "wanna": "wanna", "gonna": "gonna", "srsly": "seriously",
    "w": "with", "bf": "boyfriend", "gf": "girlfriend", "mum's": "mums", "im'": "im",
    # Typos too short for spelling repair (it needs five letters), in words that carry a crisis.
    "wana": "wanna", "wnat": "want", "wnt": "want", "ded": "dead", "pils": "pills", "dissapear": "disappear",
    "dissappear": "disappear", "anymroe": "anymore", "nomore": "no more", "lyf": "life", "kil": "kill",
}
_SHORT = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in _SHORTHAND if k != _SHORTHAND[k]) + r")(?![\w'])")
_SHORT_KEYS = frozenset(k for k in _SHORTHAND if k != _SHORTHAND[k])
_TOKENS = re.compile(r"[a-z0-9']+")


def normalise(message: str) -> str:
    """Lower case, no apostrophes inside words ("can't" = "cant"), texting shorthand spelled out,
    single spaces, bounded."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", bounded(message))).lower()
    text = _APOSTROPHES.sub("'", text)
    text = _INNER_APOSTROPHE.sub("", text)
    if not _SHORT_KEYS.isdisjoint(_TOKENS.findall(text)):
        text = _SHORT.sub(lambda m: _SHORTHAND[m.group()], text)
    return _SPACES.sub(" ", text).strip()
