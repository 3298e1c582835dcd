"""``tinyleaps serve``: the static site over HTTP with Starlette + uvicorn.

Starlette's ``StaticFiles`` gives byte ranges (206), ETag/Last-Modified with 304 and
refuses paths outside the site; on top we set exact content types for podcast files,
CORS on the feed, transcripts and chapters (podcast apps fetch them cross-origin), and
hide the catalog and dot-files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from ..errors import InputError

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
#: Files other sites (web players, podcast apps) may fetch from a browser.
CORS_SUFFIXES = (".vtt", ".srt", ".json", ".xml", ".mp3")
HIDDEN_SUFFIXES = (".sqlite", ".sqlite-journal", ".sqlite-wal", ".lock", ".tmp")


class SiteFiles(StaticFiles):
    """StaticFiles with podcast content types, CORS and hidden private files."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        suffix = Path(full_path).suffix.lower()
        if suffix in CONTENT_TYPES:
            response.headers["content-type"] = CONTENT_TYPES[suffix]
        if suffix in CORS_SUFFIXES:
            response.headers["access-control-allow-origin"] = "*"
            response.headers["access-control-expose-headers"] = (
                "Content-Range, Content-Length, ETag"
            )
        if suffix in (".html", ".xml"):
            response.headers["cache-control"] = "no-cache"
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in parts) or path.lower().endswith(HIDDEN_SUFFIXES):
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(site: str | Path) -> Starlette:
    """An ASGI app serving ``site`` (``index.html`` for folders)."""
    root = Path(site)
    if not (root / "index.html").is_file():
        raise InputError(
            f"{root}: not a published site (no index.html); run tinyleaps publish first"
        )
    return Starlette(routes=[Mount("/", app=SiteFiles(directory=root, html=True))])


def serve(
    site: str | Path, host: str = "127.0.0.1", port: int = 8000, **uvicorn_options: Any
) -> None:
    """Serve ``site`` until interrupted."""
    import uvicorn

    app = create_app(site)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, **uvicorn_options)
