"""Shared fixtures: the project's paths, the corpus, a quickly trained model and the shipped one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import stance
from stance.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
EXAMPLE = ROOT / "examples" / "harbour_council.txt"


def shared_dir() -> Path | None:
    """``../shared`` (the team's workspace) if present; user clones do not have it."""
    path = Path(os.environ.get("STANCE_SHARED", ROOT.parent / "shared"))
    return path if (path / "corpora").is_dir() else None


@pytest.fixture(scope="session")
def corpus_records():
    return load_corpus([CORPUS])


@pytest.fixture(scope="session")
def quick_fit(corpus_records):
    """A model fitted on the whole corpus with fixed settings (no search): fast, deterministic."""
    from stance.corpus import data_files
    from stance.training import corpus_fingerprint, train

    info = corpus_fingerprint(data_files([CORPUS]), ROOT)
    return train(corpus_records, cross_validate=False, grid_blocks=[("word", "char", "cue", "context")],
                 grid_c=[4.0], topic_grid_c=[16.0], corpus_info=info)


@pytest.fixture(scope="session")
def quick_model_dir(quick_fit, tmp_path_factory):
    from stance.model_io import write_model

    return write_model(tmp_path_factory.mktemp("model") / "quick", quick_fit.card, quick_fit.arrays())


@pytest.fixture(scope="session")
def quick_model(quick_model_dir):
    return stance.load(quick_model_dir)


@pytest.fixture(scope="session")
def shipped_model():
    return stance.load()
