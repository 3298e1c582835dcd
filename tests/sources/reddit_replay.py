"""An httpx transport that replays PRAW's recorded VCR cassettes (no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx

_SKIP_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection"}


def _key(method: str, url: httpx.URL, body: bytes) -> tuple[str, str, str, str]:
    children = ""
    if method == "POST" and url.path.rstrip("/").endswith("/api/morechildren"):
        form = parse_qs(body.decode())
        children = ",".join(sorted(form.get("children", [""])[0].split(",")))
    path = url.path.rstrip("/").removesuffix(".json")
    return method, url.host, path, children


class CassetteTransport(httpx.BaseTransport):
    """Answers each request with a recorded response of the same method, host, path
    (and, for ``/api/morechildren``, the same children). Unknown requests get a 404.
    ``requests`` keeps every request seen, for assertions."""

    def __init__(self, *cassettes: Path) -> None:
        self.recorded: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
        self.requests: list[httpx.Request] = []
        for path in cassettes:
            for it in json.loads(path.read_text(encoding="utf-8"))["interactions"]:
                req = it["request"]
                body = (req.get("body") or "").encode()
                key = _key(req["method"], httpx.URL(req["uri"]), body)
                self.recorded.setdefault(key, []).append(it["response"])

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        found = self.recorded.get(_key(request.method, request.url, request.read()))
        if not found:
            return httpx.Response(404, json={"message": "Not Found", "error": 404})
        resp = found[0]
        headers = [
            (k, v)
            for k, values in resp["headers"].items()
            if k.lower() not in _SKIP_HEADERS
            for v in values
        ]
        return httpx.Response(
            resp["status"]["code"], headers=headers, content=resp["body"]["string"].encode("utf-8")
        )
