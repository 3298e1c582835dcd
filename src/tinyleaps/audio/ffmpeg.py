"""Thin wrappers around the ffmpeg/ffprobe command-line tools.

Every failure becomes a :class:`BackendError` (or :class:`BackendUnavailable` when the
tool is missing) with one line naming the file and ffmpeg's last message.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import BackendError, BackendUnavailable


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackendUnavailable(f"{name}: not installed (apt-get install ffmpeg)")
    return found


def _last_line(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def run_ffmpeg(
    args: list[str], what: str, *, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``ffmpeg -hide_banner -y ARGS``; raise BackendError naming ``what`` on failure."""
    cmd = [_tool("ffmpeg"), "-hide_banner", "-y", *args]
    try:
        proc = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise BackendError(f"{what}: cannot run ffmpeg ({exc})") from exc
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")
        raise BackendError(f"{what}: ffmpeg failed: {_last_line(err)}")
    return proc


def decode(path: Path, sample_rate: int) -> np.ndarray:
    """Decode any audio file ffmpeg reads into mono float32 samples at ``sample_rate``."""
    if not Path(path).is_file():
        raise BackendError(f"{path}: audio file not found")
    proc = run_ffmpeg(
        ["-i", str(path), "-vn", "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "-"],
        str(path),
    )
    return np.frombuffer(proc.stdout, dtype="<f4").astype(np.float32)


def duration(path: Path) -> float:
    """The container duration in seconds, as ffprobe reports it."""
    cmd = [_tool("ffprobe"), "-v", "error", "-show_entries", "format=duration",
           "-of", "json", str(path)]
    proc = subprocess.run(cmd, capture_output=True, check=False, text=True)
    try:
        return float(json.loads(proc.stdout)["format"]["duration"])
    except (ValueError, KeyError, TypeError) as exc:
        why = _last_line(proc.stderr)
        raise BackendError(f"{path}: ffprobe cannot read a duration ({why})") from exc


def decoded_duration(path: Path) -> float:
    """Seconds of audio ffmpeg actually decodes from ``path`` (to the end of the file, not
    what its header claims: an MP3 cut short keeps its Xing header's full length)."""
    proc = run_ffmpeg(["-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", "null",
                       "-progress", "pipe:1", "-nostats", "-"], str(path))
    times = re.findall(r"^out_time_us=(\d+)$", proc.stdout.decode("ascii", "replace"), re.M)
    if not times:
        raise BackendError(f"{path}: ffmpeg decoded no audio")
    return int(times[-1]) / 1e6


@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures of a file: integrated loudness (LUFS), true peak (dBTP), LRA (LU)."""

    integrated: float
    true_peak: float
    lra: float


_FIGURE = {
    "integrated": re.compile(r"I:\s+(-?[\d.]+|-inf)\s+LUFS"),
    "lra": re.compile(r"LRA:\s+(-?[\d.]+|-inf)\s+LU\b"),
    "true_peak": re.compile(r"Peak:\s+(-?[\d.]+|-inf)\s+dBFS"),
}


def measure_loudness(path: Path) -> Loudness:
    """Measure ``path`` with ffmpeg's ``ebur128=peak=true`` filter (the summary block)."""
    proc = run_ffmpeg(
        ["-nostats", "-i", str(path), "-filter_complex", "ebur128=peak=true", "-f", "null", "-"],
        str(path),
    )
    err = proc.stderr.decode("utf-8", "replace")
    summary = err[err.rfind("Summary:"):] if "Summary:" in err else err
    values: dict[str, float] = {}
    for key, pattern in _FIGURE.items():
        found = pattern.findall(summary)
        if not found:
            raise BackendError(f"{path}: ebur128 printed no {key} figure")
        values[key] = float(found[-1])  # float("-inf") parses too
    return Loudness(**values)
