"""The short sting between stories: a three-note chime synthesized here (nothing is
downloaded or shipped as a file), or the opening of the user's ``--music``.

The chime is a rising major arpeggio of soft bell tones (a few decaying partials each,
a 6 ms attack), about 1.3 s including its ring-out. It is deterministic: every episode
of a show has the same sting.
"""

from __future__ import annotations

import numpy as np

from .levels import match_level

NOTES_HZ = (587.33, 739.99, 880.0)  # D5, F#5, A5: a D major arpeggio
NOTE_STEP = 0.13  # seconds between note onsets
RING = 0.95  # seconds each note rings
PARTIALS = ((1.0, 1.0, 1.0), (2.0, 0.35, 1.8), (3.0, 0.12, 2.6), (4.2, 0.05, 3.5))
# (frequency ratio, amplitude, how much faster it decays than the fundamental)
DECAY = 4.0  # 1/s: the fundamental's exponential decay
ATTACK = 0.006
MUSIC_STING = 1.6  # seconds taken from the start of --music
MUSIC_FADE = 0.6
STING_DB = -8.0  # the sting's loudness relative to the speech lines


def chime(rate: int) -> np.ndarray:
    """The generated sting at ``rate`` Hz, mono float32, peak 0.5."""
    length = int((NOTE_STEP * (len(NOTES_HZ) - 1) + RING) * rate)
    out = np.zeros(length, np.float64)
    t = np.arange(int(RING * rate)) / rate
    attack = np.minimum(1.0, t / ATTACK)
    tail = np.minimum(1.0, (RING - t) / 0.05)  # no click where the ring is cut
    for n, freq in enumerate(NOTES_HZ):
        tone = sum(amp * np.exp(-DECAY * speed * t) * np.sin(2 * np.pi * freq * ratio * t)
                   for ratio, amp, speed in PARTIALS)
        start = int(n * NOTE_STEP * rate)
        out[start:start + t.size] += tone * attack * tail
    return (out / np.max(np.abs(out)) * 0.5).astype(np.float32)


def music_sting(music: np.ndarray, rate: int) -> np.ndarray:
    """The opening MUSIC_STING seconds of ``music`` (after its leading silence), faded
    out over MUSIC_FADE s."""
    loud = np.nonzero(np.abs(music) > 0.01 * (np.max(np.abs(music)) or 1.0))[0]
    start = int(loud[0]) if loud.size else 0
    piece = np.array(music[start:start + int(MUSIC_STING * rate)], np.float32)
    fade = min(piece.size, int(MUSIC_FADE * rate))
    if fade:
        piece[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return piece


def make_sting(rate: int, music: np.ndarray | None = None) -> np.ndarray:
    """The sting at the level the mix uses: STING_DB under the speech lines."""
    raw = music_sting(music, rate) if music is not None and music.size else chime(rate)
    return match_level(raw, rate) * np.float32(10 ** (STING_DB / 20))
