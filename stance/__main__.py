"""``python -m stance``: the same as the ``stance`` command."""

from stance.cli import main

main()
