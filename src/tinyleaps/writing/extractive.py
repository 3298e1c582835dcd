"""The extractive writer: a two-host script built from the rundown's own words.

No model, deterministic (choices are seeded by ``options.seed`` and the rundown), fast.
It is the fallback whenever no LLM is reachable, and the LLM writer reuses its per-part
methods (``write_intro``, ``write_topic``, ``write_outro``) for any segment its model
gets wrong. Every ``@handle`` it writes is the author of a source the same turn cites,
so its output passes :func:`tinyleaps.check.script_rules.check_script`.

Shape: the intro names the show, both hosts, when we are live and where the topics come
from, and previews them; each topic opens with its title, credits the original poster
and gives the gist, then the hosts take turns presenting the key points (crediting each
commenter, keeping reply chains together) and reacting to the other's point with a
reaction that fits its words (a figure, a question, pushback, a joke, a strong word, a
name an earlier speaker used; see ``reactions.py``) or none; the outro thanks every
original poster by handle.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..artifacts import KeyPoint, Rundown, RundownSegment, Script, SourceRef, Turn
from ..check.script_rules import MIN_HOST_SHARE, segment_op
from ..config import ShowConfig
from ..errors import ArtifactError
from ..planning.decency import is_fit_to_air
from ..timephrase import part_of_day, spoken_moment
from . import phrases as P
from . import reactions as R
from .base import WriteOptions, Writer
from .common import OUTRO_ID, script_skeleton
from .speakable import (
    capitalize,
    clean,
    credit,
    end_sentence,
    family,
    join_names,
    medium,
    number_word,
    source_phrase,
    spoken_origin,
    spoken_time,
    squash,
    start_seconds,
    trim_words,
    without_links,
)

MAX_POINTS = 8
_FIRST_PERSON_RE = re.compile(r"^(i|i'm|im|i've|my|we|we're|our)\b", re.IGNORECASE)
_LINK_ONLY_RE = re.compile(
    r"^(?:the post )?(is (?:an?|a YouTube) (?:image|image gallery|video)|links to \S+?|"
    r"is mostly links)\.?$|"
    r"^(an? (?:image|image gallery|video) (?:posted to reddit|on \S+?))\.?$",
    re.IGNORECASE,
)

@dataclass(frozen=True)
class _Budget:
    """Word allowances for one topic, from ``options.minutes``."""

    summary: int
    excerpt: int
    points: int  # words to spend on presenting points and reacting
    closer: bool  # room for a closing line after the last reaction


@dataclass(frozen=True)
class _Point:
    point: KeyPoint
    excerpt: str


class ExtractiveWriter(Writer):
    id = "extractive"
    description = "Template writer that quotes and credits the rundown's key points; no model."

    # ------------------------------------------------------------------ whole show

    def __init__(self, show: ShowConfig, options: WriteOptions) -> None:
        super().__init__(show, options)
        #: (topic id, lever) pairs flipped while balancing the hosts: "gist" hands the
        #: gist to the other host, "lead" lets the gist's host present the first point
        self._flips: set[tuple[str, str]] = set()
        self._excerpt_scale = 1.0
        #: how the current topic names its source (see phrases.py placeholders)
        self._ctx: dict[str, str] = _context(None)
        self._refs: dict[str, SourceRef] = {}
        #: name-like words of the current topic's title and gist (for LINK_TITLE)
        self._topic_terms: list[str] = []

    def write(self, rundown: Rundown) -> Script:
        """The whole show. If one host ends up near the 30 % floor, flip who gives a
        topic's gist or presents its first point, one flip at a time, keeping each that
        helps; if that is not enough (a few very long quotes), quote shorter."""
        if not rundown.segments:
            raise ArtifactError("rundown: no topics to write about (plan at least one topic)")
        for scale in (1.0, 0.6, 0.35):
            self._excerpt_scale = scale
            script = self._balanced(rundown)
            if _min_share(script) >= MIN_HOST_SHARE:
                break
        if self.options.on_segment is not None:
            for seg in script.segments:
                self.options.on_segment(script, seg.id)
        return script

    def _balanced(self, rundown: Rundown) -> Script:
        self._flips = set()
        script = self._write_once(rundown)
        for flip in [(seg.id, lever) for lever in ("gist", "lead") for seg in rundown.segments]:
            if _min_share(script) >= MIN_HOST_SHARE + 0.02:
                break
            self._flips.add(flip)
            candidate = self._write_once(rundown)
            if _min_share(candidate) > _min_share(script):
                script = candidate
            else:
                self._flips.discard(flip)
        return script

    def _write_once(self, rundown: Rundown) -> Script:
        script = script_skeleton(rundown, self.show, self.id)
        script.turns += self.write_intro(rundown, script)
        for index in range(len(rundown.segments)):
            script.turns += self.write_topic(rundown, index, script)
        script.turns += self.write_outro(rundown, script)
        script.writer.update({"seed": self.options.seed, "minutes": self.options.minutes})
        return script

    # ------------------------------------------------------------------ intro

    def write_intro(self, rundown: Rundown, script: Script) -> list[Turn]:
        """KAI welcomes and names himself; ELIZA names herself, says when we are live and
        where the topics come from; KAI previews the topics."""
        a, b = _hosts(script)
        moment = _moment(rundown)
        today = _today(moment)
        titles = [_short_title(s) for s in rundown.segments]
        count = number_word(len(titles))
        noun = _topic_noun(rundown, len(titles))
        return [
            _turn(a, f"Welcome to another episode of {script.show}! I'm your host, {a}.", "intro"),
            _turn(b, f"And I'm {b}. We're live on {spoken_moment(moment)}, and {today}'s topics "
                     f"come {spoken_origin(rundown.origin)}.", "intro"),
            _turn(a, f"We've got {count} {noun} lined up {today}: {join_names(titles)}.",
                  "intro"),
        ]

    # ------------------------------------------------------------------ topics

    def write_topic(self, rundown: Rundown, index: int, script: Script) -> list[Turn]:
        """One topic: the opener (title, original poster, gist), then the hosts take turns
        presenting the key points and reacting, then a short wrap-up."""
        seg = rundown.segments[index]
        rng = self._rng("topic", seg.id, seg.title)
        self._ctx = _context(rundown.sources.get(seg.main_source), seg)
        self._refs = rundown.sources
        self._topic_terms = R.name_terms(f"{_spoken_title(seg)}. {clean(seg.summary)}")
        budget = self._budget(rundown, script)
        hosts = _hosts(script)
        first = _next_host(script)
        used = [t.text for t in script.turns]
        points = _select_points(seg, rundown, budget)
        intro, gist = self._opener(rundown, index, script, rng, budget, used)
        gist_flip = (seg.id, "gist") in self._flips
        if not gist or (not points) == gist_flip:
            turns = [_turn(hosts[first], f"{intro.text} {gist}", seg.id, intro.cites)]
        else:  # the other host gives the gist (nothing else to discuss, or for balance)
            turns = [_turn(hosts[first], intro.text, seg.id, intro.cites),
                     _turn(hosts[1 - first], f"{self._say(rng, P.REACT_OPENER, used)} {gist}",
                           seg.id)]
            first = 1 - first
        used += [t.text for t in turns]
        # for balance, the host who gave the gist may also present the first point
        shift = 0 if (seg.id, "lead") in self._flips and points else 1
        presented: list[_Point] = []
        for i, pt in enumerate(points):
            speaker = hosts[(first + shift + i) % 2]
            lead, lead_cites = self._lead_in(rng, presented, pt, used)
            text, cites = _present(rng, seg, pt, presented, points, used,
                                   rundown.sources, self._ctx)
            cites = list(dict.fromkeys([*lead_cites, *cites]))
            if speaker == turns[-1].speaker:
                last = turns.pop()
                turns.append(_turn(speaker, f"{last.text} {lead} {text}", seg.id,
                                   [*last.cites, *cites]))
            else:
                turns.append(_turn(speaker, f"{lead} {text}", seg.id, cites))
            used.append(turns[-1].text)
            presented.append(pt)
        closer_host = hosts[1 - hosts.index(turns[-1].speaker)]
        wrap, wrap_cites = self._wrap_up(rng, presented, used, budget.closer)
        turns.append(_turn(closer_host, wrap, seg.id, wrap_cites))
        return turns

    def _opener(self, rundown: Rundown, index: int, script: Script, rng: random.Random,
                budget: _Budget, used: list[str]) -> tuple[Turn, str]:
        """The thread's introduction (transition, title, original poster) and its gist."""
        seg = rundown.segments[index]
        title = end_sentence(_spoken_title(seg))
        pool: Sequence[str]
        if index == 0:
            pool = P.FIRST_TOPIC
        elif index == len(rundown.segments) - 1:
            pool = P.LAST_TOPIC
        else:
            pool = P.TRANSITIONS
        today = _today(_moment(rundown))
        intro = end_sentence(_pick(rng, pool, used).format(title=title, today=today))
        op = segment_op(script, seg.id)
        cites = [op[0]] if op else [seg.main_source]
        ref = script.sources.get(cites[0])
        kind = ref.kind if ref else ""
        who = credit(op[1], kind) if op else None
        by = end_sentence(capitalize(self._say(rng, _op_pool(kind, who), used, op=who or "")))
        gist = self._gist(rng, seg, title, family(kind), budget, used)
        return _turn("", f"{intro} {by}", seg.id, cites), gist

    def _gist(self, rng: random.Random, seg: RundownSegment, title: str, fam: str,
              budget: _Budget, used: list[str]) -> str:
        """What the post (or piece) says, in whole sentences and without link lists; for
        a post that is only an image or a link, what it is; then any other threads that
        covered the same story."""
        body, also = _split_also(clean(seg.summary))
        summary = trim_words(without_links(_without_title(body, title)), budget.summary)
        if not is_fit_to_air(summary) or _labels_only(summary):
            summary = ""
        link = _LINK_ONLY_RE.match(summary) if fam == "reddit" else None
        if link:
            what = link.group(1) or f"is {link.group(2)}"
            what = what[:1].lower() + what[1:3] + what[3:4].lower() + what[4:]
            gist = end_sentence(_pick(rng, P.GIST_LINK, used).format(x=what))
        elif summary:
            pool = P.GIST_QUOTE if _FIRST_PERSON_RE.match(summary) and fam == "reddit" \
                else P.GIST
            gist = end_sentence(_pick(rng, pool, used).format(x=capitalize(summary)))
        else:
            gist = ""
        also = [t for t in also if not set(_words(t)) <= set(_words(title))]
        if also:
            gist += " " + end_sentence(_pick(rng, P.ALSO_ON_STORY, used).format(x=also[0]))
        return gist.strip()

    def _say(self, rng: random.Random, pool: Sequence[str], used: list[str],
             **fields: str) -> str:
        """A phrase from ``pool`` filled in with the current topic's source words."""
        return _pick(rng, pool, used).format(**{**self._ctx, **fields})

    def _lead_in(self, rng: random.Random, presented: list[_Point], pt: _Point,
                 used: list[str]) -> tuple[str, list[str]]:
        """What a host says before presenting the next point, and what that cites: a
        bridge after the opener, a reaction to the previous point otherwise (none inside
        a reply chain)."""
        if not presented:
            bridge = self._say(rng, _BRIDGES[self._ctx["family"]], used)
            if rng.random() < 0.4:
                return f"{self._say(rng, P.REACT_OPENER, used)} {bridge}", []
            return bridge, []
        if _replies_to(pt, presented[-1]):
            return "", []
        text, cites = self._reaction(rng, presented, used)
        if text and not cites and self._neutral(text):
            return ("", []) if rng.random() < 0.5 else (text, [])
        return text, cites

    def _reaction(self, rng: random.Random, presented: list[_Point],
                  used: list[str]) -> tuple[str, list[str]]:
        """A reaction to the last presented point that fits its words (see reactions.py)."""
        said = [_said(p, self._refs) for p in presented]
        reaction = R.choose(said[-1], said[:-1], self._topic_terms)
        return self._say(rng, reaction.pool, used, **reaction.fields), reaction.cites

    @staticmethod
    def _neutral(text: str) -> bool:
        return text in P.NEUTRAL

    def _wrap_up(self, rng: random.Random, presented: list[_Point], used: list[str],
                 with_closer: bool = True) -> tuple[str, list[str]]:
        """The topic's last turn: a reaction to the last point, or when it needs none a
        recap of who was quoted; and, when the budget has room or nothing else was
        said, a closer."""
        if not presented:
            return f"{self._say(rng, P.REACT_OPENER, used)} {self._say(rng, P.CLOSERS, used)}", []
        text, cites = self._reaction(rng, presented, used)
        if self._neutral(text):
            recap = R.recap([_said(p, self._refs) for p in presented])
            count = recap.fields.get("count")
            word = number_word(int(count)) if count else ""
            fields = {**recap.fields, "count": word, "Count": capitalize(word)}
            text, cites = self._say(rng, recap.pool, used, **fields), recap.cites
            if self._neutral(text):
                text, cites = "", []
        if with_closer or not text:
            text = f"{text} {self._say(rng, P.CLOSERS, used)}"
        return text, cites

    # ------------------------------------------------------------------ outro

    def write_outro(self, rundown: Rundown, script: Script) -> list[Turn]:
        """Thanks every original poster by handle (citing their threads), then goodbye."""
        hosts = _hosts(script)
        a, b = hosts[_next_host(script)], hosts[1 - _next_host(script)]
        today = _today(_moment(rundown))
        thanks, cites = _thanks(script, today)
        return [
            _turn(a, f"That's the show for {today}. {thanks}", OUTRO_ID, cites),
            _turn(b, f"Thanks for listening to {script.show}. I'm {b}.", OUTRO_ID),
            _turn(a, f"And I'm {a}. Take care, and see you next time.", OUTRO_ID),
        ]

    # ------------------------------------------------------------------ helpers

    def _rng(self, *parts: str) -> random.Random:
        return random.Random("|".join([str(self.options.seed), *parts]))

    def _budget(self, rundown: Rundown, script: Script) -> _Budget:
        """Split ``options.target_words`` over the topics, after the intro and outro."""
        fixed = sum(len(t.text.split()) for t in self.write_intro(rundown, script))
        fixed += sum(len(t.text.split()) for t in self.write_outro(rundown, script))
        per_topic = max(40, (self.options.target_words - fixed) // len(rundown.segments))
        summary = max(12, min(45, int(per_topic * 0.3)))
        points = max(12, per_topic - summary - 30)
        excerpt = max(12, int(min(55, points // 3) * self._excerpt_scale))
        return _Budget(summary=summary, excerpt=excerpt, points=points, closer=per_topic >= 110)


# ---------------------------------------------------------------------- points


def _select_points(seg: RundownSegment, rundown: Rundown, budget: _Budget) -> list[_Point]:
    """The points to present, reply chains kept together, as many as the budget holds."""
    summary_head = " ".join(clean(seg.summary).lower().split()[:8])
    candidates: list[_Point] = []
    for kp in _chain_order(seg.points):
        if kp.source_id not in rundown.sources:
            continue
        excerpt = trim_words(clean(kp.text), budget.excerpt)
        repeats_summary = kp.role == "post" and excerpt.lower().startswith(summary_head)
        if not excerpt or not is_fit_to_air(excerpt) or repeats_summary:
            continue
        candidates.append(_Point(kp, excerpt))
    chosen: list[_Point] = []
    spent = 0
    for pt in candidates:
        cost = len(pt.excerpt.split()) + 18
        if chosen and (len(chosen) >= MAX_POINTS or spent + cost > budget.points * 1.2):
            break
        chosen.append(pt)
        spent += cost
    return chosen


def _chain_order(points: list[KeyPoint]) -> list[KeyPoint]:
    """Points in rundown order, except that a reply follows the point it answers."""
    ordered: list[KeyPoint] = []
    pending = list(points)
    while pending:
        kp = pending.pop(0)
        ordered.append(kp)
        replies = [p for p in pending if p.reply_to and p.reply_to.lower() == kp.author.lower()]
        for r in reversed(replies):
            pending.remove(r)
            pending.insert(0, r)
    return ordered


def _replies_to(pt: _Point, earlier: _Point) -> bool:
    to = pt.point.reply_to or ""
    return bool(to) and to.lower() == earlier.point.author.lower() and pt.point.role != "post"


def _present(rng: random.Random, seg: RundownSegment, pt: _Point, presented: list[_Point],
             points: list[_Point], used: list[str], refs: dict[str, SourceRef],
             ctx: dict[str, str]) -> tuple[str, list[str]]:
    """A host presenting one point: the credit and the quote, and what the turn cites.
    Reddit points are "wrote"/"replied"; transcript points are "said" with when in the
    recording; articles and feed items "write". A point from another kind of source than
    the segment's own says where it comes from ("Over on Reddit, ...")."""
    ref = refs.get(pt.point.source_id)
    fam = family(ref.kind) if ref else "reddit"
    if fam != "reddit":
        prev = refs.get(presented[-1].point.source_id) if presented else None
        same_recording = prev is not None and ref is not None and prev.kind == ref.kind \
            and prev.url.split("#")[0] == ref.url.split("#")[0]
        text, cites = _present_named(rng, pt, presented if same_recording else [], used,
                                     ref, ctx)
    else:
        text, cites = _present_reddit(rng, seg, pt, presented, points, used)
    if fam != ctx["family"]:
        where = P.ELSEWHERE[fam].format(src=f"the {medium(ref)}" if ref else "")
        text = text.removeprefix("In the piece, ")  # the prefix already says where
        starts_with_name = text.startswith(("@", pt.point.author))
        text = where + (text if starts_with_name else text[:1].lower() + text[1:])
    return capitalize(text), cites


def _present_named(rng: random.Random, pt: _Point, presented: list[_Point], used: list[str],
                   ref: SourceRef | None, ctx: dict[str, str]) -> tuple[str, list[str]]:
    """A speaker or author credited by name (never "thread", "comment" or "posted");
    ``presented`` holds the earlier points only when the last one is from the same
    recording (so "came back on that" never answers someone in another source)."""
    kp = pt.point
    fam = family(ref.kind) if ref else "article"
    who = credit(kp.author, ref.kind if ref else "") or (
        "one of the speakers" if fam == "transcript" else "the author")
    cites = [kp.source_id]
    if fam == "transcript":
        at = spoken_time(start_seconds(ref.url)) if ref else "in the recording"
        previous = presented[-1].point if presented else None
        pool: Sequence[str] = P.PRESENT_SPOKEN
        if previous is not None and previous.author != kp.author and \
                credit(previous.author, "transcript_turn") and rng.random() < 0.3:
            pool = P.PRESENT_SPOKEN_REPLY
        to = credit(previous.author, "transcript_turn") if previous else ""
        return _pick(rng, pool, used).format(who=who, at=at, to=to or "", x=pt.excerpt), cites
    again = bool(presented) and presented[-1].point.author == kp.author
    pool = P.PRESENT_WRITTEN_MORE if again else P.PRESENT_WRITTEN
    return _pick(rng, pool, used).format(who=who, x=pt.excerpt), cites


def _present_reddit(rng: random.Random, seg: RundownSegment, pt: _Point,
                    presented: list[_Point], points: list[_Point],
                    used: list[str]) -> tuple[str, list[str]]:
    kp = pt.point
    who = credit(kp.author) or "one commenter"
    cites = [kp.source_id]
    parent = next((p for p in reversed(presented) if _replies_to(pt, p)), None)
    if kp.role == "post":
        pool: Sequence[str] = P.PRESENT_POST
    elif parent is not None and credit(parent.point.author):
        pool = P.PRESENT_PUSHBACK if R.features(pt.excerpt).pushback else P.PRESENT_REPLY
        cites.append(parent.point.source_id)
    elif kp.reply_to:
        pool = P.PRESENT_REPLY_UNNAMED
    elif kp.author.lower() == seg.op.lower():
        pool = P.PRESENT_OP
    elif not presented and _is_top(kp, points):
        pool = P.PRESENT_TOP
    else:
        pool = P.PRESENT
    to = credit(parent.point.author) if parent else ""
    return _pick(rng, pool, used).format(who=who, to=to, x=pt.excerpt), cites


def _said(pt: _Point, refs: dict[str, SourceRef]) -> R.Said:
    """A presented point as the reactions see it: its words and its on-air credit."""
    ref = refs.get(pt.point.source_id)
    return R.Said(pt.point, pt.excerpt, credit(pt.point.author, ref.kind if ref else ""))


def _is_top(kp: KeyPoint, points: list[_Point]) -> bool:
    scores = [p.point.score for p in points if p.point.score is not None]
    return kp.score is not None and bool(scores) and kp.score >= max(scores)


# ---------------------------------------------------------------------- small helpers


def _hosts(script: Script) -> tuple[str, str]:
    names = script.host_names()
    if not names:
        raise ArtifactError("script: no hosts configured")
    return names[0], names[1] if len(names) > 1 else names[0]


def _min_share(script: Script) -> float:
    """The smallest share of the words any host speaks."""
    total = script.word_count() or 1
    return min(
        sum(len(t.text.split()) for t in script.turns if t.speaker == name) / total
        for name in script.host_names()
    )


def _next_host(script: Script) -> int:
    """Index of the host who speaks next: whoever did not speak the last turn."""
    names = script.host_names()
    if not script.turns or script.turns[-1].speaker not in names:
        return 0
    return (names.index(script.turns[-1].speaker) + 1) % 2


def _turn(speaker: str, text: str, segment: str, cites: list[str] | None = None) -> Turn:
    return Turn(speaker=speaker, text=squash(text), segment=segment, cites=list(cites or []))


def _moment(rundown: Rundown) -> datetime:
    try:
        return datetime.fromisoformat(rundown.recorded_at)
    except ValueError as exc:
        raise ArtifactError(
            f"rundown: recorded_at {rundown.recorded_at!r} is not an ISO 8601 date-time"
        ) from exc


def _today(moment: datetime) -> str:
    return "tonight" if part_of_day(moment) in ("evening", "night") else "today"


def _spoken_title(seg: RundownSegment) -> str:
    title = clean(seg.spoken_title) or clean(seg.title) or "an untitled thread"
    return trim_words(title, 20)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _labels_only(text: str) -> bool:
    """True for what is left of a link list: "Screenshot: Announcement: Model."."""
    colons = text.count(":")
    return colons >= 2 and len(text.split()) <= 3 * colons


_ALSO = " Also on this story: "


def _split_also(summary: str) -> tuple[str, list[str]]:
    """The planner's summary and the titles of merged threads ("... Also on this story:
    A; B.") apart."""
    body, _, rest = f" {summary}".partition(_ALSO)
    titles = [t.strip().rstrip(".") for t in rest.split("; ") if t.strip()]
    return body.strip(), titles


def _without_title(summary: str, title: str) -> str:
    """The summary without a leading copy of the title (planners often repeat it)."""
    head = title.rstrip(".!?").lower()
    if head and summary.lower().startswith(head):
        return summary[len(head):].lstrip(" .!?:;,-")
    return summary


_DANGLING = {"a", "an", "the", "at", "of", "to", "for", "with", "and", "or", "in", "on", "my",
             "me", "is", "are", "was", "by", "from", "but", "that", "than", "as", "its"}


_FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "i'm", "i've", "we're", "we've"}
#: verbs whose object is the poster ("gave me", "saved us"): they go with the pronoun
_TELLING = {"gave", "got", "made", "let", "lets", "helped", "saved", "cost", "costs", "took",
            "gives", "makes", "showed", "told", "taught", "brought", "bought", "sent"}


def _short_title(seg: RundownSegment) -> str:
    """A title for the intro's list: its first clause of three words or more (``My $1,400
    used-GPU build: two 3090s...`` -> ``My $1,400 used-GPU build``), at most 12 words,
    never ending on a dangling word like "at" or "the"."""
    title = re.sub(r"\s+([:;,])", r"\1", re.split(r"(?<=[.!?])\s+", _spoken_title(seg))[0])
    words: list[str] = []
    for chunk in re.split(r"(?<=[:;,])\s+|\s+[-–—|]\s+", title):
        words += chunk.split()
        if len(words) >= 3:
            break
    words = words[:12]
    # the poster's "my"/"me" is not the host's: "My $1,400 build" -> "a $1,400 build",
    # "... flash attention gave me 2x the context" -> "... flash attention"
    if words and words[0].lower() in ("my", "our"):
        words[0] = "a"
    cut = next((i for i, w in enumerate(words) if i >= 3 and w.lower().strip(",;:'") in
                _FIRST_PERSON), None)
    if cut is not None:
        words = words[: cut - 1 if words[cut - 1].lower() in _TELLING else cut]
        while len(words) > 2 and words[-1].lower() in {*_DANGLING, "it", "this"}:
            words.pop()  # "Kimi K2 is out and it [made my day]" -> "Kimi K2 is out"
    while len(words) > 2 and (words[-1].lower().strip(",;:") in _DANGLING
                              or words[-1].count("(") > words[-1].count(")")):
        words.pop()
    return " ".join(words).rstrip(".!?,;:") or "an untitled thread"


def _signature(template: str) -> str:
    """The longest literal piece of a template: how we spot it in earlier turns."""
    pieces = re.split(r"\{[a-z_]+\}", template)
    return max(pieces, key=len).strip()


def _pick(rng: random.Random, pool: Sequence[str], used: list[str]) -> str:
    """A seeded choice from ``pool``, preferring phrasings not yet used in the episode."""
    said = " ".join(used)
    order = list(pool)
    rng.shuffle(order)
    fresh = [t for t in order if not _signature(t) or _signature(t) not in said]
    return (fresh or order)[0]


# ---------------------------------------------------------------------- source kinds

_BRIDGES: dict[str, Sequence[str]] = {
    "reddit": P.BRIDGE, "transcript": P.BRIDGE_SPOKEN,
    "article": P.BRIDGE_WRITTEN, "feed": P.BRIDGE_WRITTEN,
}


def _context(ref: SourceRef | None, seg: RundownSegment | None = None) -> dict[str, str]:
    """The words a topic uses for its source: family, medium, src, where, full, at."""
    if ref is None:
        return {"family": "reddit", "medium": "thread", "src": "the thread",
                "where": "the thread", "where_cap": "The thread",
                "full": "reading the full thread", "at": "in the thread"}
    fam, kind = family(ref.kind), medium(ref)
    where = f"the {kind}" if fam != "feed" else "the piece"
    verb = "listening to the whole" if fam == "transcript" else "reading the whole"
    full = "reading the full thread" if fam == "reddit" else f"{verb} {where[4:]}"
    return {"family": fam, "medium": kind, "src": source_phrase(ref), "where": where,
            "where_cap": capitalize(where), "full": full,
            "at": spoken_time(start_seconds(ref.url))}


def _op_pool(kind: str, who: str | None) -> Sequence[str]:
    """How a topic's opener credits its source's person, by source kind."""
    fam = family(kind) if kind else "reddit"
    if fam == "transcript":
        return P.OP_CREDIT_SPOKEN if who else P.OP_CREDIT_SPOKEN_UNNAMED
    if not who:
        return (("The original poster has since deleted their account.",) if fam == "reddit"
                else P.OP_CREDIT_UNSIGNED)
    return {"reddit": P.OP_CREDIT, "article": P.OP_CREDIT_ARTICLE,
            "feed": P.OP_CREDIT_FEED}[fam]


def _topic_noun(rundown: Rundown, count: int) -> str:
    """'threads' when every source of the show is from Reddit, else 'topics' (a thread
    that an article or a livestream joined is a topic, not just a thread)."""
    kinds = {family(ref.kind) for ref in rundown.sources.values()}
    noun = "thread" if kinds <= {"reddit"} else "topic"
    return noun if count == 1 else noun + "s"


def _thanks(script: Script, today: str) -> tuple[str, list[str]]:
    """The outro's thank-you: original posters for their threads, the main speakers for
    their recordings, authors for their articles; and the ids that back each name."""
    groups: dict[str, list[str]] = {"reddit": [], "transcript": [], "article": [], "feed": []}
    media: list[str] = []
    cites: list[str] = []
    for seg in script.segments:
        op = segment_op(script, seg.id) if seg.kind == "topic" else None
        ref = script.sources.get(op[0]) if op else None
        name = credit(op[1], ref.kind) if op and ref else None
        if not op or not ref or not name:
            continue
        cites.append(op[0])
        fam = family(ref.kind)
        if name.lower() not in {n.lower() for n in groups[fam]}:
            groups[fam].append(name)
        if fam == "transcript" and medium(ref) not in media:
            media.append(medium(ref))
    parts = []
    if groups["reddit"]:
        noun = "thread" if len(groups["reddit"]) == 1 else "threads"
        parts.append(f"{join_names(groups['reddit'])} for starting {today}'s {noun}")
    if groups["transcript"]:
        parts.append(f"{join_names(groups['transcript'])} for the {join_names(media)} "
                     "we quoted from")
    written = groups["article"] + groups["feed"]
    if written:
        parts.append(f"{join_names(written)} for the writing we drew on")
    if not parts:
        return f"A big thank-you to everyone whose words we shared {today}.", cites
    rest = ", and to everyone whose comments we quoted" if groups["reddit"] else ""
    return f"A big thank-you to {'; to '.join(parts)}{rest}.", cites
