"""Domain exceptions. Each message says what to do next; the UI and the CLI
translate them to friendly text at their edge instead of hiding them."""

from __future__ import annotations


class ChatbotError(Exception):
    """Base class for every error this package raises on purpose."""


class CorpusError(ChatbotError):
    """The corpus folder or its metadata is missing or inconsistent."""


class IndexMissingError(ChatbotError):
    """No built index where one was expected."""

    def __init__(self, path: object) -> None:
        super().__init__(
            f"No index found at {path}. Build it with `python -m chatbot build-index` "
            "(or `make index`)."
        )


class IndexStaleError(ChatbotError):
    """The index on disk was built from other inputs than the current ones."""

    def __init__(self, path: object, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(
            f"The index at {path} does not match the current corpus, model or settings "
            f"({'; '.join(reasons)}). Rebuild it with `python -m chatbot build-index`."
        )


class IndexCorruptError(ChatbotError):
    """Files of the index are missing, truncated or altered."""

    def __init__(self, path: object, detail: str) -> None:
        super().__init__(
            f"The index at {path} is damaged ({detail}). Delete the folder and rebuild "
            "it with `python -m chatbot build-index`."
        )


class ModelNotAvailableError(ChatbotError):
    """The local embedding model cannot be found or does not match its checksum."""


class InvalidQuestionError(ChatbotError):
    """The question cannot be answered as given (empty, too long, not text)."""


class QuestionTooLongError(InvalidQuestionError):
    """The question is over the configured length limit."""
