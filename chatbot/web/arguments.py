"""Command-line flags of the server (``python app.py --help``), turned into ``Settings``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from chatbot.config import Settings, load_settings


def server_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Serve the calcinosis cutis chat, embed widget and JSON API.")
    parser.add_argument("--host", default=None, help="address to bind (default 127.0.0.1; CHATBOT_HOST)")
    parser.add_argument("--port", type=int, default=None, help="port (default 7860; CHATBOT_PORT)")
    parser.add_argument("--feedback-dir", type=Path, default=None, help="turn on feedback logging into this folder")
    parser.add_argument("--build", action="store_true", help="build the index first if it is missing or stale")
    return parser


def server_settings(argv: Sequence[str] | None = None) -> tuple[Settings, bool]:
    """The settings the flags ask for (over the environment's), and whether to build the index first."""
    args = server_parser().parse_args(argv)
    return load_settings(host=args.host, port=args.port, feedback_dir=args.feedback_dir), args.build
