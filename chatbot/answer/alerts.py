"""Safety notices placed on an answer: the emergency or crisis reply in its place, or a notice in front."""

from __future__ import annotations

import dataclasses

from chatbot.answer.phrases import DISCLAIMER
from chatbot.answer.trace import Trace
from chatbot.config import TriageConfig
from chatbot.models import Answer, Block
from chatbot.safety.replies import KIND_LINE, crisis_alert, emergency_alert, urgent_alert
from chatbot.safety.triage import Triage


def alarm_answer(triage: Triage, config: TriageConfig, trace: Trace | None = None) -> Answer:
    """The emergency or crisis reply, in place of any answer."""
    alert = crisis_alert(config) if triage.tier == "crisis" else emergency_alert(config)
    return Answer((), (), False, alert.level, "", alert, trace)


def with_urgent_notice(answer: Answer, config: TriageConfig) -> Answer:
    """'See a doctor today' first, then the quoted answer when the articles had one."""
    alert = urgent_alert(config)
    if answer.abstained:
        return Answer((), (), False, "urgent", "", alert, answer.trace)
    return dataclasses.replace(answer, route="urgent", notice=answer.notice or DISCLAIMER, alert=alert)


def with_kind_line(answer: Answer) -> Answer:
    """A kind line of the bot's own in front of the normal answer (or of its 'the articles do not say')."""
    return dataclasses.replace(answer, blocks=(Block.note(KIND_LINE), *answer.blocks))
