"""publish on an episode made by the real pipeline (bundled sample threads, extractive
writer, flite voices): the feed has every element a podcast app and directory require,
the enclosure matches the file, and re-publishing keeps one item with the same guid."""

from __future__ import annotations

import json
import shutil
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from tinyleaps.artifacts import Host, Script
from tinyleaps.config import ShowConfig
from tinyleaps.publish import publish

BASE = "http://127.0.0.1:8000"
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
pytestmark = [
    pytest.mark.slow,  # ~10 s: voices a one-topic episode with flite
    pytest.mark.skipif(shutil.which("flite") is None, reason="flite is not installed"),
]


def _show() -> ShowConfig:
    show = ShowConfig(owner_email="owner@example.com", author="Tiny Leaps Crew")
    show.hosts = [
        Host("KAI", "flite:rms", show.hosts[0].persona),
        Host("ELIZA", "flite:slt", show.hosts[1].persona),
    ]
    return show


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tinyleaps.cli.episode import sample_threads
    from tinyleaps.pipeline import EpisodeOptions, run_episode
    from tinyleaps.writing import WriteOptions

    out = tmp_path_factory.mktemp("real") / "ep"
    when = datetime(2025, 7, 12, 22, 0, tzinfo=timezone(timedelta(hours=2)))
    opts = EpisodeOptions(topics=1, write=WriteOptions(minutes=1), writer="extractive",
                          show=_show(), when=when)
    run_episode([str(sample_threads())], out, opts)
    return out


def _text(el: ET.Element, path: str) -> str:
    found = el.find(path, NS)
    assert found is not None, f"missing {path}"
    return (found.text or "").strip()


def _check_channel(c: ET.Element, site: Path) -> None:
    for tag in ("title", "link", "description", "language"):
        assert _text(c, tag), tag
    assert c.find("atom:link[@rel='self']", NS).get("href") == f"{BASE}/feed.xml"  # type: ignore[union-attr]
    cover = c.find("itunes:image", NS).get("href")  # type: ignore[union-attr]
    assert cover == f"{BASE}/cover.png"
    with Image.open(site / "cover.png") as im:
        assert im.format == "PNG" and im.size[0] == im.size[1] and 1400 <= im.size[0] <= 3000
    assert c.find("itunes:category", NS).get("text") == "Technology"  # type: ignore[union-attr]
    assert _text(c, "itunes:explicit") in ("true", "false")
    assert _text(c, "itunes:author") == "Tiny Leaps Crew"
    assert _text(c, "itunes:owner/itunes:email") == "owner@example.com"
    ns = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    assert _text(c, "podcast:guid") == str(uuid.uuid5(ns, "127.0.0.1:8000/feed.xml"))
    people = [(p.text, p.get("role")) for p in c.findall("podcast:person", NS)]
    assert people == [("KAI", "host"), ("ELIZA", "host")]


def _local(site: Path, url: str) -> Path:
    assert url.startswith(BASE + "/")
    return site / url.removeprefix(BASE + "/")


def _check_item(it: ET.Element, site: Path, episode: Path) -> None:
    meta = json.loads((episode / "episode.json").read_text(encoding="utf-8"))
    assert _text(it, "title") == meta["title"]
    assert it.find("guid").get("isPermaLink") == "false"  # type: ignore[union-attr]
    assert parsedate_to_datetime(_text(it, "pubDate")) == datetime.fromisoformat(
        meta["recorded_at"]
    )
    enc = it.find("enclosure")
    assert enc is not None and enc.get("type") == "audio/mpeg"
    mp3 = _local(site, enc.get("url", ""))
    assert int(enc.get("length", "0")) == mp3.stat().st_size == meta["mp3"]["bytes"]
    assert int(_text(it, "itunes:duration")) == round(meta["duration_s"])
    script = Script.load(episode / "script.json")
    html = _text(it, "content:encoded")
    for sid in (i for s in script.segments if s.kind == "topic" for i in s.source_ids):
        assert f'href="{script.sources[sid].url}"' in html  # every source is linked
    found = it.findall("podcast:transcript", NS)
    types = {t.get("type"): _local(site, t.get("url", "")) for t in found}
    assert set(types) == {"text/vtt", "application/x-subrip", "application/json"}
    assert types["text/vtt"].read_text(encoding="utf-8").startswith("WEBVTT")
    chapters = it.find("podcast:chapters", NS)
    assert chapters is not None and chapters.get("type") == "application/json+chapters"
    data = json.loads(_local(site, chapters.get("url", "")).read_text(encoding="utf-8"))
    assert data["version"] == "1.2.0" and data["chapters"][0]["startTime"] == 0


def test_real_episode_feed_is_complete_and_stable(episode: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish([episode], site, BASE, _show())
    first = (site / "feed.xml").read_bytes()
    parsed = feedparser.parse(first)
    assert not parsed.bozo, parsed.bozo_exception
    root = ET.fromstring(first)
    channel = root.find("channel")
    assert root.get("version") == "2.0" and channel is not None
    _check_channel(channel, site)
    (item,) = channel.findall("item")
    _check_item(item, site, episode)
    # a web server running as another user can read every public file
    public = [p for p in site.rglob("*.*") if p.suffix != ".sqlite"]
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in public)

    publish([episode], site, BASE, _show())  # re-publish: same single item, same guid
    again = ET.parse(site / "feed.xml").getroot().findall("./channel/item")
    assert len(again) == 1 and _text(again[0], "guid") == _text(item, "guid")
    assert ET.tostring(again[0]) == ET.tostring(item)
