from pathlib import Path

import pytest

from chatbot.config import Settings, load_settings


def test_defaults():
    s = load_settings(env={})
    assert s == Settings()
    assert s.port == 7860 and s.host == "127.0.0.1"
    assert s.retrieval.mode == "hybrid"


def test_environment_overrides_including_nested():
    s = load_settings(
        env={
            "CHATBOT_PORT": "8000",
            "CHATBOT_INDEX_DIR": "/tmp/x",
            "CHATBOT_RETRIEVAL_MODE": "bm25",
            "CHATBOT_ABSTENTION_MIN_SIMILARITY": "0.3",
            "CHATBOT_LOG_QUESTIONS": "true",
        }
    )
    assert s.port == 8000 and s.index_dir == Path("/tmp/x")
    assert s.retrieval.mode == "bm25" and s.abstention.min_similarity == 0.3
    assert s.log_questions is True


def test_explicit_overrides_win_over_environment():
    s = load_settings(env={"CHATBOT_PORT": "8000"}, port=9000)
    assert s.port == 9000


def test_bad_environment_value_names_the_variable():
    with pytest.raises(ValueError, match="CHATBOT_PORT"):
        load_settings(env={"CHATBOT_PORT": "eighty"})
    with pytest.raises(ValueError, match="CHATBOT_LOG_QUESTIONS"):
        load_settings(env={"CHATBOT_LOG_QUESTIONS": "maybe"})


def test_replace_accepts_nested_dicts():
    s = Settings().replace(composer={"max_sentences": 2})
    assert s.composer.max_sentences == 2 and s.composer.mmr_lambda == Settings().composer.mmr_lambda


def test_a_renamed_variable_is_refused_with_its_new_name():
    with pytest.raises(ValueError, match="CHATBOT_ABSTENTION_MIN_SIMILARITY"):
        load_settings(env={"CHATBOT_COMPOSER_ABSTAIN_THRESHOLD": "0.3"})
