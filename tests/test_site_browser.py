"""The episode page in a real browser (Debian's Chromium driven by Playwright): the
audio plays, chapters seek, the transcript highlight follows the audio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tinyleaps.publish import publish

from .publish_fixtures import CUES, TOPIC, free_port, make_episode, start_serve, stop

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
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    ep = make_episode(root / "ep")
    site = root / "site"
    slug = publish([ep], site, "https://example.com/tl").added[0]
    port = free_port()
    proc = start_serve(site, port)
    try:
        yield f"http://127.0.0.1:{port}/episodes/{slug}/"
    finally:
        stop(proc)


def test_player_chapters_and_transcript(page_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(page_url)
            assert page.title().startswith("Tiny Leaps, Saturday")
            page.wait_for_function("document.getElementById('player').readyState >= 1")
            duration = page.evaluate("document.getElementById('player').duration")
            assert 19.5 < duration < 20.5

            # playing: currentTime advances, the first line is highlighted
            page.evaluate("document.getElementById('player').play()")
            page.wait_for_function("document.getElementById('player').currentTime > 0.5")
            assert page.locator(".cue.active .body").inner_text() == CUES[0][3]

            # clicking the topic chapter seeks to 6 s; highlight follows
            page.get_by_role("button", name=TOPIC).click()
            page.wait_for_function("document.getElementById('player').currentTime >= 6")
            assert page.evaluate("document.getElementById('player').currentTime") < 9
            page.wait_for_selector(".cue.active[data-start='6.0']")
            assert page.locator(".chapter.current .label").inner_text() == TOPIC

            # clicking a transcript line seeks to it
            page.locator(".cue[data-start='14.0']").click()
            page.wait_for_function("document.getElementById('player').currentTime >= 14")
            assert page.locator(".cue.active .body").inner_text() == CUES[4][3]
            assert page.locator(".chapter.current .label").inner_text() == "Thanks and goodbye"

            page.evaluate("document.getElementById('player').pause()")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "episode-page.png"), full_page=True)
            mobile = browser.new_page(viewport={"width": 390, "height": 844})
            mobile.goto(page_url)
            mobile.screenshot(path=str(ARTIFACTS / "episode-page-mobile.png"), full_page=True)
            width = mobile.evaluate("document.documentElement.scrollWidth")
            assert width <= 390  # no horizontal scrolling on a phone
        finally:
            browser.close()


