"""The word lists of safety triage, written so that a clinician can read and extend them.

Each *concept* (``concepts``) is a list of phrasings of one idea ("chest pain",
"a child", "swallowed"), one module per tier: ``crisis`` (and ``crisis_pairs``,
signs that count only together), ``emergency``, ``urgent``, and ``cues`` (cue
words and sadness); ``fragments`` holds the groups they share. A *rule* (``rules``) reaches a tier when all its concepts occur
within a window of words ("a child" + "swallowed" + "tablets" within 16 words);
``guards`` holds the context lists that call a match off. The lists follow the
red flags of telephone triage (NHS 111, 911 dispatch cards) and the warning
signs of suicide that crisis lines teach (talk of dying or of being a burden,
goodbyes, giving things away, gathering means, self-harm), worded the way
patients and relatives write them.

To add a phrasing, put it in its concept, then run ``python -m eval.triage`` and
``pytest tests/test_triage_patterns.py``.
"""
