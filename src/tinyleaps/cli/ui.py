"""Terminal output: Rich progress on stderr, one-line errors."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

console = Console(stderr=True, highlight=False)


class StageDisplay:
    """One Rich progress task per pipeline stage; the stage's callback updates it."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.fields[stage]:<8}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=self.quiet,
        )
        self._task: TaskID | None = None
        self._stage = ""
        self._last_plain = 0.0

    @contextmanager
    def running(self) -> Iterator[StageDisplay]:
        with self._progress:
            yield self

    def start(self, stage: str, message: str = "") -> None:
        self._stage = stage
        if self._task is not None:
            self._progress.update(self._task, completed=1, total=1)
        self._task = self._progress.add_task(message, stage=stage, total=None)
        if self.quiet:
            console.print(f"[{stage}] {message}".rstrip(), markup=False)

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if self._task is None:
            self.start("run")
        assert self._task is not None
        self._progress.update(self._task, description=message, completed=done, total=total)
        if self.quiet and time.monotonic() - self._last_plain > 5:
            self._last_plain = time.monotonic()
            count = f" ({done}/{total})" if done is not None and total else ""
            console.print(f"[{self._stage}] {message}{count}", markup=False)

    def finish(self, message: str) -> None:
        if self._task is not None:
            self._progress.update(self._task, description=message, completed=1, total=1)
            self._task = None
        if self.quiet:
            console.print(f"[{self._stage}] {message}", markup=False)


def error_line(message: str) -> None:
    console.print(Text.assemble(("tinyleaps: error: ", "red"), message), soft_wrap=True)
