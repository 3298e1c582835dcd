"""Caption timestamps: ``[HH:]MM:SS[.mmm]`` (``,`` for SubRip) read and written."""

from __future__ import annotations

import re

#: a timestamp as captions and console transcripts write it (for use inside patterns)
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


def parse_timestamp(text: str) -> float:
    """Seconds from ``01:02:03.500``, ``01:02:03,500``, ``02:03.5`` or ``02:03``;
    ValueError when it is none of them."""
    m = _TS.match(text.strip())
    if not m:
        raise ValueError(f"bad timestamp {text!r}")
    hours, minutes, seconds, frac = m.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0)


def clock(seconds: float, sep: str = ".", hours: bool = True) -> str:
    """``HH:MM:SS.mmm`` (``sep`` "," for SRT)."""
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    head = f"{h:02d}:" if hours or h else ""
    return f"{head}{m:02d}:{s:02d}{sep}{ms:03d}"


def hms(seconds: float) -> str:
    """``HH:MM:SS`` (markdown transcript stamps)."""
    s = int(max(0.0, seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
