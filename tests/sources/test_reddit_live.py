"""The live Reddit client and backend, over recorded cassettes and MockTransports."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tinyleaps.errors import SourceError
from tinyleaps.sources import IngestOptions, backend_for
from tinyleaps.sources.reddit import (
    RedditClient,
    RedditLiveSource,
    fetch_thread,
    parse_response,
    parse_subreddit,
    parse_thread_url,
    user_agent,
)

from .. import paths
from .reddit_replay import CassetteTransport

SAMPLES = paths.SAMPLE_THREADS


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "TINYLEAPS_REDDIT_CLIENT_ID",
        "TINYLEAPS_REDDIT_CLIENT_SECRET",
        "TINYLEAPS_REDDIT_USER",
    ):
        monkeypatch.delenv(name, raising=False)


def _cassette(shared: Path, name: str) -> Path:
    path = shared / "reddit" / "praw-cassettes" / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


def _oauth_client(transport: httpx.BaseTransport, sleeps: list[float]) -> RedditClient:
    return RedditClient(
        transport=transport, client_id="id", client_secret="secret", sleep=sleeps.append
    )


# --------------------------------------------------------------------------- cassettes


def test_oauth_thread_with_more_children_expanded(shared_data: Path) -> None:
    replay = CassetteTransport(_cassette(shared_data, "TestCommentForest.test_replace__all"))
    sleeps: list[float] = []
    with _oauth_client(replay, sleeps) as client:
        items = fetch_thread(client, "3hahrw", more_limit=32)
    token, first, *more = replay.requests
    assert token.method == "POST" and str(token.url) == "https://www.reddit.com/api/v1/access_token"
    assert (
        token.headers["authorization"].startswith("Basic ")
        and token.read() == b"grant_type=client_credentials"
    )
    assert (
        first.url.path == "/comments/3hahrw"
        and first.headers["authorization"] == "bearer <ACCESS_TOKEN>"
    )
    assert len(more) == 12 and all(r.url.path == "/api/morechildren" for r in more)
    assert all(r.url.params["raw_json"] == "1" for r in replay.requests[1:])
    assert all(
        r.headers["user-agent"].startswith(f"{sys.platform}:tinyleaps:") for r in replay.requests
    )
    by_id = {i.id: i for i in items}
    expanded = by_id["reddit:t1_cu5pg2h"]  # only present in a morechildren answer
    assert expanded.author == "Nak4000" and expanded.score == -142
    assert expanded.thread == "reddit:t3_3hahrw" and expanded.parent == "reddit:t1_cu5p1hh"
    assert by_id["reddit:t3_3hahrw"].extra["comments_not_fetched"] == 0
    assert sleeps == []


def test_more_limit_caps_the_expansion(shared_data: Path) -> None:
    replay = CassetteTransport(_cassette(shared_data, "TestCommentForest.test_replace__all"))
    with _oauth_client(replay, []) as client:
        items = fetch_thread(client, "3hahrw", more_limit=0)
    assert len(replay.requests) == 2
    assert "reddit:t1_cu5pg2h" not in {i.id for i in items}
    assert items[0].extra["comments_not_fetched"] > 0


def test_top_listing_from_cassette(shared_data: Path) -> None:
    replay = CassetteTransport(_cassette(shared_data, "TestSubredditListings.test_top"))
    with _oauth_client(replay, []) as client:
        listing = client.listing("askreddit", "top", "all", 100)
    req = replay.requests[-1]
    assert req.url.path == "/r/askreddit/top" and req.url.params["t"] == "all"
    posts = parse_response(listing, "r/askreddit", escaped=False)
    assert len(posts) == 100 and all(
        p.kind == "reddit_post" and p.extra["subreddit"] == "AskReddit" for p in posts
    )


def test_ratelimit_headers_with_room_left_do_not_sleep(shared_data: Path) -> None:
    replay = CassetteTransport(
        _cassette(shared_data, "TestSubmission.test_hide_multiple_in_batches")
    )
    sleeps: list[float] = []
    with _oauth_client(replay, sleeps) as client:
        listing = client.listing("popular", "hot", limit=100)
    assert listing["kind"] == "Listing" and sleeps == []


# --------------------------------------------------------------------------- mock servers

Handler = Callable[[httpx.Request], httpx.Response]


def _thread_json() -> Any:
    return json.loads((SAMPLES / "tl2kvq8.json").read_text(encoding="utf-8"))


def _client(handler: Handler, sleeps: list[float]) -> RedditClient:
    return RedditClient(transport=httpx.MockTransport(handler), sleep=sleeps.append)


def test_public_requests_use_json_suffix_raw_json_and_user_agent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TINYLEAPS_REDDIT_USER", "kai_host")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=_thread_json())

    with _client(handler, []) as client:
        items = fetch_thread(client, "tl2kvq8", more_limit=0)
    assert str(seen[0].url).startswith("https://www.reddit.com/comments/tl2kvq8.json?")
    assert seen[0].url.params["raw_json"] == "1"
    assert (
        seen[0]
        .headers["user-agent"]
        .endswith(":tinyleaps:" + seen[0].headers["user-agent"].split(":")[2])
    )
    assert seen[0].headers["user-agent"].endswith("(by /u/kai_host)")
    assert items[0].author == "ggml_enjoyer"


def test_429_then_200_sleeps_for_retry_after() -> None:
    answers = [
        httpx.Response(429, headers={"Retry-After": "3"}),
        httpx.Response(200, json=_thread_json()),
    ]
    sleeps: list[float] = []
    with _client(lambda r: answers.pop(0), sleeps) as client:
        items = fetch_thread(client, "tl2kvq8", more_limit=0)
    assert sleeps == [3.0] and items[0].id == "reddit:t3_tl2kvq8"


def test_ratelimit_exhausted_waits_until_reset() -> None:
    headers = {"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "7", "x-ratelimit-used": "100"}
    sleeps: list[float] = []
    with _client(
        lambda r: httpx.Response(200, headers=headers, json=_thread_json()), sleeps
    ) as client:
        client.thread("tl2kvq8")
    assert sleeps == [8.0]


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (
            404,
            {"reason": "banned"},
            "r/nosuchsub: not found (HTTP 404, banned) at https://www.reddit.com/r/nosuchsub/top.json",
        ),
        (403, {"reason": "private"}, "r/nosuchsub: private (HTTP 403, private)"),
        (429, {}, "rate limited by Reddit (HTTP 429 after 4 tries)"),
        (500, {}, "Reddit server error (HTTP 500 after 4 tries)"),
    ],
)
def test_http_errors_become_one_line_source_errors(
    status: int, body: dict[str, str], message: str
) -> None:
    sleeps: list[float] = []
    with (
        _client(lambda r: httpx.Response(status, json=body), sleeps) as client,
        pytest.raises(SourceError) as err,
    ):
        client.listing("nosuchsub")
    assert message in str(err.value) and "\n" not in str(err.value)
    assert "reddit.com" in str(err.value) or status == 403
    assert len(sleeps) == (3 if status >= 429 else 0)


def test_unknown_subreddit_redirect_to_search() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            302, headers={"Location": "https://www.reddit.com/subreddits/search.json?q=zzq"}
        )

    with (
        _client(handler, []) as client,
        pytest.raises(SourceError, match=r"^r/zzq: no such subreddit"),
    ):
        client.listing("zzq")


def test_non_json_and_non_thread_answers_are_source_errors() -> None:
    with _client(lambda r: httpx.Response(200, text="<html>blocked</html>"), []) as client:
        with pytest.raises(SourceError, match="did not answer with JSON"):
            client.thread("abc")
    with _client(
        lambda r: httpx.Response(200, json={"kind": "Listing", "data": {"children": []}}), []
    ) as c2:
        with pytest.raises(SourceError, match="not a thread"):
            fetch_thread(c2, "abc", 0)


def test_subreddit_ingest_fetches_listing_then_each_thread() -> None:
    threads = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))
    }
    posts = [t[0]["data"]["children"][0] for t in threads.values()]
    sticky = {"kind": "t3", "data": {**posts[0]["data"], "id": "sticky1", "stickied": True}}
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/r/LocalLLaMA/top.json":
            assert request.url.params["t"] == "week" and request.url.params["limit"] == "2"
            return httpx.Response(
                200, json={"kind": "Listing", "data": {"children": [sticky, *posts[:2]]}}
            )
        if request.url.path == "/api/morechildren":
            return httpx.Response(200, json={"json": {"errors": [], "data": {"things": []}}})
        tid = request.url.path.split("/")[2].removesuffix(".json")
        return httpx.Response(200, json=threads[tid])

    opts = IngestOptions(sort="top", time="week", limit=2, transport=httpx.MockTransport(handler))
    backend = backend_for("r/LocalLLaMA")
    assert isinstance(backend, RedditLiveSource)
    items = backend.ingest("r/LocalLLaMA", opts)
    # the listing, then the one non-sticky thread within the limit, and its `more` stub
    assert paths == [
        "/r/LocalLLaMA/top.json",
        f"/comments/{posts[0]['data']['id']}.json",
        "/api/morechildren",
    ]
    assert {i.thread for i in items} == {f"reddit:t3_{posts[0]['data']['id']}"}


def test_spec_forms() -> None:
    assert (
        parse_thread_url("https://www.reddit.com/r/LocalLLaMA/comments/1lxmhx2/gemma3n/")
        == "1lxmhx2"
    )
    assert (
        parse_thread_url("https://old.reddit.com/r/LocalLLaMA/comments/1lxmhx2/x/n2ob27d/")
        == "1lxmhx2"
    )
    assert parse_thread_url("https://redd.it/1lxmhx2") == "1lxmhx2"
    assert parse_thread_url("https://example.com/comments/1") is None
    assert parse_subreddit("r/LocalLLaMA") == "LocalLLaMA"
    assert parse_subreddit("https://www.reddit.com/r/LocalLLaMA/") == "LocalLLaMA"
    assert parse_subreddit("threads/r/x.json") is None
    assert RedditLiveSource.accepts("r/LocalLLaMA") and not RedditLiveSource.accepts("file.json")


def test_user_agent_forms() -> None:
    assert user_agent("linux:mytool:1.0 (by /u/me)") == "linux:mytool:1.0 (by /u/me)"
    assert user_agent("someone").endswith("(by /u/someone)")
    assert user_agent().startswith(f"{sys.platform}:tinyleaps:")
