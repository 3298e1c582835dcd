"""True-peak measurement and a look-ahead peak limiter, in numpy.

The true peak follows BS.1770-4 Annex 2: the signal is oversampled 4x (a windowed-sinc
polyphase interpolator) and the largest absolute value is taken. The limiter works on
2 ms hops: each hop's needed gain (so its true peak stays under the ceiling) is spread
into a smooth gain curve in dB that falls at most ``ATTACK_DB_PER_MS`` before a peak
(look-ahead) and recovers at most ``RELEASE_DB_PER_MS`` after it, then is interpolated
per sample. Because every hop's gain is at or below what the hop needs, no oversampled
peak passes the ceiling (up to the interpolator's accuracy, about 0.05 dB).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

OVERSAMPLE = 4
TAPS = 24  # per phase
HOP_S = 0.002
ATTACK_DB_PER_MS = 1.5
RELEASE_DB_PER_MS = 0.15


@lru_cache(maxsize=4)
def _phase_filters(factor: int = OVERSAMPLE, taps: int = TAPS) -> tuple[np.ndarray, ...]:
    """One FIR per fractional position p/factor (p = 1..factor-1), Kaiser-windowed sinc."""
    k = np.arange(-taps // 2, taps // 2, dtype=np.float64)
    out = []
    for p in range(1, factor):
        t = k + p / factor
        window = np.kaiser(taps, 8.0)
        out.append((np.sinc(t) * window).astype(np.float32))
    return tuple(out)


def sample_true_peaks(samples: np.ndarray) -> np.ndarray:
    """Per input sample, the largest absolute value of the signal between it and the next
    sample (4x oversampled): the input to the true-peak meter and the limiter."""
    x = np.asarray(samples, np.float32)
    peaks = np.abs(x)
    half = TAPS // 2
    for filt in _phase_filters():
        between = np.convolve(x, filt[::-1])[half - 1: half - 1 + x.size]
        np.maximum(peaks, np.abs(between), out=peaks)
    return peaks


def true_peak_db(samples: np.ndarray) -> float:
    """The signal's true peak in dBTP (``-inf`` for silence)."""
    if samples.size == 0:
        return float("-inf")
    peak = float(sample_true_peaks(samples).max())
    return 20 * float(np.log10(peak)) if peak > 0 else float("-inf")


def _spread(need_db: np.ndarray, hop_ms: float) -> np.ndarray:
    """The smooth gain curve (dB, per hop point) at or below ``need_db`` everywhere, that
    falls at most ATTACK_DB_PER_MS and rises at most RELEASE_DB_PER_MS per millisecond."""
    idx = np.arange(need_db.size, dtype=np.float64)
    release = RELEASE_DB_PER_MS * hop_ms
    attack = ATTACK_DB_PER_MS * hop_ms
    after = np.minimum.accumulate(need_db - idx * release) + idx * release
    return np.minimum(after, _lookahead(need_db, attack))


def _lookahead(need_db: np.ndarray, attack: float) -> np.ndarray:
    """min over j >= k of need_db[j] + (j - k) * attack (the ramp down before a peak)."""
    idx = np.arange(need_db.size, dtype=np.float64)
    shifted = need_db + idx * attack
    return np.minimum.accumulate(shifted[::-1])[::-1] - idx * attack


def limiter_gain(peaks: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray | None:
    """The per-sample linear gain that holds ``peaks`` (from :func:`sample_true_peaks`)
    at or under ``ceiling_db``; None when nothing is over."""
    ceiling = 10 ** (ceiling_db / 20)
    if peaks.size == 0 or float(peaks.max()) <= ceiling:
        return None
    hop = max(1, int(rate * HOP_S))
    n_hops = -(-peaks.size // hop)
    padded = np.zeros(n_hops * hop, np.float32)
    padded[: peaks.size] = peaks
    hop_peak = padded.reshape(n_hops, hop).max(axis=1)
    need = np.minimum(0.0, ceiling_db - 20 * np.log10(np.maximum(hop_peak, 1e-9)))
    # a point k sits at the start of hop k and must serve hops k-1 and k
    point_need = np.minimum(np.append(need, 0.0), np.insert(need, 0, 0.0))
    curve = _spread(point_need, 1000 * hop / rate)
    gain_db = np.interp(np.arange(peaks.size), np.arange(curve.size) * hop, curve)
    return (10 ** (gain_db / 20)).astype(np.float32)


def limit(samples: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray:
    """``samples`` with every true peak above ``ceiling_db`` dBTP turned down smoothly
    (unchanged, and not copied, when nothing is over)."""
    x = np.asarray(samples, np.float32)
    gain = limiter_gain(sample_true_peaks(x), rate, ceiling_db)
    return x if gain is None else x * gain
