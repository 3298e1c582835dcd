"""The episode's caption files: transcript.vtt/.srt/.json/.md and chapters.json, written
(a dict of small classes, like whisper's ``get_writer``) and read back (for ``tinyleaps
check``).

Display cues come from the turns' real audio times: a long turn is wrapped into lines of
at most ``MAX_LINE`` characters, two lines per cue, and each cue gets a share of the
turn's time proportional to its words. ``transcript.json`` adds two fields the
Podcasting 2.0 format allows: each segment's ``cites`` (the ids of the sources in
``script.json`` its turn rests on) and a top-level ``backchannels`` list (the listening
host's "right"s, kept out of the segments' text).
"""

from __future__ import annotations

import html
import re
import textwrap
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..errors import SourceError
from ..fsutil import atomic_write_json, atomic_write_text, read_json, read_text
from .records import Backchannel, Chapter, Cue, TurnCue
from .subtitles import blocks, render_srt, render_vtt, speaker_label, strip_tags, timing, voice
from .timing import hms

MAX_LINE = 65
MAX_LINES = 2


@dataclass
class TranscriptDoc:
    """Everything the transcript writers need: turns (for markdown), display cues (for
    VTT/SRT/JSON) and chapters (for chapters.json and markdown headings)."""

    turns: list[TurnCue] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    backchannels: list[Backchannel] = field(default_factory=list)

    @classmethod
    def from_turns(cls, turns: list[TurnCue], chapters: list[Chapter],
                   backchannels: list[Backchannel] | None = None) -> TranscriptDoc:
        cues = [c for t in turns for c in split_turn(t)]
        return cls(turns=list(turns), chapters=list(chapters), cues=cues,
                   backchannels=list(backchannels or []))


# ------------------------------------------------------------------- cue splitting


def wrap_lines(text: str, width: int = MAX_LINE) -> list[str]:
    """``text`` as lines of at most ``width`` characters (a longer word stays whole)."""
    return textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False,
                         break_on_hyphens=False)


def split_turn(turn: TurnCue) -> list[Cue]:
    """One turn as display cues of at most MAX_LINES lines; times split by word count."""
    lines = wrap_lines(turn.text)
    if not lines:
        return []
    chunks = ["\n".join(lines[i:i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)]
    words = [len(c.split()) for c in chunks]
    total = sum(words)
    span = turn.end - turn.start
    cues, done = [], 0
    for chunk, n in zip(chunks, words, strict=True):
        start = turn.start + span * done / total
        done += n
        end = turn.end if done == total else turn.start + span * done / total
        cues.append(Cue(round(start, 3), round(end, 3), turn.speaker, chunk, turn.cites))
    return cues


# ------------------------------------------------------------------- writers


class Writer(ABC):
    """Writes one file of the episode folder from a :class:`TranscriptDoc`."""

    filename: ClassVar[str]

    def __call__(self, doc: TranscriptDoc, out_dir: Path) -> Path:
        return self.write(doc, Path(out_dir) / self.filename)

    @abstractmethod
    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        """Write ``doc`` to ``path`` atomically and return the path."""


class VttWriter(Writer):
    filename = "transcript.vtt"

    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        return atomic_write_text(path, render_vtt(doc.cues))


class SrtWriter(Writer):
    filename = "transcript.srt"

    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        return atomic_write_text(path, render_srt(doc.cues))


class JsonTranscriptWriter(Writer):
    filename = "transcript.json"

    def data(self, cues: list[Cue],
             backchannels: list[Backchannel] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"version": "1.0.0", "segments": [
            {"speaker": c.speaker, "startTime": round(c.start, 3), "endTime": round(c.end, 3),
             "body": " ".join(c.text.split()), **({"cites": list(c.cites)} if c.cites else {})}
            for c in cues]}
        if backchannels:
            out["backchannels"] = [
                {"speaker": b.speaker, "startTime": b.start, "endTime": b.end, "body": b.text}
                for b in backchannels]
        return out

    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        return atomic_write_json(path, self.data(doc.cues, doc.backchannels))


class MarkdownWriter(Writer):
    filename = "transcript.md"

    def render(self, doc: TranscriptDoc) -> str:
        titles = {ch.segment: ch for ch in doc.chapters}
        out: list[str] = []
        current = None
        for t in doc.turns:
            if t.segment != current:
                current = t.segment
                ch = titles.get(t.segment)
                title = ch.title if ch else t.segment
                start = ch.start if ch else t.start
                out.append(f"## [{hms(start)}] {_md_escape(title)}")
            out.append(f"[{hms(t.start)}] **{_md_escape(t.speaker)}:** "
                       f"{_md_escape(' '.join(t.text.split()))}")
        return "\n\n".join(out) + "\n"

    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        return atomic_write_text(path, self.render(doc))


def _md_escape(text: str) -> str:
    """Keep untrusted text from turning into HTML or emphasis in rendered markdown."""
    text = html.escape(text, quote=False)
    return re.sub(r"([*_`\[\]])", r"\\\1", text)


class ChaptersWriter(Writer):
    filename = "chapters.json"

    def data(self, chapters: list[Chapter]) -> dict[str, Any]:
        items = []
        for ch in chapters:
            item: dict[str, Any] = {"startTime": round(ch.start, 3), "title": ch.title}
            if ch.url:
                item["url"] = ch.url
            items.append(item)
        return {"version": "1.2.0", "chapters": items}

    def write(self, doc: TranscriptDoc, path: Path) -> Path:
        return atomic_write_json(path, self.data(doc.chapters))


WRITERS: dict[str, type[Writer]] = {
    "vtt": VttWriter,
    "srt": SrtWriter,
    "json": JsonTranscriptWriter,
    "md": MarkdownWriter,
    "chapters": ChaptersWriter,
}


def get_writer(name: str) -> Writer:
    """A writer by format name (``vtt``, ``srt``, ``json``, ``md``, ``chapters``)."""
    try:
        return WRITERS[name]()
    except KeyError:
        raise ValueError(f"unknown transcript format {name!r}; one of {sorted(WRITERS)}") from None


def write_all(doc: TranscriptDoc, out_dir: Path) -> list[Path]:
    """Write every transcript file and chapters.json into ``out_dir``."""
    return [cls()(doc, out_dir) for cls in WRITERS.values()]


# ------------------------------------------------------------------- parsers


def _timing(line: str, path: Path) -> tuple[float, float]:
    try:
        return timing(line)
    except ValueError as exc:
        raise SourceError(f"{path}: {exc} in cue timing {line.strip()!r}") from exc


def parse_vtt(path: Path) -> list[Cue]:
    """Cues of a WebVTT file; the speaker comes from ``<v Name>`` tags."""
    text = read_text(path, SourceError, encoding="utf-8-sig")
    if not text.lstrip().startswith("WEBVTT"):
        raise SourceError(f"{path}: not a WebVTT file (no WEBVTT header)")
    cues = []
    for block in blocks(text)[1:]:
        at = next((i for i, ln in enumerate(block) if "-->" in ln), None)
        if at is None:  # NOTE, STYLE, REGION blocks
            continue
        start, end = _timing(block[at], path)
        payload = "\n".join(block[at + 1:])
        body = html.unescape(strip_tags(payload)).strip()
        cues.append(Cue(start, end, voice(payload) or "", body))
    return cues


def parse_srt(path: Path) -> list[Cue]:
    """Cues of a SubRip file. A leading ``Name: `` names the speaker; cues without one
    continue the previous speaker."""
    cues: list[Cue] = []
    speaker = ""
    for block in blocks(read_text(path, SourceError, encoding="utf-8-sig")):
        at = next((i for i, ln in enumerate(block) if "-->" in ln), None)
        if at is None:
            raise SourceError(f"{path}: SubRip block without a timing line: {block[0][:40]!r}")
        start, end = _timing(block[at], path)
        body = "\n".join(block[at + 1:]).strip()
        label, body = speaker_label(body)
        speaker = label or speaker
        cues.append(Cue(start, end, speaker, html.unescape(strip_tags(body)).strip()))
    return cues


def parse_json_transcript(path: Path) -> list[Cue]:
    """Cues of a Podcasting 2.0 JSON transcript (``{"segments": [...]}``)."""
    data = read_json(path, SourceError, encoding="utf-8-sig")
    segs = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segs, list):
        raise SourceError(f"{path}: not a Podcasting 2.0 transcript (no 'segments' list)")
    try:
        return [Cue(float(s["startTime"]), float(s["endTime"]), str(s.get("speaker", "")),
                    str(s.get("body", "")), _cites(s.get("cites"))) for s in segs]
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"{path}: transcript segment without startTime/endTime ({exc})") from exc


def _cites(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def parse_chapters(path: Path) -> list[Chapter]:
    """Chapters of a Podcasting 2.0 chapters file; ``end`` is the next chapter's start
    (or its own ``endTime``, else its start for the last one)."""
    data = read_json(path, SourceError, encoding="utf-8-sig")
    items = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SourceError(f"{path}: not a Podcasting 2.0 chapters file (no 'chapters' list)")
    try:
        starts = [float(c["startTime"]) for c in items]
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"{path}: chapter without a numeric startTime ({exc})") from exc
    out = []
    for i, (c, start) in enumerate(zip(items, starts, strict=True)):
        end = float(c.get("endTime", starts[i + 1] if i + 1 < len(starts) else start))
        out.append(Chapter(start, end, str(c.get("title", "")), str(c.get("url", ""))))
    return out


PARSERS = {".vtt": parse_vtt, ".srt": parse_srt, ".json": parse_json_transcript}


def parse_transcript(path: Path) -> list[Cue]:
    """Parse a transcript file by extension (.vtt, .srt, .json)."""
    parser = PARSERS.get(Path(path).suffix.lower())
    if parser is None:
        raise SourceError(f"{path}: not a transcript file (expected .vtt, .srt or .json)")
    return parser(path)
