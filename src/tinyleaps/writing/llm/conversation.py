"""``--writer llm``: a model writes each story's beats; every line is checked; the floor
stands in for any line that fails.

One request per story. The system prompt (the show, the hosts' personas, how each act
is written, one worked example) is the same for every request, so llama.cpp's prompt
cache reads it once. The story's request lists its beats, numbered, each with its
speaker, its act and the fact it rests on ("3 KAI tells @watt_watcher's point:
@watt_watcher wrote: ..."), and the reply is a JSON object with exactly those keys, so
the model cannot add, drop or reorder a line or change who says it. Quotations chosen by
the beat plan (a short joke in its author's words) and the intro and outro stay the
floor's in the default ``guided`` style; ``free`` (for a big model on your own server)
lets the model write those too and longer lines.

Each line goes through :mod:`..verify`. A line that fails is the floor's
(:func:`..floor.floor_line`); with ``repairs`` (the free style's default, see
:class:`.options.LLMOptions`) the failing lines are first sent back once, in the same
conversation, with their problems named. ``script.writer["lines"]`` records every line's origin
(model or floor) and why.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...artifacts import Script
from ...errors import BackendError, BackendUnavailable
from ...grounding import check_script
from ...prompts import load_prompt
from .. import beats as B
from ..base import Writer
from ..floor import floor_line, script_from
from ..options import WriteOptions
from ..phrasebook import Context, phrasebook
from ..verify import LineCheck, default_similarity, meaning_problems, problems, support
from .base import ChatBackend, ChatResult, Message
from .chat_backends import backend_class, make_backend
from .lines import credited, led, reply_key, reply_schema, rests_on, with_handles
from .schedule import ChatRequest, Dispatcher, overlap_seconds

TEMPERATURE = 0.5
#: a clause that draws a conclusion of its own at the end of a reported line
_INFERENCE = re.compile(r",\s*(?:suggesting|implying|indicating|meaning|which means|which "
                        r"suggests|showing)\b(.*?)[.!]?$", re.IGNORECASE)
MAX_TOKENS_PER_LINE = 70
#: acts the model writes in the guided style (the rest stay the floor's). A sum-up is a
#: synthesis of the whole story, which a 1.5B model gets wrong more often than right
#: (docs/benchmarks.md, "Line checks"): the floor's structural one stays, and the free
#: style (a big model) writes it
GUIDED_ACTS = (B.OPEN, B.TELL, B.PUSH_BACK, B.COMPARE, B.ASK)


@dataclass
class _Story:
    """One story's request: the beats the model writes, keyed as the reply must be."""

    seg: B.BeatSegment
    keys: dict[str, B.Beat] = field(default_factory=dict)  # reply key -> beat
    prompt: str = ""
    index: int = 0  # the segment's place in the plan (its requests' seeds follow it)


class ConversationWriter(Writer):
    id: ClassVar[str] = "llm"
    description: ClassVar[str] = ("a local LLM writes each story's beats in its own words; "
                                  "every line checked against its facts, the floor stands in")

    def __init__(self, show: Any, options: WriteOptions) -> None:
        super().__init__(show, options)
        self.backend: ChatBackend | None = None
        self.record: dict[str, Any] = {}

    @classmethod
    def available(cls, options: WriteOptions) -> bool:
        try:
            return backend_class(options.llm).available(options.llm)
        except Exception:  # an unknown backend id or a broken plugin: not available
            return False

    @property
    def style(self) -> str:
        return self.options.llm.style

    def write_plan(self, plan: B.BeatPlan) -> Script:
        """Every story's beats from the model, checked; the floor for the rest."""
        self.backend = make_backend(self.options.llm)
        start = time.monotonic()
        book = phrasebook(plan, self.options)
        floor = {b.id: floor_line(Context(plan, seg, i, book))
                 for seg in plan.segments for i, b in enumerate(seg.beats)}
        # requests go through the dispatcher: stories sent ahead into parallel slots
        dispatch = Dispatcher(self.backend, self.backend.options.parallel)
        run = _Run(plan, dispatch, floor, self.style, self.options.seed,
                   system=self._system_prompt(), progress=self._progress,
                   repairs=self.options.llm.repair_rounds)
        try:
            run.send_ahead(dispatch)
            for seg in plan.segments:
                run.write_segment(seg)
                dispatch.advance()
                if self.options.on_segment is not None:
                    self.options.on_segment(script_from(plan, run.lines, self.id), seg.id)
        finally:
            dispatch.stop()
            self.backend.close()
        script = script_from(plan, run.lines, self.id)
        info = self.backend.describe()
        script.writer.update(
            style=self.style, backend=info, model=info.get("model"), phrases=list(book.used),
            seconds=round(time.monotonic() - start, 2), lines=run.origins, calls=run.calls,
            prompt_tokens=sum(c["prompt_tokens"] for c in run.calls),
            completion_tokens=sum(c["completion_tokens"] for c in run.calls),
            cached_tokens=sum(c["cached_tokens"] for c in run.calls),
            slots=dispatch.slots, overlap_s=overlap_seconds(dispatch.sent),
            model_lines=sum(1 for o in run.origins.values() if o["origin"] == "model"),
            floor_lines=sum(1 for o in run.origins.values() if o["origin"] == "floor"),
            words=script.word_count())
        broken = check_script(script)
        if broken:  # never ship a broken script: the floor's is always sound
            script.writer["reverted"] = [p.message for p in broken]
            script = script_from(plan, floor, self.id)
        return script

    def _system_prompt(self) -> str:
        hosts = self.show.hosts
        personas = " ".join(f"{h.name}: {h.persona}" for h in hosts if h.persona)
        name = "conversation_free" if self.style == "free" else "conversation_system"
        return load_prompt(name, show=self.show.name,
                           hosts=" and ".join(h.name for h in hosts), personas=personas)

    def _progress(self, message: str) -> None:
        if self.options.progress is not None:
            self.options.progress(message)


class _Run:
    """One script's model requests, checks and line origins."""

    def __init__(self, plan: B.BeatPlan, backend: ChatBackend, floor: dict[str, str],
                 style: str, seed: int, system: str,
                 progress: Callable[[str], None], repairs: int = 1) -> None:
        self.plan = plan
        self.repairs = repairs
        self.backend = backend
        self.floor = floor
        self.style = style
        self.seed = seed
        self.system = system
        self.progress = progress
        self.lines: dict[str, str] = dict(floor)
        self.origins: dict[str, dict[str, Any]] = {
            bid: {"origin": "floor", "why": "the floor writes this act"} for bid in floor}
        self.calls: list[dict[str, Any]] = []
        self.similarity = default_similarity()
        self.said: list[str] = []
        self.position = ""  # the story's place in the show: first, next, last
        self.reply_text = ""  # the last reply, as the model wrote it

    def send_ahead(self, dispatch: Dispatcher) -> None:
        """Announce every story's first request (the same one :meth:`write_segment` will
        make), so a parallel slot can start it before the writer gets there."""
        for seg in self.plan.segments:
            story = self._story(seg)
            if story.keys:
                dispatch.announce(story.index, self._chat_request(
                    self._first_messages(story), story.keys, story.index, "write"))

    def write_segment(self, seg: B.BeatSegment) -> None:
        story = self._story(seg)
        topics = [s for s in self.plan.segments if s.kind == "topic"]
        self.position = ("first" if seg is topics[0] else "last" if seg is topics[-1]
                         else "next") if seg in topics else ""
        if story.keys:
            self.progress(f"writing {seg.id} ({len(story.keys)} lines)")
            self._ask_model(story)
        self.said += [self.lines[b.id] for b in seg.beats]

    # ------------------------------------------------------------------ the request

    def _story(self, seg: B.BeatSegment) -> _Story:
        story = _Story(seg, index=self.plan.segments.index(seg))
        acts = GUIDED_ACTS if self.style != "free" else (*GUIDED_ACTS, B.SUM_UP, B.WELCOME,
                                                         B.PREVIEW, B.THANKS, B.SIGN_OFF)
        rows = [f"Story: {seg.name}" if seg.kind == "topic" else f"Part: the {seg.kind}"]
        for i, beat in enumerate(seg.beats, 1):
            writes = beat.act in acts and not (beat.quote and self.style != "free")
            key = reply_key(i, beat)
            if writes:  # (a beat the floor says is left out: a small model copies it)
                story.keys[key] = beat
                rows.append(f"{key}: {rests_on(beat, seg, i)}")
        story.prompt = "\n".join(rows)
        return story

    def _first_messages(self, story: _Story) -> list[Message]:
        return [{"role": "system", "content": self.system},
                {"role": "user", "content": story.prompt}]

    def _ask_model(self, story: _Story) -> None:
        messages = self._first_messages(story)
        replies = self._request(messages, story.keys, story.index, "write")
        if replies is None:
            return
        failing = self._accept(story, story.keys, replies, attempt=1)
        if failing and not self.repairs:
            self._to_floor(story, failing, replies)
        if not failing or not self.repairs:
            return
        # the reply exactly as the model wrote it: llama.cpp still holds those tokens in
        # its cache, so the repair request reads only the new message
        messages += [{"role": "assistant", "content": self.reply_text},
                     {"role": "user", "content": load_prompt(
                         "conversation_repair",
                         problems="\n".join(f'"{k}": {"; ".join(p)}'
                                            for k, p in failing.items()))}]
        again = self._request(messages, {k: story.keys[k] for k in failing}, story.index,
                              "repair")
        if again is None:
            return
        still = self._accept(story, {k: story.keys[k] for k in failing}, again, attempt=2)
        self._to_floor(story, still, again)

    def _to_floor(self, story: _Story, failing: dict[str, list[str]],
                  replies: dict[str, str]) -> None:
        """The floor's lines stay where the model's failed; the record says why."""
        for key, why in failing.items():
            beat = story.keys[key]
            self.origins[beat.id] = {"origin": "floor", "why": "; ".join(why),
                                     "model_said": replies.get(key, "")}

    def _chat_request(self, messages: list[Message], keys: dict[str, B.Beat], index: int,
                      purpose: str) -> ChatRequest:
        """The request for ``keys``; its seed follows the segment and the attempt, so a
        story's request is the same whenever it is sent."""
        return ChatRequest(messages, reply_schema(keys, self.style),
                           MAX_TOKENS_PER_LINE * len(keys) + 40, TEMPERATURE,
                           self.seed + 2 * index + (purpose == "repair"))

    def _request(self, messages: list[Message], keys: dict[str, B.Beat], index: int,
                 purpose: str) -> dict[str, str] | None:
        req = self._chat_request(messages, keys, index, purpose)
        try:
            result = self.backend.chat(req.messages, json_schema=req.json_schema,
                                       max_tokens=req.max_tokens, temperature=req.temperature,
                                       seed=req.seed)
        except (BackendError, BackendUnavailable) as exc:
            for beat in keys.values():
                self.origins[beat.id] = {"origin": "floor", "why": f"model error: {exc}"}
            return None
        self._log(result, purpose, len(keys))
        self.reply_text = result.text
        try:
            data = json.loads(result.text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            for beat in keys.values():
                self.origins[beat.id] = {"origin": "floor", "why": "the reply was not JSON"}
            return None
        return {k: led(credited(self._pruned(with_handles(" ".join(str(v).split()),
                                                             keys[k]), keys[k]), keys[k]),
                        keys[k], self.position)
                for k, v in data.items() if k in keys}

    def _pruned(self, line: str, beat: B.Beat) -> str:
        """A reported line cut to its first sentence, plus a second one only when nearly
        every word of it is the fact's: a small model's second sentence is where it
        starts making things up ("The answer was that it is open source...")."""
        if beat.act not in B.REPORTING or not beat.facts:
            return line
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z@])", line)
        kept = sentences[:1]
        facts = " ".join(f.text for f in beat.facts)
        for extra in sentences[1:2]:
            if support(extra, facts)[0] >= 0.8:
                kept.append(extra)
        line = " ".join(kept)
        # the small model's own inference tacked on ("..., suggesting Wan 2.2 will have
        # slower models"): cut unless the comment itself says it
        tail = _INFERENCE.search(line)
        if tail and support(tail.group(1), facts)[0] < 0.8:
            line = line[:tail.start()].rstrip(" ,;") + "."
        return line

    def _accept(self, story: _Story, keys: dict[str, B.Beat], replies: dict[str, str],
                attempt: int) -> dict[str, list[str]]:
        """Take every reply line that passes its checks; return the failing ones' problems."""
        checks = {key: self._check(story.seg, beat) for key, beat in keys.items()
                  if key in replies}
        failing: dict[str, list[str]] = {}
        for key in keys:
            line = replies.get(key, "")
            found = problems(line, checks[key]) if key in checks else ["no line was written"]
            if found:
                failing[key] = found
        good = {k: replies[k] for k in checks if k not in failing}
        by_beat = {story.keys[k].id: line for k, line in good.items()}
        drift = meaning_problems(by_beat, {story.keys[k].id: checks[k] for k in good},
                                 self.similarity, self.floor)
        for key in list(good):
            beat = story.keys[key]
            if beat.id in drift:
                failing[key] = [drift[beat.id]]
                continue
            self.lines[beat.id] = good[key]
            self.origins[beat.id] = {"origin": "model", "attempt": attempt}
        return failing

    def _check(self, seg: B.BeatSegment, beat: B.Beat) -> LineCheck:
        answer = next((b for b in seg.beats if b.id == beat.answers), None) \
            if beat.answers else None
        earlier = self.said + [self.lines[b.id] for b in seg.beats
                               if b.id != beat.id and seg.beats.index(b) < seg.beats.index(beat)]
        return LineCheck(beat=beat, seg=seg, plan=self.plan, said=earlier, answer=answer)

    def _log(self, result: ChatResult, purpose: str, lines: int) -> None:
        self.calls.append({"purpose": purpose, "lines": lines,
                           "prompt_tokens": result.prompt_tokens,
                           "completion_tokens": result.completion_tokens,
                           "cached_tokens": result.cached_tokens,
                           "seconds": round(result.seconds, 2),
                           "prompt_ms": round(result.prompt_ms), "generate_ms":
                           round(result.generate_ms)})
