"""Speech levels: ITU-R BS.1770 loudness of a line in numpy, and per-line level matching.

The two bundled voices come out of their engines several dB apart (and each line a
little different), so before mastering every voiced line is brought to the same
loudness. Then the hosts sound equally loud, and the final loudnorm moves one
consistent mix instead of chasing a louder host.

K-weighting is applied in the frequency domain (the magnitude/phase of the BS.1770
pre-filter and RLB high-pass, designed for the line's own sample rate), then the
gated block loudness of BS.1770-4 is computed (400 ms blocks, 75 % overlap, -70 LUFS
absolute and -10 LU relative gates).
"""

from __future__ import annotations

import numpy as np

LINE_TARGET_LUFS = -20.0  # each line's loudness before mastering
MAX_LINE_GAIN_DB = 15.0  # never raise or cut a line by more than this
_BLOCK, _STEP = 0.4, 0.1
_ABS_GATE, _REL_GATE = -70.0, -10.0


def _biquad_response(b: np.ndarray, a: np.ndarray, z: np.ndarray, z2: np.ndarray) -> np.ndarray:
    """A biquad's response at ``z = exp(-jw)`` (``z2 = z * z``)."""
    return (b[0] + b[1] * z + b[2] * z2) / (a[0] + a[1] * z + a[2] * z2)


_GRID = 65537  # frequencies the K-weighting is evaluated at exactly (then interpolated)


def _k_weighting(n: int, rate: int) -> np.ndarray:
    """The complex K-weighting response on ``np.fft.rfftfreq(n, 1/rate)``, interpolated
    from an exact evaluation on a fine grid (the response is smooth; evaluating millions
    of bins exactly cost seconds)."""
    bins = n // 2 + 1
    if bins <= _GRID:
        return _k_response(np.fft.rfftfreq(n, 1 / rate), rate)
    grid = np.linspace(0.0, rate / 2, _GRID)
    exact = _k_response(grid, rate)
    freqs = np.fft.rfftfreq(n, 1 / rate)
    return np.interp(freqs, grid, exact.real) + 1j * np.interp(freqs, grid, exact.imag)


def _k_response(freqs: np.ndarray, rate: int) -> np.ndarray:
    """The +4 dB high shelf above ~1.7 kHz and the ~38 Hz high-pass of BS.1770 (as in
    pyloudnorm), at ``freqs`` Hz."""
    w = 2 * np.pi * freqs / rate
    z = np.exp(-1j * w)
    z2 = z * z
    g, q, fc = 3.99984385397, 0.7071752369554193, 1681.9744509555319
    k, amp = np.tan(np.pi * fc / rate), 10 ** (g / 20)
    vh, vb = amp, amp ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = _biquad_response(np.array([vh + vb * k / q + k * k, 2 * (k * k - vh),
                                       vh - vb * k / q + k * k]) / a0,
                             np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]),
                             z, z2)
    q, fc = 0.5003270373253953, 38.13547087613982
    k = np.tan(np.pi * fc / rate)
    a0 = 1 + k / q + k * k
    high_pass = _biquad_response(np.array([1.0, -2.0, 1.0]),
                                 np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]),
                                 z, z2)
    return np.asarray(shelf * high_pass)


def _fast_size(n: int) -> int:
    """The smallest 2^a * 3^b * 5^c >= n (FFT sizes numpy transforms quickly)."""
    best = 1 << max(0, n - 1).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            size = p35 << max(0, -(-n // p35) - 1).bit_length()
            best = min(best, size)
            p35 *= 3
        p5 *= 5
    return best


def k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` through the K-weighting filter; zero-padded (100 ms and more) to a
    length whose FFT is fast, so the filter's tail does not wrap onto the start."""
    x = np.asarray(samples, np.float64)
    n = _fast_size(x.size + rate // 10)
    return np.fft.irfft(np.fft.rfft(x, n=n) * _k_weighting(n, rate), n=n)[: x.size]


def gated_loudness(weighted: np.ndarray, rate: int) -> float:
    """BS.1770-4 gated loudness (LUFS) of an already K-weighted signal; ``-inf`` for
    silence. Signals shorter than one 400 ms block are measured as one block."""
    if weighted.size == 0:
        return float("-inf")
    block, step = int(_BLOCK * rate), int(_STEP * rate)
    if weighted.size <= block:
        powers = np.array([np.mean(weighted**2)])
    else:
        starts = np.arange(0, weighted.size - block + 1, step)
        csum = np.concatenate([[0.0], np.cumsum(np.asarray(weighted, np.float64) ** 2)])
        powers = (csum[starts + block] - csum[starts]) / block
    powers = powers[powers > 10 ** ((_ABS_GATE + 0.691) / 10)]
    if powers.size == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(np.mean(powers)) + _REL_GATE
    gated = powers[powers > 10 ** ((relative + 0.691) / 10)]
    return float(-0.691 + 10 * np.log10(np.mean(gated if gated.size else powers)))


def loudness_lufs(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) of mono ``samples``; ``-inf`` for silence."""
    return gated_loudness(k_weighted(samples, rate), rate)


def level_gain_db(samples: np.ndarray, rate: int, target: float = LINE_TARGET_LUFS) -> float:
    """The gain (dB) that brings a line to ``target`` LUFS, within ±MAX_LINE_GAIN_DB
    (0 for silence)."""
    loud = loudness_lufs(samples, rate)
    if not np.isfinite(loud):
        return 0.0
    return float(np.clip(target - loud, -MAX_LINE_GAIN_DB, MAX_LINE_GAIN_DB))


def match_level(samples: np.ndarray, rate: int, target: float = LINE_TARGET_LUFS) -> np.ndarray:
    """``samples`` scaled to ``target`` LUFS (see :func:`level_gain_db`)."""
    gain = 10 ** (level_gain_db(samples, rate, target) / 20)
    return (np.asarray(samples, np.float32) * np.float32(gain)).astype(np.float32)
