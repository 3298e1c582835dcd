"""The model writer over beats, with a scripted fake model: one request per story, the
reply keyed by beat, each line checked, one repair naming the problems, then the floor."""

from __future__ import annotations

from typing import Any

import pytest

from tinyleaps.config import ShowConfig
from tinyleaps.grounding import check_script
from tinyleaps.writing.beatplan import plan_beats
from tinyleaps.writing.floor import FloorWriter
from tinyleaps.writing.llm.base import Message
from tinyleaps.writing.llm.conversation import ConversationWriter
from tinyleaps.writing.options import WriteOptions

from ..builders import sample_rundown
from ..conftest import FakeModel, Handler
from .model_replies import GOOD, good


def _full() -> tuple[str, str]:
    """The reply-key prefix ("2 ELIZA") and beat id of @FullOf_Bad_Ideas's point."""
    show = ShowConfig()
    plan = plan_beats(sample_rundown(), show.hosts, show.name, WriteOptions(minutes=5))
    seg = plan.segments[1]
    i, beat = next((i, b) for i, b in enumerate(seg.beats, 1)
                   if b.facts and b.facts[0].credit == "@FullOf_Bad_Ideas")
    return f"{i} {beat.speaker}", beat.id


FULL = _full()


def write(model: FakeModel, handler: Handler = good, raw: str | None = None,
          **given: Any) -> Any:
    """The model writer's script (and the segments it handed on) with the fake model
    answering through ``handler``; ``given`` are LLM options (``style="free"``)."""
    model.handler, model.raw = handler, raw
    segments: list[str] = []
    options = WriteOptions(minutes=5, llm=model.options(**given))
    options.on_segment = lambda script, sid: segments.append(sid)
    script = ConversationWriter(ShowConfig(), options).write(sample_rundown())
    return script, segments


def test_one_request_per_story_with_a_fixed_system_prompt_and_keys_by_beat(
        fake_model: FakeModel) -> None:
    chat = fake_model
    script, segments = write(chat)
    writes = [r for r in chat.requests if r["messages"][-1]["role"] == "user"
              and "Story:" in r["messages"][-1]["content"]]
    assert len(writes) == 3  # three stories, one request each (plus repairs)
    systems = {r["messages"][0]["content"] for r in chat.requests}
    assert len(systems) == 1 and "Tiny Leaps" in systems.pop()
    first = writes[0]["keys"]
    assert first[0] == "1 KAI opens" and any(k.endswith("asks") for k in first)
    assert f"{FULL[0]} tells @FullOf_Bad_Ideas's point" in first
    assert segments == [s.id for s in script.segments]  # each handed on when done
    assert check_script(script) == []


def test_good_lines_air_and_their_origin_is_recorded(fake_model: FakeModel) -> None:
    script, _ = write(fake_model)
    text = script.to_text()
    assert GOOD["tells @FullOf_Bad_Ideas's point"] in text
    lines = script.writer["lines"]
    model = [b for b, o in lines.items() if o["origin"] == "model"]
    assert FULL[1] in model and script.writer["model_lines"] == len(model)
    assert script.writer["calls"][0]["cached_tokens"] == 60


def test_a_handle_the_model_wrote_without_its_at_sign_gets_it(fake_model: FakeModel) -> None:
    def bare(key: str, messages: list[Message]) -> str | None:
        if key.endswith("tells @FullOf_Bad_Ideas's point"):
            return GOOD["tells @FullOf_Bad_Ideas's point"].lstrip("@")
        return good(key, messages)

    script, _ = write(fake_model, bare)
    assert GOOD["tells @FullOf_Bad_Ideas's point"] in script.to_text()
    assert script.writer["lines"][FULL[1]]["origin"] == "model"


def test_a_bad_line_is_sent_back_once_with_its_problem_named_then_repaired(
        fake_model: FakeModel) -> None:
    def invent(key: str, messages: list[Message]) -> str | None:
        if key.endswith("tells @FullOf_Bad_Ideas's point"):
            if "Some lines need another try" in messages[-1]["content"]:
                return GOOD["tells @FullOf_Bad_Ideas's point"]
            return "@FullOf_Bad_Ideas runs Yi 34B at 90 tokens a second on a 5090."
        return good(key, messages)

    chat = fake_model
    script, _ = write(chat, invent, repairs=1)
    repair = next(r for r in chat.requests if "another try" in r["messages"][-1]["content"])
    assert f"{FULL[0]} tells @FullOf_Bad_Ideas's point" in repair["keys"]
    assert repair["messages"][-2]["role"] == "assistant"  # the same conversation, cached
    assert "90" in repair["messages"][-1]["content"] and "5090" in repair["messages"][-1][
        "content"]
    assert script.writer["lines"][FULL[1]] == {"origin": "model", "attempt": 2}
    assert GOOD["tells @FullOf_Bad_Ideas's point"] in script.to_text()


def test_the_guided_style_does_not_repair_unless_asked(fake_model: FakeModel) -> None:
    def invent(key: str, messages: list[Message]) -> str | None:
        if key.endswith("tells @FullOf_Bad_Ideas's point"):
            return "@FullOf_Bad_Ideas runs Yi 34B at 90 tokens a second on a 5090."
        return good(key, messages)

    script, _ = write(fake_model, invent)  # guided, repairs not given: none
    assert not any("another try" in r["messages"][-1]["content"] for r in fake_model.requests)
    origin = script.writer["lines"][FULL[1]]
    assert origin["origin"] == "floor" and "5090" in origin["model_said"]
    script, _ = write(fake_model, invent, style="free")  # the free style repairs once
    assert any("another try" in r["messages"][-1]["content"] for r in fake_model.requests)


def test_a_line_that_fails_twice_is_the_floors_and_episode_json_says_why(
        fake_model: FakeModel) -> None:
    def always_bad(key: str, messages: list[Message]) -> str | None:
        if key.endswith("tells @FullOf_Bad_Ideas's point"):
            return "I load Yi 34B on my card and it just works."
        return good(key, messages)

    script, _ = write(fake_model, always_bad)
    origin = script.writer["lines"][FULL[1]]
    assert origin["origin"] == "floor" and "report" in origin["why"]
    assert origin["model_said"] == "I load Yi 34B on my card and it just works."
    floor = FloorWriter(ShowConfig(), WriteOptions(minutes=5)).write(sample_rundown())
    floor_turn = next(t for t in floor.turns if "FullOf_Bad_Ideas" in t.text)
    assert floor_turn.text in script.to_text()
    from tinyleaps.pipeline import _writer_fallbacks

    fallbacks = _writer_fallbacks(script)
    assert {"stage": "write", "beat": FULL[1], "used": "floor line",
            "reason": origin["why"], "model_said": origin["model_said"]} in fallbacks


@pytest.mark.parametrize("raw", ["not json at all", "[1, 2, 3]", ""])
def test_garbage_from_the_model_leaves_the_floors_script(
        raw: str, fake_model: FakeModel) -> None:
    script, _ = write(fake_model, raw=raw)
    floor = FloorWriter(ShowConfig(), WriteOptions(minutes=5)).write(sample_rundown())
    assert script.to_text() == floor.to_text()
    assert script.writer["model_lines"] == 0
    assert check_script(script) == []


def test_free_style_asks_for_the_intro_and_outro_too(fake_model: FakeModel) -> None:
    chat = fake_model
    write(chat, style="free")
    keys = [k for r in chat.requests for k in r["keys"]]
    assert "1 KAI welcomes" in keys and any(k.endswith("thanks") for k in keys)
    assert "Up to three sentences a line" in chat.requests[0]["messages"][0]["content"]


def test_a_model_open_says_where_the_story_is_in_the_show(fake_model: FakeModel) -> None:
    def opener(key: str, messages: list[Message]) -> str | None:
        if key.endswith("opens"):
            story = messages[-1]["content"].split("\n", 1)[0]
            return "First, a quick look at it: @Noselessmonk fits 32k of context on 12 GB." \
                if "KV cache" in story else None
        return good(key, messages)

    script, _ = write(fake_model, opener)
    first = next(t for t in script.turns if t.act == "open")
    assert first.text == "First up: a quick look at it: @Noselessmonk fits 32k of context on " \
                         "12 GB."


def test_a_conclusion_the_model_adds_is_cut(fake_model: FakeModel) -> None:
    said = GOOD["tells @FullOf_Bad_Ideas's point"].rstrip(".")

    def infer(key: str, messages: list[Message]) -> str | None:
        if key.endswith("tells @FullOf_Bad_Ideas's point"):
            return f"{said}, suggesting everyone should sell their old cards."
        return good(key, messages)

    script, _ = write(fake_model, infer)
    line = next(t.text for t in script.turns if "@FullOf_Bad_Ideas" in t.text)
    assert "suggesting" not in line and line == f"{said}."
    assert script.writer["lines"][FULL[1]]["origin"] == "model"


@pytest.mark.parametrize("said", ["Today, @op introduces two new GLM models.",
                                  "First up: Today, @op introduces two new GLM models.",
                                  "So, @op introduces two new GLM models."])
def test_an_open_keeps_one_lead_whatever_the_model_started_with(said: str) -> None:
    from tinyleaps.writing import beats as B
    from tinyleaps.writing.llm.lines import led

    beat = B.Beat(id="t1.0", act=B.OPEN, speaker="KAI")
    assert led(said, beat, "first") == "First up: @op introduces two new GLM models."
