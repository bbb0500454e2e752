"""Pick the abstention thresholds from the eval set instead of by hand.

The rule is ``chatbot.answer.policy``'s, the one the bot runs. Runs the
answerable and out-of-scope items once with abstention switched off,
records each answer's three signals (best sentence cosine, IDF-weighted term
coverage of the question in the articles, and of the question in the chosen
answer), then searches the grid of threshold triples for the one that maximises
balanced accuracy (the mean of abstention recall on out-of-scope items and
1 - wrong-abstention rate on answerable ones) among the pairs that refuse at
most ``MAX_WRONG_ABSTENTION`` of the answerable questions: refusing a patient's
real question costs more than quoting around an odd one. Ties go to the lower
thresholds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chatbot.answer.bot import Chatbot
from chatbot.answer.policy import below_thresholds
from chatbot.config import AbstentionConfig
from eval.dataset import EvalItem
from eval.runner import run_config


MAX_WRONG_ABSTENTION = 0.03  # the gate's ceiling on wrong abstentions (eval/thresholds.json)


Point = tuple[bool, float, float, float, bool]


def signals(bot: Chatbot, items: Sequence[EvalItem], progress: bool = True) -> list[Point]:
    """(should_abstain, best_dense, term_coverage, answer_coverage, refused_anyway) per
    answerable/out-of-scope item.

    ``refused_anyway`` marks answers refused whatever the thresholds (no sentence
    found, or a request for prices, doses...)."""
    open_bot = bot.with_settings(
        bot.settings.replace(abstention={"min_similarity": -1.0, "min_term_coverage": -1.0, "min_answer_coverage": -1.0})
    )
    scoped = [i for i in items if i.expected in ("answer", "abstain")]
    return [
        (
            r.expected == "abstain",
            float(r.best_dense or 0.0),
            float(r.term_coverage or 0.0),
            float(r.answer_coverage or 0.0),
            r.abstained,
        )
        for r in run_config(open_bot, scoped, "calibration", progress)
        if r.route in ("answer", "abstain") and r.resolved_query is not None
    ]


def best_thresholds(points: Sequence[Point]) -> dict[str, float]:
    """The threshold triple with the best balanced accuracy within the wrong-abstention budget."""
    should = np.array([p[0] for p in points])
    dense = np.array([p[1] for p in points])
    cover = np.array([p[2] for p in points])
    answered = np.array([p[3] for p in points])
    forced = np.array([p[4] for p in points])
    best: tuple[float, float, float, float] | None = None
    for t_dense in np.round(np.arange(0.0, 0.8, 0.01), 2):
        for t_cover in np.round(np.arange(0.0, 1.0, 0.02), 2):
            for t_answer in np.round(np.arange(0.0, 0.62, 0.02), 2):
                rule = AbstentionConfig(float(t_dense), float(t_cover), float(t_answer))
                abstain = forced | below_thresholds(dense, cover, answered, rule)
                keep = (~abstain[~should]).mean() if (~should).any() else 0.0
                if 1 - keep > MAX_WRONG_ABSTENTION:
                    continue
                recall = abstain[should].mean() if should.any() else 0.0
                score = (recall + keep) / 2
                key = (score, -t_dense, -t_cover, -t_answer)
                if best is None or key > (best[0], -best[1], -best[2], -best[3]):
                    best = (score, float(t_dense), float(t_cover), float(t_answer))
    assert best is not None
    score, t_dense, t_cover, t_answer = best
    abstain = forced | below_thresholds(dense, cover, answered, AbstentionConfig(t_dense, t_cover, t_answer))
    return {
        "min_similarity": t_dense,
        "min_term_coverage": t_cover,
        "min_answer_coverage": t_answer,
        "balanced_accuracy": round(score, 4),
        "abstention_recall": round(float(abstain[should].mean()), 4) if should.any() else 0.0,
        "wrong_abstention_rate": round(float(abstain[~should].mean()), 4) if (~should).any() else 0.0,
    }
