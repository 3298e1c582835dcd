"""Reddit JSON files -> SourceItems: quirks, errors, the demo samples, the real dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.artifacts import SourceItem, Sources
from tinyleaps.errors import SourceError
from tinyleaps.sources import IngestOptions, backend_for, ingest
from tinyleaps.sources.reddit import RedditFileSource, read_reddit_file

from .. import paths

FIXTURES = paths.FIXTURES / "reddit"
SAMPLES = paths.SAMPLE_THREADS


def _by_id(items: list[SourceItem]) -> dict[str, SourceItem]:
    return {i.id: i for i in items}


@pytest.fixture
def quirks() -> dict[str, SourceItem]:
    return _by_id(read_reddit_file(FIXTURES / "quirks_thread.json"))


def test_link_post_text_is_title_plus_domain_and_entities_unescaped_once(
    quirks: dict[str, SourceItem],
) -> None:
    post = quirks["reddit:t3_fx1"]
    assert post.kind == "reddit_post" and post.author == "op_handle"
    assert post.title == "Q&A: is &lt;think&gt; the new <br>?"
    assert post.text == "Q&A: is &lt;think&gt; the new <br>? A link to github.com."
    assert post.url == "https://www.reddit.com/r/LocalLLaMA/comments/fx1/qa_is_think/"
    assert post.created == "2025-07-12T06:00:00+00:00"
    assert post.thread == post.id and post.parent is None
    assert post.extra["link_url"] == "https://github.com/example/repo"
    assert post.extra["flair"] == "Discussion" and post.extra["num_comments"] == 7


def test_comment_fields_and_one_level_unescape(quirks: dict[str, SourceItem]) -> None:
    c1 = quirks["reddit:t1_c1"]
    assert c1.kind == "reddit_comment" and c1.author == "alice_ml" and c1.score == 15
    assert c1.text == "Use a && b and type &lt;tag&gt; literally; 3 < 5 & 7 > 2 🚀 日本語"
    assert c1.title == quirks["reddit:t3_fx1"].title
    assert c1.thread == "reddit:t3_fx1" and c1.parent == "reddit:t3_fx1"
    assert c1.url.endswith("/comments/fx1/qa_is_think/c1/")


def test_bots_removed_bodies_and_mod_stickies_are_skipped(quirks: dict[str, SourceItem]) -> None:
    assert set(quirks) == {"reddit:t3_fx1", "reddit:t1_c1", "reddit:t1_c3", "reddit:t1_c4"}
    assert all(i.author not in ("AutoModerator", "RemindMeBot", "bob") for i in quirks.values())


def test_reply_under_removed_comment_hangs_on_nearest_kept_ancestor(
    quirks: dict[str, SourceItem],
) -> None:
    c3 = quirks["reddit:t1_c3"]
    assert c3.parent == "reddit:t1_c1" and c3.extra["parent_removed"] is True
    assert c3.extra["is_op"] is True and c3.extra["depth"] == 2


def test_deleted_author_with_real_body_is_kept_but_never_creditable(
    quirks: dict[str, SourceItem],
) -> None:
    c4 = quirks["reddit:t1_c4"]
    assert c4.author == "[deleted]" and c4.text == "Account gone, words kept."
    assert c4.extra["creditable"] is False
    assert quirks["reddit:t1_c1"].extra["creditable"] is True


def test_sources_round_trip_through_json(tmp_path: Path, quirks: dict[str, SourceItem]) -> None:
    path = Sources(sources=list(quirks.values())).save(tmp_path / "sources.json")
    assert Sources.load(path).by_id()["reddit:t1_c1"].text == quirks["reddit:t1_c1"].text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "quirks_missing.json: file not found"),
        ("", "empty.json: file is empty"),
        ('[{"kind": "Listing", "data": {\n  "children": [}]', "bad.json: invalid JSON at line 2"),
        (
            '{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {}}]}}',
            "not a Reddit response",
        ),
        (
            "[" + ", ".join(['{"kind": "Listing", "data": {"children": []}}'] * 2) + "]",
            "not a Reddit response",
        ),
    ],
)
def test_file_errors_are_one_line_naming_the_file(
    tmp_path: Path, content: str | None, message: str
) -> None:
    name = (
        message.split(":")[0]
        if message.endswith(("found", "empty")) or "JSON" in message
        else "other.json"
    )
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        RedditFileSource().ingest(str(path), IngestOptions())
    assert message in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_accepts_reddit_json_and_missing_json_but_not_other_json(tmp_path: Path) -> None:
    other = tmp_path / "transcript.json"
    other.write_text('{"version": "1.0.0", "segments": []}', encoding="utf-8")
    assert RedditFileSource.accepts(str(FIXTURES / "quirks_thread.json"))
    assert RedditFileSource.accepts(str(tmp_path / "missing.json"))
    assert not RedditFileSource.accepts(str(other))
    assert not RedditFileSource.accepts(str(tmp_path / "notes.txt"))
    assert isinstance(backend_for(str(FIXTURES / "quirks_thread.json")), RedditFileSource)


def test_sample_threads_ingest_as_a_folder_and_are_marked_sample() -> None:
    sources = ingest([str(SAMPLES)])
    posts = sources.threads()
    assert len(posts) == 3
    assert {p.author for p in posts} == {"pebble_lab_dev", "ggml_enjoyer", "BudgetBuilderBen"}
    for post in posts:
        assert post.text.startswith("[Sample data written for the Tiny Leaps demo]")
        assert post.created.startswith("2025-07-12T")
        replies = sources.replies_to(post.id)
        assert 5 <= len(replies) <= 12
        assert all(r.text.endswith("(sample)") for r in replies)
        assert any(r.parent not in (None, post.id) for r in replies)  # a reply chain
        assert all(r.author not in ("AutoModerator", "[deleted]") for r in replies)
    kv = sources.by_id()["reddit:t3_tl2kvq8"]
    assert "(code snippet omitted)" in kv.text and "-ctk" not in kv.text
    gpu = sources.by_id()["reddit:t3_tl3gpu2"]
    assert "2x RTX 3090: Price $1,050." in gpu.text and "a link to imgur.com" in gpu.text


def test_sample_files_hold_the_quirks_the_demo_should_show() -> None:
    for path in sorted(SAMPLES.glob("*.json")):
        raw = path.read_text(encoding="utf-8")
        assert '"author": "AutoModerator"' in raw and '"body": "[deleted]"' in raw, path.name


# --------------------------------------------------------------------------- real data


def _reddit_dir(shared: Path) -> Path:
    root = shared / "reddit" / "LocalLLaMA"
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    return root


@pytest.mark.slow
def test_every_real_thread_and_listing_ingests(shared_data: Path) -> None:
    root = _reddit_dir(shared_data)
    files = sorted(root.glob("2025-*/*.json"))
    listings = sorted((root / "listings").glob("*.json"))
    # six days, as the data README counts them: 80, 86, 80, 99, 95 and 176 threads
    per_day = {d.name: len(list(d.glob("*.json"))) for d in sorted(root.glob("2025-*"))}
    assert per_day == {"2025-07-12": 80, "2025-07-15": 86, "2025-07-22": 80,
                       "2025-07-28": 99, "2025-08-02": 95, "2025-08-05": 176}
    assert len(files) == 616 and len(listings) == 4
    items = [item for f in files for item in read_reddit_file(f)]
    assert sum(i.kind == "reddit_post" for i in items) == 616
    assert all(i.text.strip() and i.created.endswith("+00:00") for i in items)
    assert not any(i.author == "AutoModerator" for i in items)
    assert all(i.extra["creditable"] is False for i in items if i.author == "[deleted]")
    # one level of escaping undone; only text escaped more than once by its author (a
    # bot's "&amp;amp;amp;lt;2B") keeps an entity
    assert not any(("&amp;" in i.text or "&gt;" in i.text) and "&amp;amp;" not in i.text
                   for i in items)
    for listing in listings:
        posts = read_reddit_file(listing)
        raw = json.loads(listing.read_text(encoding="utf-8"))
        assert len(posts) == len(raw["data"]["children"]) >= 100
        assert all(p.kind == "reddit_post" for p in posts)
        assert all(isinstance(p.extra["num_comments"], int) for p in posts)


def test_known_real_thread_content(shared_data: Path) -> None:
    items = _by_id(read_reddit_file(_reddit_dir(shared_data) / "2025-08-05" / "1mieksq.json"))
    post = items["reddit:t3_1mieksq"]
    assert post.title == "OpenAI GPT OSS: 21B & 117B models (3.6B & 5.1B active)"
    assert post.author == "Xhehab_" and post.extra["flair"] == "New Model"
    c = items["reddit:t1_n72zi1y"]
    assert (
        c.author == "Only_Situation_4713"
        and c.text == "Fp4 is actually wild if they get it working."
    )


def test_real_deleted_author_with_body_is_not_creditable(shared_data: Path) -> None:
    items = _by_id(read_reddit_file(_reddit_dir(shared_data) / "2025-07-22" / "1m6hzf0.json"))
    c = items["reddit:t1_n4jxiqn"]
    assert c.author == "[deleted]" and c.extra["creditable"] is False
    assert c.text.startswith("not a card, but nvidia dgx spark")


def test_real_quote_escape_and_spoiler_are_unescaped_once(shared_data: Path) -> None:
    items = _by_id(read_reddit_file(_reddit_dir(shared_data) / "2025-07-12" / "1lxmr2h.json"))
    assert items["reddit:t1_n2pr20j"].text == (
        ">You're no longer limited to Ollama!\n\nYay! Testing will begin soon ^___^"
    )
    assert "reddit:t1_n2oxp97" not in items  # RemindMeBot


def test_real_listing_keeps_comment_counts_and_link_posts(shared_data: Path) -> None:
    posts = read_reddit_file(_reddit_dir(shared_data) / "listings" / "top.json")
    raw = json.loads(
        (_reddit_dir(shared_data) / "listings" / "top.json").read_text(encoding="utf-8")
    )
    first = raw["data"]["children"][0]["data"]
    assert posts[0].id == f"reddit:t3_{first['id']}"
    assert posts[0].extra["num_comments"] == first["num_comments"]
    assert all(p.thread == p.id for p in posts)
