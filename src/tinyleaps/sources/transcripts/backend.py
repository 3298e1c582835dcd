"""The transcript source backend: a transcript file -> ``transcript_turn`` items."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from ...artifacts import SourceItem
from ...errors import SourceError
from ...fsutil import read_text
from ...text.names import Names
from ..base import IngestOptions, SourceBackend, read_head
from ..sniff import file_date, looks_like_feed, looks_like_html, split_front_matter
from .cleaning import clean
from .model import Transcript
from .naming import recording_date, recording_name
from .parsers import detect_format, parse

HEAD_BYTES = 65536


def parse_transcript(text: str, where: str, names: Names | None = None) -> Transcript:
    """Parse and clean ``text``; SourceError naming ``where`` when it is not a transcript
    or holds no speech."""
    if not text.strip():
        raise SourceError(f"{where}: transcript is empty")
    try:
        transcript = clean(parse(text), names)
    except ValueError as exc:
        raise SourceError(
            f"{where}: not a recognized transcript format "
            "(expected WebVTT, SRT, Podcasting 2.0 JSON, whisper.cpp output, "
            "a Markdown transcript or NAME: text lines)"
        ) from exc
    if not transcript.turns:
        raise SourceError(f"{where}: transcript holds no spoken text")
    return transcript


def transcript_items(
    transcript: Transcript, digest: str, url: str, created: str, title: str
) -> list[SourceItem]:
    """One ``transcript_turn`` item per turn. ``digest`` is the sha256 of the content."""
    short = digest[:12]
    thread = f"transcript:{short}:0"
    items = []
    for n, turn in enumerate(transcript.turns):
        at = f"#t={int(turn.start)}" if turn.start is not None else ""
        items.append(
            SourceItem(
                id=f"transcript:{short}:{n}",
                kind="transcript_turn",
                author=turn.speaker,
                url=f"{url}{at}",
                title=title,
                text=turn.text,
                created=transcript.date or created,
                thread=thread,
                parent=None if n == 0 else thread,
                extra={
                    "start": turn.start,
                    "end": turn.end,
                    "chapter": turn.chapter,
                    "format": transcript.fmt,
                },
            )
        )
    return items


def load_transcript(
    path: str | Path, options: IngestOptions | None = None
) -> tuple[Transcript, list[SourceItem]]:
    """Read, parse and clean a transcript file; its items, named and dated from their
    content (``naming.py``) or ``options.title``, never from the file name."""
    options = options or IngestOptions()
    p = Path(path)
    text = read_text(p, SourceError, "no such file", "utf-8-sig")
    transcript = parse_transcript(text, str(path), options.names())
    transcript = replace(transcript, date=recording_date(transcript, ""))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = options.title or recording_name(transcript)
    items = transcript_items(transcript, digest, p.resolve().as_uri(), file_date(p), title)
    return transcript, items


TEXT_SUFFIXES = frozenset({".txt", ".vtt", ".srt", ".md"})


def _claims_by_suffix(path: Path, head: str) -> bool:
    """An empty or unrecognized transcript-like file that no other backend reads: claim
    it so that ``ingest`` raises the precise error naming it."""
    if path.suffix.lower() not in TEXT_SUFFIXES or looks_like_html(head) or looks_like_feed(head):
        return False
    return not split_front_matter(head)[0].get("title")


class TranscriptSource(SourceBackend):
    """A transcript file in any supported format (detected from its content)."""

    id: ClassVar[str] = "transcript"
    description: ClassVar[str] = (
        "transcript: WebVTT, SRT, Podcasting 2.0 JSON, whisper.cpp, Markdown, NAME: text"
    )

    @classmethod
    def accepts(cls, spec: str) -> bool:
        p = Path(spec)
        head = read_head(spec, HEAD_BYTES)
        if head is None:
            return False
        if b"\x00" in head[:1024]:  # binary: claim only a transcript-named file, to name it
            return p.suffix.lower() in TEXT_SUFFIXES
        text = head.decode("utf-8", errors="ignore")
        if text.lstrip("\ufeff \r\n\t")[:1] in "[{" and len(head) == HEAD_BYTES:
            text = read_text(p, SourceError, "no such file", "utf-8-sig")  # JSON: the whole
        return detect_format(text) is not None or _claims_by_suffix(p, text)

    def ingest(self, spec: str, options: IngestOptions) -> list[SourceItem]:
        return load_transcript(spec, options)[1]
