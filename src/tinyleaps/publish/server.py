"""``tinyleaps serve``: the static site over HTTP with Starlette + uvicorn.

Starlette's ``StaticFiles`` gives byte ranges (206), ETag/Last-Modified with 304 and
refuses paths outside the site; on top we set exact content types for podcast files,
CORS on the feed, transcripts and chapters (podcast apps fetch them cross-origin), and
hide the catalog and dot-files.

Small files (pages, feed, transcripts: under :data:`SMALL_FILE` bytes) are answered from
memory, re-read when their size or mtime changes: ``FileResponse`` would open and read
them through the thread pool, three thread hops per request. With ``uvloop`` and
``httptools`` installed uvicorn uses them (see docs/benchmarks.md, "Serve").
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.responses import FileResponse, PlainTextResponse, Response
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


#: Files up to this size are served from memory (MP3s are streamed from disk).
SMALL_FILE = 256 * 1024
#: Memory the small-file cache may hold.
CACHE_BYTES = 32 * 1024 * 1024


class SmallFileCache:
    """Contents of small files keyed by path, valid while (size, mtime) are unchanged;
    least recently used files are dropped beyond ``limit`` bytes."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self.files: OrderedDict[str, tuple[int, int, bytes]] = OrderedDict()

    def read(self, path: str, st: os.stat_result) -> bytes:
        hit = self.files.get(path)
        if hit and hit[:2] == (st.st_size, st.st_mtime_ns):
            self.files.move_to_end(path)
            return hit[2]
        with open(path, "rb") as fh:  # small and almost always in the page cache
            data = fh.read()
        if hit:
            self.size -= len(hit[2])
        self.files[path] = (st.st_size, st.st_mtime_ns, data)
        self.size += len(data)
        while self.size > self.limit and len(self.files) > 1:
            _, (_, _, old) = self.files.popitem(last=False)
            self.size -= len(old)
        return data


class SiteFiles(StaticFiles):
    """StaticFiles with podcast content types, CORS, hidden private files and small
    files served from memory."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache = SmallFileCache()

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if self._from_memory(response, stat_result, scope):
            data = self.cache.read(os.fspath(full_path), stat_result)
            response = Response(data, response.status_code, headers=dict(response.headers))
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

    @staticmethod
    def _from_memory(response: Response, st: os.stat_result, scope: Scope) -> bool:
        """A whole small file for a GET (ranges and HEAD go through FileResponse)."""
        return (
            isinstance(response, FileResponse)
            and st.st_size <= SMALL_FILE
            and scope.get("method") == "GET"
            and "range" not in Headers(scope=scope)
        )

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
