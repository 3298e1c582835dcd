"""Sentence splitting: one home for the rules, from the plainest to the most careful.

* :func:`split_at_stops`: after every ``.``/``!``/``?``/``…`` and white space — for
  counting sentences and comparing them (a host's line, a transcript turn);
* :func:`split_sentences`: prose, where a sentence ends at end punctuation (and any
  closing quote or bracket) before a capital, a digit, ``@``, ``$`` or an opening quote,
  so "3.5 GB" or "e.g. this" never split;
* :func:`paragraph_sentences`: the same within paragraphs, where a blank line or a
  bulleted line also ends a sentence (a Reddit post);
* :func:`spoken_sentences`: speech, where a lower-case filler ("so", "yeah", "you know")
  may start the next sentence too (a transcript);
* :func:`last_sentence`: a turn's last sentence (the voice's pacing).
"""

from __future__ import annotations

import re

_AT_STOPS = re.compile(r"(?<=[.!?…])\s+")
_PROSE = re.compile(r"(?<=[.!?…])([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9@$])")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-*•]\s)")
_SPOKEN = re.compile(
    r"(?<=[.!?…])\s+(?=[A-Z0-9\"'(]|(?:um|uh|so|yeah|okay|right|well|and|but|i mean|you know|"
    r"honestly|like)\b)", re.IGNORECASE)
_TURN_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


def split_at_stops(text: str) -> list[str]:
    """``text`` cut after each end mark followed by white space (as :func:`re.split`
    does: a trailing space leaves an empty last part)."""
    return _AT_STOPS.split(text)


def split_sentences(text: str, keep_closers: bool = False) -> list[str]:
    """Sentences of prose, whitespace collapsed and trimmed (see the module docstring).
    A closing quote or bracket after the end mark is dropped unless ``keep_closers``
    (the reporter and the planner's excerpts were tuned, and their goldens recorded,
    without it)."""
    parts = _PROSE.split(" ".join(text.split()))
    closers = [*parts[1::2], ""] if keep_closers else [""] * (len(parts) // 2 + 1)
    whole = [s + c for s, c in zip(parts[::2], closers, strict=True)]
    return [s.strip() for s in whole if s.strip()]


def paragraph_sentences(text: str) -> list[str]:
    """Sentences of a post: :func:`split_sentences` within each paragraph and list item."""
    parts: list[str] = []
    for para in _PARAGRAPH.split(text):
        parts.extend(split_sentences(para))
    return parts


def spoken_sentences(text: str) -> list[str]:
    """Sentences of speech: a new one may also start with a lower-case filler."""
    return [s for s in _SPOKEN.split(text) if s.strip()]


def last_sentence(text: str) -> str:
    """The last sentence of a turn ('' for an empty one)."""
    parts = [p for p in _TURN_END.split(" ".join(text.split())) if p.strip()]
    return parts[-1] if parts else ""
