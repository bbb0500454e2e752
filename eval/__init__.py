"""Evaluation suite: a fixed question set, metrics, baselines, report and CI gate."""
