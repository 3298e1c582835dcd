"""The episode page in a real browser (Debian's Chromium driven by Playwright) against
``tinyleaps serve``: the audio plays, chapters seek, the transcript highlight follows.

The episode is made by the real pipeline (one topic from the bundled sample threads,
extractive writer, flite voices: ~10 s) when flite is installed, else it is the
synthetic fixture. Expectations come from the episode's own chapters and transcript."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tinyleaps.publish import publish

from ..paths import ROOT
from ..publish_fixtures import free_port, make_episode, start_serve, stop

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = ROOT / "test-artifacts"
PLAYER = "document.getElementById('player')"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


@dataclass
class Served:
    url: str  # the episode page
    root: str  # the site
    folder: Path  # the episode folder that was published
    real: bool  # made by the pipeline (else the synthetic fixture)

    def load(self, name: str, key: str) -> list[dict[str, Any]]:
        return list(json.loads((self.folder / name).read_text(encoding="utf-8"))[key])


def _pipeline_episode(out: Path) -> Path:
    from tinyleaps.artifacts import Host
    from tinyleaps.cli.episode import sample_threads
    from tinyleaps.config import ShowConfig
    from tinyleaps.pipeline import EpisodeOptions, run_episode
    from tinyleaps.writing import WriteOptions

    show = ShowConfig(owner_email="owner@example.com")
    show.hosts = [
        Host("KAI", "flite:rms", show.hosts[0].persona),
        Host("ELIZA", "flite:slt", show.hosts[1].persona),
    ]
    when = datetime(2025, 7, 12, 22, 0, tzinfo=timezone(timedelta(hours=2)))
    opts = EpisodeOptions(topics=1, write=WriteOptions(minutes=1), writer="extractive",
                          show=show, when=when)
    run_episode([str(sample_threads())], out, opts)
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("browser")
    real = shutil.which("flite") is not None
    ep = _pipeline_episode(root / "ep") if real else make_episode(root / "ep")
    site = root / "site"
    slug = publish([ep], site, "https://example.com/tl").added[0]
    port = free_port()
    proc = start_serve(site, port)
    try:
        base = f"http://127.0.0.1:{port}/"
        yield Served(f"{base}episodes/{slug}/", base, ep, real)
    finally:
        stop(proc)


def _active_after(cues: list[dict[str, Any]], t: float) -> int:
    """Index of the first cue starting at or after ``t``."""
    return next(i for i, c in enumerate(cues) if c["startTime"] >= t - 0.05)


def test_player_chapters_and_transcript(served: Served) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    episode = json.loads((served.folder / "episode.json").read_text(encoding="utf-8"))
    chapters = served.load("chapters.json", "chapters")
    cues = served.load("transcript.json", "segments")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(served.url)
            assert page.title() == f"{episode['title']} · Tiny Leaps"
            page.wait_for_function(f"{PLAYER}.readyState >= 1")
            duration = page.evaluate(f"{PLAYER}.duration")
            assert abs(duration - episode["duration_s"]) < 0.5

            # playing: currentTime advances, the first line is highlighted
            page.evaluate(f"{PLAYER}.play()")
            page.wait_for_function(f"{PLAYER}.currentTime > 0.5")
            page.wait_for_selector(".cue.active")
            # the page shows one line per turn: caption-sized cues of a turn are joined
            assert page.locator(".cue.active .body").inner_text().startswith(cues[0]["body"])

            # clicking the topic chapter seeks there; the highlight follows
            topic = chapters[1]
            page.get_by_role("button", name=topic["title"]).click()
            page.wait_for_function(f"{PLAYER}.currentTime >= {topic['startTime']}")
            assert page.evaluate(f"{PLAYER}.currentTime") < topic["startTime"] + 4
            first = cues[_active_after(cues, topic["startTime"])]
            page.wait_for_selector(f".cue.active[data-start='{first['startTime']}']")
            assert page.locator(".cue.active .body").inner_text().startswith(first["body"])
            assert page.locator(".chapter.current .label").inner_text() == topic["title"]

            # clicking a transcript line of the last chapter seeks to it
            last = _active_after(cues, chapters[-1]["startTime"])
            page.locator(f".cue[data-start='{cues[last]['startTime']}']").click()
            page.wait_for_function(f"{PLAYER}.currentTime >= {cues[last]['startTime']}")
            line = page.locator(".cue.active .body").inner_text()
            assert line.startswith(cues[last]["body"])
            assert page.locator(".chapter.current .label").inner_text() == chapters[-1]["title"]
            page.evaluate(f"{PLAYER}.pause()")
            _shoot(browser, page, served)
        finally:
            browser.close()


def _cited_line(served: Served) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The first transcript cue that cites a comment, that comment (sources.json) and its
    entry in script.json."""
    script = json.loads((served.folder / "script.json").read_text(encoding="utf-8"))
    items = {s["id"]: s for s in served.load("sources.json", "sources")}
    for cue in served.load("transcript.json", "segments"):
        for sid in cue.get("cites", []):
            if script["sources"][sid]["kind"] == "reddit_comment" and sid in items:
                return cue, items[sid], script["sources"][sid]
    pytest.fail("no transcript line cites a comment")


def test_clicking_a_line_opens_the_comment_it_rests_on(served: Served, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    cue, item, ref = _cited_line(served)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            for name, width in (("desktop", 1280), ("phone", 390)):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(served.url)
                line = page.locator(".cue", has_text=cue["body"].split("\n")[0][:40]).first
                assert line.locator(".cites").is_hidden()
                line.locator(".body").click()
                panel = line.locator(".cites")
                panel.wait_for(state="visible")
                card = panel.locator(f".cite[data-source='{item['id']}']")
                assert card.locator(".who").inner_text() == f"@{item['author']}"
                words = " ".join(item["text"].split()[:6])
                assert words in " ".join(card.locator(".passage").inner_text().split())
                if item.get("score") is not None:
                    assert card.locator(".score").inner_text().startswith(str(item["score"]))
                assert card.locator("a.open").get_attribute("href") == ref["url"]
                assert line.locator(".cite-toggle").get_attribute("aria-expanded") == "true"
                page.wait_for_function(f"{PLAYER}.currentTime >= {cue['startTime']} - 0.1")
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                shot = tmp_path / f"line-sources-{name}.png"
                line.scroll_into_view_if_needed()
                page.screenshot(path=str(shot), full_page=name == "phone")
                print(f"screenshot of an opened source ({name}): {shot}")
                line.locator(".cite-toggle").click()  # the button closes it again
                assert panel.is_hidden()
        finally:
            browser.close()


def _shoot(browser: Any, page: Any, served: Served) -> None:
    """Screenshots (desktop and phone) to test-artifacts/; no sideways scroll on a phone."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "episode-page.png"), full_page=True)
    for name, url in (("episode-page-mobile.png", served.url), ("index-mobile.png", served.root)):
        mobile = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        mobile.goto(url)
        mobile.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    index = browser.new_page(viewport={"width": 1280, "height": 800})
    index.goto(served.root)
    index.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    if served.real:  # show notes on the page are shownotes.md's people, said on air
        md = (served.folder / "shownotes.md").read_text(encoding="utf-8")
        people = md.split("## Everyone credited\n\n")[1].split("\n")[0].replace("\\", "")
        assert page.locator(".credits").inner_text() == f"Everyone credited: {people}"
