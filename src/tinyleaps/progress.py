"""Progress reporting for long steps, decoupled from the terminal.

Library code takes a ``Progress`` callable and calls it with a message and, when it
knows them, ``done``/``total`` counts. The CLI passes one that drives a Rich display;
tests and library users pass nothing (``null_progress``).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        ...


def null_progress(message: str, done: int | None = None, total: int | None = None) -> None:
    """A progress sink that ignores everything."""
