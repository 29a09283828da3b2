"""Model files: a directory with ``card.json`` (what the model is) and ``weights.npz`` (arrays).

The format holds only JSON and plain numeric / byte arrays (``numpy.load`` with
``allow_pickle=False``), so loading a model can never execute code. Pickle and joblib files
are refused outright. The card records a SHA-256 of the weights, checked on every load, and
a format version: a model from an incompatible version is refused with advice to retrain.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from collections.abc import Iterator, Mapping
from typing import Any

from stance.errors import ModelError

FORMAT = "stance-model"
FORMAT_VERSION = 1
CARD_FILE = "card.json"
_PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib", ".sav", ".pt", ".pth", ".bin"}


def default_model_path() -> Path:
    """The model shipped inside the installed package (``stance.models``).

    Running from a source checkout without installing, the package has no ``stance.models``
    (``pip install`` maps the checkout's ``models/`` there), so the checkout's ``models/``
    is used directly.
    """
    try:
        return Path(str(resources.files("stance.models").joinpath("default")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "models" / "default"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _looks_like_pickle(path: Path) -> bool:
    if path.suffix.lower() in _PICKLE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(2)
    except OSError:
        return False
    return len(head) == 2 and head[0] == 0x80 and head[1] <= 5


def _resolve(path: Path) -> Path:
    """The model directory for ``path`` (a model directory or its ``card.json``)."""
    if not path.exists():
        raise ModelError(f"{path}: no such model; give a directory written by 'stance train'")
    if path.is_file():
        if _looks_like_pickle(path):
            raise ModelError(
                f"{path}: refusing to load a pickle/joblib file, since loading one can run "
                "arbitrary code; stance models are directories with card.json and a weights .npz file "
                "(see 'Model files' in the README)"
            )
        if path.name != CARD_FILE:
            raise ModelError(f"{path}: not a stance model; give the directory holding {CARD_FILE}")
        path = path.parent
    if not (path / CARD_FILE).is_file():
        raise ModelError(f"{path}: no {CARD_FILE}; not a stance model directory")
    return path


def read_card(path: Path) -> dict[str, Any]:
    """Read and check a model card: format, version and the weights file it names."""
    directory = _resolve(Path(path))
    card_path = directory / CARD_FILE
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{card_path}: unreadable model card ({error}); retrain with 'stance train'") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{card_path}: not a stance model card")
    version = card.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{card_path}: model format {version!r} is not supported by this stance "
            f"(expects {FORMAT_VERSION}); retrain it with 'stance train'"
        )
    card["_directory"] = str(directory)
    return card


def read_weights(card: dict[str, Any]) -> "WeightArchive":
    """The weight arrays of a checked card, verified against the card's SHA-256."""
    directory = Path(card["_directory"])
    weights = card.get("weights") if isinstance(card.get("weights"), dict) else {}
    name, expected = str(weights.get("file", "")), weights.get("sha256")
    if not name or Path(name).name != name:
        raise ModelError(f"{directory / CARD_FILE}: the card names no valid weights file; retrain")
    weights_path = directory / name
    if not weights_path.is_file():
        raise ModelError(f"{weights_path}: missing weights file; retrain with 'stance train'")
    if sha256_file(weights_path) != expected:
        raise ModelError(
            f"{weights_path}: weights do not match the SHA-256 in {CARD_FILE} (corrupted or "
            "replaced); retrain with 'stance train' or restore the original files"
        )
    return WeightArchive(weights_path)


class WeightArchive(Mapping):
    """The arrays of a verified weights file, each read on first use (never unpickled)."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        self._path = path
        self._cache: dict[str, Any] = {}
        try:
            with np.load(path, allow_pickle=False) as archive:
                self._names = list(archive.files)
        except Exception as error:  # numpy raises many types for damaged archives
            raise ModelError(f"{path}: unreadable weights ({error}); retrain with 'stance train'") from None

    def __getitem__(self, name: str) -> Any:
        import numpy as np

        if name not in self._cache:
            if name not in self._names:
                raise KeyError(name)
            try:
                with np.load(self._path, allow_pickle=False) as archive:
                    self._cache[name] = archive[name]
            except Exception as error:
                raise ModelError(f"{self._path}: unreadable weights ({error}); retrain with 'stance train'") from None
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _save_arrays(path: Path, arrays: dict[str, Any]) -> None:
    """An ``.npz`` archive with fixed timestamps, so equal arrays give equal bytes (and hash)."""
    import io
    import zipfile

    import numpy as np

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name]), allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue())


def write_model(directory: Path, card: dict[str, Any], arrays: dict[str, Any]) -> Path:
    """Write a model into ``directory`` so that an interrupted run never leaves a broken model.

    The weights go to a new file named by their hash; then ``card.json``, which names the
    weights file, is replaced in one atomic rename. Until that rename the old model is
    complete and in use; after it, the new one is. Stale weight files are removed last.
    """

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".weights.", suffix=".npz", dir=directory)
    os.close(handle)
    try:
        _save_arrays(Path(temporary), arrays)
        digest = sha256_file(Path(temporary))
        weights_name = f"weights-{digest[:16]}.npz"
        os.chmod(temporary, 0o644)
        os.replace(temporary, directory / weights_name)
        card = dict(card, format=FORMAT, format_version=FORMAT_VERSION)
        card["weights"] = {"file": weights_name, "sha256": digest}
        handle, temporary = tempfile.mkstemp(prefix=".card.", suffix=".json", dir=directory)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(card, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, directory / CARD_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for stale in directory.glob("weights-*.npz"):
        if stale.name != weights_name:
            stale.unlink(missing_ok=True)
    return directory
