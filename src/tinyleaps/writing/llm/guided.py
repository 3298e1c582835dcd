"""``--llm-style guided`` (the default): the model writes the hosts' own words around a
grounded skeleton.

A 1.5B model asked for a whole segment copies the notes, misreads sarcasm as advice and
loses track of who said what (docs/benchmarks.md, "LLM writer"). Asked for one short
reaction at a time, it does well. So the extractive writer lays down the skeleton: the
welcome, each topic's opener crediting its original poster, each community member's
point quoted and credited by handle, the outro's thanks. Wherever a host reacts, it
leaves a *slot* (marked inside the turn's text, with its own canned reaction as the
fallback), and the model fills each slot in turn, given the topic and the line just
said: a reaction before each point, a reaction to each topic's gist, each topic's
closing opinion, a teaser in the intro and a last thought in the outro.

Every reply is cleaned (at most two whole sentences, no @handles, no quotes) and
checked: made-up figures, first-hand claims ("I've been running it"), repeats, copies
of the line it reacts to, goodbyes mid-show and yes-man filler are rejected; so is a
reaction that makes the segment fail ``check_segment``. A rejected slot is asked again
with a new seed, then falls back to its canned reaction; ``script.writer`` records it.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...artifacts import Rundown, RundownSegment, Script, ScriptSegment, Turn
from ...check.script_rules import check_segment
from ...config import ShowConfig
from ...errors import BackendError
from ...prompts import load_prompt
from .. import phrases as PH
from ..base import WriteOptions
from ..extractive import ExtractiveWriter, _replies_to
from .base import ChatBackend, ChatResult
from .facts import bad_sentence, content_words, segment_facts
from .postprocess import SENTENCE_END

SLOT = re.compile("\ue000(\\d+)\ue001(.*?)\ue002", re.DOTALL)
#: words a model reaction adds on average (for sizing the skeleton to --minutes)
REACTION_WORDS = 15
MAX_WORDS = 32
#: how many sentences a line of each kind may keep: the model's second sentence in a
#: summary is where it starts inventing, so verdicts and teasers keep one
SENTENCES = {"react": 2, "opener": 2, "wrap": 1, "intro": 1, "outro": 1}
MAX_CHARS = 230
ATTEMPTS = 2
#: candidates per round (``extra["llm_candidates"]``); with 2, the line that shares most
#: words with what it answers airs. Measured on 2025-07-12: 2 of 14 lines changed (both
#: for the better) for +27 % writing time, so the default stays 1
CANDIDATES = 1
TEMPERATURE = 0.6
_GOODBYE = re.compile(
    r"\b(?:thanks? (?:you )?for (?:listening|tuning in|joining)|see you next|goodbye|bye\b|"
    r"welcome (?:back|to)|that's (?:all|it|the show) for (?:today|tonight)|stay tuned|"
    r"coming up|next (?:up|topic|episode)|in (?:the|our) next)",
    re.IGNORECASE,
)
#: empty filler and narration a small model likes; a sentence with it is dropped
_FILLER = re.compile(
    r"\bit's (?:always )?(?:very )?(?:important|good|interesting|crucial|essential) to\b"
    r"|\bdifferent perspectives\b|\bhave a discussion\b|\bstay safe\b"
    r"|\bthe (?:hosts?|speaker|podcast|listener)s?\b|\bas an ai\b"
    r"|^let's (?:take a look|look|see|dive|explore|check|discuss|test|try)\b"
    r"|\bwhat else is new\b|\bfeel free\b|\bhope this helps\b"
    r"|\bthanks? (?:you )?for (?:sharing|the (?:suggestion|tip|info|update|insight))\b"
    r"|\blet me know\b|\bany (?:other )?questions\b"
    r"|\bgive it a (?:try|shot|go|spin)\b|\bI(?:'ll| will) (?:try|test|run|use|check)\b"
    # hype and hollow interest: the small model's favourite way to say nothing
    r"|\brevolutioni[sz]e|\bgame[- ]?changer\b|\bgroundbreaking\b|\bcutting[- ]edge\b"
    r"|\bcommitment to\b|\bwidespread attention\b|\b(?:significant|major|huge|big) "
    r"(?:\w+ )?(?:step forward|advancement|breakthrough)\b|\bthe field of (?:ai|artificial)"
    r"|\bI'?d (?:love|like|be interested) (?:to hear|in hearing) more\b"
    r"|\b(?:I|we)(?:'m| am|'re| are|'ll| will| can't wait)? (?:(?:really )?(?:excited|eager|"
    r"going|gonna|planning|keen|want) )?to (?:try|test|run|use|download|play with)\b",
    re.IGNORECASE,
)
#: names of things: words with a digit (3090, MI50s, Qwen3), all-caps words (RTX, GGUF)
#: and inner capitals (OpenAI, LoRA); a line may only name those the notes name
_THING = re.compile(r"\b(?=[\w.-]*[A-Za-z])(?:[\w.-]*\d[\w.-]*|[A-Z]{2,}[\w-]*|"
                    r"[A-Za-z]+[a-z][A-Z][\w-]*)\b")
#: generic terms any host may use without the notes naming them
_COMMON_THINGS = frozenset(
    "ai llm llms gpu gpus cpu cpus ram vram api apis ok tts asr pc pcs os ui ux faq diy "
    "usa uk eu ceo llama.cpp".split()
)
#: "you" in a host's line: fine when it names the co-host, else it talks to the person
#: quoted, who is not on the show ("What's your temperature range?")
_YOU = re.compile(r"\byou(?:r|rs|'re|'ve|'d|'ll)?\b", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|vs|etc|Dr|Mr|Mrs|Ms|approx|cf)\.", re.IGNORECASE)
#: words that, alone, make a line of empty agreement ("Good point.", "Fair enough.")
_AGREEMENT = frozenset(
    "yeah yes yep totally absolutely exactly indeed right true agreed agree wow oh ah great "
    "good nice interesting cool i see that's that is a an point take fair enough makes sense "
    "with you valid excellent question definitely sure so well it really very glad to hear "
    "idea news awesome amazing neat exciting excited impressive quite this what huh hmm "
    "and but".split()
)


@dataclass
class Slot:
    """A place where a host reacts, with the extractive writer's line as the fallback."""

    id: int
    kind: str  # "intro" | "opener" | "react" | "wrap" | "outro"
    fallback: str
    cites: list[str] = field(default_factory=list)

    @property
    def marker(self) -> str:
        return f"\ue000{self.id}\ue001{self.fallback}\ue002"


class SkeletonWriter(ExtractiveWriter):
    """The extractive writer, leaving a marked :class:`Slot` wherever a host reacts."""

    def __init__(self, show: ShowConfig, options: WriteOptions) -> None:
        super().__init__(show, options)
        self.slots: dict[int, Slot] = {}
        self._canned = False  # True while the parent writes a fallback

    def slot(self, kind: str, fallback: str = "", cites: Sequence[str] = ()) -> str:
        s = Slot(len(self.slots), kind, " ".join(fallback.split()), list(cites))
        self.slots[s.id] = s
        return s.marker

    def write_intro(self, rundown: Rundown, script: Script) -> list[Turn]:
        turns = super().write_intro(rundown, script)
        if len(turns) >= 3:
            turns[2].text = f"{turns[2].text} {self.slot('intro')}"
        return turns

    def write_outro(self, rundown: Rundown, script: Script) -> list[Turn]:
        turns = super().write_outro(rundown, script)
        if turns:
            turns[0].text = f"{self.slot('outro')} {turns[0].text}"
        return turns

    def _say(self, rng: random.Random, pool: Sequence[str], used: list[str],
             **fields: str) -> str:
        text = super()._say(rng, pool, used, **fields)
        if pool is PH.REACT_OPENER and not self._canned:
            return self.slot("opener", text)
        return text

    def _lead_in(self, rng: random.Random, presented: list[Any], pt: Any,
                 used: list[str]) -> tuple[str, list[str]]:
        if not presented:  # always react to the gist before the first point
            bridge, cites = super()._lead_in(rng, presented, pt, used)
            if SLOT.search(bridge):
                return bridge, cites
            return f"{self.slot('opener')} {bridge}", cites
        text, cites = super()._lead_in(rng, presented, pt, used)
        if not text and _replies_to(pt, presented[-1]):
            return "", []  # inside a reply chain: the reply follows at once
        return self.slot("react", text, cites), []

    def _wrap_up(self, rng: random.Random, presented: list[Any], used: list[str],
                 with_closer: bool = True) -> tuple[str, list[str]]:
        self._canned = True
        try:
            canned, cites = super()._wrap_up(rng, presented, used, with_closer=False)
        finally:
            self._canned = False
        closer = self._say(rng, PH.CLOSERS, used) if with_closer else ""
        return f"{self.slot('wrap', canned, cites)} {closer}".strip(), []


# ---------------------------------------------------------------------- the filler


@dataclass
class SlotResult:
    text: str
    attempts: int  # rounds of candidates asked for
    problems: list[str]
    from_model: bool
    calls: int = 0


class GuidedWriting:
    """Writes a script in the guided style with ``backend``; see the module docstring."""

    def __init__(self, show: ShowConfig, options: WriteOptions, backend: ChatBackend,
                 record: dict[str, Any], progress: Callable[[str], None]) -> None:
        self.show, self.options, self.backend = show, options, backend
        self.record, self.progress = record, progress
        self.openings: set[str] = set()  # how model lines began, to keep them varied
        #: lines asked for per slot and round; the most specific one that passes airs
        self.candidates = max(1, int(options.extra.get("llm_candidates", CANDIDATES)))
        self.system = load_prompt(
            "react_system", show=show.name, description=show.description,
            hosts="\n".join(f"- {h.name}: {h.persona}" for h in show.hosts),
        )

    # ------------------------------------------------------------------ the episode

    def write(self, rundown: Rundown) -> Script:
        skeleton, slots = self.skeleton(rundown)
        script = dataclasses.replace(skeleton, turns=[])
        stats = self.record.setdefault("slots", {"total": len(_slot_ids(skeleton)),
                                                 "model": 0, "retried": 0, "fallback": 0})
        for seg in skeleton.segments:
            start = time.monotonic()
            turns = [dataclasses.replace(t, cites=list(t.cites)) for t in skeleton.turns
                     if t.segment == seg.id]
            rec: dict[str, Any] = {"attempts": 0, "calls": 0, "fallback": False,
                                   "problems": [], "slots": 0, "from_model": 0}
            self.record["segments"][seg.id] = rec
            self._fill(rundown, script, seg, turns, slots, rec, stats)
            script.turns.extend(turns)
            rec["seconds"] = round(time.monotonic() - start, 2)
            if self.options.on_segment is not None:
                self.options.on_segment(script, seg.id)
        script.writer = self.record
        return script

    def skeleton(self, rundown: Rundown) -> tuple[Script, dict[int, Slot]]:
        """The extractive script with slots, sized so that with the model's reactions it
        comes out near ``--minutes``."""
        opts = dataclasses.replace(self.options, on_segment=None, progress=None)
        writer = SkeletonWriter(self.show, opts)
        script = writer.write(rundown)
        expected = _expected_words(script)
        target = self.options.target_words
        if abs(expected - target) > 0.08 * target:
            scaled = max(0.3, self.options.minutes * target / max(1, expected))
            opts = dataclasses.replace(opts, minutes=scaled)
            writer = SkeletonWriter(self.show, opts)
            script = writer.write(rundown)
        self.record["skeleton_words"] = _expected_words(script)
        return script, writer.slots

    # ------------------------------------------------------------------ one segment

    def _fill(self, rundown: Rundown, script: Script, seg: ScriptSegment, turns: list[Turn],
              slots: dict[int, Slot], rec: dict[str, Any], stats: dict[str, int]) -> None:
        facts = segment_facts(rundown, seg, self.show.name)
        rseg = next((s for s in rundown.segments if s.id == seg.id), None)
        for ti, turn in enumerate(turns):
            for sid in [int(m.group(1)) for m in SLOT.finditer(turn.text)]:
                slot = slots[sid]
                rec["slots"] += 1
                result = self._slot(rundown, rseg, script, turns, ti, slot, facts, slots)
                rec["attempts"] += result.attempts
                rec["calls"] += result.calls
                stats["retried"] += max(0, result.attempts - 1)
                if result.from_model:
                    rec["from_model"] += 1
                    rec.setdefault("model_lines", []).append(result.text)
                    stats["model"] += 1
                    turn.text = _set_slot(turn.text, sid, result.text)
                else:
                    stats["fallback"] += 1
                    rec.setdefault("fallback_slots", []).append(
                        {"slot": slot.kind, "problems": result.problems})
                    turn.text = _set_slot(turn.text, sid, slot.fallback)
                    turn.cites = list(dict.fromkeys([*turn.cites, *slot.cites]))
        for turn in turns:
            turn.text = " ".join(turn.text.split())

    def _slot(self, rundown: Rundown, rseg: RundownSegment | None, script: Script,
              turns: list[Turn], ti: int, slot: Slot, facts: str,
              slots: dict[int, Slot]) -> SlotResult:
        turn = turns[ti]
        line_speaker, line = _line_before(script, turns, ti, slot.id)
        prompt = self._prompt(rundown, rseg, turns[:ti], turn.speaker, slot, line_speaker,
                              line)
        # everything the segment says around the slot: a line must not repeat any of it
        said = [t.text for t in script.turns[-12:]] + [
            _resolved(_set_slot(t.text, slot.id, "")) for t in turns]
        problems: list[str] = []
        calls = 0
        for attempt in range(ATTEMPTS):
            good: list[tuple[str, str]] = []  # (line, its opening) that passed everything
            for k in range(self.candidates):
                seed = self.options.seed + 7919 * (slot.id + 1) + attempt * self.candidates + k
                calls += 1
                try:
                    reply = self._chat(prompt, seed, slot.kind)
                except BackendError as exc:
                    problems.append(f"backend: {exc}")
                    return SlotResult(slot.fallback, attempt + 1, problems, False, calls)
                text, why = self._judge(reply.text, script, turns, ti, slot, slots, line, facts,
                                        said, last=attempt == ATTEMPTS - 1)
                if text:
                    good.append((text, _opening(text)))
                else:
                    problems.append(why)
            if good:
                topic = _topic_line(rseg) if rseg is not None else ""
                text, opening = max(good, key=lambda g: specificity(g[0], f"{line} {topic}"))
                self.openings.add(opening)
                return SlotResult(text, attempt + 1, problems, True, calls)
        return SlotResult(slot.fallback, ATTEMPTS, problems, False, calls)

    def _judge(self, reply: str, script: Script, turns: list[Turn], ti: int, slot: Slot,
               slots: dict[int, Slot], line: str, facts: str, said: list[str],
               last: bool) -> tuple[str, str]:
        """(the cleaned line, "") when it may air in this slot, else ("", why not)."""
        turn = turns[ti]
        text, why = clean_reaction(reply, turn.speaker, [h.name for h in self.show.hosts],
                                   line, facts, said, SENTENCES.get(slot.kind, 2))
        if not text:
            return "", why
        opening = _opening(text)
        if not last and opening in self.openings:
            return "", f"starts like an earlier line ({opening!r}); vary it"
        candidate = _set_slot(turn.text, slot.id, text)
        trial = dataclasses.replace(script, turns=[
            *script.turns,
            *(_as_aired(dataclasses.replace(t, text=candidate) if i == ti else t, slots)
              for i, t in enumerate(turns))])
        found = check_segment(trial, turn.segment)
        if found:
            return "", "; ".join(str(p) for p in found)
        return text, ""

    def _prompt(self, rundown: Rundown, rseg: RundownSegment | None, earlier: list[Turn],
                speaker: str, slot: Slot, line_speaker: str, line: str) -> str:
        """The request for one slot; ``earlier`` are the segment's turns before it."""
        topic = _topic_line(rseg) if rseg is not None else ""
        if slot.kind in ("intro", "outro"):
            topics = "\n".join(f"- {_topic_line(s)}" for s in rundown.segments)
            return load_prompt(f"react_{slot.kind}", speaker=speaker, topics=topics)
        if slot.kind == "wrap":
            lines = "\n".join(f"{t.speaker}: {_short(_resolved(t.text), 260)}" for t in earlier)
            return load_prompt("react_wrap", speaker=speaker, topic=topic, lines=lines)
        return load_prompt("react_line", speaker=speaker, topic=topic,
                           line_speaker=line_speaker, line=_short(line, 600))

    def _chat(self, prompt: str, seed: int, kind: str) -> ChatResult:
        messages = [{"role": "system", "content": self.system},
                    {"role": "user", "content": prompt}]
        reply = self.backend.chat(messages, json_schema=REACTION_SCHEMA, max_tokens=96,
                                  temperature=TEMPERATURE, seed=seed)
        tok = self.record["tokens"]
        tok["prompt"] += reply.prompt_tokens
        tok["completion"] += reply.completion_tokens
        tok["cached"] += reply.cached_tokens
        tok["seconds"] = round(tok["seconds"] + reply.seconds, 2)
        tok["calls"] = tok.get("calls", 0) + 1
        self.progress(f"{kind}: {reply.completion_tokens} tokens in {reply.seconds:.1f} s "
                      f"({reply.tokens_per_second:.1f} tokens/s)")
        return reply


REACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"line": {"type": "string", "pattern": '^[^"\\\\@\\n]{8,' + str(MAX_CHARS)
                            + "}$"}},
    "required": ["line"],
    "additionalProperties": False,
}


# ---------------------------------------------------------------------- cleaning


def parse_reaction(text: str) -> str:
    """The reaction in a reply: ``{"line": ...}`` JSON, or the reply's plain text."""
    text = re.sub(r"<think>.*?(</think>|$)", "", text, flags=re.DOTALL | re.IGNORECASE).strip()
    for cand in (text, text[text.find("{"): text.rfind("}") + 1]):
        try:
            data = json.loads(cand)
        except (json.JSONDecodeError, ValueError):
            continue
        if isinstance(data, dict):
            value = next((v for v in data.values() if isinstance(v, str)), "")
            return str(data.get("line") or data.get("reaction") or data.get("text") or value)
    return text.strip("`").strip()


def clean_reaction(reply: str, speaker: str, hosts: list[str], line: str, facts: str,
                   said: Sequence[str], sentences_max: int = 2) -> tuple[str, str]:
    """(the reaction ready to air, "") or ("", why it was rejected)."""
    text = " ".join(parse_reaction(reply).split())
    label = re.compile(r"^\s*[*_]*(?:" + "|".join(re.escape(h) for h in hosts)
                       + r")[*_]*\s*:[*_]*\s*", re.IGNORECASE)
    text = label.sub("", text).replace('"', "").replace("\u201c", "").replace("\u201d", "")
    text = re.sub(r"^['\u2018\s]+|(?<=[.!?])['\u2019]+$", "", text).strip()
    if "@" in text or "u/" in text:
        return "", "names someone with a handle (the reaction names nobody)"
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    sentences = [s.strip().replace("\u2024", ".") for s in SENTENCE_END.split(protected)
                 if s.strip()]
    if sentences and sentences[-1][-1:] not in ".!?":
        sentences.pop()  # cut off by the length cap
    seen = [content_words(s) for t in said for s in SENTENCE_END.split(t)]
    kept: list[str] = []
    why = ""
    for s in sentences:
        reason = bad_sentence(s, facts, seen)
        if reason is None and _GOODBYE.search(s):
            reason = "greets or says goodbye mid-show"
        if reason is None and re.search(rf"\b{re.escape(speaker)}\b", s, re.IGNORECASE):
            reason = "the host names themselves"
        if reason is None and _FILLER.search(s):
            reason = "filler"
        if reason is None and set(re.findall(r"[a-z']+", s.lower())) <= _AGREEMENT:
            reason = "empty agreement"
        if reason is None and (unknown := _unknown_things(s, f"{facts} {' '.join(hosts)}",
                                                          line)):
            reason = f"names {', '.join(unknown)}, which the notes never mention"
        if reason is None and _YOU.search(s) and not any(
                re.search(rf"\b{re.escape(h)}\b", s, re.IGNORECASE) for h in hosts if h != speaker):
            reason = "talks to someone who is not on the show (\"you\" without the co-host's name)"
        if reason is None and (_copies(s, line) or _copies(s, facts)):
            reason = "copies the notes or the line it answers"
        if reason:
            why = why or f"{reason}: {s!r}"
            continue
        kept.append(s)
        seen.append(content_words(s))
        if len(kept) == sentences_max:
            break
    while kept and len(" ".join(kept).split()) > MAX_WORDS:
        kept.pop()
    out = " ".join(kept)  # each kept sentence has a word of its own, so out is not empty talk
    return (out, "") if out else ("", why or "no complete sentence")


def _unknown_things(sentence: str, facts: str, line: str) -> list[str]:
    """Named things (model names, products, figures with units) in ``sentence`` that
    neither the notes nor the line it answers mention."""
    known = f"{facts}\n{line}".lower()
    out = []
    for m in _THING.finditer(_QUOTED.sub(" ", sentence)):
        word = m.group(0).strip(".-")
        bare = word.lower().removesuffix("'s").rstrip("s") if not word.isdigit() else word
        if word.lower() in _COMMON_THINGS or bare in _COMMON_THINGS or word.isdigit():
            continue  # plain numbers are checked as figures
        if word.lower() not in known and bare not in known:
            out.append(word)
    return out


_QUOTED = re.compile(r"(?<!\w)'[^']+'(?!\w)|\u2018[^\u2019]*\u2019")


_GENERIC = re.compile(
    r"^(?:(?:oh|wow|ah|ha|hmm|well|so)[,!.]?\s+)?(?:that's (?:a |an |so |really |quite )?"
    r"(?:great|good|nice|interesting|impressive|exciting|cool|amazing|awesome)|i'm glad|"
    r"i see|i agree|i'm curious|i wonder|it's great)\b",
    re.IGNORECASE,
)


def specificity(text: str, context: str) -> float:
    """How much a line engages with what it answers: content words it shares with the
    line and topic (up to 4), a penalty for a stock opening, a little for length."""
    shared = len(content_words(text) & content_words(context))
    stock = 2.0 if _GENERIC.match(text) else 0.0
    return min(shared, 4) - stock + min(len(text.split()), 25) / 25


def _opening(text: str) -> str:
    """A line's first two words, lowercased ("i wonder", "that's a")."""
    return " ".join(re.findall(r"[a-z']+", text.lower())[:2])


def _copies(sentence: str, line: str, n: int = 6) -> bool:
    """Does ``sentence`` share a run of ``n`` words with ``line``?"""
    a = re.findall(r"[a-z0-9']+", sentence.lower())
    b = re.findall(r"[a-z0-9']+", line.lower())
    grams = {tuple(b[i:i + n]) for i in range(len(b) - n + 1)}
    return any(tuple(a[i:i + n]) in grams for i in range(len(a) - n + 1))


# ---------------------------------------------------------------------- helpers


def _set_slot(text: str, slot_id: int, value: str) -> str:
    return SLOT.sub(lambda m: value if int(m.group(1)) == slot_id else m.group(0), text)


def _resolved(text: str) -> str:
    """``text`` as it would air with every remaining slot at its fallback."""
    return " ".join(SLOT.sub(lambda m: m.group(2), text).split())


def _as_aired(turn: Turn, slots: dict[int, Slot]) -> Turn:
    """``turn`` with every remaining slot at its fallback, citing what the fallbacks name."""
    fallback_cites = [c for m in SLOT.finditer(turn.text) for c in slots[int(m.group(1))].cites]
    cites = [*turn.cites, *fallback_cites]
    return dataclasses.replace(turn, text=_resolved(turn.text), cites=list(dict.fromkeys(cites)))


def _slot_ids(script: Script) -> list[int]:
    return [int(m.group(1)) for t in script.turns for m in SLOT.finditer(t.text)]


def _expected_words(script: Script) -> int:
    """The script's words once every slot holds a model line of average length."""
    words = 0
    for t in script.turns:
        words += len(SLOT.sub(" ", t.text).split())
        words += REACTION_WORDS * len(SLOT.findall(t.text))
    return words


def _line_before(script: Script, turns: list[Turn], ti: int, slot_id: int) -> tuple[str, str]:
    """Who said the line a slot reacts to, and that line: the turn's own words before
    the slot, else the turn before it."""
    text = turns[ti].text
    m = next(m for m in SLOT.finditer(text) if int(m.group(1)) == slot_id)
    head = _resolved(text[: m.start()])
    if len(head.split()) >= 6:
        return turns[ti].speaker, head
    prev = turns[ti - 1] if ti > 0 else (script.turns[-1] if script.turns else None)
    if prev is None:
        return "", ""
    return prev.speaker, _resolved(prev.text)


def _topic_line(seg: RundownSegment) -> str:
    title = seg.spoken_title or seg.title
    summary = _short(seg.summary, 300)
    return f"\"{title}\": {summary}" if summary else f"\"{title}\""


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


__all__ = ["GuidedWriting", "SkeletonWriter", "Slot", "clean_reaction"]
