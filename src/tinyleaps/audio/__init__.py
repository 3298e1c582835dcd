"""The audio stage: mix voiced lines, master the MP3 (loudness, ID3 chapters), write the
transcripts and chapters files."""

from .master import Id3Meta, Mp3Chapter, master, read_chapters
from .mix import Timeline, mix
from .render import AudioResult, render_audio
from .transcripts import (
    TranscriptDoc,
    get_writer,
    parse_chapters,
    parse_srt,
    parse_transcript,
    parse_vtt,
    write_all,
)
from .types import Chapter, Cue, TurnCue

__all__ = [
    "AudioResult",
    "Chapter",
    "Cue",
    "Id3Meta",
    "Mp3Chapter",
    "Timeline",
    "TranscriptDoc",
    "TurnCue",
    "get_writer",
    "master",
    "mix",
    "parse_chapters",
    "parse_srt",
    "parse_transcript",
    "parse_vtt",
    "read_chapters",
    "render_audio",
    "write_all",
]
