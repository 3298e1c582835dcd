"""``tinyleaps serve SITE [--host 127.0.0.1] [--port 8000]``."""

from __future__ import annotations

from pathlib import Path

import click

from ..publish.server import serve


@click.command("serve")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def command(site: Path, host: str, port: int) -> None:
    """Serve a published site (byte ranges, ETags, CORS on feed and transcripts)."""
    click.echo(f"serving {site} at http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    serve(site, host, port)
