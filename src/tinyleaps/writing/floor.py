"""The floor: every beat's words without a model, deterministic and always grounded.

Each act has its way of speaking (see ``data/phrases.toml`` for the pools): a welcome
with the day and time, a preview of the stories by their spoken names, each story's
open with its original poster and the post's point in reported speech, each *tell* as
reported speech (:mod:`.reported`) or, for a short joke, a quotation of at most 15
words, each *ask* chosen by what the next point answers (a figure of speed: "How fast
does it actually run?"; a pushback: "Did anyone push back?"), a *sum up* from the
story's structure (its skeptics, its headline figure, its open question), the thanks
and the sign-off. Phrases are seeded by the episode and never repeat within it; those
the show's recent episodes used (``WriteOptions.recent_phrases``) are avoided.

:class:`FloorWriter` (``--writer extractive``) writes a whole script this way; the model
writer uses :func:`floor_line` for any beat its model gets wrong.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..artifacts import Host, Script, ScriptSegment, Turn
from ..grounding.kinds import family, medium
from ..text.clean import squash
from ..timephrase import spoken_date
from . import beats as B
from .base import Writer
from .features import figure_kind
from .phrasebook import Context, phrasebook
from .reported import Report, quotable, report
from .segment_reading import episode_moment
from .speakable import (
    capitalize,
    join_names,
    number_word,
    source_phrase,
    spoken_origin,
)
from .third_person import lower_first, third_person

#: reporting verbs in the past tense, for recordings ("explained", "said")
_PAST = {"says": "said", "thinks": "thought", "asks": "asked", "asks whether": "asked whether",
         "asks:": "asked:", "pushes back:": "pushed back:", "wants them to": "wanted them to",
         "believes": "believed", "feels": "felt", "suspects": "suspected",
         "guesses": "guessed", "reckons": "reckoned", "bets": "bet", "doubts": "doubted",
         "agrees,": "agreed,", "disagrees,": "disagreed,", "agrees": "agreed",
         "disagrees": "disagreed", "loves": "loved", "hates": "hated",
         "prefers": "preferred", "wishes": "wished", "hopes": "hoped",
         "expects": "expected", "finds": "found", "found": "found", "supposes": "supposed"}
_PLAIN_VERBS = ("says", "said", "pushes back:", "pushed back:")
#: the planner's description of a recording's part ("A and B spend about 3 minutes on
#: gpt-oss."): the open says who is in it its own way
_MINUTES_ON = re.compile(r"^[^.]*\bspends? about [\w ]+ minutes? on [^.]*\.\s*", re.IGNORECASE)


# ---------------------------------------------------------------------- the lines


def floor_line(ctx: Context) -> str:
    """The floor's words for ``ctx.beat``."""
    act = ctx.beat.act
    writer = _LINES.get(act)
    if writer is None:
        raise ValueError(f"no floor line for act {act!r}")
    return re.sub(r"([?!])[.]+$", r"\1", squash(writer(ctx)))


def _welcome(ctx: Context) -> str:
    return ctx.book.pick("welcome", **ctx.common())


def _preview(ctx: Context) -> str:
    topics = [s for s in ctx.plan.segments if s.kind == "topic"]
    kinds = {family(ctx.plan.sources[s.source_ids[0]].kind) for s in topics
             if s.source_ids and s.source_ids[0] in ctx.plan.sources}
    noun = "thread" if kinds <= {"reddit"} else "story"
    noun = noun if len(topics) == 1 else ("threads" if noun == "thread" else "stories")
    count = number_word(len(topics))
    origin = spoken_origin(ctx.plan.origin).removeprefix("straight ").removeprefix("from ")
    return ctx.book.pick("preview", **ctx.common(), count=count, count_cap=capitalize(count),
                         noun=noun, origin=origin,
                         names=join_names([s.name for s in topics]))


def _open(ctx: Context) -> str:
    seg = ctx.seg
    topics = [s for s in ctx.plan.segments if s.kind == "topic"]
    pos = topics.index(seg) if seg in topics else 0
    pool = "lead_first" if pos == 0 else ("lead_last" if pos == len(topics) - 1 and pos > 0
                                          else "lead_next")
    lead = ctx.book.pick(pool, **ctx.common())
    facts = ctx.beat.facts
    op = facts[0] if facts else None
    parts = [seg.follow_up, lead, _gist(ctx, op) if op else ""]
    others = [f.credit for f in facts[1:] if f.credit]
    if others:
        parts.append(ctx.book.pick("also", also=join_names(others)))
    return " ".join(p for p in parts if p)


def _gist(ctx: Context, op: B.Fact) -> str:
    """Who started the story and what their post says."""
    fam = family(op.kind)
    who = op.credit or _nobody(fam, op=True)
    low = op.text.lower()
    media = re.search(r"^(?:the post (?:is|links)|an? (?:image|video)|image gallery|"
                      r"is mostly links)", low)
    rep = report(op.text, _terms(ctx), lead=True) if op.text and not media else None
    if fam == "transcript":
        ref = ctx.plan.sources.get(op.source_id)
        where = source_phrase(ref) if ref else f"the {ctx.seg.medium}"
        text = _MINUTES_ON.sub("", op.text).strip()
        said = third_person(lower_first(text.rstrip(". "))) if text else ""
        named = who.lower() in said.lower()
        return ctx.book.pick("open_spoken", **ctx.common(), op=who, src=where,
                             said=said or f"{who} leads this part",
                             with_op="" if named or not said else f", with {who}")
    if fam in ("article", "feed") and rep is not None:
        return ctx.book.pick("open_written", **ctx.common(), op=who,
                             core=_core(who, rep, fam))
    if rep is not None and fam == "reddit":
        pool = "open_says" if rep.verb in _PLAIN_VERBS and ctx.book.rng.random() < 0.5 \
            else "open_gist"
        return ctx.book.pick(pool, **ctx.common(), op=who, verb=rep.verb, clause=rep.clause,
                             plain=_plain(rep))
    if re.search(r"\b(?:an? (?:image|video)|image gallery)\b", low):
        return ctx.book.pick("open_image", op=who)
    where = ""
    m = re.search(r"links? to ([\w.-]+\.[a-z]{2,})", low)
    if m:
        where = f" to {m.group(1)}"
    if "link" in low:
        return ctx.book.pick("open_link", op=who, where=where)
    return ctx.book.pick("open_bare", op=who)


def _ask(ctx: Context) -> str:
    nxt = ctx.seg.beats[ctx.index + 1] if ctx.index + 1 < len(ctx.seg.beats) else None
    fact = nxt.facts[0] if nxt and nxt.facts else (ctx.beat.facts[0] if ctx.beat.facts else None)
    pool = _ask_pool(fact, nxt, ctx)
    return ctx.book.pick(pool, **ctx.common())


def _ask_pool(fact: B.Fact | None, nxt: B.Beat | None, ctx: Context) -> str:
    """Which kind of question the next point answers."""
    if fact is None:
        return "ask_generic"
    text = fact.text.lower()
    angle = next((f.split(":", 1)[1] for f in fact.features if f.startswith("angle:")), "")
    if nxt is not None and nxt.act == B.PUSH_BACK or "pushback" in fact.features:
        return "ask_pushback"
    if fact.reply_to and ctx.previous is not None and ctx.previous.facts and \
            ctx.previous.facts[0].credit == fact.reply_to:
        return "ask_reply"
    if "humour" in fact.features and nxt is not None and nxt.quote:
        return "ask_humour"
    if re.search(r"\b(?:license[ds]?|mit|apache|open[- ]weights?|commercial use)\b", text):
        return "ask_license"
    if fact.figure:
        kind = figure_kind(fact.figure)
        if ctx.book.has(f"ask_{kind}"):
            return f"ask_{kind}"
    if re.search(r"\b(?:i|we) (?:tried|tested|ran|run|use|used|got|get|benchmarked)\b", text):
        return "ask_experience"
    if "advice" in fact.features or angle == "howto":
        return "ask_advice"
    if "question" in fact.features or angle == "question":
        return "ask_question"
    if angle == "experience":
        return "ask_experience"
    if angle == "new":
        return "ask_new"
    return "ask_generic"


def _tell(ctx: Context) -> str:
    beat = ctx.beat
    fact = beat.facts[0]
    fam = family(fact.kind)
    who = fact.credit or _nobody(fam)
    if beat.quote:
        words = quotable(fact.text)
        if words:
            return ctx.book.pick("quote", who=who, quote=_quote_end(words))
    rep = report(fact.text, _terms(ctx), pushback=beat.act == B.PUSH_BACK)
    if rep is None:
        words = quotable(fact.text) or " ".join(fact.text.split()[:12])
        return ctx.book.pick("quote", who=who, quote=_quote_end(words))
    if beat.act == B.COMPARE and len(beat.facts) > 1:
        other = beat.facts[1]
        return ctx.book.pick("compare", who=who, verb=rep.verb, clause=rep.clause,
                             plain=_plain(rep), fig=fact.figure, fig2=other.figure,
                             who2=other.credit or "another commenter")
    elsewhere = _elsewhere(ctx, fact)
    if elsewhere:  # a livestream's point in a Reddit story: say where it comes from
        return f"{elsewhere}, {_core(who, rep, fam)}."
    if fam == "transcript":
        at = fact.at or "in the recording"
        return ctx.book.pick("tell_spoken", **ctx.common(), core=_core(who, rep, fam),
                             at=at, at_cap=capitalize(at))
    if fam in ("article", "feed"):
        return ctx.book.pick("tell_written", **ctx.common(), core=_core(who, rep, fam))
    pool = _tell_pool(ctx, fact, rep)
    text = ctx.book.pick(pool, fallback="tell", **ctx.common(), who=who, verb=rep.verb,
                         clause=rep.clause, plain=_plain(rep))
    return text


def _tell_pool(ctx: Context, fact: B.Fact, rep: Report) -> str:
    if ctx.beat.act == B.PUSH_BACK and rep.verb in _PLAIN_VERBS:
        return "push_back"
    plain = rep.verb in ("says",)
    prev = ctx.previous
    if fact.reply_to and prev is not None and any(f.credit == fact.reply_to for f in prev.facts):
        return "tell_reply" if plain else "tell"
    if prev is not None and prev.act == B.ASK:
        return "tell_answer" if plain else "tell"
    if "humour" in fact.features and plain:
        return "tell_humour"
    return "tell_says" if plain and ctx.book.rng.random() < 0.55 else "tell"


def _sum_up(ctx: Context) -> str:
    told = [b for b in ctx.seg.beats if b.act in (B.TELL, B.PUSH_BACK, B.COMPARE) and b.facts]
    fields = ctx.common()
    skeptics = [b.facts[0].credit for b in told if b.act == B.PUSH_BACK and b.facts[0].credit]
    figures = [(b.facts[0].figure, b.facts[0].credit) for b in told
               if b.facts[0].figure and b.facts[0].credit and not b.quote
               and figure_kind(b.facts[0].figure) in ("speed", "memory", "money", "power")]
    asked = [b.facts[0].credit for b in told if "asked" in b.facts[0].features
             and b.facts[0].credit and not b.quote]  # a question the listener heard
    people = {b.facts[0].credit for b in told if b.facts[0].credit}
    hosts = {h.name: h for h in ctx.plan.hosts}
    tinkerer = "tinker" in hosts.get(ctx.beat.speaker, hosts[ctx.beat.speaker]).persona.lower() \
        if ctx.beat.speaker in hosts else False
    if skeptics:
        return ctx.book.pick("sum_split", **fields, con=join_names(skeptics[:2]))
    if figures:
        fig, who = figures[0]
        if tinkerer and figure_kind(fig) == "speed" and ctx.book.rng.random() < 0.6:
            return ctx.book.pick("sum_figure_doubt", **fields, fig=fig)
        return ctx.book.pick("sum_figure", **fields, fig=fig, who=who)
    if asked:
        return ctx.book.pick("sum_question", **fields, who=asked[0])
    if len(people) >= 3:
        return ctx.book.pick("sum_quiet", **fields, count=number_word(len(people)))
    n = max(1, len(told))
    return ctx.book.pick("sum_generic", **fields, count=number_word(n),
                         takes="take" if n == 1 else "takes")


def _thanks(ctx: Context) -> str:
    ops = [f.credit for f in ctx.beat.facts if f.credit]
    fams = {family(f.kind) for f in ctx.beat.facts}
    if not ops:
        return f"That's the show for {ctx.today}. Thanks to everyone whose words we shared."
    media = join_names(list(dict.fromkeys(
        medium(ctx.plan.sources[f.source_id]) for f in ctx.beat.facts
        if f.source_id in ctx.plan.sources)))
    their = {frozenset({"reddit"}): "starting the threads",
             frozenset({"transcript"}): f"the {media} we quoted from",
             frozenset({"article"}): "their writing", frozenset({"feed"}): "their writing",
             }.get(frozenset(fams), "the threads, talks and writing we drew on")
    everyone = "everyone in the comments" if fams <= {"reddit"} else "everyone we quoted"
    return ctx.book.pick("thanks", **ctx.common(), ops=join_names(ops), their=their,
                         everyone=everyone)


def _sign_off(ctx: Context) -> str:
    first = ctx.index == len(ctx.seg.beats) - 2
    fields = {**ctx.common(), ("b" if first else "a"): ctx.beat.speaker}
    return ctx.book.pick("sign_off_b" if first else "sign_off_a", **fields)


_LINES = {B.WELCOME: _welcome, B.PREVIEW: _preview, B.OPEN: _open, B.ASK: _ask,
          B.TELL: _tell, B.PUSH_BACK: _tell, B.COMPARE: _tell, B.SUM_UP: _sum_up,
          B.THANKS: _thanks, B.SIGN_OFF: _sign_off}


# ---------------------------------------------------------------------- small helpers


def _terms(ctx: Context) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w.-]+", f"{ctx.seg.name} {ctx.seg.short}")}


def _nobody(fam: str, op: bool = False) -> str:
    """Who to say when a source names nobody."""
    if fam == "transcript":
        return "one of the speakers"
    if fam in ("article", "feed"):
        return "the author"
    return "someone whose account is gone" if op else "one commenter"


def _elsewhere(ctx: Context, fact: B.Fact) -> str:
    """"In the livestream" / "In the article" / "Over on Reddit" for a point from
    another kind of source than its story's own; "" otherwise."""
    first = ctx.seg.beats[0].facts[0] if ctx.seg.beats and ctx.seg.beats[0].facts else None
    if first is None or family(first.kind) == family(fact.kind):
        return ""
    ref = ctx.plan.sources.get(fact.source_id)
    if family(fact.kind) == "reddit":
        return "Over on Reddit"
    return f"In the {medium(ref)}" if ref else ""


def _core(who: str, rep: Report, fam: str) -> str:
    """"Jane Doe said that ...", "Jane Doe asked whether ...", "Jane Doe writes that
    ...": a point from a recording (past tense) or a piece of writing."""
    verb = _past(rep.verb) if fam == "transcript" else _written_verb(rep.verb)
    if verb.endswith(":") or verb.startswith(("asked", "asks", "wanted", "wants")) or \
            verb.endswith(","):
        return f"{who} {verb} {rep.clause}"
    return f"{who} {verb} that {rep.clause}"


def _plain(rep: Report) -> str:
    """The clause alone, for "According to @x, ..." (only right after "says")."""
    return rep.clause


def _past(verb: str) -> str:
    return _PAST.get(verb, verb)


def _written_verb(verb: str) -> str:
    return {"says": "writes", "pushes back:": "argues"}.get(verb, verb)


def _quote_end(words: str) -> str:
    words = capitalize(words)
    return words if words[-1:] in ".!?" else words + "."


# ---------------------------------------------------------------------- the writer


class FloorWriter(Writer):
    """``--writer extractive``: the beat plan in the floor's words; no model."""

    id: ClassVar[str] = "extractive"
    description: ClassVar[str] = ("every beat in the floor's words: reported speech, "
                                  "grounded questions and sum-ups; no model")

    def write_plan(self, plan: B.BeatPlan) -> Script:
        book = phrasebook(plan, self.options)
        lines = {b.id: floor_line(Context(plan, seg, i, book))
                 for seg in plan.segments for i, b in enumerate(seg.beats)}
        script = script_from(plan, lines, self.id)
        script.writer.update(phrases=list(book.used),
                             lines={bid: {"origin": "floor", "why": "the floor writer"}
                                    for bid in lines})
        if self.options.on_segment is not None:
            for seg in script.segments:
                self.options.on_segment(script, seg.id)
        return script


def script_from(plan: B.BeatPlan, lines: dict[str, str], writer_id: str) -> Script:
    """The script: one turn per beat, in order, citing the beat's facts."""
    segments = [ScriptSegment(id=s.id, kind=s.kind, title=s.title, source_ids=list(s.source_ids))
                for s in plan.segments]
    turns = [Turn(speaker=b.speaker, text=lines[b.id], segment=seg.id, cites=b.cites(),
                  act=b.act) for seg, b in plan.beats() if lines.get(b.id, "").strip()]
    return Script(show=plan.show, title=episode_title(plan), recorded_at=plan.recorded_at,
                  hosts=[Host(h.name, h.voice, h.persona) for h in plan.hosts],
                  segments=segments, turns=turns, sources=dict(plan.sources),
                  writer={"id": writer_id, "seed": plan.seed, "minutes": plan.minutes})


def episode_title(plan: B.BeatPlan) -> str:
    """"Tiny Leaps, Monday, July 28th, 2025: GLM4.5 released!" (the lead story's title as
    written: a title is read, not said)."""
    first = next((s.title for s in plan.segments if s.kind == "topic"), "the day's threads")
    return f"{plan.show}, {spoken_date(episode_moment(plan.recorded_at))}: {first}"
