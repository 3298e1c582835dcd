"""How each turn is delivered: its dialogue act and the voice settings that go with it.

A turn's act is ``Turn.act`` when the writer set it (see ``artifacts.ACTS``); scripts
written before acts existed leave it empty, and the act is then read from the text and
the turn's place: a turn ending in "?" asks, the first turn of a topic opens it, the last
one sums it up, a turn that starts with "but" or "though" pushes back, a turn with two
or more figures compares. Timing (``audio.timing``), backchannels and delivery all ask
:func:`turn_acts`, so they agree on what a turn does.

Delivery is a small change of pace (and, for Piper, of liveliness) per act: questions a
touch quicker, sum-ups and sign-offs a touch slower. Engines that cannot vary either
ignore it (``TTSBackend.synthesize_as``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..artifacts import ACTS, Script, Turn
from ..text.sentences import last_sentence


@dataclass(frozen=True)
class Delivery:
    """``speed`` > 1 speaks quicker; ``lively`` scales Piper's generator noise (> 1 more
    varied intonation)."""

    speed: float = 1.0
    lively: float = 1.0

    @property
    def neutral(self) -> bool:
        return self.speed == 1.0 and self.lively == 1.0

    def key(self) -> str:
        """Part of a line's cache key ("" for the neutral delivery, so lines voiced before
        delivery existed stay cached)."""
        return "" if self.neutral else f"speed={self.speed:g},lively={self.lively:g}"


NEUTRAL = Delivery()
#: the delivery of each act that differs from the neutral one
ACT_DELIVERY = {
    "ask": Delivery(speed=1.06, lively=1.1),
    "push_back": Delivery(speed=1.03, lively=1.05),
    "compare": Delivery(speed=0.97),
    "sum_up": Delivery(speed=0.94, lively=0.9),
    "thanks": Delivery(speed=0.97),
    "sign_off": Delivery(speed=0.95, lively=0.9),
}

_PUSH_BACK = re.compile(r"^(?:but|though|still|well|hmm|hold on|not so fast|i'm not sure|"
                        r"i'd push back|i'm skeptical|that said|to be fair)\b", re.I)
# a figure worth a beat: money, a share, a multiple, a size or speed, or a big number; not
# the digits in a handle or a model name, a time of day or a small count
_FIGURE = re.compile(
    r"(?<![\w@/-])(?:\$\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|x\b|[kKMBT]\b|[GMT]B\b|tokens?\b|"
    r"t/s|tok/s|percent\b|times\b|billion\b|million\b|thousand\b)|\d{3,}(?:[.,]\d+)?\b(?!-))"
    r"|\b(?:percent|billion|million)\b", re.I)


def delivery_for(act: str) -> Delivery:
    return ACT_DELIVERY.get(act, NEUTRAL)


def turn_acts(script: Script) -> list[str]:
    """The act of every turn: ``Turn.act`` when set, else read from the text and place."""
    kinds = {s.id: s.kind for s in script.segments}
    turns = script.turns
    acts = []
    for i, turn in enumerate(turns):
        if turn.act in ACTS:
            acts.append(turn.act)
            continue
        first = i == 0 or turns[i - 1].segment != turn.segment
        last = i == len(turns) - 1 or turns[i + 1].segment != turn.segment
        acts.append(guess_act(turn, kinds.get(turn.segment, "topic"), first, last))
    return acts


def guess_act(turn: Turn, kind: str, first: bool, last: bool) -> str:
    """The act of a turn written without one, from its text, its segment's kind and
    whether it opens or closes its segment."""
    text = " ".join(turn.text.split())
    if is_question(text):
        return "ask"
    if kind == "intro":
        return "welcome" if first else "preview"
    if kind == "outro":
        return "thanks" if re.search(r"\bthank", text, re.I) else "sign_off"
    if first:
        return "open"
    if _PUSH_BACK.match(text):
        return "push_back"
    if last:
        return "sum_up"
    if len(_FIGURE.findall(text)) >= 2:
        return "compare"
    return "tell"


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


def ends_on_figure(text: str) -> bool:
    """The turn's last sentence gives a figure (a number worth a beat before the reply)."""
    return has_figure(last_sentence(text))


def is_question(text: str) -> bool:
    """A turn that asks: it ends in a question mark (quotes and brackets aside)."""
    return text.rstrip(" \"'”’)").endswith("?")
