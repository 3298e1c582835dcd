"""``tinyleaps serve SITE [--host 127.0.0.1] [--port 8000]``."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import number_between
from ..publish.server import HEAD_TIMEOUT, serve
from .options import Checked, PathArg


@click.command("serve")
@click.argument("site", type=PathArg(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--header-timeout", default=HEAD_TIMEOUT, show_default=True,
              type=Checked("float", lambda v: number_between(v, 0.1, 600, "seconds")),
              metavar="SECONDS",
              help="Close a connection that has not sent its request headers by then.")
def command(site: Path, host: str, port: int, header_timeout: float) -> None:
    """Serve a published site (byte ranges, ETags, CORS on feed and transcripts)."""
    serve(site, host, port, head_timeout=header_timeout,
          on_ready=lambda url: click.echo(f"serving {site} at {url}  (Ctrl+C to stop)", err=True))
