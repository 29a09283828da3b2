"""Data files shipped with stance: the topic table and the English Punkt parameters."""
