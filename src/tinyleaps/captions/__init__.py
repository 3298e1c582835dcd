"""Captions: timestamps, WebVTT and SubRip, and the episode's caption files.

One home for every timed text the project reads or writes. Ingest reads any caption
file it is given (``sources/transcripts``); the audio stage writes the episode's
transcript.vtt/.srt/.json/.md and chapters.json; ``tinyleaps check`` reads them back.

* :mod:`.timing`: ``[HH:]MM:SS[.mmm]`` read and written;
* :mod:`.subtitles`: WebVTT/SubRip cue blocks, voices and labels, rendering;
* :mod:`.records`: the timed records (a turn's place in the episode, a chapter, a cue);
* :mod:`.files`: the episode's caption files, written and read back.
"""

from .files import (
    TranscriptDoc,
    get_writer,
    parse_chapters,
    parse_srt,
    parse_transcript,
    parse_vtt,
    write_all,
)
from .records import Backchannel, Chapter, Cue, TurnCue
from .timing import clock, hms, parse_timestamp

__all__ = [
    "Backchannel",
    "Chapter",
    "Cue",
    "TranscriptDoc",
    "TurnCue",
    "clock",
    "get_writer",
    "hms",
    "parse_chapters",
    "parse_srt",
    "parse_timestamp",
    "parse_transcript",
    "parse_vtt",
    "write_all",
]
