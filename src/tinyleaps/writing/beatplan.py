"""From the rundown to the beat plan: who says what, in which order, and why.

The intro is a welcome and a preview of the stories. Each story *opens* (what it is and
who started it), then its points are told one by one — a point that disagrees with one
before it is a *push back*, a figure set against an earlier figure is a *compare*, the
rest are *tells* — with an *ask* before some of them: the other host's question, which
the next point answers. It ends on a *sum up*. The outro thanks the original posters
and signs off.

The hosts alternate. Who asks and who tells follows their personas (show config): the
host who "asks why it matters" asks more, the "hands-on tinkerer" takes the figures and
the setups, and either takes over when the other has said too much (each host keeps at
least 35 % of the words). How many points a story gets follows ``--minutes``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ..artifacts import Host, KeyPoint, Rundown, RundownSegment
from ..errors import ArtifactError
from ..grounding.kinds import ROOT_KINDS, family, medium
from ..grounding.people import credit, segment_op_ids
from ..planning.decency import is_fit_to_air
from . import beats as B
from .features import features
from .naming import short_name
from .options import WriteOptions
from .reported import quotable, report
from .segment_reading import (
    already_told,
    chain_order,
    content_words,
    follow_up_line,
    same_unit,
    story_name,
    without_title,
)
from .speakable import clean, spoken_time, start_seconds

#: words each part takes, as measured on the floor's scripts (bench/quality.py)
INTRO_WORDS = 45
OUTRO_WORDS = 45
OPEN_WORDS = 32
SUM_UP_WORDS = 16
ASK_WORDS = 7
TELL_WORDS = 23
MIN_POINTS = 2
MAX_POINTS = 12
#: points of a light segment (an image or meme the day was full of)
LIGHT_POINTS = 3
#: share of the points that get a question before them (at least one per story)
ASK_SHARE = 0.5
MIN_HOST_SHARE = 0.35
#: while planning, a host under this share of the words so far tells rather than asks
BALANCE = 0.42
_ALSO = " Also on this story: "


@dataclass
class _Persona:
    """What a host leans to, read from the persona text of the show config."""

    name: str
    asks: float  # how much this host likes asking
    figures: float  # how much this host likes telling figures and setups


def persona(host: Host) -> _Persona:
    text = host.persona.lower()
    asks = 1.0 if re.search(r"\b(ask|asks|explain|explainer|why it matters|curious|"
                            r"analyst|follow-up)", text) else 0.0
    figures = 1.0 if re.search(r"\b(tinker|hands-on|hardware|speed|benchmark|quantiz|setup|"
                               r"numbers)", text) else 0.0
    return _Persona(host.name, asks, figures)


@dataclass
class _Point:
    fact: B.Fact
    act: str = B.TELL
    quote: bool = False
    extra: list[B.Fact] = field(default_factory=list)  # a compare's earlier figure


def plan_beats(rundown: Rundown, hosts: list[Host], show_name: str,
               options: WriteOptions) -> B.BeatPlan:
    """The beat plan for ``rundown`` (see the module docstring)."""
    if not rundown.segments:
        raise ArtifactError("rundown: no topics to write about (plan at least one topic)")
    if len(hosts) != 2:
        raise ArtifactError("show: exactly two hosts are needed")
    planner = _Planner(rundown, hosts, options)
    plan = B.BeatPlan(show=show_name, recorded_at=rundown.recorded_at, origin=rundown.origin,
                      hosts=[Host(h.name, h.voice, h.persona) for h in hosts],
                      sources=dict(rundown.sources), minutes=options.minutes,
                      seed=options.seed)
    plan.segments.append(planner.intro())
    for index, seg in enumerate(rundown.segments):
        plan.segments.append(planner.topic(index, seg))
    plan.segments.append(planner.outro())
    return plan


class _Planner:
    def __init__(self, rundown: Rundown, hosts: list[Host], options: WriteOptions) -> None:
        self.rundown = rundown
        self.hosts = [h.name for h in hosts]
        self.personas = {h.name: persona(h) for h in hosts}
        self.options = options
        self.words = {h: 0 for h in self.hosts}
        self.last = ""  # who spoke last
        self.rng = random.Random(f"{options.seed}:{rundown.recorded_at}")
        fixed = INTRO_WORDS + OUTRO_WORDS
        per_topic = max(120, (options.target_words - fixed) / max(1, len(rundown.segments)))
        self.points_per_topic = int(max(MIN_POINTS, min(
            MAX_POINTS, (per_topic - OPEN_WORDS - SUM_UP_WORDS) / (TELL_WORDS + ASK_WORDS / 2))))

    # ------------------------------------------------------------------ helpers

    def _other(self, name: str) -> str:
        return self.hosts[1] if name == self.hosts[0] else self.hosts[0]

    def _beat(self, seg_id: str, act: str, speaker: str, facts: list[B.Fact],
              words: int, quote: bool = False) -> B.Beat:
        """A beat (numbered later by :meth:`_number`); counts its words for the host."""
        self.words[speaker] += words
        self.last = speaker
        return B.Beat(id=seg_id, act=act, speaker=speaker, facts=facts, words=words,
                      quote=quote)

    @staticmethod
    def _number(seg: B.BeatSegment) -> B.BeatSegment:
        for i, beat in enumerate(seg.beats, 1):
            beat.id = f"{seg.id}.{i}"
        for i, beat in enumerate(seg.beats):
            if beat.act == B.ASK and i + 1 < len(seg.beats):
                beat.answers = seg.beats[i + 1].id
        return seg

    # ------------------------------------------------------------------ intro / outro

    def intro(self) -> B.BeatSegment:
        a, b = self.hosts
        seg = B.BeatSegment(id="intro", kind="intro", title="Welcome", name="Welcome")
        seg.beats.append(self._beat(seg.id, B.WELCOME, a, [], 20))
        seg.beats.append(self._beat(seg.id, B.PREVIEW, b, [], 35))
        return self._number(seg)

    def outro(self) -> B.BeatSegment:
        first = self._other(self.last)
        seg = B.BeatSegment(id="outro", kind="outro", title="Thanks and goodbye",
                            name="Thanks and goodbye",
                            source_ids=[s.main_source for s in self.rundown.segments])
        thanks: list[B.Fact] = []
        for s in self.rundown.segments:
            op = self._op_fact(s)
            if op is not None and op.credit.lower() not in {f.credit.lower() for f in thanks}:
                thanks.append(op)
        seg.beats.append(self._beat(seg.id, B.THANKS, first, thanks, 30))
        seg.beats.append(self._beat(seg.id, B.SIGN_OFF, self._other(first), [], 12))
        seg.beats.append(self._beat(seg.id, B.SIGN_OFF, first, [], 10))
        return self._number(seg)

    # ------------------------------------------------------------------ topics

    def topic(self, index: int, rs: RundownSegment) -> B.BeatSegment:
        ref = self.rundown.sources.get(rs.main_source)
        name = story_name(rs, ref)
        seg = B.BeatSegment(id=rs.id, kind="topic", title=rs.title, name=name,
                            short=short_name(name, rs.title), source_ids=list(rs.source_ids),
                            medium=medium(ref) if ref else "thread",
                            follow_up=follow_up_line(rs))
        opener = self._opener()
        open_facts = [f for f in [self._op_fact(rs), *self._other_threads(rs)] if f]
        if not open_facts:
            open_facts = [self._fact_for(rs.main_source, rs.summary, "post")]
        seg.beats.append(self._beat(seg.id, B.OPEN, opener, open_facts, OPEN_WORDS))
        points = self._points(rs)
        if rs.light:  # a meme or an image: one short, lighter segment
            points = points[:LIGHT_POINTS]
        asks = max(1, round(len(points) * ASK_SHARE)) if len(points) >= 2 else 0
        for i, pt in enumerate(points):
            left = len(points) - i
            ask = "question" not in pt.fact.features and not pt.quote and \
                self._wants_ask(asks, left)
            if ask:
                asker = self._other(self.last)
                seg.beats.append(self._beat(seg.id, B.ASK, asker, [pt.fact], ASK_WORDS))
                asks -= 1
                teller = self._other(asker)
            else:
                teller = self._other(self.last)
            words = 16 if pt.quote else (30 if pt.act == B.COMPARE else TELL_WORDS)
            seg.beats.append(self._beat(seg.id, pt.act, teller, [pt.fact, *pt.extra], words,
                                        quote=pt.quote))
        closer = self._other(self.last)
        told = [f for b in seg.beats[1:] if b.act != B.ASK for f in b.facts[:1]]
        seg.beats.append(self._beat(seg.id, B.SUM_UP, closer, told or open_facts[:1],
                                    SUM_UP_WORDS))
        return self._number(seg)

    def _opener(self) -> str:
        """Who opens a story: the host who has said less so far (the other one when they
        just spoke, so the hosts still alternate)."""
        if not self.last:
            return self.hosts[0]
        behind = min(self.hosts, key=lambda h: (self.words[h], h != self._other(self.last)))
        return behind if behind != self.last else self._other(self.last)

    def _wants_ask(self, asks_left: int, points_left: int) -> bool:
        """Ask before this point? The host who would ask is the one who did not speak
        last; the one who would then tell is the last speaker. Ask when the remaining
        asks need every remaining point; never when it would leave the asker under
        :data:`BALANCE` of the words so far (they tell instead); else when the asker
        likes asking more than the other host (persona), else now and then."""
        if asks_left <= 0:
            return False
        if asks_left >= points_left:
            return True
        asker = self._other(self.last)
        total = sum(self.words.values()) or 1
        if self.words[asker] / total < BALANCE:
            return False
        if self.words[self.last] / total < BALANCE:
            return True
        return self.personas[asker].asks > self.personas[self.last].asks or \
            self.rng.random() < 0.3

    def _points(self, rs: RundownSegment) -> list[_Point]:
        """The points to tell, in chain order (a reply after what it answers), as many as
        ``--minutes`` leaves room for, each one that can be said in a host's words."""
        out: list[_Point] = []
        quotes = 0
        op = self._op_fact(rs)
        opened = content_words(op.text) if op is not None else set()
        for kp in chain_order(rs.points):
            if len(out) >= self.points_per_topic:
                break
            if kp.source_id not in self.rundown.sources or already_told(kp.text, opened):
                continue  # unknown, or already told by the open
            text = clean(kp.text)
            if not text or not is_fit_to_air(text):
                continue
            fact = self._fact_for(kp.source_id, kp.text, kp.role, kp)
            feats = features(text)
            short = quotable(kp.text)
            quote = bool(short) and (feats.humour or len(text.split()) <= 10) and quotes < 1 \
                and not feats.question
            told = None if quote else report(kp.text, pushback=feats.pushback)
            if not quote and told is None:
                continue
            if told is not None and told.verb.startswith("asks"):
                fact.features += [f for f in ("question", "asked")  # told as a question:
                                  if f not in fact.features]  # no ask before it
            quotes += quote
            pt = _Point(fact, quote=quote)
            earlier = [p.fact for p in out]
            if feats.pushback and earlier and not quote:
                pt.act = B.PUSH_BACK
            elif feats.figure and not quote:
                match = next((e for e in reversed(earlier) if e.figure and
                              e.author != fact.author and same_unit(e.figure, feats.figure)),
                             None)
                if match is not None:
                    pt.act, pt.extra = B.COMPARE, [match]
            out.append(pt)
        return out

    # ------------------------------------------------------------------ facts

    def _fact_for(self, sid: str, text: str, role: str, kp: KeyPoint | None = None) -> B.Fact:
        ref = self.rundown.sources.get(sid)
        kind = ref.kind if ref else "reddit_comment"
        author = kp.author if kp else (ref.author if ref else "")
        said = clean(text)
        feats = features(said)
        at = ""
        if ref and family(kind) == "transcript":
            seconds = kp.at if kp and kp.at is not None else start_seconds(ref.url)
            at = spoken_time(seconds) if seconds is not None else ""
        names = feats.names()
        if kp and kp.angle and kp.angle not in names:
            names.append(f"angle:{kp.angle}")
        return B.Fact(
            source_id=sid, author=author, credit=credit(author, kind) or "", text=said,
            kind=kind, role=role,
            reply_to=(credit(kp.reply_to, kind) or "") if kp and kp.reply_to else "",
            at=at, score=kp.score if kp else None, features=names,
            figure=feats.figure or "")

    def _op_fact(self, rs: RundownSegment) -> B.Fact | None:
        """The original poster (or main speaker, or author) of a story, with its gist."""
        ids = segment_op_ids(self.rundown.sources, rs.source_ids)
        if ids is None:
            return None
        sid, _author = ids
        body = rs.summary.split(_ALSO)[0] if sid == rs.main_source else ""
        fact = self._fact_for(sid, without_title(body, rs.title), "post")
        if self.rundown.sources[sid].kind == "transcript_turn":
            fact.role = "passage"
            fact.text = clean(without_title(rs.summary.split(_ALSO)[0], rs.title))
        return fact

    def _other_threads(self, rs: RundownSegment) -> list[B.Fact]:
        """The other threads of a story (one fact per original poster not yet named)."""
        main = segment_op_ids(self.rundown.sources, rs.source_ids)
        seen = {main[1].lower()} if main else set()
        out = []
        for sid in rs.source_ids:
            ref = self.rundown.sources.get(sid)
            if ref is None or sid == (main[0] if main else "") or ref.kind not in ROOT_KINDS:
                continue
            who = credit(ref.author, ref.kind)
            if not who or ref.author.lower() in seen:
                continue
            seen.add(ref.author.lower())
            out.append(B.Fact(source_id=sid, author=ref.author, credit=who,
                              text=clean(ref.title), kind=ref.kind, role="post"))
        return out[:2]


# ---------------------------------------------------------------------- helpers


