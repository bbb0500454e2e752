"""The rules: which concepts, together within a window of words, reach a tier, and which guards can call it off.

A *rule* reaches a tier when all its concepts occur within a window of words
("a child" + "swallowed" + "tablets" within 16 words). The rules order only
matters inside a tier: crisis rules are tried first, then emergency, then
urgent. A rule's *guards* say when its match may be called off: history
("past"), a habit ("chronic"), a hypothetical, or a general question that
names no one (``chatbot.safety.matcher.guarded`` reads them with the context
lists of ``guards``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tier = Literal["emergency", "crisis", "urgent", "none"]
Guard = Literal["past", "chronic", "hypothetical", "general"]


@dataclass(frozen=True)
class Rule:
    """A tier reached when every concept occurs within ``window`` words; ``guards`` can call it off."""

    name: str
    tier: Tier
    concepts: tuple[str, ...]
    window: int = 12
    guards: frozenset[Guard] = frozenset({"past", "chronic", "hypothetical", "general"})
    unless: tuple[str, ...] = ()  # concepts that, within the window, call the rule off


_ALL: frozenset[Guard] = frozenset({"past", "chronic", "hypothetical", "general"})
_PAST_ONLY: frozenset[Guard] = frozenset({"past"})
_NOT_GENERAL: frozenset[Guard] = frozenset({"past", "general"})
_NONE: frozenset[Guard] = frozenset()
_ASKED_ONLY: frozenset[Guard] = frozenset({"hypothetical", "general"})


def _r(
    name: str, tier: Tier, *concepts: str, window: int = 12, guards: frozenset[Guard] | None = None,
    unless: tuple[str, ...] | None = None,
) -> Rule:
    """A rule; emergencies are called off for a pet ("my cat had a seizure") unless told otherwise."""
    if unless is None:
        unless = ("animal",) if tier == "emergency" else ()
    return Rule(name, tier, concepts, window, guards if guards is not None else _ALL, unless)


# Crisis rules ignore the general-question guard on purpose: "how many of my tablets
# would it take to not wake up" is a question and a crisis.
RULES: tuple[Rule, ...] = (
    _r("suicidal thoughts", "crisis", "suicide", guards=_NOT_GENERAL),
    _r("wish to kill oneself", "crisis", "kill_self", guards=_PAST_ONLY),
    _r("wish to die or not to wake", "crisis", "death_wish", guards=_PAST_ONLY),
    _r("feeling a burden", "crisis", "burden", guards=_PAST_ONLY),
    _r("hopelessness", "crisis", "hopeless", guards=_PAST_ONLY),
    _r("goodbyes or giving things away", "crisis", "farewell", guards=_PAST_ONLY, unless=("practical_reason",)),
    _r("goodbyes or giving things away", "crisis", "give_away", "no_need", window=20, guards=_PAST_ONLY, unless=("practical_loss",)),
    _r("goodbyes or giving things away", "crisis", "parting_words", "unreachable", window=25, guards=_PAST_ONLY),
    _r("settling affairs", "crisis", "contingency", "low_mood", window=30, guards=_PAST_ONLY),
    _r("settling affairs", "crisis", "settling", "settling", window=40, guards=_PAST_ONLY),
    _r("settling affairs", "crisis", "settling", "sudden_calm", window=40, guards=_PAST_ONLY),
    _r("means or plan", "crisis", "method", guards=_NONE),
    _r("means or plan", "crisis", "lethal_question", guards=_NOT_GENERAL),
    _r("means or plan", "crisis", "death_research", "have_means", window=30, guards=_PAST_ONLY),
    _r("self-harm", "crisis", "self_harm", guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "on_purpose", "take_all", window=16, guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "took_overdose", window=20, guards=_PAST_ONLY, unless=("accidental", "as_usual")),
    # A child who swallowed a handful of tablets is poisoned, not in crisis: the emergency rules below.
    _r("overdose of all one's tablets", "crisis", "take_all", window=20, guards=_NOT_GENERAL,
       unless=("accidental", "as_usual", "child")),
    _r("overdose of all one's tablets", "crisis", "take_all", "on_purpose", window=20, guards=_NOT_GENERAL),
    _r("self-harm", "crisis", "harm_act", "harm_motive", window=10, guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "use_on_self", "meds", window=12, guards=_PAST_ONLY),
    _r("overdose on purpose", "crisis", "on_purpose", "meds", window=10, guards=_PAST_ONLY),
    _r("chest pain", "emergency", "chest_pain"),
    _r("heart attack signs", "emergency", "ha_site", "ache", "autonomic", window=20),
    _r("breathing", "emergency", "breathing"),
    _r("breathing", "emergency", "breathless", "severity", window=12),
    _r("anaphylaxis", "emergency", "swelling_airway"),
    _r("anaphylaxis", "emergency", "swelling_face", "allergy", window=25),
    _r("anaphylaxis", "emergency", "allergy", "allergy_symptom", "allergy_symptom", window=25),
    _r("anaphylaxis", "emergency", "allergy", "allergy_skin", "allergy_symptom", window=25),
    _r("anaphylaxis", "emergency", "swelling_face", "breathless", window=25),
    _r("anaphylaxis", "emergency", "swelling_face", "breathing", window=25),
    _r("anaphylaxis", "emergency", "allergy", "faint_feeling", window=20),
    _r("anaphylaxis", "emergency", "allergy", "breathless", window=20),
    _r("stroke signs", "emergency", "stroke"),
    _r("stroke signs", "emergency", "face_droop", "limb_weak", window=25),
    _r("stroke signs", "emergency", "face_droop", "speech_problem", window=25),
    _r("stroke signs", "emergency", "speech_problem", "limb_weak", window=25),
    _r("stroke signs", "emergency", "speech_problem", "sudden", window=8),
    _r("stroke signs", "emergency", "confusion", "limb_weak", window=25),
    _r("stroke signs", "emergency", "balance_vision", "sudden", window=10),
    _r("sudden confusion", "emergency", "confusion", "sudden", window=8),
    _r("collapse", "emergency", "collapse"),
    _r("collapse", "emergency", "faint_event", "faint_worse", window=14),
    _r("seizure", "emergency", "seizure"),
    _r("heavy bleeding", "emergency", "bleeding"),
    _r("bleeding with faintness", "emergency", "bleed_any", "faint_feeling", window=12),
    _r("poisoning of a child", "emergency", "child", "ingested", "meds", window=16),
    _r("overdose", "emergency", "take_all", unless=("as_usual", "animal")),
    _r("overdose", "emergency", "overdose_word"),
    _r("overdose", "emergency", "too_much", "meds", "toxic_signs", window=40),
    # An adult who drank or swallowed a poison and shows its signs: "dad drank antifreeze, he's vomiting and confused".
    _r("poison swallowed with signs", "emergency", "ingested", "meds", "toxic_signs", window=25, guards=_NOT_GENERAL),
    _r("overdose", "emergency", "big_count"),
    _r("extra dose of a medicine", "urgent", "too_much", "prescribed", window=8),
    _r("hypercalcaemia crisis", "emergency", "supplement", "toxic_signs", "sleepy", window=40),
    _r("hypercalcaemia crisis", "emergency", "confusion", "supplement", window=40),
    _r("hypercalcaemia crisis", "emergency", "supplement", "palpitations", window=40),
    _r("sepsis signs", "emergency", "non_blanching"),
    _r("sepsis signs", "emergency", "fever", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "infection", "sepsis_strong", window=30),
    # A sign of a local infection with the whole body unwell is sepsis until shown otherwise.
    _r("sepsis signs", "emergency", "infected_sign", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "discharge", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "ulcer_event", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "ulcer", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "infected_sign", "high_fever", window=30),
    _r("hypercalcaemia crisis", "emergency", "supplement", "persistent_vomiting", window=40),
    _r("hypercalcaemia crisis", "emergency", "supplement", "severe_weakness", window=40),
    _r("sepsis signs", "emergency", "calciphylaxis_skin", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "calciphylaxis_skin", "high_fever", window=30),
    _r("sepsis signs", "emergency", "ulcer", "high_fever", window=30),
    _r("a cold, white limb", "emergency", "limb_ischaemia"),
    _r("sepsis signs", "emergency", "high_fever", "inflamed", window=30),
    _r("sepsis signs", "emergency", "high_fever", "sepsis_strong", window=30),
    _r("sepsis signs", "emergency", "red_streak", "sepsis_signs", window=30),
    _r("sepsis signs", "emergency", "red_streak", "fever", window=30),
    _r("head injury", "emergency", "head_injury", "anticoagulant", window=30),
    _r("head injury", "emergency", "head_injury", "toxic_signs", window=30),
    _r("sudden severe headache", "emergency", "headache"),
    _r("missed dialysis with heart or muscle signs", "emergency", "missed_dialysis", "palpitations", window=40, guards=_NOT_GENERAL),
    _r("missed dialysis with heart or muscle signs", "emergency", "missed_dialysis", "severe_weakness", window=40, guards=_NOT_GENERAL),
    _r("palpitations with faintness", "emergency", "palpitations", "faint_feeling", window=20),
    _r("palpitations with faintness", "emergency", "palpitations", "collapse", window=20),
    _r("feels like dying", "emergency", "dying"),
    _r("named emergency", "emergency", "clinical_alarm"),
    _r("infection around a lump", "urgent", "inflamed", "lump", "progressing", window=16),
    _r("infection around a lump", "urgent", "infected_sign", "infected_sign", "lump", "recent_or_progressing", window=10),
    _r("infection around a lump", "urgent", "inflamed", "fever", window=12),
    _r("infection around a lump", "urgent", "infected_sign", "infected_sign", "infected_sign", "lump", window=10),
    _r("discharge from a lump", "urgent", "discharge", "lump", window=12),
    _r("discharge from a lump", "urgent", "oozing", "infected_sign", window=12),
    _r("new ulcer", "urgent", "ulcer_event", "pain", window=16),
    _r("new ulcer", "urgent", "ulcer_event", "infected_sign", window=12),
    _r("new ulcer", "urgent", "ulcer_event", "recent_or_progressing", window=16),
    _r("new ulcer", "urgent", "ulcer", "recent_or_progressing", window=16),
    _r("spreading redness", "urgent", "red_streak"),
    # An operation is always in the past: only a hypothetical or a general question calls these off.
    _r("a wound that has come open", "urgent", "wound_opened", guards=_ASKED_ONLY),
    _r("a sore or lump growing fast", "urgent", "ulcer", "grown_since", window=16, guards=_ASKED_ONLY),
    _r("a sore or lump growing fast", "urgent", "inflamed", "lump", "grown_since", window=25, guards=_ASKED_ONLY),
    _r("discharge from a lump", "urgent", "ulcer", "discharge", window=14),
    _r("infection around a lump", "urgent", "inflamed", "inflamed", "lump", "function_loss", window=16),
    _r("medicines not staying down", "urgent", "cant_keep_down"),
    _r("infection after an operation", "urgent", "inflamed", "recent_op", window=25, guards=_ASKED_ONLY),
    _r("an allergic rash", "urgent", "allergy", "allergy_skin", window=25),
    _r("new severe pain", "urgent", "severe_pain", "lump", "recent", window=14),
    _r("poor circulation in a finger or toe", "urgent", "ischaemia", "ischaemia_time", window=20),
    _r("poor circulation in a finger or toe", "urgent", "digit", "necrosis", window=8),
    _r("pressure on a nerve", "urgent", "nerve", "digit", "recent", window=12),
    _r("many new lumps at once", "urgent", "many_new", "quickly", window=16),
    _r("possible calciphylaxis", "urgent", "calciphylaxis_skin", "kidney", "pain", window=30),
    _r("possible calciphylaxis", "urgent", "calciphylaxis_skin", "pain", window=8),
    _r("high calcium symptoms", "urgent", "supplement", "mild_high_calcium", "mild_high_calcium", window=30),
)
