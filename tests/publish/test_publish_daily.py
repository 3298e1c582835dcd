"""daily: lock, resume after a crash, covered threads passed to the planner, publishing."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from tinyleaps.artifacts import Episode
from tinyleaps.daily import DailyBusy, DailyJob, run_daily, show_lock
from tinyleaps.errors import BackendError, InputError

from ..publish_fixtures import THREAD_ID, make_episode

NOW = datetime(2025, 7, 12, 22, 0, tzinfo=timezone(timedelta(hours=2)))
TOML = """name = "Tiny Leaps"
owner_email = "owner@example.com"
sources = ["threads"]
topics = 2
minutes = 4
base_url = "https://example.com/tl"
"""


class FakePipeline:
    """Stands in for tinyleaps.pipeline.run_episode: records jobs, writes a real episode."""

    def __init__(self, template: Path, fail_first: bool = False) -> None:
        self.template = template
        self.fail_first = fail_first
        self.jobs: list[DailyJob] = []

    def __call__(self, job: DailyJob) -> Episode:
        self.jobs.append(job)
        shutil.copy(self.template / "episode.mp3", job.out / "episode.mp3")
        if self.fail_first and len(self.jobs) == 1:
            raise BackendError("voice: TTS crashed midway")
        title = f"Tiny Leaps, {job.when:%A}"
        make_episode(job.out, title=title, recorded_at=job.when.isoformat())
        return Episode.load(job.out)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_episode(tmp_path_factory.mktemp("tpl") / "ep")


@pytest.fixture
def show_dir(tmp_path: Path) -> Path:
    (tmp_path / "show.toml").write_text(TOML)
    (tmp_path / "threads").mkdir()
    return tmp_path


def test_daily_makes_publishes_and_remembers(show_dir: Path, template: Path) -> None:
    fake = FakePipeline(template)
    first = run_daily(show_dir, now=NOW, runner=fake)
    assert first.made and first.episode_dir == show_dir / "episodes" / "2025-07-12"
    job = fake.jobs[0]
    assert job.specs == [str(show_dir / "threads")]
    assert (job.settings.topics, job.settings.minutes) == (2, 4.0)
    assert job.exclude_threads == {}
    assert job.show.owner_email == "owner@example.com"
    feed = (show_dir / "site" / "feed.xml").read_text()
    assert "<title>Tiny Leaps, Saturday</title>" in feed
    # every run makes a new episode (same day: "-2"), skipping the threads covered
    again = run_daily(show_dir, now=NOW + timedelta(hours=1), runner=fake)
    assert again.made and again.episode_dir == show_dir / "episodes" / "2025-07-12-2"
    assert fake.jobs[1].exclude_threads == {THREAD_ID: 42}
    assert fake.jobs[1].when == NOW + timedelta(hours=1)
    assert feed.count("<item>") == 1
    entries = feedparser.parse((show_dir / "site" / "feed.xml").read_bytes()).entries
    assert [e.published for e in entries] == [
        "Sat, 12 Jul 2025 23:00:00 +0200",  # newest first
        "Sat, 12 Jul 2025 22:00:00 +0200",
    ]
    assert len({e.guid for e in entries}) == 2
    assert len({e.enclosures[0].href for e in entries}) == 2


def test_script_only_episodes_are_remembered_but_not_published(
    show_dir: Path, template: Path
) -> None:
    def script_only(job: DailyJob) -> Episode:
        assert job.no_audio
        make_episode(job.out, title=f"Tiny Leaps, {job.when:%A}", recorded_at=job.when.isoformat())
        (job.out / "episode.mp3").unlink()  # what --no-audio leaves: no MP3
        ep = Episode.load(job.out)
        ep.mp3 = {}
        ep.save(job.out / "episode.json")
        return ep

    first = run_daily(show_dir, now=NOW, runner=script_only, no_audio=True)
    assert first.made and first.script_only == [first.episode_dir] and first.published is None
    assert not (show_dir / "site" / "feed.xml").exists()
    fake = FakePipeline(template)
    second = run_daily(show_dir, now=NOW + timedelta(hours=1), runner=fake)
    assert second.episode_dir.name == "2025-07-12-2"  # the script-only one is not resumed
    assert fake.jobs[0].exclude_threads == {THREAD_ID: 42}  # but its thread counts as covered
    assert second.published is not None and len(second.published.episodes) == 1


def test_crash_is_resumed_and_never_published(show_dir: Path, template: Path) -> None:
    fake = FakePipeline(template, fail_first=True)
    with pytest.raises(BackendError, match="TTS crashed"):
        run_daily(show_dir, now=NOW, runner=fake)
    assert not (show_dir / "site" / "feed.xml").exists()  # nothing complete to publish
    later = NOW + timedelta(hours=2)
    result = run_daily(show_dir, now=later, runner=fake)
    assert result.made
    assert fake.jobs[1].when == NOW  # the resumed run keeps its recorded-at moment
    assert "Sat, 12 Jul 2025 22:00:00 +0200" in (show_dir / "site" / "feed.xml").read_text()


def test_second_run_is_refused_while_locked(show_dir: Path, template: Path) -> None:
    fake = FakePipeline(template)
    with show_lock(show_dir):
        with pytest.raises(DailyBusy, match="another tinyleaps daily run is in progress"):
            run_daily(show_dir, now=NOW, runner=fake)
    assert fake.jobs == []
    assert run_daily(show_dir, now=NOW, runner=fake).made  # lock released


def test_show_toml_needs_sources_and_base_url(tmp_path: Path) -> None:
    (tmp_path / "show.toml").write_text('name = "X"\nbase_url = "https://e.com"\n')
    with pytest.raises(InputError, match="show.toml: 'sources' must be a non-empty list"):
        run_daily(tmp_path, now=NOW, runner=FakePipeline(tmp_path))


def test_llm_style_comes_from_show_toml(tmp_path: Path) -> None:
    from tinyleaps.daily import load_settings

    (tmp_path / "show.toml").write_text(TOML)
    assert load_settings(tmp_path)[1].llm.style == "guided"
    (tmp_path / "show.toml").write_text(TOML + '\n[llm]\nstyle = "free"\n')
    assert load_settings(tmp_path)[1].llm.style == "free"
    (tmp_path / "show.toml").write_text('llm_style = "guided"\n' + TOML + '[llm]\nstyle = "free"\n')
    assert load_settings(tmp_path)[1].llm.style == "guided"
    (tmp_path / "show.toml").write_text('llm_style = "chatty"\n' + TOML)
    with pytest.raises(InputError, match="unknown LLM style 'chatty'"):
        load_settings(tmp_path)


def test_a_new_episode_avoids_the_phrases_of_the_last_seven(tmp_path: Path) -> None:
    """recent_phrases(): the phrase ids of the show's last seven finished episodes (an
    unfinished one and the episode being made do not count)."""
    from tinyleaps.daily import RECENT_EPISODES, recent_phrases

    episodes = tmp_path / "episodes"
    for day in range(1, 10):
        d = episodes / f"2025-07-{day:02d}"
        d.mkdir(parents=True)
        (d / "daily.json").write_text(json.dumps({"no_audio": True}))
        (d / "script.json").write_text(json.dumps({"writer": {"phrases": [f"ask_x:{day}"]}}))
        if day != 8:  # day 8 was interrupted: no episode.json
            (d / "episode.json").write_text("{}")
    current = episodes / "2025-07-09"
    got = recent_phrases(episodes, but=current)
    assert got == {f"ask_x:{day}" for day in (1, 2, 3, 4, 5, 6, 7)[-RECENT_EPISODES:]}
