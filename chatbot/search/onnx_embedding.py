"""Text -> unit vectors with onnxruntime: the same model as ``SentenceTransformerEmbedder``, no torch.

Reads the folder that ``python -m chatbot.search.onnx_export --out DIR`` wrote
(``model.onnx``, the tokenizer files, ``onnx_manifest.json``) and nothing else.
This module imports neither torch, transformers nor sentence-transformers,
directly or indirectly; a test checks it in a fresh process.

What it does is what sentence-transformers does for all-MiniLM-L6-v2:
the fast WordPiece tokenizer truncating at ``max_seq_length`` (from
``sentence_bert_config.json``, 256), the BERT encoder, mean pooling over the
attention mask, L2 normalisation. Vectors agree with the torch embedder's to
a cosine above 0.9999 (not bit for bit: another runtime sums in another order).

Same answers everywhere, as for the torch embedder: a fixed number of
onnxruntime threads (``threads``, default 1; inter-op 1; sequential
execution), and each distinct text is encoded once. Texts are batched only
with texts of exactly the same token count, so nothing is ever padded and a
text's vector does not depend on what else is in the call.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from chatbot.search.embedding import EXPECTED_MODEL_SHA256, file_sha256, normalize
from chatbot.errors import ModelNotAvailableError
from chatbot.search.onnx_export import INPUT_NAMES, MANIFEST_FILE, MANIFEST_FORMAT, ONNX_FILE, OUTPUT_NAME, WORD_EMBEDDINGS_FILE

log = logging.getLogger(__name__)

MAX_BATCH_TOKENS = 256
_REEXPORT = "Run `make index` (or `python -m chatbot.search.onnx_export --out {path}`) to export it again."


class WordTable:
    """Rows of the exported word-vector table, read from disk as needed (``os.pread``).

    Neither loaded whole nor memory-mapped: a mapping keeps every page it ever
    touched in the process's resident set, and embedding the triage exemplars
    at start-up touches most of the table. A lookup copies the exact float32
    rows, so the vectors are those of the table.
    """

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran_order, dtype = read_header(fh)
            offset = fh.tell()
        if len(shape) != 2 or fortran_order or dtype != np.dtype("<f4"):
            raise ValueError(f"{path} is not a C-ordered float32 matrix (shape {shape}, dtype {dtype})")
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self._offset = offset
        self._row_bytes = self.shape[1] * 4
        self._fd = os.open(path, os.O_RDONLY)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """``table[ids]`` for an integer array of any shape: the same shape plus the vector axis."""
        unique, inverse = np.unique(ids, return_inverse=True)
        if unique.size and (unique[0] < 0 or unique[-1] >= self.shape[0]):
            raise ValueError(f"token id out of range 0..{self.shape[0] - 1}")
        found = np.empty((unique.size, self.shape[1]), dtype=np.float32)
        for row, token in enumerate(unique.tolist()):
            data = os.pread(self._fd, self._row_bytes, self._offset + token * self._row_bytes)
            found[row] = np.frombuffer(data, dtype="<f4")
        return found[inverse.reshape(ids.shape)]

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


class OnnxEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime (CPU), loaded on first use; safe to share between threads."""

    def __init__(self, onnx_dir: Path, name: str = "all-MiniLM-L6-v2", threads: int = 1) -> None:
        if threads < 1:
            raise ValueError(f"embedding threads must be at least 1, got {threads}")
        self.name = name
        self.threads = threads
        self.path = Path(onnx_dir)
        self.cache_dir = self.path  # fixed texts' vectors (``embedding.encode_cached``) live with the export
        self._session = None
        self._tokenizer = None
        self._feeds: list[str] = []
        self._words: WordTable | None = None
        self._dimension = 0
        self._manifest: dict | None = None
        self._lock = threading.Lock()

    # -- cheap facts, no model load -------------------------------------------------

    def _fail(self, what: str) -> ModelNotAvailableError:
        return ModelNotAvailableError(f"{what} {_REEXPORT.format(path=self.path)}")

    @property
    def manifest(self) -> dict:
        if self._manifest is None:
            path = self.path / MANIFEST_FILE
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise self._fail(f"Cannot read the ONNX manifest {path} ({exc}).") from exc
            if not isinstance(manifest, dict) or not isinstance(manifest.get("source_weights_sha256"), str):
                raise self._fail(f"{path} is not an ONNX export manifest.")
            self._manifest = manifest
        return self._manifest

    @property
    def weights_sha256(self) -> str:
        """The SHA-256 of the safetensors weights the ONNX file was exported from.

        The same value as ``SentenceTransformerEmbedder.weights_sha256``, so an index
        built by either embedder has the same model fingerprint.
        """
        return self.manifest["source_weights_sha256"]

    @property
    def dimension(self) -> int:
        """Read from the pooling config, so checking an index never loads the model."""
        pooling = self.path / "1_Pooling" / "config.json"
        try:
            return int(json.loads(pooling.read_text(encoding="utf-8"))["word_embedding_dimension"])
        except (OSError, KeyError, ValueError) as exc:
            raise self._fail(f"Cannot read the model's dimension from {pooling} ({exc}).") from exc

    @property
    def max_seq_length(self) -> int:
        config = self.path / "sentence_bert_config.json"
        try:
            return int(json.loads(config.read_text(encoding="utf-8"))["max_seq_length"])
        except (OSError, KeyError, ValueError) as exc:
            raise self._fail(f"Cannot read max_seq_length from {config} ({exc}).") from exc

    def known_words(self) -> frozenset[str]:
        """Whole English words of the WordPiece vocabulary, as ``SentenceTransformerEmbedder.known_words``."""
        vocab = self.path / "vocab.txt"
        try:
            lines = vocab.read_text(encoding="utf-8").split()
        except OSError as exc:
            raise self._fail(f"Cannot read {vocab} ({exc}).") from exc
        return frozenset(w for w in lines if w.isalpha() and w.isascii() and len(w) > 2)

    # -- loading ----------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load the model now (tests and servers call this once, up front)."""
        self._load()

    def _verify(self) -> None:
        manifest = self.manifest
        if manifest.get("format") != MANIFEST_FORMAT:
            raise self._fail(f"{self.path} was exported in format {manifest.get('format')}, not {MANIFEST_FORMAT}.")
        if manifest["source_weights_sha256"] != EXPECTED_MODEL_SHA256:
            raise self._fail(
                f"{self.path} was exported from weights with SHA-256 {manifest['source_weights_sha256']}, "
                f"not the expected {EXPECTED_MODEL_SHA256}."
            )
        expected = {ONNX_FILE: manifest.get("onnx_sha256"), **manifest.get("files", {})}
        for name, sha in expected.items():
            path = self.path / name
            if not path.is_file():
                raise self._fail(f"{path} is missing.")
            actual = file_sha256(path)
            if actual != sha:
                raise self._fail(f"{path} has SHA-256 {actual}, not {sha} as {MANIFEST_FILE} records.")

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._session is None:
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                self._verify()
                import onnxruntime as ort
                from tokenizers import Tokenizer

                max_length = self.max_seq_length
                tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
                # tokenizer.json ships with fixed padding to 128 and truncation at 128;
                # sentence-transformers overrides both: no padding here (equal-length
                # batches), truncation at max_seq_length counting [CLS] and [SEP].
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=max_length)

                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.use_deterministic_compute = True
                options.enable_cpu_mem_arena = False
                options.log_severity_level = 3
                log.info("loading ONNX embedding model from %s (%d thread(s))", self.path, self.threads)
                session = ort.InferenceSession(
                    str(self.path / ONNX_FILE), sess_options=options, providers=["CPUExecutionProvider"]
                )
                self._feeds = [i.name for i in session.get_inputs()]
                unknown = set(self._feeds) - set(INPUT_NAMES)
                if unknown:
                    raise self._fail(f"{self.path / ONNX_FILE} takes unexpected inputs {sorted(unknown)}.")
                self._dimension = self.dimension
                self._words = WordTable(self.path / WORD_EMBEDDINGS_FILE)
                self._tokenizer = tokenizer
                self._session = session
        return self._session

    # -- encoding ---------------------------------------------------------------------

    def _run(self, encodings: list, before_model: Callable[[], object] | None = None) -> np.ndarray:  # type: ignore[type-arg]
        """Mean-pooled, L2-normalised vectors of equal-length encodings (one batch)."""
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        arrays = {
            "inputs_embeds": self._words.rows(ids),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        if before_model is not None:
            before_model()
        (tokens,) = self._session.run([OUTPUT_NAME], {name: arrays[name] for name in self._feeds})
        # sentence_transformers.models.Pooling (mean) then Normalize, step for step.
        mask = arrays["attention_mask"][:, :, None].astype(np.float32)
        summed = (tokens * mask).sum(axis=1, dtype=np.float32)
        counts = np.maximum(mask.sum(axis=1, dtype=np.float32), np.float32(1e-9))
        pooled = summed / counts
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False,
        before_model: Callable[[], object] | None = None,
    ) -> np.ndarray:
        """Float32 unit vectors, one row per text; equal texts get bit-identical vectors.

        ``before_model`` (see ``Embedder.encode``) is called after the tokens'
        inputs are read: reading the word table releases the GIL at each row,
        and a Python thread started earlier would hold this one up at each.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self._load()
        distinct = list(dict.fromkeys(texts))
        if not distinct:
            return np.zeros((0, self._dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(distinct)
        by_length: dict[int, list[int]] = {}
        for i, enc in enumerate(encodings):
            by_length.setdefault(len(enc.ids), []).append(i)
        batches = []
        for length, rows in sorted(by_length.items(), reverse=True):
            # A batch's working memory grows with its tokens; capped, embedding the
            # triage exemplars at start-up does not raise the server's peak memory.
            size = max(1, min(batch_size, MAX_BATCH_TOKENS // length))
            batches += [rows[start : start + size] for start in range(0, len(rows), size)]
        out = np.empty((len(distinct), self._dimension), dtype=np.float32)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(distinct), desc="Embedding", unit="text")
        try:
            for n, rows in enumerate(batches):
                out[rows] = self._run([encodings[i] for i in rows], before_model if n == 0 else None)
                if bar is not None:
                    bar.update(len(rows))
        finally:
            if bar is not None:
                bar.close()
        row = {text: i for i, text in enumerate(distinct)}
        return normalize(out[[row[t] for t in texts]])
