"""The LLM writer with a scripted fake chat backend: parsing, repair, fallback, cites."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tinyleaps.artifacts import KeyPoint, Rundown, RundownSegment, Script, SourceRef
from tinyleaps.check.script_rules import check_script
from tinyleaps.config import ShowConfig
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.llm.base import ChatBackend, ChatResult, LLMSettings, Message
from tinyleaps.writing.llm.parse import parse_turns
from tinyleaps.writing.llm.writer import LLMWriter

POST, C1, C2 = "reddit:t3_aaa", "reddit:t1_bbb", "reddit:t1_ccc"


class FakeChat(ChatBackend):
    """Replies from a queue (like simonw/llm's mock model); records every request."""

    id = "fake"

    def __init__(self) -> None:
        super().__init__(LLMSettings(model="fake-model"))
        self.queue: list[str] = []
        self.calls: list[list[Message]] = []

    def enqueue(self, *replies: str | list[tuple[str, str]]) -> None:
        for r in replies:
            self.queue.append(r if isinstance(r, str) else as_json(r))

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        self.calls.append(messages)
        text = self.queue.pop(0)
        return ChatResult(text=text, prompt_tokens=100, completion_tokens=50, seconds=0.5)


def as_json(turns: list[tuple[str, str]]) -> str:
    return json.dumps({"turns": [{"speaker": s, "text": t, "cites": []} for s, t in turns]})


def rundown() -> Rundown:
    seg = RundownSegment(
        id="topic-1", title="Qwen 3 runs on a Raspberry Pi", spoken_title="Qwen on a Pi",
        main_source=POST, source_ids=[POST, C1, C2], op="alice_dev",
        url="https://reddit.com/x", summary="alice_dev got a 0.6B model running at 5 tokens/s.",
        points=[KeyPoint(C1, "bob-42", "Use the Q4_0 quant, it is faster on ARM.", 30),
                KeyPoint(C2, "carol_x", "Thermal throttling halves the speed after a minute.", 12)],
    )
    sources = {POST: SourceRef("reddit_post", "alice_dev", "https://reddit.com/x", "Qwen on Pi"),
               C1: SourceRef("reddit_comment", "bob-42", "https://reddit.com/x/b", "Qwen on Pi"),
               C2: SourceRef("reddit_comment", "carol_x", "https://reddit.com/x/c", "Qwen on Pi")}
    return Rundown(recorded_at="2025-07-12T22:00:00-07:00", origin="r/LocalLLaMA",
                   segments=[seg], sources=sources)


INTRO = [("KAI", "Welcome to another episode of Tiny Leaps, I'm KAI, live on a Saturday night."),
         ("ELIZA", "And I'm ELIZA. Tonight's thread comes straight from r/LocalLLaMA, about a Pi."),
         ("KAI", "A tiny model on a tiny computer, my favourite kind of story, so let's go.")]
TOPIC = [("KAI", "So @alice_dev got a small Qwen running on a Raspberry Pi at five tokens/s."),
         ("ELIZA", "Five tokens a second is readable, but is it sustained or just a first burst?"),
         ("KAI", "Fair doubt. @carol_x says thermal throttling halves the speed after a minute."),
         ("ELIZA", "And @bob-42 suggests the Q4_0 quant because it is faster on ARM chips, neat.")]
OUTRO = [("ELIZA", "That's the show. Thanks to @alice_dev for the thread that started it all."),
         ("KAI", "Put a heatsink on that Pi. See you next time on Tiny Leaps, everyone.")]


@pytest.fixture
def fake() -> FakeChat:
    return FakeChat()


def write(fake: FakeChat, **kw: Any) -> tuple[Script, list[str], list[str]]:
    seen: list[str] = []
    progress: list[str] = []
    opts = WriteOptions(minutes=0.5, on_segment=lambda s, sid: seen.append(sid),
                        progress=progress.append, extra={"llm_backend_instance": fake, **kw})
    return LLMWriter(ShowConfig(), opts).write(rundown()), seen, progress


def test_good_replies_become_a_checked_script_with_cites(fake: FakeChat) -> None:
    fake.enqueue(INTRO, TOPIC, OUTRO)
    script, seen, progress = write(fake)
    assert check_script(script) == []
    assert seen == ["intro", "topic-1", "outro"]
    bob = next(t for t in script.turns if "@bob-42" in t.text)
    assert C1 in bob.cites and POST not in bob.cites
    assert script.turns[0].text.startswith("Welcome to another episode of Tiny Leaps")
    assert script.writer["segments"]["topic-1"] == {
        "attempts": 1, "fallback": False, "problems": [], "dropped": 0}
    assert script.writer["tokens"]["completion"] == 150
    assert any("tokens/s" in p for p in progress)


def test_system_prompt_is_identical_and_first_for_every_segment(fake: FakeChat) -> None:
    fake.enqueue(INTRO, TOPIC, OUTRO)
    write(fake)
    systems = {c[0]["content"] for c in fake.calls}
    assert len(systems) == 1 and all(c[0]["role"] == "system" for c in fake.calls)
    assert "KAI: The hands-on tinkerer" in systems.pop()
    intro_user = fake.calls[0][1]["content"]
    assert "a Saturday evening at around 10 PM" in intro_user and "r/LocalLLaMA" in intro_user
    topic_user = fake.calls[1][1]["content"]
    assert "@alice_dev" in topic_user and "[reddit:t1_bbb] @bob-42" in topic_user
    assert "KAI: A tiny model on a tiny computer" in topic_user  # continuity lines


def test_malformed_json_in_fences_with_think_block_is_parsed(fake: FakeChat) -> None:
    sloppy = "<think>plan the bit</think>\nSure!\n```json\n" + as_json(TOPIC)[:-2] + ",]}\n```"
    fake.enqueue(INTRO, sloppy, OUTRO)
    script, _, _ = write(fake)
    assert script.writer["segments"]["topic-1"]["attempts"] == 1
    assert [t.text for t in script.turns_of("topic-1")] == [t for _, t in TOPIC]


def test_empty_last_turn_in_name_lines_is_dropped(fake: FakeChat) -> None:
    lines = "\n".join(f"{s}: {t}" for s, t in TOPIC) + "\nKAI: "
    fake.enqueue(INTRO, lines, OUTRO)
    script, _, _ = write(fake)
    assert len(script.turns_of("topic-1")) == 4
    assert all(t.text.strip() for t in script.turns)
    assert script.writer["segments"]["topic-1"]["dropped"] == 1


def test_invented_handle_is_sent_back_and_repaired(fake: FakeChat) -> None:
    bad = [*TOPIC[:3], ("ELIZA", "And @mallory_z claims it runs at fifty tokens a second, wow.")]
    fake.enqueue(INTRO, bad, TOPIC, OUTRO)
    script, _, _ = write(fake)
    repair = fake.calls[2][-1]["content"]
    assert "@mallory_z is not the author of any source" in repair
    assert fake.calls[2][-2]["role"] == "assistant"
    assert "mallory" not in script.to_text()
    assert script.writer["segments"]["topic-1"]["attempts"] == 2
    assert check_script(script) == []


def test_wrong_speaker_is_repaired_and_case_is_normalized(fake: FakeChat) -> None:
    bad = [("HOST", TOPIC[0][1]), *TOPIC[1:]]
    fake.enqueue(INTRO, bad, [("kai", t) if s == "KAI" else (s, t) for s, t in TOPIC], OUTRO)
    script, _, _ = write(fake)
    assert "'HOST' is not a host" in fake.calls[2][-1]["content"]
    assert {t.speaker for t in script.turns} == {"KAI", "ELIZA"}


def test_two_failed_repairs_fall_back_to_the_extractive_segment(fake: FakeChat) -> None:
    no_op = [("KAI", "This one is about a Pi and a model, which is fun enough for tonight."),
             ("ELIZA", "Someone ran it at five tokens a second, though nobody says who here.")] * 2
    fake.enqueue(INTRO, no_op, no_op, no_op, OUTRO)
    script, seen, _ = write(fake)
    rec = script.writer["segments"]["topic-1"]
    assert rec["fallback"] is True and rec["attempts"] == 3
    assert "never names the original poster @alice_dev" in rec["problems"][0][0]
    assert any("@alice_dev" in t.text for t in script.turns_of("topic-1"))
    assert seen == ["intro", "topic-1", "outro"]
    assert check_script(script) == []


def test_a_short_topic_is_extended_once(fake: FakeChat) -> None:
    more = [("KAI", "Also worth saying: five tokens a second is plenty for a home assistant bot."),
            ("ELIZA", "Unless you want long answers, then the throttling note really bites hard.")]
    fake.enqueue(INTRO, TOPIC[:2] + TOPIC[2:3], more, OUTRO)
    script, _, _ = write(fake, llm_ctx=2048)
    assert script.writer["segments"]["topic-1"]["extend"] == 2
    assert script.turns_of("topic-1")[-1].text.startswith("Unless you want long answers")
    assert "continue the same conversation" in fake.calls[2][-1]["content"]


def test_parse_name_lines_and_think_without_end() -> None:
    text = "<think>\nlet me think\n</think>\n**KAI:** Hello there.\ncontinued line\nELIZA: Hi!"
    turns = parse_turns(text, ["KAI", "ELIZA"])
    assert [(t.speaker, t.text) for t in turns] == [
        ("KAI", "Hello there. continued line"), ("ELIZA", "Hi!")]
    assert parse_turns('{"turns": [{"speaker": "ELIZA", "text": "ok",}]}',
                       ["KAI", "ELIZA"])[0].text == "ok"


def test_reply_cut_off_by_max_tokens_keeps_its_complete_turns() -> None:
    cut = as_json(TOPIC)[:-60]
    turns = parse_turns(cut, ["KAI", "ELIZA"])
    assert [t.text for t in turns] == [t for _, t in TOPIC[:3]]
