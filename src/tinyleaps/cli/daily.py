"""``tinyleaps daily SHOW_DIR``: make (or resume) an episode and publish (for cron)."""

from __future__ import annotations

from pathlib import Path

import click

from ..daily import run_daily
from .options import PathArg


@click.command("daily")
@click.argument("show_dir", type=PathArg(file_okay=False))
@click.option(
    "--no-audio", is_flag=True, help="Stop after the script (such episodes are not published)."
)
def command(show_dir: Path, no_audio: bool) -> None:
    """Resume an interrupted episode or make a new one from SHOW_DIR/show.toml, skipping
    threads earlier episodes covered, then publish every complete episode. Exit status 75
    when another run holds the lock."""
    result = run_daily(show_dir, no_audio=no_audio)
    state = "finished" if result.made else "not finished"
    click.echo(f"{result.episode_dir}: {state}")
    for d in result.script_only:
        click.echo(f"{d}: script only (--no-audio), not published", err=True)
    for d in result.broken:
        click.echo(f"{d}: its script breaks a rule `tinyleaps check` enforces; not published",
                   err=True)
    for d in result.incomplete:
        click.echo(f"{d}: incomplete (not published; the next run resumes it)", err=True)
    if result.published:
        click.echo(f"{len(result.published.episodes)} episode(s) in {result.published.feed}")
        for warning in result.published.warnings:
            click.echo(f"warning: {warning}", err=True)
