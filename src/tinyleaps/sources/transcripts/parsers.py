"""Transcript parsers. The format is detected from the content, never the extension.

Formats: whisper.cpp console output, Descript/Substack-style Markdown, WebVTT, SubRip,
Podcasting 2.0 JSON, and plain ``NAME: text`` scripts (our own ``script.txt``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ...captions.subtitles import is_timing, lenient_cues, speaker_label, strip_tags, voice
from ...captions.timing import TIME as _TIME
from ...captions.timing import parse_timestamp
from ..sniff import split_front_matter
from .model import UNKNOWN_SPEAKER, Transcript, TranscriptTurn

_WHISPER_LINE = re.compile(rf"^\[({_TIME})\s*-->\s*({_TIME})\]\s?(.*)$")
_MD_PARA = re.compile(rf"^\[({_TIME})\]\s*\*\*(.+?):?\*\*:?\s*(.*)$", re.DOTALL)
_MD_SPEAKER_ONLY = re.compile(r"^\*\*(.+?):?\*\*:?\s*(.*)$", re.DOTALL)
_MD_HEADING = re.compile(rf"^#{{1,6}}\s+(?:\[({_TIME})\]\s*)?(.*)$")
_SCRIPT_LINE = re.compile(r"^([A-Za-z][\w .'&-]{0,40}?):\s+(\S.*)$")


def looks_like_reddit(data: Any) -> bool:
    """JSON that starts like a Reddit Listing belongs to the Reddit backend."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        data = data[0]
    return isinstance(data, dict) and data.get("kind") in ("Listing", "t3", "t1")


def detect_format(text: str) -> str | None:
    """Name of the transcript format of ``text``, or None when it is not one."""
    body = text.lstrip("\ufeff").lstrip()
    if not body:
        return None
    if body.startswith("WEBVTT"):
        return "vtt"
    if body[0] in "[{" and _json_transcript(body) is not None:
        return "json"
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if _share(lines, _WHISPER_LINE.match) >= 0.5:
        return "whisper"
    if len(lines) > 1 and lines[0].isdigit() and is_timing(lines[1]):
        return "srt"
    _meta, md_body = split_front_matter(body)
    if any(_MD_PARA.match(p.strip()) for p in re.split(r"\n\s*\n", md_body)[:40]):
        return "markdown"
    if sum(1 for ln in lines[:200] if _SCRIPT_LINE.match(ln)) >= 2 and (
        _share(lines[:200], _SCRIPT_LINE.match) >= 0.6
    ):
        return "script"
    return None


def _share(lines: list[str], match: Callable[[str], Any]) -> float:
    return sum(1 for ln in lines if match(ln)) / len(lines) if lines else 0.0


def _json_transcript(body: str) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        return None
    if looks_like_reddit(data) or not isinstance(data, dict):
        return None
    segs = data.get("segments")
    if isinstance(segs, list) and all(isinstance(s, dict) and "body" in s for s in segs):
        return data
    return None


def parse(text: str) -> Transcript:
    """Parse ``text`` in whatever transcript format it is. ValueError when none."""
    fmt = detect_format(text)
    if fmt is None:
        raise ValueError("not a recognized transcript format")
    body = text.lstrip("\ufeff")
    return _PARSERS[fmt](body)


# --------------------------------------------------------------------------- formats


def parse_whisper(text: str) -> Transcript:
    """whisper.cpp console lines; ``>>`` marks a change of speaker (Speaker 1/2)."""
    uses_marks = ">>" in text
    speaker_no = 1
    turns: list[TranscriptTurn] = []
    for line in text.splitlines():
        m = _WHISPER_LINE.match(line.strip())
        if not m:
            continue
        start, end, words = parse_timestamp(m[1]), parse_timestamp(m[2]), m[3].strip()
        pieces = words.split(">>")
        for i, piece in enumerate(pieces):
            if i > 0:
                speaker_no = 3 - speaker_no
            who = f"Speaker {speaker_no}" if uses_marks else UNKNOWN_SPEAKER
            if piece.strip():
                turns.append(TranscriptTurn(who, piece.strip(), start, end))
    return Transcript("whisper", turns, merge_words=90)


def parse_markdown(text: str) -> Transcript:
    """``[00:21:17] **Full Name:** text`` paragraphs; ``## [00:21:17] Title`` chapters."""
    meta, body = split_front_matter(text)
    title, chapter = str(meta.get("title", "")), ""
    turns: list[TranscriptTurn] = []
    for para in re.split(r"\n\s*\n", body):
        para = para.strip()
        if not para:
            continue
        heading = _MD_HEADING.match(para)
        if heading and "\n" not in para:
            if heading[1] is None and para.startswith("# "):
                title = title or heading[2].strip()
            else:
                chapter = heading[2].strip()
            continue
        m = _MD_PARA.match(para)
        if m:
            turns.append(
                TranscriptTurn(m[2].strip(), m[3].strip(), parse_timestamp(m[1]), None, chapter)
            )
        elif (sm := _MD_SPEAKER_ONLY.match(para)) is not None:
            start = turns[-1].end if turns else None
            turns.append(TranscriptTurn(sm[1].strip(), sm[2].strip(), start, None, chapter))
        elif turns:  # an unlabelled paragraph continues the previous speaker
            turns.append(TranscriptTurn(turns[-1].speaker, para, turns[-1].start, None, chapter))
    _fill_ends(turns)
    return Transcript(
        "markdown", turns, title, _date_str(meta.get("date")), {k: str(v) for k, v in meta.items()}
    )


def parse_vtt(text: str) -> Transcript:
    """WebVTT cues; ``<v Name>`` voice tags name the speaker."""
    turns: list[TranscriptTurn] = []
    speaker = UNKNOWN_SPEAKER
    for start, end, body in lenient_cues(text):
        speaker = voice(body) or speaker
        turns.append(TranscriptTurn(speaker, strip_tags(body).replace("\n", " "), start, end))
    return Transcript("vtt", turns, _vtt_title(text), merge_words=160)


def _vtt_title(text: str) -> str:
    """The text after ``WEBVTT`` on the header line (``WEBVTT - Open Weights, ep. 12``),
    which the WebVTT spec allows as a free-form header; '' when there is none."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return header[len("WEBVTT"):].strip(" \t-:\u2013\u2014") if header.startswith("WEBVTT") else ""


def parse_srt(text: str) -> Transcript:
    """SubRip cues; a leading ``Name:`` in a cue changes the speaker."""
    turns: list[TranscriptTurn] = []
    speaker = UNKNOWN_SPEAKER
    for start, end, body in lenient_cues(text):
        label, body = speaker_label(strip_tags(body).replace("\n", " ").strip())
        speaker = label or speaker
        turns.append(TranscriptTurn(speaker, body, start, end))
    return Transcript("srt", turns, merge_words=160)


def parse_json(text: str) -> Transcript:
    """Podcasting 2.0 JSON: ``{"segments": [{"speaker","startTime","endTime","body"}]}``."""
    data = _json_transcript(text.strip()) or {}
    turns = [
        TranscriptTurn(
            str(s.get("speaker") or UNKNOWN_SPEAKER),
            str(s.get("body", "")),
            _num(s.get("startTime")),
            _num(s.get("endTime")),
        )
        for s in data.get("segments", [])
    ]
    return Transcript("json", turns, merge_words=160)


def parse_script(text: str) -> Transcript:
    """Plain ``NAME: text`` lines (our own script.txt); other lines continue a turn."""
    meta, body = split_front_matter(text)
    turns: list[TranscriptTurn] = []
    for line in body.splitlines():
        line = line.strip()
        m = _SCRIPT_LINE.match(line)
        if m:
            turns.append(TranscriptTurn(m[1].strip(), m[2].strip()))
        elif line and turns and not line.startswith("#"):
            turns[-1].text += " " + line
    return Transcript("script", turns, str(meta.get("title", "")), _date_str(meta.get("date")))


_PARSERS: dict[str, Callable[[str], Transcript]] = {
    "whisper": parse_whisper,
    "markdown": parse_markdown,
    "vtt": parse_vtt,
    "srt": parse_srt,
    "json": parse_json,
    "script": parse_script,
}


# --------------------------------------------------------------------------- helpers


def merge_fragments(frags: list[TranscriptTurn], max_words: int = 160) -> list[TranscriptTurn]:
    """Join consecutive fragments of one speaker (subtitle cues, word-level JSON) into
    turns; a turn closes at a sentence end once it holds ``max_words`` words."""
    turns: list[TranscriptTurn] = []
    for f in frags:
        prev = turns[-1] if turns else None
        if (
            prev is not None
            and prev.speaker == f.speaker
            and prev.chapter == f.chapter
            and (len(prev.text.split()) < max_words or not _ends_sentence(prev.text))
        ):
            prev.text = f"{prev.text} {f.text}".strip()
            prev.end = f.end if f.end is not None else prev.end
        else:
            turns.append(TranscriptTurn(f.speaker, f.text, f.start, f.end, f.chapter))
    return turns


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…", '"', "”"))


def _fill_ends(turns: list[TranscriptTurn]) -> None:
    for a, b in zip(turns, turns[1:], strict=False):
        if a.end is None and b.start is not None:
            a.end = b.start


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date_str(value: Any) -> str:
    if value is None or value == "":
        return ""
    iso = getattr(value, "isoformat", None)
    return str(iso() if iso else value)
