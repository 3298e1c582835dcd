"""serve: a real `tinyleaps serve` on 127.0.0.1 (uvicorn) answering real HTTP requests."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tinyleaps.errors import InputError
from tinyleaps.publish import create_app, publish

from ..publish_fixtures import free_port, make_episode, start_serve, stop


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    root = tmp_path_factory.mktemp("serve")
    ep = make_episode(root / "ep")
    site = root / "site"
    slug = publish([ep], site, "https://example.com/").added[0]
    port = free_port()
    proc = start_serve(site, port)
    try:
        yield f"http://127.0.0.1:{port}", site, slug
    finally:
        stop(proc)


def _raw_get(base: str, path: str) -> int:
    """GET with the path sent exactly as given (no client-side normalization)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert b"root:" not in body
    return resp.status


def test_range_request_returns_exact_bytes(served: tuple[str, Path, str]) -> None:
    base, site, slug = served
    mp3 = site / "episodes" / slug / "episode.mp3"
    r = httpx.get(f"{base}/episodes/{slug}/episode.mp3", headers={"Range": "bytes=100-199"})
    assert r.status_code == 206
    assert r.content == mp3.read_bytes()[100:200]
    assert r.headers["content-range"] == f"bytes 100-199/{mp3.stat().st_size}"
    assert r.headers["content-type"] == "audio/mpeg"
    assert r.headers["accept-ranges"] == "bytes"


def test_content_types_and_cors(served: tuple[str, Path, str]) -> None:
    base, _site, slug = served
    want = {
        "feed.xml": ("application/rss+xml", "*"),
        f"episodes/{slug}/transcript.vtt": ("text/vtt", "*"),
        f"episodes/{slug}/transcript.srt": ("application/x-subrip", "*"),
        f"episodes/{slug}/transcript.json": ("application/json", "*"),
        f"episodes/{slug}/chapters.json": ("application/json", "*"),
        f"episodes/{slug}/": ("text/html", None),
        "cover.png": ("image/png", None),
    }
    for path, (ctype, cors) in want.items():
        r = httpx.get(f"{base}/{path}")
        assert r.status_code == 200, path
        assert r.headers["content-type"].split(";")[0] == ctype, path
        assert r.headers.get("access-control-allow-origin") == cors, path
    assert "WEBVTT" in httpx.get(f"{base}/episodes/{slug}/transcript.vtt").text


def test_etag_gives_304(served: tuple[str, Path, str]) -> None:
    base = served[0]
    first = httpx.get(f"{base}/feed.xml")
    assert first.headers["last-modified"]
    again = httpx.get(f"{base}/feed.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_traversal_and_private_files_are_refused(served: tuple[str, Path, str]) -> None:
    base = served[0]
    for path in (
        "/../etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/episodes/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        "/catalog.sqlite",
        "/.daily.lock",
    ):
        assert _raw_get(base, path) in (400, 404), path


def test_create_app_refuses_a_folder_without_a_site(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a published site"):
        create_app(tmp_path)


def test_small_files_from_memory_follow_changes_on_disk(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<h1>first</h1>")
    client = TestClient(create_app(site))
    first = client.get("/")
    assert first.text == "<h1>first</h1>" and first.headers["content-length"] == "14"
    assert client.get("/", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert client.get("/", headers={"Range": "bytes=4-8"}).text == "first"  # ranges too
    page.write_text("<h1>second, longer</h1>")  # a re-publish: new size and mtime
    again = client.get("/")
    assert again.text == "<h1>second, longer</h1>"
    assert again.headers["etag"] != first.headers["etag"]
    assert again.headers["content-type"] == "text/html; charset=utf-8"
