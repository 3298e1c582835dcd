"""Follow-ups (planning/history.py): a story an earlier episode covered that continues
today is planned as a follow-up, with the earlier episode's date and what it covered."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tinyleaps.artifacts import Rundown, Script
from tinyleaps.cli import main
from tinyleaps.planning import plan
from tinyleaps.planning.history import load_history

from ..builders import WHEN, discussion, post, sources
from ..builders import plan_options as options


def _earlier_episode(folder: Path) -> Path:
    """An episode folder of the day before that covered the Kimi K2 release."""
    old = post("old", "Kimi K2 released: a 1T MoE with open weights", "Moonshot shipped it.",
               votes=900, hours_ago=30)
    other = post("oth", "Speculative decoding tricks for llama.cpp", "Notes.", votes=300,
                 hours_ago=30)
    when = WHEN - timedelta(days=1)
    rundown = plan(sources([old, *discussion(old)], [other, *discussion(other)]),
                   options(when=when, embedder=None))
    folder.mkdir(parents=True)
    rundown.save(folder / "rundown.json")
    Script(show="Tiny Leaps", title="Kimi K2 lands", recorded_at=when.isoformat()).save(
        folder / "script.json")
    return folder


def _today():  # type: ignore[no-untyped-def]
    bench = post("bch", "Kimi K2 benchmarks are in: 65.8 on SWE-bench", "Table inside.",
                 votes=200)
    tts = post("tts", "A tiny voice model that runs on a CPU", "25 MB.", votes=230)
    return sources([bench, *discussion(bench)], [tts, *discussion(tts)])


def test_a_continuing_story_is_a_follow_up_with_the_earlier_date(tmp_path: Path) -> None:
    history = load_history([_earlier_episode(tmp_path / "ep1")])
    assert [(h.key, h.episode) for h in history] == [("kimi k2", "Kimi K2 lands"),
                                                     ("", "Kimi K2 lands")]
    without = plan(_today(), options(embedder=None))
    with_history = plan(_today(), options(embedder=None, history=history))
    kimi = next(s for s in with_history.segments if s.story == "kimi k2")
    assert kimi.follow_up is not None
    assert (kimi.follow_up.date, kimi.follow_up.covered, kimi.follow_up.episode) == (
        "2025-07-11", "Kimi K2 released: a 1T MoE with open weights", "Kimi K2 lands")
    assert "follows the story of 2025-07-11" in kimi.why
    assert next(s for s in without.segments if s.story == "kimi k2").follow_up is None
    assert with_history.segments[0].story == "kimi k2"  # boosted past the voice model
    assert without.segments[0].story != "kimi k2"
    other = next(s for s in with_history.segments if s.story != "kimi k2")
    assert other.follow_up is None


def test_the_follow_up_round_trips_and_older_rundowns_still_load(tmp_path: Path) -> None:
    history = load_history([_earlier_episode(tmp_path / "ep1")])
    rundown = plan(_today(), options(embedder=None, history=history))
    rundown.save(tmp_path / "r.json")
    again = Rundown.load(tmp_path / "r.json")
    assert again.segments[0].follow_up == rundown.segments[0].follow_up
    data = json.loads((tmp_path / "r.json").read_text())
    for seg in data["segments"]:
        for key in ("follow_up", "story", "light"):
            seg.pop(key)
    (tmp_path / "old.json").write_text(json.dumps(data))
    assert Rundown.load(tmp_path / "old.json").segments[0].follow_up is None


def test_plan_command_takes_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    earlier = _earlier_episode(tmp_path / "ep1")
    src = tmp_path / "sources.json"
    _today().save(src)
    out = tmp_path / "rundown.json"
    code = main(["plan", str(src), "--out", str(out), "--when", WHEN.isoformat(),
                 "--history", str(earlier)])
    assert code == 0, capsys.readouterr().err
    seg = json.loads(out.read_text())["segments"][0]
    assert seg["follow_up"]["date"] == "2025-07-11" and seg["story"] == "kimi k2"
