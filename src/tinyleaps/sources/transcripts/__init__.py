"""Transcripts as sources: parsers for six formats, cleaning, and the source backend."""

from .backend import TranscriptSource, load_transcript, parse_transcript, transcript_items
from .cleaning import clean, clean_text
from .model import (
    UNKNOWN_SPEAKER,
    Transcript,
    TranscriptTurn,
    is_credited_speaker,
)
from .parsers import detect_format, looks_like_reddit, parse

__all__ = [
    "UNKNOWN_SPEAKER",
    "Transcript",
    "TranscriptTurn",
    "TranscriptSource",
    "clean",
    "clean_text",
    "detect_format",
    "is_credited_speaker",
    "load_transcript",
    "looks_like_reddit",
    "parse",
    "parse_transcript",
    "transcript_items",
]
