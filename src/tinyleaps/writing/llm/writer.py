"""``--writer llm``: the script written by a local LLM, one segment at a time.

For each segment (intro, each topic, outro) the model gets the show's fixed system
prompt, the segment's facts and the last lines before it, and answers with JSON turns.
Where the backend constrains output (llama.cpp), the JSON schema pins each turn's
speaker (hosts alternate, the quieter host opens) and forces the first turn to start
with words we wrote: the intro's welcome with the day and time, each topic's transition
and original-poster credit. The turns are cleaned up (:mod:`.postprocess`), credits the
model left out are inserted (OP, outro thanks, welcome), and the segment is checked with
``check_segment``. A failing segment is sent back with the exact problems up to
``REPAIRS`` times; on the last attempt handles nobody owns are scrubbed; only then does
the segment fall back to the extractive writer. Every step is recorded in
``script.writer``; each validated segment is handed to ``on_segment`` (voicing) at once.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any, ClassVar

from ...artifacts import Rundown, Script, ScriptSegment, Turn
from ...check.problems import Problem
from ...check.script_rules import segment_op
from ...errors import BackendError, BackendUnavailable, InputError
from ..base import LLM_STYLES, WriteOptions, Writer
from ..common import script_skeleton
from . import prompting as P
from .backends import backend_class, make_backend, settings_from
from .base import ChatBackend, ChatResult, Message
from .facts import drop_unsupported, fact_problems, segment_facts
from .parse import ParseError, parse_turns, speakable_prefix, turns_schema
from .postprocess import (
    Authors,
    cites_for,
    clean_turns,
    ensure_credit,
    ensure_thanks,
    ensure_welcome,
    fix_speakers,
    scrub_handles,
    swap_hosts,
)

REPAIRS = 2
WORDS_PER_TURN = 40  # what the small model writes per turn anyway
INTRO_SHARE = 0.08
OUTRO_SHARE = 0.08
TEMPERATURE = 0.7


@dataclasses.dataclass
class SegmentPlan:
    """Who speaks in which order, and the first turn's forced opening words."""

    speakers: list[str]
    opening: str | None

    @property
    def forced(self) -> str | None:
        """The opening as the schema forces it (a topic's opening ends a sentence, so the
        model goes on after a space)."""
        if not self.opening:
            return None
        text = speakable_prefix(self.opening)
        return text + " " if text[-1:] in ".!?" else text


class LLMWriter(Writer):
    id: ClassVar[str] = "llm"
    description: ClassVar[str] = "a local LLM writes each segment; checked, repaired, grounded"

    def __init__(self, show: Any, options: WriteOptions) -> None:
        super().__init__(show, options)
        self.backend: ChatBackend | None = None
        self.record: dict[str, Any] = {}

    @classmethod
    def available(cls, options: WriteOptions) -> bool:
        if isinstance(options.extra.get("llm_backend_instance"), ChatBackend):
            return True
        try:
            return backend_class(options).available(settings_from(options))
        except Exception:  # an unknown backend id or a broken plugin: not available
            return False

    # ------------------------------------------------------------------ the episode

    def write(self, rundown: Rundown) -> Script:
        self.backend = make_backend(self.options)
        self.record = _new_record(self.backend, self.options.target_words)
        self.record["style"] = self.style
        start = time.monotonic()
        try:
            if self.style == "guided":
                from .guided import GuidedWriting

                script = GuidedWriting(self.show, self.options, self.backend, self.record,
                                       self._progress).write(rundown)
            else:
                script = script_skeleton(rundown, self.show, self.id)
                for seg in script.segments:
                    self._write_segment(rundown, script, seg)
        finally:
            if self.options.extra.get("llm_backend_instance") is None:
                self.backend.close()
        self.record["seconds"] = round(time.monotonic() - start, 2)
        self.record["words"] = script.word_count()
        info = self.backend.describe()  # now it knows the model a server picked for us
        self.record.update(backend=info, model=info.get("model"))
        script.writer = self.record
        return self._final_check(rundown, script)

    def write_segment(self, rundown: Rundown, script: Script, segment_id: str) -> list[Turn]:
        """Write one segment after ``script``'s turns (which stay unchanged) and return its
        validated turns (the extractive version if the model's could not be repaired)."""
        if self.backend is None:
            self.backend = make_backend(self.options)
        if not self.record:
            self.record = _new_record(self.backend, self.options.target_words)
        seg = next(s for s in script.segments if s.id == segment_id)
        budget = self._budget(rundown, seg)
        turns = self._llm_segment(rundown, script, seg, budget)
        return turns if turns is not None else self._fallback(rundown, script, seg)

    def _write_segment(self, rundown: Rundown, script: Script, seg: ScriptSegment) -> None:
        budget = self._budget(rundown, seg)
        self._progress(f"writing {seg.id}: ~{budget.words} words in {budget.turns} turns")
        turns = self._llm_segment(rundown, script, seg, budget)
        if turns is None:
            turns = self._fallback(rundown, script, seg)
        turns = self._balance(script, seg, turns)
        script.turns.extend(turns)
        if self.options.on_segment is not None:
            self.options.on_segment(script, seg.id)

    # ------------------------------------------------------------------ one segment

    def _llm_segment(
        self, rundown: Rundown, script: Script, seg: ScriptSegment, budget: P.Budget
    ) -> list[Turn] | None:
        """Validated turns, or None when the segment must fall back."""
        rec: dict[str, Any] = {"attempts": 0, "fallback": False, "problems": [], "dropped": 0}
        self.record["segments"][seg.id] = rec
        plan = self._plan(rundown, script, seg, budget)
        convo = P.messages(self.system, self._user_prompt(rundown, script, seg, budget, plan))
        schema = turns_schema(script.host_names(), speakers=plan.speakers,
                              first_prefix=plan.forced, max_chars=budget.max_chars)
        repairs = int(self.options.extra.get("llm_repairs", REPAIRS))
        for attempt in range(1 + repairs):
            rec["attempts"] += 1
            try:
                reply = self._chat(convo, schema, budget.max_tokens, seg.id)
            except BackendUnavailable:
                raise
            except BackendError as exc:
                rec["problems"].append(f"backend: {exc}")
                return None
            last = attempt == repairs
            turns, problems = self._validate(reply.text, rundown, script, seg, rec, last=last)
            if not problems:
                return self._fit_length(rundown, script, seg, budget, turns, convo, reply)
            rec["problems"].append([str(p) for p in problems])
            convo = [*convo, {"role": "assistant", "content": reply.text},
                     {"role": "user", "content": P.repair_prompt([str(p) for p in problems])}]
        return None

    def _validate(
        self, text: str, rundown: Rundown, script: Script, seg: ScriptSegment,
        rec: dict[str, Any], last: bool = False, fix_credits: bool = True,
    ) -> tuple[list[Turn], list[Problem | str]]:
        """Parse, clean and check a reply; on the ``last`` attempt also salvage what can
        be fixed without the model (invented handles, wrong speakers)."""
        hosts = script.host_names()
        try:
            raw = parse_turns(text, hosts)
        except ParseError as exc:
            return [], [f"{exc}. Reply with JSON only: {{\"turns\": [...]}}"]
        authors = _authors(rundown, seg)
        turns, dropped = clean_turns(raw, hosts, seg.id, authors, set(script.sources))
        facts = segment_facts(rundown, seg, self.show.name)
        earlier = script.turns[-12:]
        before = len(turns)  # made-up figures, first-hand claims, repeats: cut, not asked
        turns = drop_unsupported(turns, facts, earlier)
        dropped += before - len(turns)
        rec["dropped"] += dropped
        if len(turns) < 2:
            return turns, [f"the segment needs at least two turns; write {len(raw) or 2} "
                           f"turns, alternating {' and '.join(hosts)}"]
        if fix_credits:
            self._ensure_credits(rundown, script, seg, turns, rec)
        problems: list[Problem | str] = list(_check(script, seg.id, turns))
        if problems and last:
            problems = self._salvage(script, seg, turns, authors, rec)
        return turns, [*problems, *fact_problems(turns, facts, earlier)]

    def _ensure_credits(self, rundown: Rundown, script: Script, seg: ScriptSegment,
                        turns: list[Turn], rec: dict[str, Any]) -> None:
        """Credit the original poster(s) deterministically when the model did not."""
        fixes: list[str] = rec.setdefault("fixes", [])
        main = next((rs.main_source for rs in rundown.segments if rs.id == seg.id), None)
        if main and not any(t.cites for t in turns):
            turns[0].cites = [main]  # the whole topic discusses its main thread
        if seg.kind == "topic":
            op = segment_op(script, seg.id)
            if op is not None:
                index = [s.id for s in rundown.segments].index(seg.id)
                sentence = P.credit_sentence(rundown, index, op[1], self.options.seed)
                done = ensure_credit(turns, op[1], op[0], sentence)
                if done:
                    fixes.append(done)
        elif seg.kind == "outro":
            ops = [op for s in script.segments if s.kind == "topic"
                   if (op := segment_op(script, s.id)) is not None]
            done = ensure_thanks(turns, [(a, sid) for sid, a in ops])
            if done:
                fixes.append(done)
        elif seg.kind == "intro":
            done = ensure_welcome(turns, P.intro_welcome(rundown, self.show))
            if done:
                fixes.append(done)

    def _salvage(self, script: Script, seg: ScriptSegment, turns: list[Turn],
                 authors: Authors, rec: dict[str, Any]) -> list[Problem | str]:
        hosts = script.host_names()
        removed = scrub_handles(turns, authors, hosts)
        relabelled = fix_speakers(turns, hosts)
        for turn in turns:
            turn.cites = cites_for(dataclasses.replace(turn, cites=[c for c in turn.cites
                                                                    if c in script.sources]),
                                   authors)
        problems: list[Problem | str] = list(_check(script, seg.id, turns))
        if not problems:
            rec["salvaged"] = {"handles_removed": removed, "speakers_fixed": relabelled}
        return problems

    def _fit_length(
        self, rundown: Rundown, script: Script, seg: ScriptSegment, budget: P.Budget,
        turns: list[Turn], convo: list[Message], reply: ChatResult,
    ) -> list[Turn]:
        """Trim a segment well over budget; ask once for more when well under."""
        words = _words(turns)
        if words > budget.words * 1.25 and seg.kind == "topic":
            return _trim(script, seg.id, turns, int(budget.words * 1.1))
        if seg.kind != "topic" or words >= budget.words * 0.75:
            return turns
        missing = budget.words - words
        more = P.Budget(words=missing, turns=max(2, round(missing / WORDS_PER_TURN)))
        hosts = script.host_names()
        after = next((h for h in hosts if h != turns[-1].speaker), hosts[0])
        speakers = P.alternating(after, hosts, more.turns)
        convo = [*convo, {"role": "assistant", "content": reply.text},
                 {"role": "user", "content": P.extend_prompt(more, speakers)}]
        rec = self.record["segments"][seg.id]
        try:
            extra_reply = self._chat(convo, turns_schema(hosts, speakers=speakers,
                                                         max_chars=budget.max_chars),
                                     more.max_tokens, seg.id)
        except BackendError as exc:
            rec["extend"] = f"failed: {exc}"
            return turns
        extra, _ = self._validate(extra_reply.text, rundown, script, seg, rec,
                                  fix_credits=False)
        combined = turns + extra
        if extra and not _check(script, seg.id, combined):
            rec["extend"] = len(extra)
            return _trim(script, seg.id, combined, int(budget.words * 1.1))
        rec["extend"] = 0
        return turns

    def _fallback(self, rundown: Rundown, script: Script, seg: ScriptSegment) -> list[Turn]:
        from ..extractive import ExtractiveWriter

        rec = self.record["segments"].setdefault(seg.id, {"attempts": 0, "problems": []})
        rec["fallback"] = True
        self._progress(f"{seg.id}: falling back to the extractive writer")
        ext = ExtractiveWriter(self.show, self.options)
        if seg.kind == "intro":
            return list(ext.write_intro(rundown, script))
        if seg.kind == "outro":
            return list(ext.write_outro(rundown, script))
        index = [s.id for s in rundown.segments].index(seg.id)
        return list(ext.write_topic(rundown, index, script))

    # ------------------------------------------------------------------ helpers

    @property
    def style(self) -> str:
        """``guided`` (the model writes the hosts' reactions around a grounded skeleton;
        the default, made for small models) or ``free`` (whole segments; for big ones)."""
        style = self.options.llm_style
        if style not in LLM_STYLES:
            raise InputError(f"unknown LLM style {style!r} (choose {' or '.join(LLM_STYLES)})")
        return style

    @property
    def system(self) -> str:
        return P.system_prompt(self.show)

    def _plan(self, rundown: Rundown, script: Script, seg: ScriptSegment,
              budget: P.Budget) -> SegmentPlan:
        hosts = script.host_names()
        if seg.kind == "intro":
            speakers = P.alternating(hosts[0], hosts, budget.turns)
            return SegmentPlan(speakers, P.intro_opening(rundown, self.show, hosts[0]))
        first = _quieter(script, hosts)
        if seg.kind == "outro":
            return SegmentPlan(P.alternating(first, hosts, budget.turns), None)
        index = [s.id for s in rundown.segments].index(seg.id)
        op = segment_op(script, seg.id)
        opening = P.topic_opening(rundown, index, op[1] if op else None, self.options.seed)
        return SegmentPlan(P.alternating(first, hosts, budget.turns), opening)

    def _user_prompt(self, rundown: Rundown, script: Script, seg: ScriptSegment,
                     budget: P.Budget, plan: SegmentPlan) -> str:
        previous = script.turns[-3:]
        if seg.kind == "intro":
            return P.intro_prompt(rundown, self.show, budget, plan.speakers, plan.opening or "")
        if seg.kind == "outro":
            return P.outro_prompt(rundown, self.show, budget, previous, plan.speakers)
        index = [s.id for s in rundown.segments].index(seg.id)
        return P.topic_prompt(rundown, index, budget, previous, plan.speakers,
                              plan.opening or "")

    def _budget(self, rundown: Rundown, seg: ScriptSegment) -> P.Budget:
        total = self.options.target_words
        n_topics = max(1, len(rundown.segments))
        if seg.kind == "intro":
            words = max(40, int(total * INTRO_SHARE))
        elif seg.kind == "outro":
            words = max(40, int(total * OUTRO_SHARE))
        else:
            words = int(total * (1 - INTRO_SHARE - OUTRO_SHARE) / n_topics)
        turns = max(4 if seg.kind == "topic" else 3, round(words / WORDS_PER_TURN))
        return P.Budget(words=words, turns=min(turns, 16))

    def _chat(self, convo: list[Message], schema: dict[str, Any], max_tokens: int,
              seg_id: str) -> ChatResult:
        assert self.backend is not None
        reply = self.backend.chat(convo, json_schema=schema, max_tokens=max_tokens,
                                  temperature=TEMPERATURE, seed=self.options.seed)
        tok = self.record["tokens"]
        tok["prompt"] += reply.prompt_tokens
        tok["completion"] += reply.completion_tokens
        tok["cached"] += reply.cached_tokens
        tok["seconds"] = round(tok["seconds"] + reply.seconds, 2)
        self._progress(f"{seg_id}: {reply.completion_tokens} tokens in {reply.seconds:.1f} s "
                       f"({reply.tokens_per_second:.1f} tokens/s)")
        return reply

    def _balance(self, script: Script, seg: ScriptSegment, turns: list[Turn]) -> list[Turn]:
        """Swap the hosts' roles in a topic segment when that evens out who talks most."""
        if seg.kind != "topic" or len(script.hosts) != 2:
            return turns
        a, b = script.host_names()
        swapped = swap_hosts(turns, a, b)
        if _imbalance(script.turns + swapped, a) < _imbalance(script.turns + turns, a) - 0.02:
            self.record["segments"][seg.id]["swapped_hosts"] = True
            return swapped
        return turns

    def _final_check(self, rundown: Rundown, script: Script) -> Script:
        from ...check.script_rules import check_script

        problems = check_script(script)
        if not problems:
            return script
        self.record["final_problems"] = [str(p) for p in problems]
        from ..extractive import ExtractiveWriter

        self._progress("the LLM script fails the checks; using the extractive writer")
        fallback = ExtractiveWriter(self.show, self.options).write(rundown)
        fallback.writer = {**fallback.writer, "llm_attempt": self.record, "fallback": True}
        return fallback

    def _progress(self, message: str) -> None:
        if self.options.progress is not None:
            self.options.progress(message)


# ---------------------------------------------------------------------- module helpers


def _new_record(backend: ChatBackend, target_words: int) -> dict[str, Any]:
    info = backend.describe()
    return {
        "id": LLMWriter.id, "model": info.get("model"), "backend": info,
        "target_words": target_words, "segments": {},
        "tokens": {"prompt": 0, "completion": 0, "cached": 0, "seconds": 0.0},
    }


def _check(script: Script, seg_id: str, turns: list[Turn]) -> list[Problem]:
    """The segment's problems; turn numbers in the messages count from its first turn."""
    from ...check.script_rules import check_segment

    candidate = dataclasses.replace(script, turns=list(turns))
    return list(check_segment(candidate, seg_id))


def _authors(rundown: Rundown, seg: ScriptSegment) -> Authors:
    """Who may be named in this segment, and which of their sources each name cites."""
    authors: Authors = {}

    def add(author: str, sid: str) -> None:
        if author and sid not in authors.setdefault(author, []):
            authors[author].append(sid)

    for rs in rundown.segments:
        if seg.kind == "outro":
            add(rs.op, rs.main_source)
        elif rs.id == seg.id:
            add(rs.op, rs.main_source)
            for p in rs.points:
                add(p.author, p.source_id)
    return authors


def _quieter(script: Script, hosts: list[str]) -> str:
    """The host who has said fewest words so far (they open the next segment)."""
    return min(hosts, key=lambda h: (_words([t for t in script.turns if t.speaker == h]),
                                     hosts.index(h)))


def _words(turns: list[Turn]) -> int:
    return sum(len(t.text.split()) for t in turns)


def _imbalance(turns: list[Turn], host: str) -> float:
    total = _words(turns) or 1
    return abs(_words([t for t in turns if t.speaker == host]) / total - 0.5)


def _trim(script: Script, seg_id: str, turns: list[Turn], limit: int) -> list[Turn]:
    """Drop turns from the end while over ``limit`` words and the segment still passes."""
    kept = list(turns)
    while len(kept) > 3 and _words(kept) > limit and not _check(script, seg_id, kept[:-1]):
        kept.pop()
    return kept

