"""The audio rows of ``tinyleaps check``: duration, loudness, true peak, chapters,
transcript consistency and intelligibility (Whisper word error rate)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..artifacts import Script
from ..audio import ffmpeg
from ..audio.intelligibility import measure_intelligibility
from ..audio.master import read_chapters
from ..captions import Cue, parse_chapters, parse_transcript
from ..errors import ArtifactError, BackendUnavailable, TinyLeapsError
from ..voice.model_names import name_tokens
from ..voice.speech_text import to_speech, written_form
from .problems import CheckRow

LUFS_TARGET, LUFS_TOLERANCE = -16.0, 1.0
MAX_TRUE_PEAK = -1.0
DURATION_TOLERANCE = 1.0
CHAPTER_TOLERANCE = 0.1
MAX_WER = 0.10
NAME_TARGET = 0.05  # reported, not enforced: Whisper tiny.en guesses unusual handles
TRANSCRIPTS = ("transcript.vtt", "transcript.srt", "transcript.json")
ROW_NAMES = ("audio duration", "loudness", "true peak", "mp3 chapters", "transcripts",
             "intelligibility")


def check_audio(episode_dir: Path, *, wer: bool = True) -> list[CheckRow]:
    """Check ``episode_dir``'s audio files; one row per rule (skips when no MP3)."""
    d = Path(episode_dir)
    mp3 = d / "episode.mp3"
    if not mp3.is_file():
        return [CheckRow(n, "skip", f"no episode.mp3 in {d}") for n in ROW_NAMES]
    try:
        header = ffmpeg.duration(mp3)
        duration = ffmpeg.decoded_duration(mp3)
        loud = ffmpeg.measure_loudness(mp3)
    except TinyLeapsError as exc:
        return [CheckRow(ROW_NAMES[0], "fail", str(exc))] + [
            CheckRow(n, "skip", "episode.mp3 is unreadable") for n in ROW_NAMES[1:]]
    if abs(header - duration) > DURATION_TOLERANCE:
        rows = [CheckRow("audio duration", "fail", f"episode.mp3 decodes to {duration:.2f} s "
                         f"but its header says {header:.2f} s (cut short?)")]
    else:
        rows = [_guard("audio duration", lambda: _duration_row(d, duration))]
    rows += _loudness_rows(loud)
    rows.append(_guard("mp3 chapters", lambda: _chapters_row(d, mp3)))
    rows.append(_guard("transcripts", lambda: _transcripts_row(d, duration)))
    if wer:
        rows.append(_guard("intelligibility", lambda: _intelligibility_row(d, mp3)))
    else:
        rows.append(CheckRow("intelligibility", "skip", "word error rate not measured (--no-wer)"))
    return rows


def _guard(name: str, rule: Callable[[], CheckRow]) -> CheckRow:
    """Run a rule; an error reading a file is a failed row, not a crash."""
    try:
        return rule()
    except TinyLeapsError as exc:
        return CheckRow(name, "fail", str(exc))


def _row(name: str, ok: bool, detail: str) -> CheckRow:
    return CheckRow(name, "pass" if ok else "fail", detail)


def _last_cue_end(d: Path) -> tuple[float, str] | None:
    for name in TRANSCRIPTS:
        if (d / name).is_file():
            cues = parse_transcript(d / name)
            return (max((c.end for c in cues), default=0.0), name)
    return None


def _duration_row(d: Path, duration: float) -> CheckRow:
    last = _last_cue_end(d)
    if last is None:
        return CheckRow("audio duration", "fail", f"MP3 {duration:.2f} s, but no transcript in {d}")
    end, name = last
    diff = abs(duration - end)
    return _row("audio duration", diff <= DURATION_TOLERANCE,
                f"MP3 {duration:.2f} s, {name} last cue ends {end:.2f} s (off by {diff:.2f} s, "
                f"limit {DURATION_TOLERANCE:.0f} s)")


def _loudness_rows(loud: ffmpeg.Loudness) -> list[CheckRow]:
    ok = abs(loud.integrated - LUFS_TARGET) <= LUFS_TOLERANCE
    return [
        _row("loudness", ok, f"{loud.integrated:.1f} LUFS integrated (target "
             f"{LUFS_TARGET:.0f} ± {LUFS_TOLERANCE:.0f}), LRA {loud.lra:.1f} LU"),
        _row("true peak", loud.true_peak <= MAX_TRUE_PEAK,
             f"{loud.true_peak:.1f} dBTP (limit {MAX_TRUE_PEAK:.0f} dBTP)"),
    ]


def _chapters_row(d: Path, mp3: Path) -> CheckRow:
    path = d / "chapters.json"
    if not path.is_file():
        return CheckRow("mp3 chapters", "fail", f"{path} is missing")
    want = parse_chapters(path)
    got = read_chapters(mp3)
    if len(got) != len(want):
        return CheckRow("mp3 chapters", "fail",
                        f"MP3 has {len(got)} chapters, chapters.json has {len(want)}")
    for i, (g, w) in enumerate(zip(got, want, strict=True), 1):
        if g.title != w.title:
            return CheckRow("mp3 chapters", "fail",
                            f"chapter {i}: MP3 title {g.title!r} != chapters.json {w.title!r}")
        if abs(g.start - w.start) > CHAPTER_TOLERANCE:
            return CheckRow("mp3 chapters", "fail", f"chapter {i} ({w.title!r}): MP3 starts "
                            f"{g.start:.2f} s, chapters.json {w.start:.2f} s")
    return CheckRow("mp3 chapters", "pass",
                    f"{len(want)} chapters (CTOC + CHAP) match chapters.json")


def cue_problem(cues: list[Cue], duration: float) -> str | None:
    """Why ``cues`` are not a usable transcript of ``duration`` seconds (None if they are)."""
    if not cues:
        return "has no cues"
    prev = 0.0
    for i, c in enumerate(cues, 1):
        if c.end < c.start:
            return f"cue {i} ends ({c.end:.3f}) before it starts ({c.start:.3f})"
        if c.start < prev - 0.001:
            return f"cue {i} starts at {c.start:.3f} s, before cue {i - 1} ({prev:.3f} s)"
        if c.end > duration + 0.05:
            return f"cue {i} ends at {c.end:.3f} s, after the audio ends ({duration:.3f} s)"
        prev = c.start
    return None


def _transcripts_row(d: Path, duration: float) -> CheckRow:
    parsed: dict[str, list[Cue]] = {}
    for name in TRANSCRIPTS:
        if not (d / name).is_file():
            return CheckRow("transcripts", "fail", f"{d / name} is missing")
        parsed[name] = parse_transcript(d / name)
        problem = cue_problem(parsed[name], duration)
        if problem:
            return CheckRow("transcripts", "fail", f"{name}: {problem}")
    vtt = parsed["transcript.vtt"]
    for name, cues in parsed.items():
        if len(cues) != len(vtt):
            return CheckRow("transcripts", "fail",
                            f"{name} has {len(cues)} cues, transcript.vtt has {len(vtt)}")
        for i, (a, b) in enumerate(zip(cues, vtt, strict=True), 1):
            if abs(a.start - b.start) > 0.01 or a.speaker != b.speaker:
                return CheckRow("transcripts", "fail",
                                f"{name} cue {i} differs from transcript.vtt "
                                f"({a.speaker} {a.start:.3f} s vs {b.speaker} {b.start:.3f} s)")
    return CheckRow("transcripts", "pass",
                    f"{len(vtt)} cues, monotonic, within {duration:.1f} s, vtt/srt/json agree")


@dataclass(frozen=True)
class Reference:
    """What the episode should say (as the voices were told to say it), the names and
    model ids in it (said the same way), and the backchannels mixed in by the listener."""

    text: str
    names: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


def _said(text: str) -> str:
    return written_form(to_speech(text))


def reference(d: Path) -> Reference:
    """script.json's turns as the voices were told to say them (handles, model names and
    units spelled out by the speech-text rules, respellings such as "lahma" turned back
    into the written word), else transcript.json's bodies; the names are the hosts, the
    show and every :func:`name_tokens` of the turns; the extras are transcript.json's
    ``backchannels``."""
    extras, bodies = _transcript_parts(d / "transcript.json")
    try:
        script = Script.load(d / "script.json")
    except ArtifactError:
        return Reference(" ".join(bodies), extras=extras)
    names = {*script.host_names(), script.show}
    names.update(tok for t in script.turns for tok in name_tokens(t.text))
    return Reference(" ".join(_said(t.text) for t in script.turns),
                     sorted(_said(n) for n in names), extras)


def reference_text(d: Path) -> str:
    return reference(d).text


def _transcript_parts(path: Path) -> tuple[list[str], list[str]]:
    """transcript.json's backchannel words and segment bodies (both empty if unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    if not isinstance(data, dict):
        return [], []
    def bodies(key: str) -> list[str]:
        items = data.get(key)
        return [str(x.get("body", "")) for x in items if isinstance(x, dict)] \
            if isinstance(items, list) else []
    return bodies("backchannels"), bodies("segments")


def _intelligibility_row(d: Path, mp3: Path) -> CheckRow:
    ref = reference(d)
    try:
        m = measure_intelligibility(mp3, ref.text, ref.names, ref.extras)
    except BackendUnavailable as exc:
        return CheckRow("intelligibility", "skip", str(exc))
    s = m.score
    extra = (f"; {s.forgiven} words of the listener's backchannels heard, not counted"
             if s.forgiven else "")
    return _row("intelligibility", s.wer < MAX_WER,
                f"word error rate {s.wer:.1%} over {s.words} words; names and model ids "
                f"{s.name_wer:.1%} over {s.name_words} words (target {NAME_TARGET:.0%})"
                f"{extra} (Whisper tiny.en; limit {MAX_WER:.0%})")
