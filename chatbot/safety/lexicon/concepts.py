"""Every concept of the word lists, by name, in one table: crisis, emergency, urgent, then cues and sadness.

Each *concept* is a list of phrasings of one idea ("chest pain", "a child",
"swallowed"), in the normalised text: lower case, apostrophes dropped ("cant",
"shes"), single spaces. Inside a phrasing only bounded repetition is allowed
(``(?:\\w+ ){0,3}`` for "up to three words in between"), never ``.*``. The
order of the table is the order the concepts are compiled and tried in.
"""

from __future__ import annotations

from chatbot.safety.lexicon.crisis import CRISIS
from chatbot.safety.lexicon.crisis_pairs import CRISIS_PAIRS
from chatbot.safety.lexicon.cues import CUES, SAD
from chatbot.safety.lexicon.emergency import EMERGENCY
from chatbot.safety.lexicon.fragments import Concepts
from chatbot.safety.lexicon.urgent import URGENT

# name -> (phrasings, negatable). A negatable concept drops an occurrence that has a
# negator in the three words before it ("not suicidal", "the lump isnt red").
CONCEPTS: Concepts = {**CRISIS, **CRISIS_PAIRS, **EMERGENCY, **URGENT, **CUES, **SAD}
