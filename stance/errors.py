"""The exceptions stance raises: one base class, one subclass per thing the caller can fix."""

from __future__ import annotations


class StanceError(Exception):
    """Base class of every error stance raises on purpose.

    The message is one line that names the file (and line or byte offset) and says what to do.
    """


class InputError(StanceError):
    """An input to label cannot be read: missing, not text, or not in the expected encoding."""


class CorpusError(StanceError):
    """A corpus or evaluation file is malformed; the message names the file and line."""


class ModelError(StanceError):
    """A model cannot be loaded: missing, corrupted, untrusted format or incompatible version."""


class TrainingError(StanceError):
    """Training cannot proceed with the given data or parameters."""
