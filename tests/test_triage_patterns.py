"""The word lists of safety triage: hand-written fixtures per tier, the near-misses they must
leave alone, the gates that skip regexes, and linear time on adversarial input (no model)."""

from __future__ import annotations

import random
import re
import time

import pytest

from chatbot.safety import matcher as tp
from chatbot.safety.gates import required_words
from chatbot.safety.lexicon.concepts import CONCEPTS
from chatbot.safety.lexicon.rules import RULES
from chatbot.safety.matcher import match_patterns
from chatbot.safety.normalise import MAX_CHARS, normalise


@pytest.mark.parametrize(
    "message",
    [
        "my little boy swallowed some of my calcium tablets",
        "my toddler swallowed a handful of my vitamin d tablets",  # a poisoning, not a crisis
        "My wife's face is drooping on one side and her speech is slurred",
        "I've had a crushing pain in my chest for half an hour",
        "my dad collapsed in the garden and won't wake up",
        "she's having a seizure and it won't stop",
        "the wound from my deposit removal is bleeding heavily and won't stop",
        "I took 20 of my vitamin D tablets by mistake and now I'm vomiting and confused",
        "mum is on calcium and vitamin D and is suddenly very drowsy and confused",
        "my infected ulcer is worse, I'm shivering uncontrollably and breathing fast",
        "my lips and tongue are swelling after the injection",
        "cant breathe properly and my lips are going blue",
        "my baby has a fever and a rash that doesn't fade when I press a glass on it",
    ],
)
def test_emergencies(message):
    assert match_patterns(message).tier == "emergency"


@pytest.mark.parametrize(
    "message",
    [
        "I want to kill myself",
        "everyone would be better off without me",
        "I've been saving up my painkillers instead of taking them",
        "I've written goodbye letters to my family",
        "i wanna kms",
        "I've been cutting my arms again to cope",
        "I took all my tablets on purpose",
        "my son told me he wants to die",
        "I wish I could go to sleep and never wake up",
    ],
)
def test_crises(message):
    assert match_patterns(message).tier == "crisis"


@pytest.mark.parametrize(
    "message",
    [
        "the lump on my elbow has gone red and warm since yesterday but I have no fever",
        "there's pus coming out of the deposit on my finger",
        "my lump burst open this morning and it really hurts",
        "lots of new painful lumps have appeared on my legs this week",
        "I'm on dialysis and have a very painful purple patch on my thigh",
        "yellowish stuff is leaking out of the lump on my knee",
    ],
)
def test_see_a_doctor_today(message):
    assert match_patterns(message).tier == "urgent"


@pytest.mark.parametrize(
    "message",
    [
        "could these deposits ever be fatal?",
        "how serious is calciphylaxis?",
        "the waiting is killing me",
        "I nearly died laughing",
        "it bled after I scratched it in the summer",
        "I hate how my hands look",
        "Can calcinosis cause seizures?",
        "I had a stroke in 2018, can that cause calcinosis?",
        "what should I do if my child eats my calcium tablets?",
        "I'm not suicidal, just tired of these lumps",
        "the lump isn't red or hot, just hard",
        "I take a lot of vitamin D pills every day. Could that cause calcium deposits in my skin?",
        "my cat had a seizure yesterday, anyway what is calcinosis?",
        "I nearly fainted when I saw the bill",
        "what does it look like? i've got a few hard yellowish things on my shin",  # the lumps' own colour
    ],
)
def test_near_misses_stay_questions(message):
    assert match_patterns(message).tier == "none"


# Warning signs added from the misses of the second tune bank and of the fresh bank (issue 15,
# third pass), each phrased here in other words than the bank's.
@pytest.mark.parametrize(
    ("message", "tier"),
    [
        ("on the drive home i keep thinking about letting go of the wheel", "crisis"),
        ("honestly my kids would feel relief if i passed away", "crisis"),
        ("ive got two months of tramadol stored up in a shoebox", "crisis"),
        ("the doctor says it won't kill me. maybe i'll make it fatal", "crisis"),
        ("i just want to drift to sleep forever", "crisis"),
        ("please don't try to talk me out of it, my mind is made up", "crisis"),
        ("i know exactly what i would need to take", "crisis"),
        ("i've been reading about overdoses every night and i have my mum's pills", "crisis"),
        ("i want to cut the skin on my arms deep just to feel something", "crisis"),
        ("when school gets too much i hurt myself with a blade", "crisis"),
        ("my niece has been burning her arms and won't say why", "crisis"),
        ("how do you hide cuts from your teachers", "crisis"),
        ("I found razor blades hidden under his mattress", "crisis"),
        ("since he died I'd rather be joining him", "crisis"),
        ("i don't plan on being around for the next appointment", "crisis"),
        ("I've found new homes for both my cats and paid off my credit card debts, I feel so calm", "crisis"),
        ("is an overdose of insulin painless", "crisis"),
        ("I've been taking calcium and vitamin D for months. Now I'm so confused I can't think straight", "emergency"),
        ("the black patch of calciphylaxis on my calf is spreading and I have a high fever", "emergency"),
        ("my neck is swelling where they cut the deposit out and it's getting hard to breathe", "emergency"),
        ("day two after the op, shaking with chills and he's confused and breathing fast", "emergency"),
        ("my toddler has had some of my calcium tablets from the bottle", "emergency"),
        ("my friend is having a seizur on the kitchen floor", "emergency"),
        # Skin signs alone after a trigger are a doctor today; with a sign beyond the skin, anaphylaxis.
        ("came out in hives all over since starting the new antibiotic yesterday", "urgent"),
        ("hives all over after the wasp sting and now I keep vomiting", "emergency"),
        ("hives after eating peanuts and his lips are swelling up", "emergency"),
        # A message that tells what happened with its subject dropped, as texts do, is about the writer.
        ("been vomiting all night after taking loads of calcium tablets, is that bad?", "emergency"),
        ("came out in hives all over since starting the new antibiotic yesterday, what are these bumps", "urgent"),
        # A surgical wound that has come open, or is inflamed days after the operation: a doctor today.
        ("the cut where they took the deposit out of his elbow has opened up again, hardly any blood", "urgent"),
        ("two of my stitches fell out this morning", "urgent"),
        ("had a lump removed from my knee on monday and now it's red, swollen and throbbing", "urgent"),
        ("the sore on my heel is double the size it was on friday", "urgent"),
        ("there's pus in the ulcer on my ankle", "urgent"),
        ("his knee lump is red and swollen and he's limping", "urgent"),
        ("can't keep anything down since last night, not even my tablets", "urgent"),
        ("a new painful sore has appeared next to the lump on my toe", "urgent"),
    ],
)
def test_warning_signs_of_the_third_pass(message, tier):
    assert match_patterns(message).tier == tier


@pytest.mark.parametrize(
    "message",
    [
        "will these lumps spread all over my body?",
        "I want these lumps gone for good",
        "I've made my peace with not being here forever, I'm 94. Will the lumps get worse?",
        "I'd like to know exactly what I need to take for the pain",
        "I don't know exactly what I need to take",
        "my temperature is normal and the redness isn't spreading, it's just a bit sore",
        "can you overdose on vitamin K2? my mum takes it",
        "I'm writing an essay on overdose risks of calcium supplements",
        "I cut myself with a knife while cooking, can that cause calcinosis?",
        "I've kept my pills in the cupboard as usual",
        "I'm not going to be around for the appointment on Tuesday, can I rebook?",
        "my 5 year old has had tiny white bumps on her cheek since she was a baby, is that common in children?",
        "can taking loads of calcium tablets make you vomit?",
        "my wound from the op healed nicely and never split open, will the lump come back?",
        "could the wound split open if I go swimming after the surgery?",
        "I have a sore throat and a new cough, can calcinosis cause that?",
        "my lump has been the same size for two years, is that normal?",
    ],
)
def test_near_misses_of_the_third_pass(message):
    assert match_patterns(message).tier == "none"


@pytest.mark.parametrize(
    "message,tier",
    [
        # Fourth pass (families from the fresh3 tune bank, written anew here).
        ("honestly i'd like to go to sleep tonight and just not wake", "crisis"),
        ("no point starting the new drug, i won't be here in three months", "crisis"),
        ("lol i dont think ill make it to 18 anyway", "crisis"),
        ("she says she can't picture herself growing up", "crisis"),
        ("I think it is time to go and join my late husband.", "crisis"),
        ("he keeps saying he'd be better off in the ground", "crisis"),
        ("stopping dialysis is the cleanest way out for me", "crisis"),
        ("my family would be better off with me gone", "crisis"),
        ("it would be kinder on all of them if i simply wasn't here", "crisis"),
        ("I have no use for a long life like this", "crisis"),
        ("mum was texting everyone tonight saying goodbye", "crisis"),
        ("his last post said see you on the other side", "crisis"),
        ("the will is done. i just need to pick the day now", "crisis"),
        ("she looked up how high a bridge needs to be", "crisis"),
        ("he sat in the car in the garage with the engine running", "crisis"),
        ("I drive up there and sit near the edge for hours", "crisis"),
        ("she has worked out how she would do it", "crisis"),
        ("I've begun cutting my arms again when the pain gets bad", "crisis"),
        ("i keep punching my hands against the door so they hurt", "crisis"),
        ("i scratch the sores open on purpose so they never heal", "crisis"),
        ("i want the ulcers to get infected and take me", "crisis"),
        ("there are burn marks on her forearms and she won't say why", "crisis"),
        ("im ending it this weekend", "crisis"),
        ("thinking of taking the easy way out", "crisis"),
        ("he asked me to help him 'put an end to things'", "crisis"),
        ("my husband is shaking all over and foaming at the mouth, he has never had a fit before", "emergency"),
        ("the dressing keeps soaking through and blood is dripping onto the floor", "emergency"),
        ("my stitches are bleeding alot, its dripping down my leg onto the floor", "emergency"),
        ("dad drank bleach from under the sink, now he is vomiting and confused", "emergency"),
        ("I missed dialysis twice this week and my heart is racing and skipping", "emergency"),
        ("her throat is closing up after the bee sting, she reacted once before", "emergency"),
    ],
)
def test_warning_signs_of_the_fourth_pass(message, tier):
    assert match_patterns(message).tier == tier


@pytest.mark.parametrize(
    "message",
    [
        "I fall asleep fine and do not wake until seven",
        "I won't be here in two weeks because we are moving to Leeds",
        "I don't think I'll make it to the clinic on time today",
        "time to go and join my wife at the wound clinic",
        "is there a cleanest way out of the hospital car park?",
        "sitting on the edge of my bed putting the cream on",
        "she has burns on her forearms from the oven at work",
        "two years ago I took an overdose. I'm doing well now and feel like myself again. can my meds cause lumps?",
        "I missed dialysis once years ago and was fine. can calcium lumps affect the heart?",
        "see you on the other side of the operation!",
        "I just need to choose the date for my surgery",
    ],
)
def test_near_misses_of_the_fourth_pass(message):
    assert match_patterns(message).tier not in ("crisis", "emergency")


@pytest.mark.parametrize(
    "message",
    [
        # Fifth pass (families from the fourth tune bank, eval/triage/fresh4.jsonl, written anew here).
        "every night i ask god to call me home",
        "mum keeps saying she is going home to jesus soon",
        "i cant see any way out that doesnt involve me not being here",
        "there is only one exit left now",
        "i want the pain switched off for good",
        "I would like it all to stop, and I mean permanently",
        "I want to go to sleep and never have to wake up into this",
        "I have decided how this ends",
        "I feel like a ghost in my own home",
        "the real me is gone, the rest will follow",
        "I shall shortly be leaving for good",
        "I have had my innings, quite frankly",
        "its not like ill need my hands much longer",
        "stopping treatment is the quickest way out",
        "how long would it take before it was over if i stopped dialysis",
        "it would be a kindness to them if I were not here",
        "id be doing them all a favour by disappearing",
        "they would all breathe easier if they didnt have to carry me",
        "sorry i couldnt stick around, love you all",
        "he phoned his sisters and told each of them he loved them",
        "I shan't trouble the clinic again",
        "picked the date. after her birthday",
        "he has sealed the garage door with tape",
        "I lined up all my tablets on the bed and counted them",
        "how many would be enough to not come back",
        "the shotgun is in the loft and I keep thinking about it",
        "I bought blades for the lumps but that's not really what I keep them for",
        "I've been keeping back my sleeping tablets in case",
        "he was asking mum where the old rope was",
        "I picked the scab back open last night on purpose",
        "I don't deserve to heal",
        "I cut around the lumps with a razor when it gets bad",
        "I pressed a hot iron against my forearm",
        "he pulled his stitches out on purpose",
        "I haven't eaten for three days on purpose",
        "she banged her head against the bathroom tiles",
        "I found razor blades taped inside his pencil case",
        "she keeps saying she has made her peace'",
    ],
)
def test_warning_signs_of_the_fifth_pass(message):
    assert match_patterns(message).tier == "crisis"


@pytest.mark.parametrize(
    "message",
    [
        "the GP will call me home visit on Friday",
        "the nurse said the only option left for the lumps is surgery",
        "I want the itch to stop for good, is there a cream?",
        "my dad had a good innings, he died at 94 of old age",
        "I picked a date for the surgery, after Christmas",
        "I lined up my tablets in the dosette box for the week",
        "I cut myself with a razor while shaving, will it scar over the lump?",
        "the doctors asked me to remember how the lumps looked before",
        "I set the date for my biopsy.",
        "the ulcer opened on its own last night, not on purpose",
        "texting my friends to say goodbye because I'm moving house",
        "said goodbye to everyone at the clinic, we're moving to a new city",
    ],
)
def test_near_misses_of_the_fifth_pass(message):
    assert match_patterns(message).tier not in ("crisis", "emergency")


def test_a_correct_word_one_letter_from_a_danger_word_is_not_repaired():
    from chatbot.safety.misspellings import danger_speller, repair

    speller = danger_speller(frozenset({"make", "sure", "not", "accidentally", "doing", "over"}))
    assert repair("make sure im not accidentally overdoing it", speller) == "make sure im not accidentally overdoing it"
    assert "overdose" in repair("i took an overdoze", speller)


def test_sadness_is_seen_without_raising_a_tier():
    found = match_patterns("I feel so embarrassed wearing short sleeves")
    assert found.tier == "none" and found.sad


def test_history_and_general_questions_say_why_a_rule_was_called_off():
    assert any("past" in why for why in match_patterns("I had a seizure once as a kid").called_off)
    assert any("general" in why for why in match_patterns("can u die from an overdose of calcium?").called_off)


def test_normalising_drops_apostrophes_and_bounds_the_length():
    assert normalise("I CAN’T  breathe") == "i cant breathe"
    long = "a" * 10_000 + " the end"
    assert len(normalise(long)) <= MAX_CHARS and normalise(long).endswith("the end")


@pytest.mark.parametrize(
    "phrase,words",
    [
        (r"chest (?:\w+ ){0,4}(?:pain|ache)", {"chest"}),
        (r"(?:im|i am) (?:on|at) the (?:bridge|cliff)", {"bridge", "cliff"}),
        (r"suicid\w*", {"suicid"}),
        (r"bab(?:y|ies)", {"bab"}),
        (r"(?:[5-9]|\d{2,}) (?:\w+ )?tablets", {"tablets"}),
        (r"3[89](?:[.,]\d)?", {"#"}),
    ],
)
def test_required_words_of_a_phrasing(phrase, words):
    assert required_words(phrase) == frozenset(words)


def _ungated(message: str) -> dict[str, list[int]]:
    """Every concept searched with its full regex, gates ignored."""
    m = tp.ReadMessage(normalise(message))
    out = {}
    for name, concept in tp.COMPILED.items():
        starts = sorted({x.start() for part in concept.parts for x in part.pattern.finditer(m.matching)})
        out[name] = [o for o in starts if not (concept.negatable and tp._negated(m.matching, o))]
    return out


def _fixture_texts() -> list[str]:
    texts = []
    for mark in (test_emergencies, test_crises, test_see_a_doctor_today, test_near_misses_stay_questions):
        for param in mark.pytestmark[0].args[1]:  # type: ignore[attr-defined]
            texts.append(param)
    return texts


def test_gates_only_skip_regexes_that_cannot_match():
    """A concept skipped because none of its words occur would have found nothing anyway."""
    rng = random.Random(7)
    vocabulary = sorted({w for phrases, _ in CONCEPTS.values() for p in phrases for w in re.findall(r"[a-z]{2,}", p)})
    texts = _fixture_texts() + [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 25))) for _ in range(300)]
    for text in texts:
        m = tp.ReadMessage(normalise(text))
        expected = _ungated(text)
        for name in tp.COMPILED:
            assert [o for _, o in m.find(name)] == expected[name], (name, text)


def test_every_rule_names_known_concepts():
    for rule in RULES:
        assert set(rule.concepts) | set(rule.unless) <= set(CONCEPTS), rule.name


def _cost(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        match_patterns(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "unit",
    ["chest ", "i ", "i want to ", "took all my ", "bleeding ", "not ", "my son swallowed ", "a" * 7 + " ", "😀 "],
)
def test_adversarial_input_takes_linear_time(unit):
    """100k characters of one repeated unit: at most linear growth (no wall-clock threshold).

    Inputs are bounded to MAX_CHARS, so 4x the length must not cost 4x; with
    quadratic patterns the bounded input alone would already take seconds.
    """
    n = -(-25_000 // len(unit))
    small, large = unit * n, unit * (4 * n) + "kill myself"
    assert len(large) >= 100_000
    ratio = _cost(large) / max(_cost(small), 1e-6)
    assert ratio < 8, ratio


def _all_concepts(text: str) -> float:
    """Seconds to search every concept of every rule in ``text``, with no length bound."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        m = tp.ReadMessage(text)
        for name in tp.COMPILED:
            m.find(name)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", ["chest ", "i ", "took all my pills ", "not ", "my son swallowed "])
def test_the_patterns_themselves_are_linear(unit):
    """Even without the length bound, 8x the text costs about 8x (64x if quadratic): no pattern backtracks
    between words. The margin is wide so that a busy machine cannot fail it by chance."""
    small = unit * (8_000 // len(unit))
    ratio = _all_concepts(small * 8) / max(_all_concepts(small), 1e-6)
    assert ratio < 24, ratio


def test_work_grows_linearly_below_the_bound():
    """Below the cut, 4x the text costs about 4x (less than 16x, the quadratic case)."""
    unit = "my chest is tight and i cant breathe and took all my pills "
    small = unit * (MAX_CHARS // (4 * len(unit)))
    large = small * 4
    assert len(large) <= MAX_CHARS
    ratio = _cost(large) / max(_cost(small), 1e-6)
    assert ratio < 8, ratio
