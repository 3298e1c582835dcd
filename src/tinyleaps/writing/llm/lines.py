"""A story's request and the lines of its reply: each beat's reply key (what it is, so
the model knows as it writes), what the beat rests on as the request shows it, the JSON
schema that holds the reply to exactly those keys, and the touch-ups every model line
gets (the handles' "@", the story's place in the show, its original poster named).
"""

from __future__ import annotations

import re
from typing import Any

from .. import beats as B
from ..reported import report


def reply_key(index: int, beat: B.Beat) -> str:
    """The reply key of a beat: what it is, so the model knows as it writes."""
    who = beat.facts[0].credit if beat.facts and beat.facts[0].credit else "a commenter"
    verb = {
        B.OPEN: "opens", B.ASK: "asks", B.SUM_UP: "sums up", B.WELCOME: "welcomes",
        B.PREVIEW: "previews", B.THANKS: "thanks", B.SIGN_OFF: "signs off",
        B.PUSH_BACK: f"tells {who}'s pushback", B.COMPARE: f"compares {who}'s figure",
    }.get(beat.act, f"tells {who}'s {'joke' if 'humour' in _features(beat) else 'point'}")
    return f"{index} {beat.speaker} {verb}"


_LEAD_WORDS = re.compile(r"^(?:first(?: up)?|to start|next(?: up)?|finally|and finally|"
                         r"last(?: up)?|now|then|let's start with|moving on(?: to)?|today|"
                         r"tonight|so|well|okay|ok)[:,]?\s+",
                         re.IGNORECASE)
_LEADS = {"first": "First up:", "next": "Next:", "last": "And finally,"}


def led(line: str, beat: B.Beat, position: str) -> str:
    """A story's open starts with where it is in the show ("First up:", "Next:", "And
    finally,"), whatever the model put there."""
    if beat.act != B.OPEN or not line or position not in _LEADS:
        return line
    rest = line
    while _LEAD_WORDS.match(rest):  # "First up: Today, ..." -> "..."
        rest = _LEAD_WORDS.sub("", rest, count=1)
    if rest.split(" ", 1)[0] in ("A", "An", "The"):
        rest = rest[:1].lower() + rest[1:]
    return f"{_LEADS[position]} {rest}"


def credited(line: str, beat: B.Beat) -> str:
    """A story's open that forgot its original poster gets them: "... . @op posted it."
    (the contract wants every story to name who started it)."""
    if beat.act != B.OPEN or not beat.facts or not beat.facts[0].credit or not line:
        return line
    who = beat.facts[0].credit
    if who.lower() in line.lower():
        return line
    return f"{line.rstrip()} {who} posted it." if line.rstrip()[-1:] in ".!?" else \
        f"{line.rstrip()}; {who} posted it."


def with_handles(line: str, beat: B.Beat) -> str:
    """The beat's own people written as handles where the model left off the "@"
    ("AaronFeng47 mentioned..." -> "@AaronFeng47 mentioned...")."""
    for fact in beat.facts:
        if fact.credit.startswith("@"):
            name = re.escape(fact.credit[1:])
            line = re.sub(rf"(?<![@\w-]){name}(?![\w-])", fact.credit, line)
    return line


def _features(beat: B.Beat) -> list[str]:
    return beat.facts[0].features if beat.facts else []


def rests_on(beat: B.Beat, seg: B.BeatSegment, index: int) -> str:
    """What a beat rests on, as the request shows it."""
    if beat.act == B.ASK:
        nxt = seg.beats[index] if index < len(seg.beats) else None
        who = nxt.facts[0].credit if nxt and nxt.facts and nxt.facts[0].credit else ""
        return f"(your short question; {who}'s point, next, answers it)" if who else \
            "(your short question; the next line answers it)"
    if beat.act == B.SUM_UP:
        return "(where the talk landed)"
    if not beat.facts:
        return "say it in your own words"
    fact = beat.facts[0]
    who = fact.credit or "someone"
    at = f" ({fact.at})" if fact.at else ""
    told = report(fact.text, pushback=beat.act == B.PUSH_BACK, lead=beat.act == B.OPEN) \
        if fact.text else None
    if told is None:  # a link or an image
        out = f"{who} posted a link or an image, with no words of their own"
    else:  # the point's key sentence in the third person: nothing to copy word for word
        out = f"{who}{at} {told.verb} {told.clause}"
    if beat.act == B.COMPARE and len(beat.facts) > 1:
        other = beat.facts[1]
        out += f"; set it against {other.credit or 'another'}'s {other.figure}"
    return out


def reply_schema(keys: dict[str, B.Beat], style: str) -> dict[str, Any]:
    """Exactly these keys, in order, each a line of bounded length."""
    scale = 1.5 if style == "free" else 1.0
    props = {key: {"type": "string", "minLength": 3,
                   "maxLength": int((110 if beat.act == B.ASK else 240) * scale)}
             for key, beat in keys.items()}
    return {"type": "object", "properties": props, "required": list(props),
            "additionalProperties": False}
