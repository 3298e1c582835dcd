"""``tinyleaps daily SHOW_DIR``: make today's episode and publish (for cron)."""

from __future__ import annotations

from pathlib import Path

import click

from ..publish.daily import run_daily


@click.command("daily")
@click.argument("show_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-audio", is_flag=True, help="Stop after the script (nothing is published).")
def command(show_dir: Path, no_audio: bool) -> None:
    """Make (or resume) today's episode from SHOW_DIR/show.toml, then publish."""
    result = run_daily(show_dir, no_audio=no_audio)
    state = "made" if result.made else "already complete"
    click.echo(f"{result.episode_dir}: {state}")
    for d in result.incomplete:
        click.echo(f"{d}: incomplete (not published)", err=True)
    if result.published:
        click.echo(f"{len(result.published.episodes)} episode(s) in {result.published.feed}")
