"""Model files are data: pickles are refused without running code, damage is detected,
incompatible versions are refused, and writing a model is atomic."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

import stance
from stance.errors import ModelError
from stance.model_io import CARD_FILE, write_model


class _Payload:
    """Unpickling this would create a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("name", ["evil.joblib", "evil.pkl", "model.bin", "card.json"])
def test_crafted_pickle_is_refused_and_runs_nothing(tmp_path, name) -> None:
    marker = tmp_path / "pwned"
    evil = tmp_path / name
    evil.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError) as caught:
        stance.load(evil)
    assert not marker.exists()
    if name != "card.json":
        assert "refusing to load a pickle" in str(caught.value)


def test_pickle_disguised_as_weights_is_refused(tmp_path, quick_model_dir) -> None:
    model_dir = Path(shutil.copytree(quick_model_dir, tmp_path / "m"))
    card = json.loads((model_dir / CARD_FILE).read_text())
    marker = tmp_path / "pwned"
    weights = model_dir / card["weights"]["file"]
    weights.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError, match="do not match the SHA-256"):
        stance.load(model_dir)
    card["weights"]["sha256"] = __import__("hashlib").sha256(weights.read_bytes()).hexdigest()
    (model_dir / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="unreadable weights"):
        stance.load(model_dir)
    assert not marker.exists()


def test_corrupted_weights_are_detected(tmp_path, quick_model_dir) -> None:
    model_dir = Path(shutil.copytree(quick_model_dir, tmp_path / "m"))
    weights = next(model_dir.glob("weights-*.npz"))
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="retrain with 'stance train' or restore"):
        stance.load(model_dir)


def test_incompatible_format_version_is_refused(tmp_path, quick_model_dir) -> None:
    model_dir = Path(shutil.copytree(quick_model_dir, tmp_path / "m"))
    card = json.loads((model_dir / CARD_FILE).read_text())
    card["format_version"] = 99
    (model_dir / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="model format 99 is not supported.*retrain"):
        stance.load(model_dir)


def test_missing_model_directory(tmp_path) -> None:
    with pytest.raises(ModelError, match="no such model"):
        stance.load(tmp_path / "nope")
    with pytest.raises(ModelError, match="no card.json"):
        stance.load(tmp_path)


def test_failed_write_leaves_the_old_model_in_place(tmp_path, quick_fit, monkeypatch) -> None:
    model_dir = write_model(tmp_path / "m", quick_fit.card, quick_fit.arrays())
    before = stance.load(model_dir).predict_proba(["Sign the petition today."])

    def broken_save(path, arrays):
        Path(path).write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr("stance.model_io._save_arrays", broken_save)
    with pytest.raises(KeyboardInterrupt):
        write_model(model_dir, quick_fit.card, quick_fit.arrays())
    monkeypatch.undo()
    assert sorted(p.name for p in model_dir.iterdir() if not p.name.startswith("weights-")) == [CARD_FILE]
    assert np.array_equal(stance.load(model_dir).predict_proba(["Sign the petition today."]), before)


def test_card_records_what_it_should(quick_model) -> None:
    card = quick_model.card
    for key in ("labels", "topics", "features", "seed", "corpus", "library_versions", "created", "weights"):
        assert key in card
    assert len(card["weights"]["sha256"]) == 64
    assert card["corpus"]["passages"] > 0 and card["corpus"]["sha256"]
