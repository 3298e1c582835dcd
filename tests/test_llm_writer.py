"""The LLM writer with a scripted fake chat backend: parsing, repair, fallback, cites."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tinyleaps.artifacts import KeyPoint, Rundown, RundownSegment, Script, SourceRef, Turn
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
        self.schemas: list[dict[str, Any] | None] = []

    def enqueue(self, *replies: str | list[tuple[str, str]]) -> None:
        for r in replies:
            self.queue.append(r if isinstance(r, str) else as_json(r))

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        self.calls.append(messages)
        self.schemas.append(json_schema)
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
    # these tests cover the "free" style (the model writes whole segments)
    opts = WriteOptions(minutes=0.5, on_segment=lambda s, sid: seen.append(sid),
                        progress=progress.append, llm_style="free",
                        extra={"llm_backend_instance": fake, **kw})
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
        "attempts": 1, "fallback": False, "problems": [], "dropped": 0, "fixes": []}
    assert script.writer["tokens"]["completion"] == 150
    assert any("tokens/s" in p for p in progress)


def test_system_prompt_is_identical_and_first_for_every_segment(fake: FakeChat) -> None:
    fake.enqueue(INTRO, TOPIC, OUTRO)
    write(fake)
    systems = {c[0]["content"] for c in fake.calls}
    assert len(systems) == 1 and all(c[0]["role"] == "system" for c in fake.calls)
    assert "KAI: The hands-on tinkerer" in systems.pop()
    intro_user = fake.calls[0][1]["content"]
    assert "a Saturday evening at around 10 PM" in intro_user
    assert "straight from the LocalLLaMA subreddit" in intro_user
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


def test_three_unusable_replies_fall_back_to_the_extractive_segment(fake: FakeChat) -> None:
    fake.enqueue(INTRO, "Sorry, I cannot help.", "KAI:", "{}", OUTRO)
    script, seen, _ = write(fake)
    rec = script.writer["segments"]["topic-1"]
    assert rec["fallback"] is True and rec["attempts"] == 3
    assert "not JSON" in rec["problems"][0][0]
    assert any("@alice_dev" in t.text for t in script.turns_of("topic-1"))
    assert seen == ["intro", "topic-1", "outro"]
    assert check_script(script) == []


def test_a_missing_op_credit_is_inserted_after_the_first_sentence(fake: FakeChat) -> None:
    no_op = [("KAI", "A Pi running a language model. Five tokens a second, apparently."),
             ("ELIZA", "Someone ran it at five tokens a second, though is that sustained?"),
             ("KAI", "Sustained is the question; a heatsink changes everything on those boards."),
             ("ELIZA", "And a quantized small model is what makes the Pi usable at all.")]
    fake.enqueue(INTRO, no_op, OUTRO)
    script, _, _ = write(fake)
    first = script.turns_of("topic-1")[0]
    assert first.text == ("A Pi running a language model. @alice_dev started this thread. "
                          "Five tokens a second, apparently.")
    assert POST in first.cites
    rec = script.writer["segments"]["topic-1"]
    assert rec["attempts"] == 1 and rec["fallback"] is False
    assert "inserted '@alice_dev started this thread.'" in rec["fixes"][0]
    assert check_script(script) == []


def test_the_op_becomes_the_handle_and_missing_thanks_are_added(fake: FakeChat) -> None:
    topic = [("ELIZA", "The OP got a small Qwen running on a Raspberry Pi at five tokens/s."),
             *TOPIC[1:]]
    outro = [("KAI", "That's the show, thanks for listening to Tiny Leaps tonight."),
             ("ELIZA", "Put a heatsink on that Pi. See you next time, everyone.")]
    fake.enqueue(INTRO, topic, outro)
    script, _, _ = write(fake)
    assert script.turns_of("topic-1")[0].text.startswith("@alice_dev got a small Qwen")
    thanks = script.turns_of("outro")[0]
    assert thanks.text.endswith("And a big thank you to @alice_dev for what we talked about today.")
    assert POST in thanks.cites
    assert check_script(script) == []


def test_an_intro_without_the_welcome_gets_it(fake: FakeChat) -> None:
    intro = [("KAI", "Hi all, KAI here."), *INTRO[1:]]
    fake.enqueue(intro, TOPIC, OUTRO)
    script, _, _ = write(fake)
    assert script.turns[0].text == ("Welcome to another episode of Tiny Leaps, live on a Saturday "
                                    "evening at around 10 PM. Hi all, KAI here.")


def test_an_invented_handle_left_after_repairs_is_scrubbed(fake: FakeChat) -> None:
    bad = [*TOPIC[:3], ("ELIZA", "And @mallory_z claims it runs at fifty tokens a second, @KAI.")]
    fake.enqueue(INTRO, bad, bad, bad, OUTRO)
    script, _, _ = write(fake)
    rec = script.writer["segments"]["topic-1"]
    assert rec["attempts"] == 3 and rec["fallback"] is False
    assert rec["salvaged"]["handles_removed"] == ["mallory_z", "KAI"]
    assert script.turns_of("topic-1")[-1].text == (
        "And someone in the thread claims it runs at fifty tokens a second, KAI.")
    assert check_script(script) == []


def test_schema_pins_speakers_and_forces_the_crediting_opening(fake: FakeChat) -> None:
    fake.enqueue(INTRO, TOPIC, OUTRO)
    write(fake)
    intro, topic, _ = fake.schemas
    assert intro is not None and topic is not None
    items = topic["properties"]["turns"]["prefixItems"]
    assert [i["properties"]["speaker"]["enum"] for i in items] == [["ELIZA"], ["KAI"]] * 2
    assert items[0]["properties"]["text"]["pattern"].startswith(
        r"^First up: Qwen on a Pi\. @alice_dev started this thread\. ")
    first = intro["properties"]["turns"]["prefixItems"][0]["properties"]["text"]["pattern"]
    assert first.startswith("^Welcome to another episode of Tiny Leaps, live on a Saturday")
    assert "ELIZA's first turn begins with exactly: \"First up: Qwen on a Pi." in (
        fake.calls[1][1]["content"])


def test_each_segment_is_handed_on_before_the_next_is_written(fake: FakeChat) -> None:
    fake.enqueue(INTRO, TOPIC, OUTRO)
    order: list[tuple[str, int]] = []
    opts = WriteOptions(minutes=0.5, on_segment=lambda s, sid: order.append((sid, len(fake.calls))),
                        llm_style="free", extra={"llm_backend_instance": fake})
    LLMWriter(ShowConfig(), opts).write(rundown())
    assert order == [("intro", 1), ("topic-1", 2), ("outro", 3)]


def test_an_article_author_is_credited_by_full_name(fake: FakeChat) -> None:
    rd = rundown()
    art = "article:abc"
    rd.sources[art] = SourceRef("article", "Jane Doe", "https://example.com/a", "Pi LLMs")
    seg = rd.segments[0]
    seg.main_source, seg.op, seg.source_ids = art, "Jane Doe", [art, C1, C2]
    no_credit = [("ELIZA", "Small models on small boards. It runs at five tokens a second."),
                 *TOPIC[1:]]
    outro = [("ELIZA", "That's the show, and thanks for listening to all of it tonight."),
             ("KAI", "See you next time on Tiny Leaps, everyone, and mind the heat.")]
    fake.enqueue(INTRO, no_credit, outro)
    opts = WriteOptions(minutes=0.5, llm_style="free", extra={"llm_backend_instance": fake})
    script = LLMWriter(ShowConfig(), opts).write(rd)
    first = script.turns_of("topic-1")[0]
    assert "It's a piece by Jane Doe." in first.text and "@Jane" not in script.to_text()
    assert art in first.cites
    assert "Jane Doe wrote the article" in fake.calls[1][1]["content"]
    assert "thank you to Jane Doe" in script.turns_of("outro")[0].text
    assert script.writer["segments"]["outro"]["attempts"] == 1
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


def test_a_turn_cut_off_mid_sentence_ends_at_its_last_full_sentence() -> None:
    from tinyleaps.writing.llm.postprocess import end_cleanly

    assert end_cleanly("Q4_0 is faster on ARM. And the thermal thrott") == "Q4_0 is faster on ARM."
    assert end_cleanly("Five tokens a second, which is") == "Five tokens a second, which is."
    assert end_cleanly("Is that sustained?") == "Is that sustained?"


def test_turn_length_is_capped_in_the_schema_and_the_forced_opening() -> None:
    from tinyleaps.writing.llm.parse import turns_schema

    schema = turns_schema(["KAI", "ELIZA"], speakers=["KAI", "ELIZA"],
                          first_prefix="Next up: a (tiny) test. ", max_chars=300)
    first, second = schema["properties"]["turns"]["prefixItems"]
    assert first["properties"]["text"]["pattern"] == (
        r'^Next up: a \(tiny\) test\. [^"\\]{40,300}$')
    assert second["properties"]["text"]["maxLength"] == 300
    turns = schema["properties"]["turns"]
    assert turns["minItems"] == 2 == turns["maxItems"]


def test_transcript_points_name_real_speakers_only() -> None:
    from tinyleaps.artifacts import KeyPoint
    from tinyleaps.writing.llm.prompting import points_text

    seg = rundown().segments[0]
    seg.points = [KeyPoint("t:1", "Jane Doe", "Distillation beats pruning here.", None),
                  KeyPoint("t:2", "Speaker 2", "It depends on the data.", None),
                  KeyPoint("t:3", "[deleted]", "Nobody measured it.", None)]
    assert points_text(seg).splitlines() == [
        "- [t:1] Jane Doe: Distillation beats pruning here.",
        "- [t:2] someone (anonymous: name nobody): It depends on the data.",
        "- [t:3] someone (anonymous: name nobody): Nobody measured it."]


def test_a_handle_ending_in_a_hyphen_is_kept_whole() -> None:
    from tinyleaps.artifacts import Turn
    from tinyleaps.writing.llm.postprocess import ensure_credit, fix_handles, scrub_handles

    authors = {"Balance-": ["reddit:t3_x"]}
    assert fix_handles("Thanks @balance- and Balance- too.", authors) == (
        "Thanks @Balance- and @Balance- too.")
    turns = [Turn("KAI", "Moonshot made K2. @Balance- posted it.", "topic-2")]
    assert ensure_credit(turns, "Balance-", "reddit:t3_x", "x") is None
    assert scrub_handles(turns, authors, ["KAI", "ELIZA"]) == []


def test_made_up_figures_and_first_hand_claims_are_cut(fake: FakeChat) -> None:
    """The notes say five tokens a second; a model claiming 32768 tokens of context, its
    own 40 tok/s or months of use loses those sentences, and the rest stays."""
    invented = [("KAI", "A Pi running a language model. @alice_dev started this thread. "
                        "It handles 32768 tokens of context."),
                ("ELIZA", "Five tokens a second on a Pi is honest work."),
                ("KAI", "I measured 40 tokens a second on mine. The heatsink matters."),
                ("ELIZA", "I've been using it for a few months now. A quantized small model "
                          "is what makes it usable at all.")]
    more = [("ELIZA", "Five tokens a second is readable, if the board stays cool."),
            ("KAI", "Which is why everyone in the thread asks about the heatsink first.")]
    fake.enqueue(INTRO, invented, more, OUTRO)
    script, _, _ = write(fake)
    rec = script.writer["segments"]["topic-1"]
    assert rec["fallback"] is False
    said = " ".join(t.text for t in script.turns_of("topic-1"))
    assert "32768" not in said and "40 tokens" not in said and "few months" not in said
    assert "The heatsink matters." in said and "@alice_dev started this thread." in said
    assert "A quantized small model is what makes it usable at all." in said
    assert check_script(script) == []


def test_a_turn_that_repeats_an_earlier_one_is_caught() -> None:
    from tinyleaps.writing.llm.facts import fact_problems

    turns = [Turn("KAI", "The model outperforms last year's models on math benchmarks.", "t"),
             Turn("ELIZA", "It outperforms last year's models on math benchmarks, really.", "t")]
    assert any("repeats an earlier turn" in p for p in fact_problems(turns, "notes"))


def test_cutting_a_whole_turn_keeps_the_hosts_alternating() -> None:
    from tinyleaps.writing.llm.facts import drop_unsupported

    turns = [Turn("ELIZA", "@alice_dev got Qwen running on a Pi.", "t", ["a"]),
             Turn("KAI", "It runs 90 tokens a second.", "t"),
             Turn("ELIZA", "Five tokens a second is honest work.", "t", ["b"])]
    kept = drop_unsupported(turns, "Qwen on a Pi at five tokens a second")
    assert [(t.speaker, t.text) for t in kept] == [
        ("ELIZA", "@alice_dev got Qwen running on a Pi. Five tokens a second is honest work.")]
    assert kept[0].cites == ["a", "b"]
