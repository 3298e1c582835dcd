"""Benchmark ``tinyleaps check``'s audio rows on an episode folder and show what Whisper
misheard.

    .venv/bin/python bench/bench_audio.py EPISODE_DIR [--diffs 40] [--master]

Times each audio check (ffprobe duration, ebur128 loudness, chapters, transcripts, the
Whisper tiny.en transcription) and prints the word error rate with the places where
what Whisper heard differs from what the voices were told to say (both sides normalized
the same way, see ``tinyleaps.audio.intelligibility``).

``--master`` also times mastering on the episode's own audio (decoded, turned down 4 dB
to stand for the raw mix of lines at -20 LUFS): today's ``master()`` (numpy gain and
limiter, one ffmpeg encode) against the chain it replaced (ffmpeg loudnorm measure, a
4x-oversampled alimiter pass, loudnorm measure again, loudnorm second pass + encode, and
a corrective re-encode when that missed), in the same run, with the MP3 figures of each.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path


def _timed(label: str, fn, times: dict[str, float]):  # noqa: ANN001, ANN202 - bench helper
    t0 = time.perf_counter()
    out = fn()
    times[label] = time.perf_counter() - t0
    return out


def _old_master(samples, rate: int, out: Path):  # noqa: ANN001, ANN202 - bench helper
    """The mastering chain before this change (ffmpeg only), kept here to compare."""
    import json
    import re
    import tempfile

    import numpy as np

    from tinyleaps.audio import ffmpeg
    from tinyleaps.audio.master import MP3_BITRATE, MP3_RATE, correction_db, in_spec

    tp, lra = -1.5, 20.0

    def raw_in(raw: Path) -> list[str]:
        return ["-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", str(raw)]

    def measure(raw: Path) -> dict[str, str]:
        flt = f"loudnorm=I=-16:TP={tp}:LRA={lra}:print_format=json"
        err = ffmpeg.run_ffmpeg([*raw_in(raw), "-af", flt, "-f", "null", "-"], "old")
        found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", err.stderr.decode())
        assert found
        return json.loads(found.group(0))

    def encode(gain_db: float, tmp: Path) -> None:
        raw = tmp / "mix.f32"
        np.asarray(samples, "<f4").tofile(raw)
        m = measure(raw)
        if float(m["input_tp"]) + (-16 - float(m["input_i"])) > tp - 0.2:  # pre-limiter
            ceiling = 10 ** ((tp - 0.5) / 20)
            flt = (f"volume={-16 - float(m['input_i']):.2f}dB,aresample={rate * 4}:resampler="
                   f"soxr,alimiter=limit={ceiling:.4f}:attack=5:release=60:level=0:latency=1,"
                   f"aresample={rate}:resampler=soxr")
            limited = tmp / "limited.f32"
            ffmpeg.run_ffmpeg([*raw_in(raw), "-af", flt, "-f", "f32le", "-ac", "1", "-ar",
                               str(rate), str(limited)], "old")
            raw, m = limited, measure(limited)
        flt = (f"loudnorm=I=-16:TP={tp}:LRA={lra}:measured_I={m['input_i']}"
               f":measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}"
               f":measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true"
               + (f",volume={gain_db:.2f}dB" if gain_db else ""))
        ffmpeg.run_ffmpeg([*raw_in(raw), "-af", flt, "-ar", str(MP3_RATE), "-ac", "1", "-c:a",
                           "libmp3lame", "-b:a", MP3_BITRATE, "-f", "mp3", str(out)], "old")

    with tempfile.TemporaryDirectory() as tmp:
        encode(0.0, Path(tmp))
        loud = ffmpeg.measure_loudness(out)
        if not in_spec(loud):
            encode(correction_db(loud), Path(tmp))
            loud = ffmpeg.measure_loudness(out)
    return loud


def compare_master(mp3: Path, duration: float) -> None:
    """Time the new and the old mastering on the same mix, in this one run."""
    import tempfile

    import numpy as np

    from tinyleaps.audio import ffmpeg
    from tinyleaps.audio.master import Id3Meta, master

    rate = 24000
    mix = ffmpeg.decode(mp3, rate) * np.float32(10 ** (-4 / 20))
    meta = Id3Meta("bench", "Tiny Leaps", "2025-01-01", [], [])
    with tempfile.TemporaryDirectory() as tmp:
        runs = (("new: numpy gain+limiter, 1 encode", lambda o: master(mix, rate, o, meta)),
                ("old: ffmpeg loudnorm x2 + alimiter 4x", lambda o: _old_master(mix, rate, o)))
        for label, run in runs:
            t0 = time.perf_counter()
            loud = run(Path(tmp) / "out.mp3")
            secs = time.perf_counter() - t0
            print(f"  master {label:<38} {secs:6.2f} s  (RTF {secs / duration:.3f}) -> "
                  f"{loud.integrated:.1f} LUFS, {loud.true_peak:.1f} dBTP")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("episode", type=Path)
    ap.add_argument("--diffs", type=int, default=40, help="how many differences to print")
    ap.add_argument("--master", action="store_true", help="also time new vs old mastering")
    args = ap.parse_args()
    from tinyleaps.audio import ffmpeg
    from tinyleaps.audio.intelligibility import transcribe, word_diff, word_error_rate
    from tinyleaps.check import audio_rules

    d: Path = args.episode
    mp3 = d / "episode.mp3"
    times: dict[str, float] = {}
    duration = _timed("duration (ffprobe)", lambda: ffmpeg.duration(mp3), times)
    loud = _timed("loudness (ebur128)", lambda: ffmpeg.measure_loudness(mp3), times)
    _timed("mp3 chapters", lambda: audio_rules._chapters_row(d, mp3), times)
    _timed("transcripts", lambda: audio_rules._transcripts_row(d, duration), times)
    reference = audio_rules.reference_text(d)
    heard = _timed("whisper tiny.en", lambda: transcribe(mp3), times)
    wer = word_error_rate(reference, heard)
    print(f"{d}: {duration:.1f} s audio, {loud.integrated:.1f} LUFS, "
          f"{loud.true_peak:.1f} dBTP, WER {wer:.1%}")
    for label, secs in times.items():
        print(f"  {label:<20} {secs:7.2f} s")
    print(f"  whisper real-time factor {times['whisper tiny.en'] / duration:.3f}")
    if args.master:
        compare_master(mp3, duration)
    diffs = word_diff(reference, heard)
    counts = Counter(diffs)
    print(f"{len(diffs)} differences (said -> heard), most frequent first:")
    for (said, got), n in counts.most_common(args.diffs):
        print(f"  {n}x  {said or '-'!r} -> {got or '-'!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
