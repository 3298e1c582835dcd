"""Steering (planning/steer.py): --focus themes come first, --exclude themes are left out,
from the command line or show.toml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.artifacts import Rundown
from tinyleaps.cli import main
from tinyleaps.config import ShowConfig
from tinyleaps.errors import InputError
from tinyleaps.planning import plan
from tinyleaps.planning.steer import Steering, Topic, steer, theme_list

from ..builders import discussion, post, sources
from ..builders import plan_options as options

WHEN = "2025-07-12T22:00:00+00:00"


def _day():  # type: ignore[no-untyped-def]
    big = post("big", "Kimi K2 released with open weights", "A trillion parameters.", votes=900)
    tts = post("tts", "Kitten TTS: a 25 MB voice model", "It runs on a CPU.", votes=150)
    rig = post("rig", "My home server for big models", "Two old GPUs and 256 GB of RAM.",
               votes=120)
    return sources(*([p, *discussion(p)] for p in (big, tts, rig)))


def _titles(rundown: Rundown) -> list[str]:
    return [s.title for s in rundown.segments]


def test_theme_lists_come_from_commas_or_lists() -> None:
    assert theme_list("quantization,  local hardware ;") == ["quantization", "local hardware"]
    assert theme_list(["a", " ", "b c"]) == ["a", "b c"]
    assert theme_list(None) == []


def test_words_and_acronyms_match_a_theme_and_rare_words_count_most() -> None:
    topics = [Topic("a", "Kitten TTS is a tiny voice model", 0.2),
              Topic("b", "A local model release with local weights", 1.0),
              Topic("c", "Local tips for local users of local models", 0.5)]
    kept = steer(topics, Steering(["text to speech"], ["crypto"]), None, None)
    assert [t.title for t in sorted(kept, key=lambda t: -t.score)] == ["a", "b", "c"]
    assert kept[0].match_focus == 1.0 and max(t.score for t in kept) == 1.0
    dropped = steer([Topic("x", "Crypto mining with GPUs", 1.0), Topic("y", "Llama", 0.1)],
                    Steering([], ["crypto"]), None, None)
    assert [t.title for t in dropped] == ["y"]


def test_focus_puts_its_topics_first_and_exclude_drops_a_story() -> None:
    base = plan(_day(), options(topics=3, embedder=None))
    assert _titles(base)[0] == "Kimi K2 released with open weights"
    focused = plan(_day(), options(topics=3, embedder=None,
                                   steering=Steering(["text to speech"], [])))
    assert _titles(focused)[0] == "Kitten TTS: a 25 MB voice model"
    assert "focus match 1.00" in focused.segments[0].why
    left = plan(_day(), options(topics=3, embedder=None, steering=Steering([], ["Kimi K2"])))
    assert "Kimi K2 released with open weights" not in _titles(left) and len(left.segments) == 2
    with pytest.raises(InputError, match="every topic matches --exclude"):
        plan(_day(), options(embedder=None, steering=Steering([], ["Kimi", "Kitten", "server"])))


def test_show_toml_themes_and_a_bad_value() -> None:
    show = ShowConfig(extra={"focus": "quantization, local hardware", "exclude": ["crypto"]})
    assert show.themes("focus") == ["quantization", "local hardware"]
    assert show.themes("exclude") == ["crypto"]
    with pytest.raises(InputError, match="'focus' must be a string or a list"):
        ShowConfig(extra={"focus": 3}).themes("focus")


def test_plan_command_takes_focus_and_exclude(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    src = tmp_path / "sources.json"
    _day().save(src)
    out = tmp_path / "rundown.json"
    code = main(["plan", str(src), "--out", str(out), "--when", WHEN, "--focus",
                 "text to speech", "--exclude", "home server"])
    assert code == 0, capsys.readouterr().err
    titles = [s["title"] for s in json.loads(out.read_text())["segments"]]
    assert titles == ["Kitten TTS: a 25 MB voice model", "Kimi K2 released with open weights"]
