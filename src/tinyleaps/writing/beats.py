"""The beat plan: the conversation's shape, decided once, before anyone writes a word.

A segment is a list of *beats*. A beat is one host's turn with its dialogue act
(``artifacts.ACTS``: open, tell, ask, push_back, compare, sum_up...) and the facts it
carries: the source, who said it, and the sentence(s) it rests on. Writers only fill in
the words of each beat (:mod:`.floor` without a model, :mod:`.llm.conversation` with
one), and every line they write is checked against its own beat's facts
(:mod:`.verify`). The plan is an artifact, ``beats.json``, so a script can be rewritten
from it with another writer, and the same beats always make the same conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..artifacts import Artifact, Host, SourceRef

OPEN, TELL, ASK, PUSH_BACK, COMPARE, SUM_UP, HAND_OVER = (
    "open", "tell", "ask", "push_back", "compare", "sum_up", "hand_over")
WELCOME, PREVIEW, THANKS, SIGN_OFF = "welcome", "preview", "thanks", "sign_off"
#: acts whose line reports what a person said (it must credit them)
REPORTING = (OPEN, TELL, PUSH_BACK, COMPARE)


@dataclass
class Fact:
    """One thing a beat rests on: what a person said (or what a post is about)."""

    source_id: str
    author: str  # as the source has it ("" when anonymous)
    credit: str  # how a host names them on air: "@handle", "Jane Doe", or ""
    text: str  # the sentence(s) the beat rests on, speakable
    kind: str  # the source kind (reddit_comment, transcript_turn, article...)
    role: str = "comment"  # post | comment | reply | passage
    reply_to: str = ""  # on-air credit of the person this answers
    at: str = ""  # when in a recording ("around the 46-minute mark")
    score: int | None = None
    #: what the words do: figure, question, pushback, humour, strong, advice
    features: list[str] = field(default_factory=list)
    figure: str = ""  # the first figure with a unit ("17 tok/s"), if any


@dataclass
class Beat:
    """One host's turn: its act, its facts, and for an ask the beat that answers it."""

    id: str
    act: str
    speaker: str
    facts: list[Fact] = field(default_factory=list)
    answers: str = ""  # ask: the id of the beat whose fact answers the question
    quote: bool = False  # tell: the point is short and worth hearing in its own words
    words: int = 28  # about how long the line should be

    def cites(self) -> list[str]:
        return list(dict.fromkeys(f.source_id for f in self.facts if f.source_id))

    def credits(self) -> list[str]:
        return list(dict.fromkeys(f.credit for f in self.facts if f.credit))


@dataclass
class BeatSegment:
    """A segment's beats; ``name`` is the topic as a host says it (never the raw title)."""

    id: str
    kind: str  # intro | topic | outro
    title: str
    name: str = ""
    short: str = ""  # what a host calls it in passing ("GLM-4.5"), or "it"
    source_ids: list[str] = field(default_factory=list)
    medium: str = "thread"  # thread, livestream, episode, article...
    follow_up: str = ""  # "Last time we covered the release" (a story we followed)
    beats: list[Beat] = field(default_factory=list)


@dataclass
class BeatPlan(Artifact):
    """``beats.json``: every segment's beats, made once from the rundown."""

    FILENAME: ClassVar[str] = "beats.json"
    show: str
    recorded_at: str
    origin: str = ""
    hosts: list[Host] = field(default_factory=list)
    segments: list[BeatSegment] = field(default_factory=list)
    sources: dict[str, SourceRef] = field(default_factory=dict)
    minutes: float = 5.0
    seed: int = 0

    def beats(self) -> list[tuple[BeatSegment, Beat]]:
        return [(seg, b) for seg in self.segments for b in seg.beats]

    def beat(self, beat_id: str) -> Beat | None:
        return next((b for _s, b in self.beats() if b.id == beat_id), None)

    def host_names(self) -> list[str]:
        return [h.name for h in self.hosts]
