"""The words of the chat page around the answers: title, description, notice, example questions."""

from __future__ import annotations

TITLE = "Calcinosis cutis questions"
DESCRIPTION = (
    "Ask about calcinosis cutis (calcium deposits in the skin). Every answer quotes five "
    "trusted medical articles (from Verywell Health, Medscape and others, listed under "
    "\u201cSources\u201d below) word for word, with numbered citations you can open."
)
NOTICE = (
    "General information from the cited articles, not a diagnosis or medical advice. "
    "In an emergency, call your local emergency number."
)
EXAMPLES = [
    "What is calcinosis cutis?",
    "What are the types of calcinosis cutis?",
    "How is calcinosis cutis diagnosed?",
    "How is calcinosis cutis treated?",
    "I have hard white bumps on my elbow. What could they be?",
]
# Shown under the question the moment it is sent, until the answer takes its place.
WORKING = "Looking in the articles\u2026"
WORKING_HTML = f'<p class="working" role="status"><span class="dots" aria-hidden="true"></span>{WORKING}</p>'
