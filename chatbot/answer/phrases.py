"""The bot's own fixed phrases: the only words in an answer that are not quoted from an article."""

from __future__ import annotations

DISCLAIMER = (
    "General information quoted from the cited articles, not a diagnosis or medical advice."
)
ABSTAIN_REPLY = (
    "I'm sorry, the articles I can quote from do not answer that question. "
    "I can answer questions about calcinosis cutis: what it is, its types and causes, "
    "symptoms, diagnosis, treatment, and home care and prevention."
)
DISAGREEMENT_NOTE = "The sources differ on this point, so both are quoted:"
SEE_A_DOCTOR = (
    "Only a doctor who examines you can tell whether this applies to you; "
    "please see a doctor or a dermatologist about any new or changing lump."
)
FIXED_PHRASES = (DISCLAIMER, ABSTAIN_REPLY, DISAGREEMENT_NOTE, SEE_A_DOCTOR)
