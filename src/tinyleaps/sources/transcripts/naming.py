"""What a recording is called and when it was made, from its content, never its file name.

The name comes from the transcript's own metadata (front matter, a Markdown ``#`` title,
the WebVTT header), else from what the host says in the first turns ("welcome to Open
Weights Weekly", "this is The Inference Hour, episode 212"), else from who speaks ("a
conversation with Priya Raman and Marco Bellini"). The date comes from the metadata, else
from a date said in the first turns ("It's Tuesday, August 5th, 2025"), else the caller's
fallback (the file's time).
"""

from __future__ import annotations

import re
from datetime import date

from .model import Transcript, is_credited_speaker

__all__ = ["recording_name", "recording_date"]

OPENING_TURNS = 12
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_NAME_WORD = r"(?:[A-Z][\w'&.-]*|[0-9][\w.]*)"
_JOINER = r"(?:of|the|and|on|for|in|&|a|to)"
_SHOW = re.compile(
    rf"\b(?i:welcome (?:back )?to|this is|you'?re listening to|you are listening to)\s+"
    rf"(?P<name>(?:[Tt]he\s+)?{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_JOINER}(?=\s+[A-Z0-9])))*"
    rf"(?:,?\s+(?:episode|ep\.?|part)\s+\d+)?)")
_DATE = re.compile(
    r"\b(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.IGNORECASE)


def recording_name(transcript: Transcript) -> str:
    """The recording's name (module docstring); '' only for a transcript with no turns."""
    if transcript.title.strip():
        return transcript.title.strip()
    speakers = {t.speaker for t in transcript.turns}
    for turn in transcript.turns[:OPENING_TURNS]:
        for match in _SHOW.finditer(turn.text):
            name = match.group("name").strip(" ,.")
            if _is_show_name(name, speakers):
                return name
    named = list(dict.fromkeys(t.speaker for t in transcript.turns
                               if is_credited_speaker(t.speaker)))[:3]
    if named:
        who = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        return f"A conversation with {who}"
    return "A recorded conversation" if transcript.turns else ""


def _is_show_name(name: str, speakers: set[str]) -> bool:
    """Not a speaker introducing themselves ("this is Priya Raman") and not one word of
    small talk: two words or more, or an episode number."""
    bare = re.sub(r",?\s+(?:episode|ep\.?|part)\s+\d+$", "", name)
    if any(bare.lower() in s.lower() or s.lower() in bare.lower() for s in speakers if s):
        return False
    return len(bare.split()) >= 2 or bare != name


def recording_date(transcript: Transcript, fallback: str) -> str:
    """The recording's date, ISO 8601 (module docstring)."""
    if transcript.date:
        return transcript.date
    year_hint = int(fallback[:4]) if re.match(r"\d{4}", fallback) else date.today().year
    for turn in transcript.turns[:OPENING_TURNS]:
        match = _DATE.search(turn.text)
        if match:
            month = _MONTHS.index(match.group("month").lower()) + 1
            year = int(match.group("year") or year_hint)
            try:
                return date(year, month, int(match.group("day"))).isoformat()
            except ValueError:
                continue
    return fallback
