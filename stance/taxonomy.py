"""The label set and the IPTC Media Topics top level, as defined in LABELS.md and topics.tsv."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LABELS: tuple[str, ...] = ("factual_claim", "advocacy", "disclaimer")
"""The stance labels, in a fixed order used by every model and report."""

UNCERTAIN = "uncertain"
"""Label given instead of a stance when the top probability is below the caller's threshold."""


@dataclass(frozen=True)
class Topic:
    """One IPTC Media Topics top-level subject."""

    id: str
    code: str
    name: str


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    """All 17 topics, in the order of ``topics.tsv`` (shipped with the package)."""
    text = resources.files("stance.data").joinpath("topics.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return tuple(Topic(id=row[1], code=row[0], name=row[2]) for row in rows)


@lru_cache(maxsize=1)
def topics_by_id() -> dict[str, Topic]:
    """Topics keyed by their short id (``"politics"``)."""
    return {topic.id: topic for topic in topics()}
