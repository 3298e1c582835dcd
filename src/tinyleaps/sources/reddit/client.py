"""A small, polite Reddit HTTP client (httpx): listings, threads, ``more`` expansion.

- ``raw_json=1`` on every request, so bodies come unescaped (never unescape again).
- A descriptive ``User-Agent``: ``<platform>:tinyleaps:<version> (by /u/<user>)``.
- App-only OAuth when ``TINYLEAPS_REDDIT_CLIENT_ID``/``_SECRET`` are set.
- Honours ``X-Ratelimit-*`` headers, retries 429 (``Retry-After``) and 5xx with backoff.
- The transport and the sleep function are injected, so tests replay recorded traffic
  and never sleep.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import httpx

from ...errors import SourceError

__all__ = ["RedditClient", "user_agent", "parse_thread_url", "parse_subreddit", "SORTS", "TIMES"]

WWW = "https://www.reddit.com"
OAUTH = "https://oauth.reddit.com"
TOKEN_URL = f"{WWW}/api/v1/access_token"
SORTS = ("hot", "top", "new", "rising", "best")
TIMES = ("hour", "day", "week", "month", "year", "all")
MORE_BATCH = 100  # /api/morechildren takes at most 100 ids per call

_THREAD_URL = re.compile(
    r"^https?://(?:(?:www|old|np|new|m)\.)?reddit\.com/(?:r/\w+/)?comments/([a-z0-9]+)",
    re.IGNORECASE,
)
_SHORT_URL = re.compile(r"^https?://(?:www\.)?redd\.it/([a-z0-9]+)/?$", re.IGNORECASE)
_SUBREDDIT = re.compile(
    r"^(?:https?://(?:(?:www|old|np|new)\.)?reddit\.com)?/?r/(\w{2,21})/?$", re.IGNORECASE
)


def parse_thread_url(spec: str) -> str | None:
    """The thread id of a Reddit thread URL (www/old/np/redd.it forms), else None."""
    m = _THREAD_URL.match(spec) or _SHORT_URL.match(spec)
    return m.group(1).lower() if m else None


def parse_subreddit(spec: str) -> str | None:
    """``r/LocalLLaMA`` (or its URL) -> ``LocalLLaMA``, else None."""
    m = _SUBREDDIT.match(spec.strip())
    return m.group(1) if m else None


def user_agent(configured: str | None = None) -> str:
    """Reddit's requested form; ``configured`` is a full User-Agent or a user name."""
    if configured and (":" in configured or " " in configured):
        return configured
    user = configured or os.environ.get("TINYLEAPS_REDDIT_USER") or "tinyleaps"
    try:
        ver = version("tinyleaps")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ver = "0"
    return f"{sys.platform}:tinyleaps:{ver} (by /u/{user.removeprefix('u/').removeprefix('/u/')})"


class RedditClient:
    """GET/POST JSON from Reddit with rate limiting, retries and one-line SourceErrors."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        agent: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
        timeout: float = 30.0,
    ) -> None:
        self._http = httpx.Client(
            transport=transport,
            headers={"User-Agent": user_agent(agent), "Accept": "application/json"},
            timeout=timeout,
            follow_redirects=False,
        )
        self._client_id = (
            client_id if client_id is not None else os.environ.get("TINYLEAPS_REDDIT_CLIENT_ID")
        )
        self._secret = (
            client_secret
            if client_secret is not None
            else os.environ.get("TINYLEAPS_REDDIT_CLIENT_SECRET")
        )
        self._token: str | None = None
        self._sleep = sleep
        self._retries = retries
        self.requests = 0  # requests sent, for reports and tests
        self.slept = 0.0  # seconds spent waiting on rate limits

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RedditClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- endpoints

    @property
    def oauth(self) -> bool:
        return bool(self._client_id and self._secret)

    def listing(
        self, subreddit: str, sort: str = "top", time_filter: str = "day", limit: int = 25
    ) -> Any:
        """``/r/<sub>/<sort>``: a Listing of posts."""
        if sort not in SORTS:
            raise SourceError(f"r/{subreddit}: unknown sort {sort!r} (use {', '.join(SORTS)})")
        if time_filter not in TIMES:
            raise SourceError(
                f"r/{subreddit}: unknown time window {time_filter!r} (use {', '.join(TIMES)})"
            )
        params: dict[str, Any] = {"limit": max(1, min(limit, 100))}
        if sort == "top":
            params["t"] = time_filter
        data = self.get_json(f"/r/{subreddit}/{sort}", params, label=f"r/{subreddit}")
        if not isinstance(data, dict) or data.get("kind") != "Listing":
            raise SourceError(
                f"r/{subreddit}: Reddit answered with something that is not a listing"
            )
        return data

    def thread(self, thread_id: str, limit: int = 500) -> Any:
        """``/comments/<id>``: ``[post Listing, comments Listing]``."""
        return self.get_json(f"/comments/{thread_id}", {"limit": limit, "sort": "confidence"})

    def more_children(self, link_fullname: str, children: list[str]) -> list[Any]:
        """Expand a ``more`` stub: the hidden comments (flat, parents first)."""
        things: list[Any] = []
        for start in range(0, len(children), MORE_BATCH):
            batch = children[start : start + MORE_BATCH]
            form = {
                "api_type": "json",
                "children": ",".join(batch),
                "link_id": link_fullname,
                "sort": "confidence",
            }
            data = self.post_json("/api/morechildren", form)
            try:
                things.extend(data["json"]["data"]["things"])
            except (KeyError, TypeError) as exc:
                raise SourceError(
                    f"{self._url('/api/morechildren')}: unexpected morechildren answer"
                ) from exc
        return things

    # ----------------------------------------------------------------- transport

    def get_json(self, path: str, params: dict[str, Any] | None = None, label: str = "") -> Any:
        return self._json("GET", path, params=params, label=label)

    def post_json(self, path: str, form: dict[str, Any]) -> Any:
        return self._json("POST", path, data=form)

    def _url(self, path: str) -> str:
        if self.oauth:
            return f"{OAUTH}{path}"
        return f"{WWW}{path}.json" if not path.startswith("/api/") else f"{WWW}{path}"

    def _json(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        label: str = "",
    ) -> Any:
        url = self._url(path)
        query = {**(params or {}), "raw_json": 1}
        resp = self._send(method, url, params=query, data=data, label=label)
        try:
            return resp.json()
        except (ValueError, RecursionError) as exc:
            raise SourceError(f"{resp.request.url}: Reddit did not answer with JSON") from exc

    def _auth_headers(self) -> dict[str, str]:
        if not self.oauth:
            return {}
        if self._token is None:
            self._token = self._fetch_token()
        return {"Authorization": f"bearer {self._token}"}

    def _fetch_token(self) -> str:
        assert self._client_id and self._secret
        resp = self._send(
            "POST",
            TOKEN_URL,
            data={"grant_type": "client_credentials"},
            auth=(self._client_id, self._secret),
            authenticate=False,
        )
        token = resp.json().get("access_token") if resp.content else None
        if not token:
            raise SourceError(
                f"{TOKEN_URL}: no access token (check TINYLEAPS_REDDIT_CLIENT_ID/SECRET)"
            )
        return str(token)

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        auth: tuple[str, str] | None = None,
        label: str = "",
        authenticate: bool = True,
    ) -> httpx.Response:
        for attempt in range(self._retries + 1):
            headers = self._auth_headers() if authenticate else {}
            try:
                resp = self._http.request(
                    method, url, params=params, data=data, auth=auth, headers=headers
                )
            except httpx.TransportError as exc:
                if attempt < self._retries:
                    self._wait(2.0**attempt)
                    continue
                raise SourceError(
                    f"{url}: cannot reach Reddit ({type(exc).__name__}: {exc})"
                ) from exc
            self.requests += 1
            self._respect_ratelimit(resp)
            if resp.status_code == 429 or resp.status_code >= 500:
                if attempt < self._retries:
                    self._wait(_retry_after(resp, 2.0**attempt))
                    continue
            if resp.status_code == 401 and authenticate and self._token and attempt < self._retries:
                self._token = None  # expired token: fetch a new one once
                continue
            _raise_for_status(resp, label, attempts=attempt + 1)
            return resp
        raise AssertionError("unreachable")  # pragma: no cover

    def _respect_ratelimit(self, resp: httpx.Response) -> None:
        remaining = _float(resp.headers.get("x-ratelimit-remaining"))
        reset = _float(resp.headers.get("x-ratelimit-reset"))
        if remaining is not None and remaining < 1 and reset:
            self._wait(reset + 1)

    def _wait(self, seconds: float) -> None:
        seconds = max(0.0, min(seconds, 600.0))
        self.slept += seconds
        self._sleep(seconds)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _retry_after(resp: httpx.Response, default: float) -> float:
    for header in ("retry-after", "x-ratelimit-reset"):
        value = _float(resp.headers.get(header))
        if value is not None and value >= 0:
            return value
    return default


def _raise_for_status(resp: httpx.Response, label: str, attempts: int) -> None:
    """One-line SourceError for anything but a 2xx JSON answer."""
    code = resp.status_code
    if 200 <= code < 300:
        return
    url = str(resp.request.url.copy_remove_param("raw_json"))
    name = label or url
    location = resp.headers.get("location", "")
    if 300 <= code < 400 and "/subreddits/search" in location:
        raise SourceError(f"{name}: no such subreddit ({url} redirects to a search)")
    reason = _reason(resp)
    at = f" at {url}" if label else ""
    if code == 404:
        raise SourceError(f"{name}: not found (HTTP 404{reason}){at}")
    if code == 403:
        private = "private" in reason or "quarantine" in reason
        raise SourceError(f"{name}: {'private' if private else 'forbidden'} (HTTP 403{reason}){at}")
    if code == 429:
        raise SourceError(f"{url}: rate limited by Reddit (HTTP 429 after {attempts} tries)")
    if code >= 500:
        raise SourceError(f"{url}: Reddit server error (HTTP {code} after {attempts} tries)")
    if code == 401:
        raise SourceError(
            f"{url}: not authorized (HTTP 401; check TINYLEAPS_REDDIT_CLIENT_ID/SECRET)"
        )
    raise SourceError(f"{url}: unexpected HTTP {code}{reason}")


def _reason(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except (ValueError, RecursionError):
        return ""
    if isinstance(body, dict) and isinstance(body.get("reason"), str):
        return f", {body['reason']}"
    return ""
