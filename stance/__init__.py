"""stance: label the passages of news and web articles as factual claims, advocacy or
disclaimers, and tag them with IPTC Media Topics.

    >>> import stance
    >>> model = stance.load()                    # the shipped model
    >>> [p.label for p in model.label("Sign the petition today.")]
    ['advocacy']
"""

from __future__ import annotations

__version__ = "0.1.0"

from stance.errors import CorpusError, InputError, ModelError, StanceError, TrainingError
from stance.model import DocumentSummary, Model, Passage, TopicScore, load
from stance.segment import UNITS, Segmenter, Span, segment
from stance.taxonomy import LABELS, UNCERTAIN, Topic, topics

__all__ = [
    "LABELS", "UNCERTAIN", "UNITS",
    "CorpusError", "DocumentSummary", "InputError", "Model", "ModelError", "Passage",
    "Segmenter", "Span", "StanceError", "Topic", "TopicScore", "TrainingError",
    "load", "segment", "topics",
]
