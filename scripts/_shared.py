"""Helpers for scripts that read ``../shared`` (present in the team's workspace, absent in a
user's clone): find it, read its normalised ``passages.jsonl`` files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """``$STANCE_SHARED`` or ``../shared`` beside the checkout, if it exists."""
    candidate = Path(os.environ.get("STANCE_SHARED", ROOT.parent / "shared"))
    return candidate if (candidate / "corpora").is_dir() else None


def passages(name: str) -> Iterator[dict]:
    """Rows of ``shared/corpora/<name>/passages.jsonl``."""
    shared = shared_dir()
    if shared is None:
        return
    path = shared / "corpora" / name / "passages.jsonl"
    if path.is_file():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
