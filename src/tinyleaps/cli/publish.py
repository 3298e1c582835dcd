"""``tinyleaps publish DIR... --site SITE --base-url URL``."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import load_show_config
from ..publish.publisher import publish
from .options import PathArg


@click.command("publish")
@click.argument("dirs", nargs=-1, required=True, type=PathArg(file_okay=False))
@click.option(
    "--site",
    "site",
    required=True,
    type=PathArg(file_okay=False),
    help="Site folder to create or update.",
)
@click.option("--base-url", required=True, help="Public URL the site is served from.")
@click.option(
    "--config",
    "config",
    type=PathArg(dir_okay=False),
    help="show.toml (title, description, owner_email, cover...).",
)
@click.option("--force", is_flag=True,
              help="Publish even an episode whose script breaks the rules `tinyleaps check` "
                   "enforces (an invented handle, an uncredited poster...).")
def command(dirs: tuple[Path, ...], site: Path, base_url: str, config: Path | None,
            force: bool) -> None:
    """Add episode folders to a static site and rebuild its RSS feed and pages."""
    show = load_show_config(config) if config else None
    result = publish(list(dirs), site, base_url, show, config.parent if config else None,
                     force=force)
    for slug in result.added:
        click.echo(f"published {site / 'episodes' / slug}")
    for slug in result.skipped:
        click.echo(f"left out of the feed (files missing or changed): {slug}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{len(result.episodes)} episode(s) in {result.feed}")
