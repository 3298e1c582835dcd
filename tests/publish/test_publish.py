"""publish: feed (parsed with feedparser), pages, catalog, guids, escaping."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from tinyleaps.cli import main
from tinyleaps.config import ShowConfig
from tinyleaps.errors import ArtifactError, InputError
from tinyleaps.publish import covered_comments, covered_threads, podcast_guid, publish
from tinyleaps.publish.bundle import CITED_FILE

from ..publish_fixtures import COMMENT_ID, COMMENTER, OP, THREAD_ID, THREAD_URL, TOPIC, make_episode

BASE = "https://example.com/pod/"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
HOSTILE = "<script>alert('x')</script> Tom & Jerry 🚀 quantize"


@pytest.fixture(scope="module")
def episode_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_episode(tmp_path_factory.mktemp("ep") / "ep1")


@pytest.fixture
def episode(episode_src: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(episode_src, tmp_path / "ep1"))


def _show() -> ShowConfig:
    return ShowConfig(owner_email="owner@example.com", author="Tiny Leaps Crew")


def _items(site: Path) -> list[ET.Element]:
    return ET.parse(site / "feed.xml").getroot().findall("./channel/item")


def test_podcast_guid_matches_the_spec_example() -> None:
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == podcast_guid(
        "https://mp3s.nashownotes.com/pc20rss.xml"
    )


def test_feed_fields(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = publish([episode], site, BASE, _show())
    slug = result.added[0]
    assert slug == "2025-07-12-tiny-leaps-saturday-qwen3-runs-on-a-raspberry-pi"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    ch = feed.feed
    assert ch.title == "Tiny Leaps"
    assert ch.link == "https://example.com/pod/"
    assert ch.language == "en"
    assert ch.author == "Tiny Leaps Crew"
    assert not ch.itunes_explicit  # "false" (Apple's current spelling)
    assert ch.podcast_guid == podcast_guid("https://example.com/pod/feed.xml")
    assert ch.image.href == "https://example.com/pod/cover.png"
    assert ch.tags[0].term == "Technology"
    assert ch.publisher_detail.email == "owner@example.com"
    (entry,) = feed.entries
    assert entry.title == "Tiny Leaps, Saturday: Qwen3 runs on a Raspberry Pi"
    assert entry.published == "Sat, 12 Jul 2025 22:00:00 +0200"
    assert entry.itunes_duration == "20"
    (enc,) = entry.enclosures
    mp3 = site / "episodes" / slug / "episode.mp3"
    assert enc.href == f"https://example.com/pod/episodes/{slug}/episode.mp3"
    assert int(enc.length) == mp3.stat().st_size == (episode / "episode.mp3").stat().st_size
    assert enc.type == "audio/mpeg"
    notes = entry.content[0].value
    # the same notes as shownotes.md: thread and OP with its comments, everyone said on air
    assert (f'<li>Thread: <a href="{THREAD_URL}">{TOPIC}</a> by @{OP}<ul>'
            f'<li>@{COMMENTER}: <a href="{THREAD_URL}c0mm3nt/">comment</a></li></ul></li>') in notes
    assert f"<p>Everyone credited: @{OP}, @{COMMENTER}.</p>" in notes
    assert entry.guid.startswith("tinyleaps:")
    # Podcasting 2.0 tags, read with ElementTree
    root = ET.parse(site / "feed.xml").getroot()
    channel = root.find("channel")
    assert channel is not None
    expected = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
                              "example.com/pod/feed.xml"))
    assert channel.findtext(f"{PODCAST}guid") == expected
    assert channel.findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit") == "false"
    category = channel.find("{http://www.itunes.com/dtds/podcast-1.0.dtd}category")
    assert category is not None and category.get("text") == "Technology"  # Apple reads the attr
    hosts = [(p.text, p.get("role")) for p in channel.findall(f"{PODCAST}person")]
    assert hosts == [("KAI", "host"), ("ELIZA", "host")]
    item = _items(site)[0]
    transcripts = {t.get("type"): t.get("url") for t in item.findall(f"{PODCAST}transcript")}
    ep_url = f"https://example.com/pod/episodes/{slug}/"
    assert transcripts == {
        "text/vtt": ep_url + "transcript.vtt",
        "application/x-subrip": ep_url + "transcript.srt",
        "application/json": ep_url + "transcript.json",
    }
    chapters = item.find(f"{PODCAST}chapters")
    assert chapters is not None
    assert chapters.get("type") == "application/json+chapters"
    assert chapters.get("url") == ep_url + "chapters.json"
    for name in ("transcript.vtt", "transcript.srt", "transcript.json", "chapters.json"):
        assert (site / "episodes" / slug / name).read_bytes() == (episode / name).read_bytes()


def test_cover_is_a_square_png(episode: Path, tmp_path: Path) -> None:
    publish([episode], tmp_path / "site", BASE)
    with Image.open(tmp_path / "site" / "cover.png") as im:
        assert im.format == "PNG"
        assert im.size == (1400, 1400)


def test_republish_keeps_one_item_and_its_guid(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish([episode], site, BASE)
    guid1 = _items(site)[0].findtext("guid")
    other = make_episode(tmp_path / "ep2", title="Tiny Leaps, Sunday: more tiny models",
                         recorded_at="2025-07-13T21:00:00+02:00")
    publish([episode], site, BASE)
    publish([other, episode], site, BASE)
    items = _items(site)
    assert [i.findtext("title") for i in items] == [
        "Tiny Leaps, Sunday: more tiny models",
        "Tiny Leaps, Saturday: Qwen3 runs on a Raspberry Pi",
    ]
    assert items[1].findtext("guid") == guid1
    assert items[0].findtext("guid") != guid1
    with sqlite3.connect(site / "catalog.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM episodes").fetchone() == (2,)


def test_catalog_remembers_threads_and_comments(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert covered_threads(site / "catalog.sqlite") == {}
    publish([episode], site, BASE)
    assert covered_threads(site / "catalog.sqlite") == {THREAD_ID: 42}
    assert covered_comments(site / "catalog.sqlite") == {COMMENT_ID}


def test_hostile_title_stays_escaped(tmp_path: Path) -> None:
    ep = make_episode(tmp_path / "ep", title=HOSTILE)
    script = json.loads((ep / "script.json").read_text())
    script["segments"][1]["title"] = "<img src=x onerror=alert(1)> & more"
    script["sources"][THREAD_ID]["url"] = "javascript:alert(1)"
    (ep / "script.json").write_text(json.dumps(script))
    site = tmp_path / "site"
    slug = publish([ep], site, BASE).added[0]
    assert slug == "2025-07-12-script-alert-x-script-tom-jerry-quantize"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert ET.parse(site / "feed.xml").getroot().findtext("./channel/item/title") == HOSTILE
    assert "javascript:" not in feed.entries[0].content[0].value
    for page in (site / "index.html", site / "episodes" / slug / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Tom &amp; Jerry 🚀" in html
        assert 'href="javascript:' not in html


def test_episode_page_has_player_chapters_transcript_sources(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    slug = publish([episode], site, BASE).added[0]
    html = (site / "episodes" / slug / "index.html").read_text(encoding="utf-8")
    assert '<audio id="player" controls preload="metadata" src="episode.mp3">' in html
    assert f'data-start="6.0"><span class="time">00:06</span> <span class="label">{TOPIC}' in html
    assert 'data-start="10.0" data-end="14.0"' in html
    assert "And u/quant_queen says the four bit quant holds up." in html
    assert f'<a href="{THREAD_URL}" rel="nofollow noopener">{TOPIC}</a>' in html
    assert "Everyone credited: @pi_tinkerer, @quant_queen" in html
    assert f'<span class="by">@{COMMENTER}:</span> <a href="{THREAD_URL}c0mm3nt/"' in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="episodes/{slug}/"' in index


def test_each_line_opens_the_sources_it_rests_on_escaped(tmp_path: Path) -> None:
    ep = make_episode(tmp_path / "ep")
    sources = json.loads((ep / "sources.json").read_text())
    sources["sources"][1]["text"] = f"{HOSTILE} Q4 is fine."
    sources["sources"][1]["score"] = 17
    (ep / "sources.json").write_text(json.dumps(sources))
    script = json.loads((ep / "script.json").read_text())
    script["sources"][COMMENT_ID]["url"] = "javascript:alert(1)"
    (ep / "script.json").write_text(json.dumps(script))
    site = tmp_path / "site"
    slug = publish([ep], site, BASE).added[0]
    copy = json.loads((site / "episodes" / slug / CITED_FILE).read_text())
    assert sorted(s["id"] for s in copy["sources"]) == [COMMENT_ID, THREAD_ID]
    publish([make_episode(tmp_path / "ep2", recorded_at="2025-07-13T09:00:00Z")], site, BASE)
    html = (site / "episodes" / slug / "index.html").read_text(encoding="utf-8")  # re-rendered
    line = html.split('data-start="10.0"')[1].split("</li>")[0]
    assert '<button type="button" class="cite-toggle" aria-expanded="false"' in line
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Tom &amp; Jerry 🚀 quantize Q4 is " \
           "fine." in line and "<script>" not in line
    assert '<span class="who">@quant_queen</span>, comment' in line
    assert '<span class="score">17 points</span>' in line and "javascript:" not in line
    thread = html.split('data-start="6.0" data-end')[1].split("</li>")[0]
    assert '<span class="who">@pi_tinkerer</span>, post in “<span class="thread">' in thread
    assert "It works." in thread and f'<a class="open" href="{THREAD_URL}"' in thread
    assert "cite-toggle" not in html.split('data-start="0.0" data-end')[1].split("</li>")[0]


def test_half_written_mp3_is_refused(episode: Path, tmp_path: Path) -> None:
    mp3 = episode / "episode.mp3"
    mp3.write_bytes(mp3.read_bytes()[:1000])
    with pytest.raises(ArtifactError, match=r"episode\.mp3: 1000 bytes but episode\.json says"):
        publish([episode], tmp_path / "site", BASE)
    assert not (tmp_path / "site" / "feed.xml").exists()


def test_broken_site_copy_is_left_out_of_the_feed(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    slug = publish([episode], site, BASE).added[0]
    copy = site / "episodes" / slug / "episode.mp3"
    copy.write_bytes(b"\0" * copy.stat().st_size)
    other = make_episode(tmp_path / "ep2", title="Another day", recorded_at="2025-07-13T09:00:00Z")
    result = publish([other], site, BASE)
    assert result.skipped == [slug]
    assert [i.findtext("title") for i in _items(site)] == ["Another day"]


def test_bad_base_url_is_an_input_error(episode: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--base-url 'ftp://x': expected an http"):
        publish([episode], tmp_path / "site", "ftp://x")


def test_cli_publish(episode: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["publish", str(episode), "--site", str(site), "--base-url", BASE]) == 0
    out = capsys.readouterr().out
    assert "1 episode(s) in" in out
    assert main(["publish", str(tmp_path / "nope"), "--site", str(site), "--base-url", BASE]) == 2
    assert "nope: not an episode folder" in capsys.readouterr().err


def test_page_joins_a_turns_caption_cues_but_not_across_chapters() -> None:
    from tinyleaps.publish.site import PageLine, _paragraphs

    cues = [
        PageLine(0.0, 2.0, "KAI", "It was started by", 0, ["reddit:t3_a"]),
        PageLine(2.0, 4.0, "KAI", "@pebble_lab_dev.", 0, ["reddit:t3_a", "reddit:t1_b"]),
        PageLine(4.3, 6.0, "ELIZA", "Nice.", 1),
        PageLine(7.0, 9.0, "ELIZA", "Next topic.", 1),
    ]
    lines = _paragraphs(cues, chapter_starts={0.0, 7.0})
    assert [(c.speaker, c.start, c.end, c.body, c.cites) for c in lines] == [
        ("KAI", 0.0, 4.0, "It was started by @pebble_lab_dev.", ["reddit:t3_a", "reddit:t1_b"]),
        ("ELIZA", 4.3, 6.0, "Nice.", []),
        ("ELIZA", 7.0, 9.0, "Next topic.", []),
    ]
