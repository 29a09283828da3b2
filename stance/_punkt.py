"""NLTK's Punkt sentence tokenizer with the English parameters shipped in ``stance/data``.

``import nltk`` costs about a second, almost all of it in modules that Punkt never uses
(``nltk.collocations`` pulls in ``scipy.stats``; ``nltk.chunk`` pulls in scikit-learn).
Punkt itself lives in ``nltk/tokenize/punkt.py`` and needs only a handful of small helper
modules. When NLTK has not been imported yet, we import that one module with the two package
``__init__`` files (``nltk`` and ``nltk.tokenize``) stood in for by empty package objects,
then remove the stand-ins again, so a later ``import nltk`` by the caller runs the real
package as usual. If that ever fails (a future NLTK lays itself out differently), we fall
back to the ordinary, slower import: the result is the same tokenizer either way.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import types
from functools import lru_cache
from importlib import resources
from typing import Any

_PACKAGES_TO_BYPASS = ("nltk", "nltk.tokenize")


def _import_punkt_module() -> types.ModuleType:
    """Return ``nltk.tokenize.punkt`` without running NLTK's heavy package initialisers."""
    if "nltk" in sys.modules:
        return importlib.import_module("nltk.tokenize.punkt")
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    root = list(spec.submodule_search_locations)[0]
    stand_ins = {}
    for name, path in zip(_PACKAGES_TO_BYPASS, (root, f"{root}/tokenize")):
        package = types.ModuleType(name)
        package.__path__ = [path]
        package.__spec__ = importlib.util.spec_from_loader(name, loader=None, is_package=True)
        stand_ins[name] = package
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module("nltk.tokenize.punkt")
    except Exception:
        for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
            del sys.modules[name]
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name, package in stand_ins.items():
            if sys.modules.get(name) is package:
                del sys.modules[name]


def load_parameters_json() -> dict[str, Any]:
    """The shipped English Punkt parameters, as plain JSON data (never a pickle)."""
    text = resources.files("stance.data").joinpath("punkt_en.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def sentence_tokenizer() -> Any:
    """A Punkt tokenizer built from the shipped parameters (one per process, never mutated)."""
    punkt = _import_punkt_module()
    data = load_parameters_json()
    params = punkt.PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    for word_type, flags in data["ortho_context"].items():
        params.ortho_context[word_type] = flags
    return punkt.PunktSentenceTokenizer(params)
