"""``tinyleaps check DIR``."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..check.episode import check_episode
from ..errors import CheckFailed
from .options import PathArg
from .ui import console

_STYLE = {"pass": "green", "fail": "bold red", "skip": "yellow", "warn": "yellow"}


@click.command("check")
@click.argument("folder", type=PathArg())
@click.option("--no-wer", is_flag=True, help="Skip the speech-recognition round trip.")
def check_command(folder: Path, no_wer: bool) -> None:
    """Validate an episode folder; exit 1 on any failure."""
    rows = check_episode(folder, wer=not no_wer)
    table = Table(title=f"tinyleaps check {folder}", show_lines=False)
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail", overflow="fold")
    for row in rows:
        table.add_row(Text(row.name), Text(row.status, style=_STYLE[row.status]),
                      Text(row.detail))
    out = Console(highlight=False, width=max(console.width, 120))  # stdout
    out.print(table)
    failed = [r for r in rows if r.status == "fail"]
    passed = sum(r.status == "pass" for r in rows)
    skipped = sum(r.status == "skip" for r in rows)
    warned = sum(r.status == "warn" for r in rows)
    out.print(f"{passed} passed, {len(failed)} failed, {skipped} skipped"
              + (f", {warned} warning{'s' if warned > 1 else ''}" if warned else ""),
              markup=False)
    if failed:
        raise CheckFailed(f"{folder}: {len(failed)} check(s) failed: "
                          + ", ".join(r.name for r in failed))
