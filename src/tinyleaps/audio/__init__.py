"""The audio stage: mix voiced lines, master the MP3 (loudness, ID3 chapters), write the
caption files (through :mod:`tinyleaps.captions`)."""

from .master import Id3Meta, Mp3Chapter, master, read_chapters
from .mix import Timeline, mix
from .produce import AudioResult, render_audio

__all__ = [
    "AudioResult",
    "Id3Meta",
    "Mp3Chapter",
    "Timeline",
    "master",
    "mix",
    "read_chapters",
    "render_audio",
]
