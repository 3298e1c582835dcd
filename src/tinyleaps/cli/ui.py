"""Terminal output: Rich progress on stderr, one-line errors.

A run that fails shows nothing but its error line: on a terminal the progress display is
cleared when the run raises; without a terminal (cron, CI, pipes) progress lines are
printed only for a stage that runs longer than :data:`QUIET_SECONDS`, and when a stage
finishes."""

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
#: without a terminal, a stage's progress is printed only after it ran this long
QUIET_SECONDS = 5.0


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
        self._started = self._last_plain = time.monotonic()

    @contextmanager
    def running(self) -> Iterator[StageDisplay]:
        with self._progress:
            try:
                yield self
            except BaseException:
                for task in list(self._progress.task_ids):  # only the error line remains
                    self._progress.remove_task(task)
                raise

    def start(self, stage: str, message: str = "") -> None:
        self._stage = stage
        if self._task is not None:
            self._progress.update(self._task, completed=1, total=1)
        self._task = self._progress.add_task(message, stage=stage, total=None)
        self._started = self._last_plain = time.monotonic()

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if self._task is None:
            self.start("run")
        assert self._task is not None
        self._progress.update(self._task, description=message, completed=done, total=total)
        if self.quiet and time.monotonic() - self._last_plain > QUIET_SECONDS:
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
    """``tinyleaps: error: MESSAGE`` on one line (a parser's multi-line text folded)."""
    one_line = " ".join(message.split())
    console.print(Text.assemble(("tinyleaps: error: ", "red"), one_line), soft_wrap=True)
