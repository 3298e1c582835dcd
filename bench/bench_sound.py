"""How episodes sound, in figures: gaps, backchannels, stings, and the round-trip word error.

    .venv/bin/python bench/bench_sound.py EPISODE_DIR... [--no-wer]

For each episode folder made by ``tinyleaps episode`` (or ``tinyleaps voice``): the gap
before each turn by kind (count, mean, min, max seconds; from ``.tinyleaps/voice.json``,
else measured from transcript.json), the silence between turns against the speech, the
backchannels and stings, and Whisper tiny.en's word error against the script, overall
and on names and model ids (as ``tinyleaps check`` scores it). Whisper's text is kept in
the system temp folder by the MP3's sha256, so a second run only re-scores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def timing(folder: Path) -> dict[str, Any]:
    info = folder / ".tinyleaps" / "voice.json"
    if info.is_file():
        data = json.loads(info.read_text(encoding="utf-8"))
        found = data.get("audio", {}).get("timing")
        if found:
            return dict(found)
    # an episode voiced before the timing report: the gaps between transcript cues
    segs = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))["segments"]
    gaps = [b["startTime"] - a["endTime"] for a, b in zip(segs, segs[1:], strict=False)
            if b["startTime"] - a["endTime"] > 0.01]
    return {"gaps": {"all": {"count": len(gaps), "mean": round(sum(gaps) / len(gaps), 3),
                             "min": round(min(gaps), 3), "max": round(max(gaps), 3)}},
            "silence_s": round(sum(gaps), 2), "backchannels": 0, "stings": 0}


def heard(folder: Path) -> str:
    from tinyleaps.audio.intelligibility import transcribe

    mp3 = folder / "episode.mp3"
    sha = hashlib.sha256(mp3.read_bytes()).hexdigest()[:20]
    cache = Path(tempfile.gettempdir()) / f"tinyleaps-bench-heard-{sha}.txt"
    if not cache.is_file():
        cache.write_text(transcribe(mp3), encoding="utf-8")
    return cache.read_text(encoding="utf-8")


def report(folder: Path, wer: bool) -> None:
    from tinyleaps.audio import ffmpeg
    from tinyleaps.audio.intelligibility import score_words
    from tinyleaps.check.audio_rules import reference

    t = timing(folder)
    kinds = ", ".join(f"{k} {v['count']}x {v['mean']:.2f} s ({v['min']:.2f}-{v['max']:.2f})"
                      for k, v in t["gaps"].items())
    print(f"## {folder}")
    print(f"length {ffmpeg.duration(folder / 'episode.mp3'):.1f} s; silence between turns "
          f"{t['silence_s']:.1f} s; backchannels {t['backchannels']}; stings {t['stings']}")
    print(f"gaps: {kinds}")
    if wer:
        ref = reference(folder)
        s = score_words(ref.text, heard(folder), ref.names, ref.extras)
        print(f"word error {s.wer:.1%} ({s.errors}/{s.words}); names and model ids "
              f"{s.name_wer:.1%} ({s.name_errors}/{s.name_words}); backchannel words heard "
              f"and not counted: {s.forgiven}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--no-wer", action="store_true")
    args = ap.parse_args()
    for folder in args.folders:
        report(folder, not args.no_wer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
