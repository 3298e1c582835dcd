"""True-peak meter, look-ahead limiter and the one-pass loudness normalization that
replaced ffmpeg's two-pass loudnorm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tinyleaps.audio import ffmpeg
from tinyleaps.audio.levels import _fast_size, loudness_lufs
from tinyleaps.audio.limiter import limit, sample_true_peaks, true_peak_db
from tinyleaps.audio.master import LIMIT_CEILING, TARGET_LUFS, normalize
from tinyleaps.voice.pcm import to_wav_bytes

RATE = 24000


def _speechlike(seconds: float, seed: int = 3) -> np.ndarray:
    """Harmonic bursts with occasional sharp clicks (plosives): peaky, like TTS speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(0.2 * RATE)) / RATE
    out = []
    for i in range(int(seconds / 0.3)):
        f0 = rng.uniform(100, 220)
        burst = sum(np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 6)) / h for h in range(1, 8))
        burst = 0.1 * burst * np.hanning(t.size)
        if i % 5 == 0:
            burst[t.size // 2: t.size // 2 + 3] += 0.6  # a click 15 dB over the speech
        out += [burst, np.zeros(int(0.1 * RATE))]
    return np.concatenate(out).astype(np.float32)


def test_true_peak_sees_the_peak_between_samples() -> None:
    n = np.arange(RATE)
    sine = np.sin(2 * np.pi * (RATE / 4) * n / RATE + np.pi / 4).astype(np.float32)
    assert 20 * np.log10(np.abs(sine).max()) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_db(sine) == pytest.approx(0.0, abs=0.15)  # BS.1770 annex 2


def test_true_peak_agrees_with_ffmpeg_ebur128(tmp_path: Path) -> None:
    x = _speechlike(6.0)
    wav = tmp_path / "x.wav"
    wav.write_bytes(to_wav_bytes(x, RATE))
    assert true_peak_db(x) == pytest.approx(ffmpeg.measure_loudness(wav).true_peak, abs=0.3)


def test_limiter_holds_the_ceiling_and_leaves_quiet_parts_alone() -> None:
    x = _speechlike(6.0) * np.float32(2.0)  # clicks at +1.6 dBFS
    y = limit(x, RATE, -2.0)
    assert true_peak_db(x) > 1.0
    assert true_peak_db(y) <= -2.0 + 0.05
    quiet = sample_true_peaks(x) < 0.3  # samples far below the ceiling ...
    far = np.convolve(~quiet, np.ones(RATE // 10), "same") == 0  # ... and 50 ms from a peak
    assert far.sum() > RATE  # over a second of such samples
    assert np.allclose(y[far], x[far])


def test_limiter_returns_the_input_untouched_when_nothing_is_over() -> None:
    x = _speechlike(2.0) * np.float32(0.5)
    assert limit(x, RATE, -1.0) is x


def test_normalize_reaches_the_target_with_peaks_under_the_ceiling() -> None:
    x = _speechlike(20.0) * np.float32(0.3)  # -30 LUFS or so: +14 dB needed
    y = normalize(x, RATE, "test mix")
    assert loudness_lufs(x, RATE) < TARGET_LUFS - 10
    assert loudness_lufs(y, RATE) == pytest.approx(TARGET_LUFS, abs=0.15)
    assert true_peak_db(y) <= LIMIT_CEILING + 0.05


def test_fft_sizes_are_small_primes_only() -> None:
    assert _fast_size(4_124_400) == 4_147_200  # 2^10 * 3^4 * 5^2 (not 2^23 = 8_388_608)
    for n in (1, 7, 1000, 99_999):
        size = _fast_size(n)
        assert size >= n
        for p in (2, 3, 5):
            while size % p == 0:
                size //= p
        assert size == 1
