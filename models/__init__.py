"""The models shipped with stance, installed as package data (``stance.models``).

``default/`` is rebuilt by ``stance train`` from ``corpora/`` (see the README).
"""
