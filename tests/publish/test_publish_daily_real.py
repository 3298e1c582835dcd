"""``tinyleaps daily`` with the real pipeline over a real day of r/LocalLLaMA
(../shared/data): two runs on the same show make two episodes on different threads."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tinyleaps.daily import run_daily

from ..paths import SHARED_DATA

DAY = SHARED_DATA / "reddit/LocalLLaMA/2025-07-22"
NOW = datetime(2025, 7, 22, 21, 0, tzinfo=timezone(timedelta(hours=-4)))

pytestmark = [
    pytest.mark.slow,  # ~5 s: two real ingests of 80 threads
    pytest.mark.skipif(not DAY.is_dir(), reason=f"{DAY} is absent (../shared/data)"),
]


def _show(tmp_path: Path) -> Path:
    (tmp_path / "show.toml").write_text(
        f'name = "Tiny Leaps"\nsources = ["{DAY}"]\ntopics = 3\nminutes = 3\n'
        'writer = "extractive"\nbase_url = "http://127.0.0.1:8000"\n'
    )
    return tmp_path


def _threads(folder: Path) -> list[str]:
    rundown = json.loads((folder / "rundown.json").read_text(encoding="utf-8"))
    return [s["main_source"] for s in rundown["segments"] if s.get("main_source")]


def test_two_daily_runs_cover_different_threads(tmp_path: Path) -> None:
    show = _show(tmp_path)
    first = run_daily(show, now=NOW, no_audio=True)
    second = run_daily(show, now=NOW + timedelta(minutes=30), no_audio=True)
    assert (first.episode_dir.name, second.episode_dir.name) == ("2025-07-22", "2025-07-22-2")
    a, b = _threads(first.episode_dir), _threads(second.episode_dir)
    assert len(a) == 3 and len(b) == 3
    assert all(t.startswith("reddit:t3_1m6") for t in a + b)  # that day's thread ids
    assert set(a).isdisjoint(b)
    state = json.loads((second.episode_dir / "daily.json").read_text(encoding="utf-8"))
    assert set(a) <= set(state["exclude_threads"])
    # script-only episodes are never published: no feed pointing at a missing MP3
    assert second.script_only == [first.episode_dir, second.episode_dir]
    assert second.published is None and not (show / "site" / "feed.xml").exists()
