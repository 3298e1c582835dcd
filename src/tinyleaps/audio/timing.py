"""Timing that follows the talk: the silence before each turn, chosen by what happens.

A quick answer after a question, a quick reaction, a beat after a surprising number (a
figure at the end of the turn, or a comparison), a breath before a sum-up, and between
stories a longer pause around the sting. What a turn does comes from
:func:`tinyleaps.voice.delivery.turn_acts` (``Turn.act``, or read from the text).

Every gap varies a little (a fixed pseudo-random share of up to ±15 %, derived from the
turn, so the same script always sounds the same) and no gap repeats the one before it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..artifacts import Script
from ..voice.delivery import ends_on_figure, turn_acts

LEAD_IN = 0.4  # silence before the first word (no music)
#: base seconds of silence before a turn, by what happens
GAPS = {
    "answer": 0.16,  # the answer to a question comes quickly
    "reaction": 0.2,  # a short reaction, or a turn right after one
    "push_back": 0.22,  # pushing back jumps in
    "same_speaker": 0.3,
    "turn": 0.38,  # an ordinary hand-over between the hosts
    "sum_up": 0.5,  # a breath before where the discussion landed
    "beat": 0.65,  # a beat after a surprising number
    "story": 0.6,  # between stories: before the sting (STORY_AFTER follows it)
}
STORY_AFTER = 0.35  # silence between the sting's end and the next story's first word
VARIATION = 0.15  # each gap varies by up to this share of its base
MIN_CHANGE = 0.03  # seconds by which a gap differs at least from the one before
REACTION_WORDS = 4


@dataclass(frozen=True)
class Gap:
    """The silence before a turn and why (``kind`` is a key of :data:`GAPS`, or "start")."""

    seconds: float
    kind: str


def gap_kind(script: Script, acts: list[str], index: int) -> str:
    """Why there is a gap before turn ``index`` (> 0): the first rule that applies."""
    prev, turn = script.turns[index - 1], script.turns[index]
    if prev.segment != turn.segment:
        return "story"
    if acts[index - 1] == "ask":
        return "answer"
    if min(len(prev.text.split()), len(turn.text.split())) <= REACTION_WORDS:
        return "reaction"
    if acts[index] == "push_back":
        return "push_back"
    if acts[index - 1] == "compare" or ends_on_figure(prev.text):
        return "beat"
    if acts[index] == "sum_up":
        return "sum_up"
    return "same_speaker" if prev.speaker == turn.speaker else "turn"


def _variation(script: Script, index: int) -> float:
    """A fixed number in [-1, 1] for turn ``index`` (from its position and words)."""
    turn = script.turns[index]
    digest = hashlib.sha256(f"{index}\0{turn.speaker}\0{turn.text}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 0xFFFFFFFF * 2 - 1


def plan_gaps(script: Script, acts: list[str] | None = None) -> list[Gap]:
    """The gap before every turn of ``script`` (the first is the lead-in)."""
    acts = acts if acts is not None else turn_acts(script)
    gaps = [Gap(LEAD_IN, "start")] if script.turns else []
    for index in range(1, len(script.turns)):
        kind = gap_kind(script, acts, index)
        seconds = GAPS[kind] * (1 + VARIATION * _variation(script, index))
        prev = gaps[-1].seconds
        if abs(seconds - prev) < MIN_CHANGE:  # never the same gap twice in a row
            seconds = prev + MIN_CHANGE if seconds >= prev else prev - MIN_CHANGE
        gaps.append(Gap(round(seconds, 3), kind))
    return gaps
