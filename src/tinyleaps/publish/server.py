"""``tinyleaps serve``: the static site over HTTP with Starlette + uvicorn.

Starlette's ``StaticFiles`` gives byte ranges (206), ETag/Last-Modified with 304 and
refuses paths outside the site; on top we set exact content types for podcast files,
CORS on the feed, transcripts and chapters (podcast apps fetch them cross-origin), and
hide the catalog and dot-files.

Facing the internet: a Range header that cannot be parsed is ignored (200 with the whole
file, RFC 9110 section 14.2) instead of answered 400; the folder redirect
(``/episodes/x`` → ``/episodes/x/``) is a relative ``Location`` that never repeats the
request's Host header; every error is a plain 404 that says nothing about files outside
the site; a client must send its request head within :data:`HEAD_TIMEOUT` seconds and
:data:`MAX_HEAD` bytes (slow or endless headers are cut off), and the socket is bound
before anything is printed, so a taken port or an unknown host is one error line.

Small files (pages, feed, transcripts: under :data:`SMALL_FILE` bytes) are answered from
memory, re-read when their size or mtime changes: ``FileResponse`` would open and read
them through the thread pool, three thread hops per request. With ``uvloop`` and
``httptools`` installed uvicorn uses them (see docs/benchmarks.md, "Serve").
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

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
#: Seconds a client has to send a request's head (request line and headers).
HEAD_TIMEOUT = 10.0
#: Bytes a request's head may take.
MAX_HEAD = 64 * 1024
#: ``Range: bytes=...`` as RFC 9110 writes it (ASCII digits only).
_RANGE_SPEC = re.compile(r"[0-9]+-[0-9]*|-[0-9]+")


def usable_range(value: str) -> bool:
    """Is ``value`` a well-formed ``bytes`` range set (every first-last in order)?"""
    unit, eq, specs = value.partition("=")
    if not eq or unit.strip().lower() != "bytes":
        return False
    for spec in specs.split(","):
        spec = spec.strip()
        if not _RANGE_SPEC.fullmatch(spec):
            return False
        first, _, last = spec.partition("-")
        if first and last and int(last) < int(first):
            return False
    return True


def without_bad_range(scope: Scope) -> Scope:
    """``scope`` minus its Range header(s) when they cannot be parsed, or are repeated."""
    ranges = [v for k, v in scope.get("headers", []) if k == b"range"]
    if not ranges or (len(ranges) == 1 and usable_range(ranges[0].decode("latin-1"))):
        return scope
    return {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}


def hidden(path: str) -> bool:
    """Dot-files and the site's private files (the catalog, locks, temp files)."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return any(p.startswith(".") for p in parts) or path.lower().rstrip("/").endswith(
        HIDDEN_SUFFIXES)


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
        if hidden(scope.get("path", "")):
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        await super().__call__(without_bad_range(scope), receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        """StaticFiles' answer for the normalized ``path``, with every failure a 404 (a
        401 for an unreadable file would tell that it exists) and a relative redirect."""
        if hidden(path):
            raise HTTPException(status_code=404)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code == 405:
                raise
            raise HTTPException(status_code=404) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise HTTPException(status_code=404) from exc
        if isinstance(response, RedirectResponse):  # a folder: add the slash, no Host
            query = scope.get("query_string", b"").decode("latin-1")
            location = "/" + quote(path.replace(os.sep, "/")) + "/"
            return RedirectResponse(location + (f"?{query}" if query else ""),
                                    status_code=response.status_code)
        return response


def create_app(site: str | Path) -> Starlette:
    """An ASGI app serving ``site`` (``index.html`` for folders)."""
    root = Path(site)
    if not (root / "index.html").is_file():
        raise InputError(
            f"{root}: not a published site (no index.html); run tinyleaps publish first"
        )
    return Starlette(routes=[Mount("/", app=SiteFiles(directory=root, html=True))])


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit for request heads:
    a connection that sends nothing, or dribbles its headers (a slow-loris client), is
    closed after :data:`HEAD_TIMEOUT` seconds; a head over :data:`MAX_HEAD` bytes gets
    431. uvicorn's own keep-alive timeout covers the idle time between requests."""

    head_timeout = HEAD_TIMEOUT
    max_head = MAX_HEAD

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._start_head()

    def _start_head(self) -> None:
        self._head_bytes = 0
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_late)

    def _end_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def data_received(self, data: bytes) -> None:
        if self._head_timer is not None:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head:
                self._end_head()
                self._refuse(b"431 Request Header Fields Too Large")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_head()

    def on_headers_complete(self) -> None:
        self._end_head()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._end_head()
        super().connection_lost(exc)

    def _head_late(self) -> None:
        self._head_timer = None
        self._refuse(b"408 Request Timeout")

    def _refuse(self, status: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\n"
                                 b"connection: close\r\n\r\n")
            self.transport.close()


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (not yet listening); InputError naming the address
    when the host does not resolve or the port is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"--host {host!r}: cannot resolve it ({why})") from exc
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(f"{host}:{port}: cannot listen here ({exc.strerror or exc})") from exc
    return sock


def serve(
    site: str | Path, host: str = "127.0.0.1", port: int = 8000,
    on_ready: Callable[[str], None] | None = None, head_timeout: float = HEAD_TIMEOUT,
    **uvicorn_options: Any
) -> None:
    """Serve ``site`` until interrupted. The socket is bound first; ``on_ready(url)`` is
    called once it is (to print where the site is served)."""
    import uvicorn

    app = create_app(site)
    sock = bind(host, port)
    protocol = type("GuardedHttp", (GuardedHttpProtocol,), {"head_timeout": head_timeout})
    config = uvicorn.Config(app, log_level="warning", access_log=False, http=protocol,
                            **uvicorn_options)
    if on_ready is not None:
        bound_host, bound_port = sock.getsockname()[:2]
        on_ready(f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}/")
    with sock:
        uvicorn.Server(config).run(sockets=[sock])
