"""The sweep's grid parsing: values become the types the settings hold."""

import argparse

import pytest

from eval.sweep import _parse


def test_grid_values_are_typed():
    assert _parse("composer.max_words=90,110") == ("composer", "max_words", [90, 110])
    assert _parse("composer.min_relative_score=0.65,0.7") == ("composer", "min_relative_score", [0.65, 0.7])
    assert _parse("retrieval.mode=hybrid,dense") == ("retrieval", "mode", ["hybrid", "dense"])
    # "False" as text would read as on: booleans are booleans.
    assert _parse("triage.semantic=False,true") == ("triage", "semantic", [False, True])


def test_a_grid_without_a_group_or_values_is_refused():
    with pytest.raises(argparse.ArgumentTypeError):
        _parse("max_words=90")
    with pytest.raises(argparse.ArgumentTypeError):
        _parse("composer.max_words=")
