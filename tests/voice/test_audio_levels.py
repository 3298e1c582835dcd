"""Speech levels: BS.1770 loudness in numpy, both hosts matched before mastering, and
the true-peak pre-limiter that lets peaky speech reach -16 LUFS under -1 dBTP."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tinyleaps.artifacts import Turn
from tinyleaps.audio import ffmpeg
from tinyleaps.audio.levels import LINE_TARGET_LUFS, loudness_lufs
from tinyleaps.audio.master import Id3Meta, master
from tinyleaps.audio.mix import mix, prepare_line
from tinyleaps.voice.base import LineAudio
from tinyleaps.voice.pcm import to_wav_bytes

from ..builders import make_script

RATE = 24000


def _tone(freq: float, amp: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _syllables(amp: float, seconds: float, seed: int) -> np.ndarray:
    """Speech-like bursts: 150 ms of voiced tone with harmonics, 100 ms pauses."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(int(seconds / 0.25)):
        f0 = rng.uniform(100, 220)
        burst = sum(_tone(f0 * h, amp / h, 0.15) for h in range(1, 6))
        out += [np.asarray(burst, np.float32) * np.hanning(burst.size).astype(np.float32),
                np.zeros(int(0.1 * RATE), np.float32)]
    return np.concatenate(out)


def test_loudness_matches_ffmpeg_ebur128(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = np.concatenate([_syllables(0.3, 2, seed=1),
                        (0.05 * rng.standard_normal(2 * RATE)).astype(np.float32)])
    wav = tmp_path / "x.wav"
    wav.write_bytes(to_wav_bytes(x, RATE))
    assert loudness_lufs(x, RATE) == pytest.approx(ffmpeg.measure_loudness(wav).integrated,
                                                   abs=0.2)


@pytest.mark.parametrize("rate", [22050, 24000, 48000])
def test_a_1khz_sine_at_minus_20_dbfs_is_minus_23_lufs(rate: int) -> None:
    assert loudness_lufs(_tone(1000, 0.1, 4, rate), rate) == pytest.approx(-23.0, abs=0.1)
    assert loudness_lufs(np.zeros(rate, np.float32), rate) == float("-inf")


def test_a_quiet_and_a_loud_host_end_up_equally_loud() -> None:
    quiet, loud = _syllables(0.1, 3, seed=2), _syllables(0.6, 3, seed=3)
    assert loudness_lufs(loud, RATE) - loudness_lufs(quiet, RATE) > 12
    for raw in (quiet, loud):
        assert loudness_lufs(prepare_line(raw, RATE), RATE) == pytest.approx(
            LINE_TARGET_LUFS, abs=0.3)


def test_mixed_hosts_are_within_one_lu_of_each_other() -> None:
    script = make_script([Turn(s, "word " * 8, "s1") for s in ("KAI", "ELIZA") * 3],
                         voices=("x", "y"), recorded_at="2025-07-22T22:00:00-07:00")
    lines = [LineAudio(i, t.speaker, t.text, t.text,
                       _syllables(0.1 if t.speaker == "KAI" else 0.6, 2, seed=i), RATE, "v")
             for i, t in enumerate(script.turns)]
    timeline = mix(script, lines)
    per_host = {name: np.concatenate([
        timeline.samples[int(c.start * RATE):int(c.end * RATE)]
        for c in timeline.cues if c.speaker == name]) for name in ("KAI", "ELIZA")}
    kai, eliza = (loudness_lufs(per_host[n], RATE) for n in ("KAI", "ELIZA"))
    assert abs(kai - eliza) < 1.0


def test_prepared_line_keeps_its_first_sound_and_fades_the_cut() -> None:
    lead = np.zeros(RATE // 2, np.float32)
    word = _tone(300, 0.3, 0.5)
    line = prepare_line(np.concatenate([lead, word, lead]), RATE)
    assert 0.5 <= line.size / RATE <= 0.5 + 2 * 0.031  # the word plus at most 30 ms each side
    assert abs(line[0]) < 1e-3 and abs(line[-1]) < 1e-3  # faded to zero at both cuts
    assert np.max(np.abs(line[: RATE // 10])) > 0.05  # the word's onset is still there


@pytest.mark.slow
def test_peaky_speech_still_reaches_minus_16_lufs_under_minus_1_dbtp(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    speech = _syllables(0.02, 20, seed=5)
    clicks = np.zeros_like(speech)
    clicks[rng.integers(0, speech.size, 40)] = 0.9  # plosive-like peaks ~25 dB over the body
    out = tmp_path / "episode.mp3"
    loud = master(speech + clicks, RATE, out, Id3Meta("t", "Tiny Leaps", "2025-07-22", [], []))
    assert loud.integrated == pytest.approx(-16.0, abs=1.0)
    assert loud.true_peak <= -1.0
    assert ffmpeg.measure_loudness(out).true_peak == pytest.approx(loud.true_peak, abs=0.05)
