"""What the bot says for each triage tier: fixed phrases of its own, with the configured numbers.

The emergency and crisis alerts replace the answer; the urgent alert ("see a
doctor today") and the kind line for a sad message go in front of the normal
answer (``chatbot.answer.alerts`` puts them there). The numbers come from ``TriageConfig`` (per locale), so an operator in
France lists 15 and 112 and the replies say so.
"""

from __future__ import annotations

from chatbot.config import TriageConfig
from chatbot.models import Alert, Contact

KIND_LINE = (
    "I'm sorry this is weighing on you; that sounds really hard. Talking with your care team, "
    "or with someone close to you, can help."
)


def contacts(config: TriageConfig, name: str) -> tuple[Contact, ...]:
    """The configured ``emergency_numbers`` or ``crisis_lines`` as contacts."""
    return tuple(Contact(number, label) for number, label in config.contacts(name))


def listing(items: tuple[Contact, ...]) -> str:
    """ "911 (US), 112 (EU) or 999 (UK)" """
    parts = [f"{c.number} ({c.label})" for c in items]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def emergency_alert(config: TriageConfig) -> Alert:
    numbers = contacts(config, "emergency_numbers")
    return Alert(
        "emergency",
        "This sounds like it could be an emergency. Please call your local emergency number now: "
        f"{listing(numbers)}. If you cannot call, ask someone near you to call, or go to the nearest "
        "emergency department. I am an information bot and cannot help with urgent medical problems.",
        numbers,
    )


def crisis_alert(config: TriageConfig) -> Alert:
    lines, numbers = contacts(config, "crisis_lines"), contacts(config, "emergency_numbers")
    return Alert(
        "crisis",
        "I'm really sorry you're going through this, and I'm glad you said something. You deserve support "
        "right now, and you don't have to face this alone. You can talk to someone at a crisis line, any time, "
        f"day or night: {listing(lines)}. If you or someone else is in danger, or has taken something, call "
        f"your emergency number now: {listing(numbers)}. If you can, tell someone you trust how you feel, "
        "or stay with the person you are worried about.",
        lines + numbers,
    )


def urgent_alert(config: TriageConfig) -> Alert:
    numbers = contacts(config, "emergency_numbers")
    return Alert(
        "urgent",
        "From what you describe, please see a doctor today: call your doctor's office, or a same-day or "
        "urgent care service. If it gets worse quickly, or you get a high fever or feel very unwell, call "
        f"your emergency number: {listing(numbers)}.",
        numbers,
    )
