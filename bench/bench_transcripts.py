"""Benchmark: ingest, clean and segment a 20,000-word transcript; Whisper real-time factor.

    .venv/bin/python bench/bench_transcripts.py
"""

from __future__ import annotations

import importlib.util
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from tinyleaps.artifacts import Sources
from tinyleaps.planning.longform import longform_candidates
from tinyleaps.sources import recordings
from tinyleaps.sources.transcripts import load_transcript

ROOT = Path(__file__).resolve().parents[1]
CLIP_TEXT = (
    "Local models keep getting better. This week the community compared four bit and five "
    "bit quantization on a seven billion parameter model, and found that the larger file kept "
    "two more points on grade school math. Others measured memory bandwidth on an old eight "
    "channel server, where every extra channel added almost linear speed. A third thread "
    "asked whether speculative decoding is worth it on a laptop, and the answer was yes, as "
    "long as the draft model shares the tokenizer. Finally, someone transcribed an hour of "
    "kitchen audio with a tiny speech model and was surprised by how clean it came out."
)


def _make_long(out: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_long", ROOT / "tests" / "fixtures" / "transcripts" / "make_long.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(out)


def bench_segment(path: Path, embedder: object = True) -> None:
    t0 = time.perf_counter()
    _transcript, items = load_transcript(path)
    t1 = time.perf_counter()
    cands = longform_candidates(Sources(sources=items), None, embedder=embedder)  # type: ignore[arg-type]
    t2 = time.perf_counter()
    words = sum(len(i.text.split()) for i in items)
    print(f"{path.name}: {words} words, {len(items)} turns; ingest+clean {t1 - t0:.2f} s, "
          f"segment {t2 - t1:.2f} s, total {t2 - t0:.2f} s, {len(cands)} topics")
    for c in cands:
        print(f"   {c.score:.2f}  {c.title}")


def bench_asr(tmp: Path) -> None:
    wav = tmp / "clip.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", CLIP_TEXT, "-o", str(wav)], check=True)
    import wave

    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    for model in ("tiny.en", "base"):
        t0 = time.perf_counter()
        recordings._load(model)
        t1 = time.perf_counter()
        segs = recordings._run_model(wav, model, None)
        t2 = time.perf_counter()
        print(f"whisper {model}: clip {seconds:.1f} s, load {t1 - t0:.2f} s, transcribe "
              f"{t2 - t1:.2f} s, real-time factor {(t2 - t1) / seconds:.3f}, "
              f"{sum(len(s.text.split()) for s in segs)} words")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        _make_long(tmp)
        bench_segment(tmp / "long-chapters.md")
        bench_segment(tmp / "long-whisper.txt")
        bench_segment(tmp / "long-whisper.txt", embedder=None)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory after segmenting: {peak:.0f} MB")
        bench_asr(tmp)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory overall: {peak:.0f} MB")


if __name__ == "__main__":
    main()
