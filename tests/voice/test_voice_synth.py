"""synthesize_lines: speech text, common rate, trimming, disk cache, retry and fallback."""

from __future__ import annotations

import time
import types
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tinyleaps import registry
from tinyleaps.artifacts import Script, Turn
from tinyleaps.audio.voicing import SegmentPrefetcher
from tinyleaps.config import ShowConfig
from tinyleaps.errors import BackendError
from tinyleaps.voice.base import AudioChunk, TTSBackend
from tinyleaps.voice.speech_text import Lexicon
from tinyleaps.voice.synth import synthesize_lines
from tinyleaps.voice.tts_backends.cli import FliteBackend

from ..builders import make_script

RATE = 16000


class FakeVoice(TTSBackend):
    """0.5 s silence, 0.1 s of tone per word, 0.5 s silence; counts calls; fails on cue."""

    id = "fake"
    calls: list[str] = []

    def synthesize(self, text: str, voice: str) -> Iterator[AudioChunk]:
        type(self).calls.append(text)
        if "SLOW" in text:
            time.sleep(0.4)
        if "BROKEN" in text or ("FLAKY" in text and type(self).calls.count(text) == 1):
            raise BackendError(f"fake:{voice}: engine crashed")
        tone = 0.5 * np.sin(np.arange(int(0.1 * RATE * len(text.split()))) * 0.2)
        silence = np.zeros(RATE // 2)
        yield AudioChunk(np.concatenate([silence, tone, silence]).astype(np.float32), RATE)


@pytest.fixture(autouse=True)
def fake_plugin() -> Iterator[None]:
    plugin = types.ModuleType("fake_voice_plugin")
    plugin.register_tts = lambda register: register(FakeVoice)  # type: ignore[attr-defined]
    registry.add_plugin(plugin)
    FakeVoice.calls = []
    yield
    registry.remove_plugin(plugin)


def _script(*texts: str) -> Script:
    turns = [Turn(("KAI", "ELIZA")[i % 2], t, "intro") for i, t in enumerate(texts)]
    return make_script(turns, voices=("fake:kai", "fake:eliza"),
                       recorded_at="2025-07-12T22:00:00+00:00")


def test_lines_are_normalized_resampled_and_trimmed(tmp_path: Path) -> None:
    script = _script("Thanks @Only-Letterhead-3411 for the Q8_0 tip.", "Four words right here.")
    lines = synthesize_lines(script, ShowConfig(), cache_dir=tmp_path, lexicon=Lexicon())
    assert [ln.speaker for ln in lines] == ["KAI", "ELIZA"]
    assert lines[0].text == "Thanks @Only-Letterhead-3411 for the Q8_0 tip."
    assert lines[0].spoken == "Thanks Only Letterhead thirty four eleven for the Q8 zero tip."
    assert FakeVoice.calls[0] == lines[0].spoken or FakeVoice.calls[1] == lines[0].spoken
    assert all(ln.sample_rate == 24000 and ln.samples.dtype == np.float32 for ln in lines)
    # 4 words = 0.4 s of tone; 0.5 s silence each side trimmed to about 50 ms
    assert lines[1].seconds == pytest.approx(0.5, abs=0.03)
    assert lines[1].voice == "fake:eliza" and lines[1].fallback is None


def test_cache_revoices_only_changed_lines(tmp_path: Path) -> None:
    texts = ["One line here.", "Second line here.", "Third line here."]
    first = synthesize_lines(_script(*texts), ShowConfig(), cache_dir=tmp_path, workers=2)
    assert len(FakeVoice.calls) == 3
    FakeVoice.calls = []
    again = synthesize_lines(_script(*texts), ShowConfig(), cache_dir=tmp_path)
    assert FakeVoice.calls == []
    assert np.array_equal(first[2].samples, again[2].samples)
    synthesize_lines(_script(texts[0], "An edited second line.", texts[2]), ShowConfig(),
                     cache_dir=tmp_path)
    assert FakeVoice.calls == ["An edited second line."]


def test_flaky_line_is_retried_once_without_fallback(tmp_path: Path) -> None:
    lines = synthesize_lines(_script("A FLAKY line.", "Fine."), ShowConfig(), cache_dir=tmp_path)
    assert FakeVoice.calls.count("A FLAKY line.") == 2
    assert lines[0].fallback is None and lines[0].voice == "fake:kai"


@pytest.mark.skipif(not FliteBackend.available(), reason="flite not installed")
def test_failing_line_falls_back_and_is_recorded(tmp_path: Path) -> None:
    progress: list[tuple[str, int | None, int | None]] = []
    lines = synthesize_lines(
        _script("This BROKEN line still gets said.", "Fine here."), ShowConfig(),
        cache_dir=tmp_path, progress=lambda m, d=None, t=None: progress.append((m, d, t)),
    )
    assert FakeVoice.calls.count("This BROKEN line still gets said.") == 2
    broken = lines[0]
    assert broken.voice == "flite:rms" and broken.text == "This BROKEN line still gets said."
    assert broken.fallback is not None and "fake:kai failed twice" in broken.fallback
    assert "engine crashed" in broken.fallback
    assert 1.0 < broken.seconds < 4.0  # flite really spoke six words
    assert lines[1].fallback is None
    assert progress[-1] == ("voicing lines", 2, 2)


def test_configured_fallback_and_total_failure_raises(tmp_path: Path) -> None:
    show = ShowConfig(tts={"fallback": {"KAI": "fake:BROKEN"}})
    with pytest.raises(BackendError, match=r"turn 0 \(KAI\): fake:kai failed twice.*fallback"):
        synthesize_lines(_script("BROKEN everywhere."), show, cache_dir=tmp_path)


def test_host_names_in_capitals_are_spoken_as_names() -> None:
    from tinyleaps.voice.synth import title_case_hosts

    assert title_case_hosts("And I'm ELIZA, with KAI.", ["KAI", "ELIZA"]) == \
        "And I'm Eliza, with Kai."
    assert title_case_hosts("ELIZABETH and KAIZEN", ["KAI", "ELIZA"]) == "ELIZABETH and KAIZEN"


def test_prefetcher_voices_segments_in_order_and_leaves_the_rest_when_writing_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINYLEAPS_CACHE_DIR", str(tmp_path))
    script = _script("A SLOW first line.", "Then a second one.", "Story two starts.",
                     "Story three starts.")
    for turn, seg in zip(script.turns, ["intro", "intro", "topic-1", "topic-2"], strict=True):
        turn.segment = seg
    prefetch = SegmentPrefetcher(ShowConfig())
    start = time.monotonic()
    for seg in ("intro", "topic-1", "topic-2"):
        prefetch(script, seg)
    time.sleep(0.1)  # the intro is being voiced, the two stories wait
    prefetch.finish()  # the writer is done: the voice stage takes the rest
    assert FakeVoice.calls[:2] == ["A SLOW first line.", "Then a second one."]
    assert "Story three starts." not in FakeVoice.calls
    assert prefetch.first_audio is not None and prefetch.first_audio - start >= 0.4
    FakeVoice.calls = []
    synthesize_lines(script, ShowConfig())  # the voice stage: the intro comes from the cache
    assert "A SLOW first line." not in FakeVoice.calls
    assert "Story three starts." in FakeVoice.calls
