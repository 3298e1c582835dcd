"""The guided LLM style: the extractive skeleton with slots, one model reaction per slot,
cleaned (:func:`clean_reaction`), checked, retried once, else the slot's canned text.

The writer tests run on a real recorded day (../shared/data, 2025-07-12, planned once
per module like bench/bench_llm.py) with a scripted fake chat backend; no real model.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tinyleaps.artifacts import Rundown, Script, Sources
from tinyleaps.check.script_rules import check_script
from tinyleaps.config import ShowConfig
from tinyleaps.planning import PlanOptions, plan
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.llm.base import ChatBackend, ChatResult, LLMSettings, Message
from tinyleaps.writing.llm.guided import (
    REACTION_SCHEMA,
    GuidedWriting,
    _resolved,
    clean_reaction,
    parse_reaction,
)
from tinyleaps.writing.llm.writer import LLMWriter

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TINYLEAPS_SHARED_DATA", ROOT.parent / "shared" / "data"))
DAY = "2025-07-12"
WHEN = "2025-07-12T22:00:00-07:00"
MARKS = ("\ue000", "\ue001", "\ue002")
HOSTS = ["KAI", "ELIZA"]

# ---------------------------------------------------------------------- fixtures

#: plausible, distinct reactions: no figures, handles, names, goodbyes or host names, and
#: no two starting with the same two words (the writer retries a line that opens like an
#: earlier one)
GOOD = [
    "That sounds like a convenient excuse to me, and the sarcasm in that thread is well "
    "earned.",
    "Honestly, the joke works because everybody has watched release dates slip before.",
    "Fair worry, though nobody there explains what those safety checks would actually "
    "look at.",
    "An app that overheats a phone is impressive and worrying at once, depending on the "
    "battery.",
    "Paying for hosted access is practical, but it misses why people want weights on "
    "their own machines.",
    "Mixed precision formats on one download page would confuse anyone trying to pick a "
    "file.",
    "Skepticism feels healthy here until real weights actually show up for people to "
    "test.",
    "Crippling a model on purpose would be a strange way to earn trust from this crowd.",
    "Promises in this field are cheap until the files ship and people can check the "
    "claims.",
    "What a mix of hope and doubt, and every thread tonight circles back to trust.",
    "The cynicism is funny, but it also shows how little patience is left for delays.",
    "Open releases matter precisely because outsiders get to verify what was promised.",
    "Whoever ships working weights first will win this audience, whatever the marketing "
    "says.",
    "Benchmarks alone will not settle it; people want something they can poke at "
    "themselves.",
    "Quiet releases with honest notes would calm most of these complaints overnight.",
    "Hard to blame anyone for rolling their eyes after so many vague announcements.",
]

GARBAGE = ["", "@someone said 99 things", '{"line": "unfinished', "Thanks for listening, bye!"]
INVENTED = "Jane Doe said this whole story is overblown."


@pytest.fixture(scope="module")
def day_rundown() -> Rundown:
    """2025-07-12 planned into three topics (the same rundown bench/bench_llm.py uses)."""
    folder = SHARED_DATA / "reddit" / "LocalLLaMA" / DAY
    if not folder.is_dir():
        pytest.skip(f"real data folder {folder} is absent (it lives in ../shared/data)")
    reddit = pytest.importorskip("tinyleaps.sources.reddit.backend")
    items = [i for f in sorted(folder.glob("*.json")) for i in reddit.read_reddit_file(f)]
    return plan(Sources(sources=items), PlanOptions(topics=3, when=datetime.fromisoformat(WHEN)))


@pytest.fixture
def rundown(day_rundown: Rundown) -> Rundown:
    """A fresh copy per test (the writer must not depend on earlier tests)."""
    return _copy(day_rundown)


def _copy(rd: Rundown) -> Rundown:
    return copy.deepcopy(rd)


class ScriptedChat(ChatBackend):
    """Answers each reaction request with ``answer(call_index, user_prompt)``; records the
    requests, schemas and seeds."""

    id = "fake"

    def __init__(self, answer: Callable[[int, str], str]) -> None:
        super().__init__(LLMSettings(model="fake-model"))
        self.answer = answer
        self.calls: list[list[Message]] = []
        self.schemas: list[dict[str, Any] | None] = []
        self.seeds: list[int] = []
        self.replies: list[str] = []

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        self.calls.append(messages)
        self.schemas.append(json_schema)
        self.seeds.append(seed)
        text = self.answer(len(self.calls) - 1, messages[-1]["content"])
        self.replies.append(text)
        return ChatResult(text=text, prompt_tokens=100, completion_tokens=20, seconds=0.01)


def good_lines() -> Iterator[str]:
    yield from GOOD
    raise AssertionError("the fake ran out of distinct reactions")


def line_json(text: str) -> str:
    return json.dumps({"line": text})


def options(fake: ChatBackend, candidates: int = 1, **kw: Any) -> WriteOptions:
    """One candidate per round unless a test is about choosing between candidates."""
    return WriteOptions(minutes=5, extra={"llm_backend_instance": fake,
                                          "llm_candidates": candidates}, **kw)


def write(rd: Rundown, fake: ChatBackend, **kw: Any) -> Script:
    return LLMWriter(ShowConfig(), options(fake, **kw)).write(rd)


def aired_skeleton(rd: Rundown, fake: ChatBackend) -> Script:
    """The skeleton the guided writer builds, with every slot at its canned fallback
    (what the script must be when the model never gives a usable reaction)."""
    record: dict[str, Any] = {"segments": {}, "tokens": {}}
    skeleton, slots = GuidedWriting(ShowConfig(), options(fake), fake, record,
                                    lambda m: None).skeleton(_copy(rd))
    turns = [dataclasses.replace(t, text=_resolved(t.text)) for t in skeleton.turns]
    assert len(slots) > 5
    return dataclasses.replace(skeleton, turns=turns)


def no_marks(text: str) -> bool:
    return not any(m in text for m in MARKS)


# ---------------------------------------------------------------------- clean_reaction

FACTS = ("Qwen on a Pi\nalice_dev got a 0.6B model running at 5 tokens/s.\n"
         "Use the Q4_0 quant, it is faster on ARM.\nThermal throttling halves the speed.")
LINE = "@bob-42 wrote: Use the Q4_0 quant, it is faster on ARM chips than anything else."


def clean(reply: str, speaker: str = "KAI", facts: str = FACTS, line: str = LINE,
          said: tuple[str, ...] = ()) -> tuple[str, str]:
    return clean_reaction(reply, speaker, HOSTS, line, facts, list(said))


def test_a_good_reaction_is_kept_unchanged() -> None:
    good = "That tip matters more than people think. Small boards punish lazy quant choices."
    assert clean(good) == (good, "")
    assert clean(line_json(good)) == (good, "")


def test_at_most_two_whole_sentences_are_kept() -> None:
    reply = ("Quantization is the whole game on small boards. Heat is the other half. "
             "Power supplies matter too. And cases.")
    assert clean(reply) == (
        "Quantization is the whole game on small boards. Heat is the other half.", "")


def test_a_trailing_sentence_cut_off_without_end_punctuation_is_dropped() -> None:
    assert clean("That's a smart tip. And heat is the real limit on those boards, which") == (
        "That's a smart tip.", "")
    text, why = clean("Heat is the real limit on those boards, which")
    assert text == "" and why == "no complete sentence"


def test_a_reply_with_a_handle_is_rejected() -> None:
    text, why = clean("Ask @bob-42 about it. That's a neat trick.")
    assert text == "" and "handle" in why
    text, why = clean("Sounds like u/bob-42 knows his chips.")
    assert text == "" and "handle" in why


def test_goodbyes_mid_show_are_rejected() -> None:
    text, why = clean("Thanks for listening, this was a great thread.")
    assert text == "" and "goodbye" in why
    # a goodbye sentence goes, a good sentence next to it stays
    assert clean("Stay tuned for more. Heat is the real limit on those boards.") == (
        "Heat is the real limit on those boards.", "")


def test_made_up_figures_are_rejected_but_figures_from_the_facts_are_kept() -> None:
    text, why = clean("It runs at 73 tokens a second.")
    assert text == "" and why.startswith("made-up figure")
    with_73 = FACTS + "\nSomeone measured 73 tokens a second on a desktop card."
    assert clean("It runs at 73 tokens a second.", facts=with_73) == (
        "It runs at 73 tokens a second.", "")
    assert clean("Five tokens a second, or 5 really, is readable on a 0.6B model.") == (
        "Five tokens a second, or 5 really, is readable on a 0.6B model.", "")


def test_first_hand_claims_are_rejected() -> None:
    for claim in ("I've been running it on my rig for weeks.", "My setup handles that easily.",
                  "I tested it and it holds up."):
        text, why = clean(claim)
        assert text == "" and why.startswith("first-hand claim"), claim


def test_a_copy_of_six_words_of_the_line_is_rejected() -> None:
    text, why = clean("Sure, it is faster on ARM chips, I guess.")
    assert text == "" and why.startswith("copies the notes or the line it answers")
    # five shared words in a row are fine
    ok = "Sure, it is faster on ARM, which is good news for those boards."
    assert clean(ok) == (ok, "")


def test_pure_agreement_is_rejected() -> None:
    for reply in ("Yeah, totally.", "Exactly!", "Yeah. Totally. Absolutely.",
                  "I agree. That's a fair point."):
        text, why = clean(reply)
        assert text == "" and why.startswith("empty agreement"), reply
    # agreement followed by something of its own: the empty sentence goes, the rest stays
    assert clean("Yeah, totally. Heat is the real limit on those boards.") == (
        "Heat is the real limit on those boards.", "")
    assert clean("Yeah, heat is the real limit on those boards.") == (
        "Yeah, heat is the real limit on those boards.", "")


def test_filler_sentences_are_dropped() -> None:
    assert clean("It's important to stay safe. Small boards really punish big models.") == (
        "Small boards really punish big models.", "")
    text, why = clean("It's important to stay safe.")
    assert text == "" and why.startswith("filler")


def test_a_host_naming_themselves_is_rejected_but_may_name_the_other() -> None:
    text, why = clean("Kai thinks heat is the real limit on those boards.", speaker="KAI")
    assert text == "" and "names themselves" in why
    assert clean("Eliza, heat is the real limit on those boards.", speaker="KAI")[0]


def test_a_repeat_of_something_already_said_is_dropped() -> None:
    said = ("Thermal throttling is the real enemy of those small boards.",)
    assert clean("Clever trick. Thermal throttling is the real enemy of those small boards.",
                 said=said) == ("Clever trick.", "")


def test_json_plain_text_think_blocks_and_labels_are_parsed() -> None:
    good = "Small boards really punish big models."
    assert parse_reaction(line_json(good)) == good
    assert parse_reaction(json.dumps({"reaction": good})) == good
    assert parse_reaction('Sure! ```json\n{"line": "' + good + '"}\n```') == good
    assert parse_reaction(good) == good
    assert parse_reaction("<think>the user wants a joke</think>\n" + good) == good
    assert parse_reaction("<think>never closed " + good) == ""
    assert clean("<think>plan</think>KAI: " + good) == (good, "")
    assert clean("ELIZA: " + good) == (good, "")
    assert clean('<think>x</think>{"line": "KAI: ' + good + '"}') == (good, "")
    assert clean("\u201cSmall boards\u201d really punish big models.") == (good, "")


def test_the_schema_forbids_quotes_handles_and_newlines() -> None:
    import re

    pattern = re.compile(REACTION_SCHEMA["properties"]["line"]["pattern"])
    assert pattern.match("Small boards really punish big models.")
    for bad in ("short", 'a "quote" inside here', "ask @bob about it", "two\nlines here",
                "x" * 231):
        assert not pattern.match(bad), bad


# ---------------------------------------------------------------------- the writer


@pytest.mark.shared
def test_good_reactions_fill_every_slot_of_a_checked_script(rundown: Rundown) -> None:
    lines = good_lines()
    fake = ScriptedChat(lambda i, prompt: line_json(next(lines)))
    script = write(rundown, fake)
    text = script.to_text()

    assert check_script(script) == []
    sent = [json.loads(r)["line"] for r in fake.replies]
    assert len(sent) >= 8
    for line in sent:
        assert text.count(line) == 1, line
    for seg in rundown.segments:
        assert any(f"@{seg.op}" in t.text for t in script.turns_of(seg.id)), seg.op
        assert f"@{seg.op}" in " ".join(t.text for t in script.turns_of("outro"))
    assert no_marks(text)
    w = script.writer
    assert w["style"] == "guided" and "fallback" not in w
    slots = w["slots"]
    assert slots["total"] == len(sent) == slots["model"] + slots["fallback"]
    assert slots["fallback"] == 0 and slots["retried"] == 0
    assert sum(r["slots"] for r in w["segments"].values()) == slots["total"]
    assert list(w["segments"]) == ["intro", *(s.id for s in rundown.segments), "outro"]
    assert w["tokens"]["calls"] == len(sent)
    assert 600 <= script.word_count() <= 900, script.word_count()
    # every request was a reaction request with the one-line schema
    assert all(s == REACTION_SCHEMA for s in fake.schemas)
    assert len({c[0]["content"] for c in fake.calls}) == 1


@pytest.mark.shared
def test_garbage_replies_fall_back_to_the_canned_skeleton(rundown: Rundown) -> None:
    fake = ScriptedChat(lambda i, prompt: GARBAGE[i % len(GARBAGE)])
    expected = aired_skeleton(rundown, fake)
    script = write(rundown, fake)

    assert check_script(script) == []
    w = script.writer
    assert w["style"] == "guided" and "fallback" not in w  # not the extractive fallback
    slots = w["slots"]
    assert slots["total"] > 5
    assert slots["fallback"] == slots["total"] and slots["model"] == 0
    assert len(fake.calls) == 2 * slots["total"]  # each slot asked twice
    assert [(t.speaker, t.segment, " ".join(t.text.split())) for t in script.turns] == [
        (t.speaker, t.segment, " ".join(t.text.split())) for t in expected.turns]
    for got, want in zip(script.turns, expected.turns, strict=True):
        assert set(want.cites) <= set(got.cites)
    text = script.to_text()
    assert no_marks(text)
    for junk in ("@someone", "99 things", "unfinished", "Thanks for listening, bye!", "bye!"):
        assert junk not in text, junk
    fallback_slots = [f for r in w["segments"].values() for f in r.get("fallback_slots", [])]
    assert len(fallback_slots) == slots["total"]
    assert all(len(f["problems"]) == 2 for f in fallback_slots)


@pytest.mark.shared
def test_a_bad_first_reply_is_retried_with_a_new_seed(rundown: Rundown) -> None:
    lines = good_lines()
    fake = ScriptedChat(lambda i, prompt: "Yeah, totally." if i % 2 == 0
                        else line_json(next(lines)))
    script = write(rundown, fake)

    slots = script.writer["slots"]
    assert slots["model"] == slots["total"] and slots["fallback"] == 0
    assert slots["retried"] == slots["total"]
    assert len(fake.calls) == 2 * slots["total"]
    for first, second, p1, p2 in zip(fake.seeds[::2], fake.seeds[1::2], fake.calls[::2],
                                     fake.calls[1::2], strict=True):
        assert first != second
        assert p1 == p2  # the same request, asked again
    assert len(set(fake.seeds)) == len(fake.seeds)
    assert "Yeah, totally" not in script.to_text()
    for reply in fake.replies[1::2]:
        assert json.loads(reply)["line"] in script.to_text()
    assert check_script(script) == []


@pytest.mark.shared
def test_each_segment_is_streamed_in_order_already_filled(rundown: Rundown) -> None:
    lines = good_lines()
    fake = ScriptedChat(lambda i, prompt: line_json(next(lines)))
    seen: list[tuple[str, int, list[str], int]] = []

    def on_segment(script: Script, seg_id: str) -> None:
        turns = script.turns_of(seg_id)
        seen.append((seg_id, len(script.turns), [t.text for t in turns], len(fake.calls)))

    script = write(rundown, fake, on_segment=on_segment)

    ids = [s.id for s in script.segments]
    assert [s[0] for s in seen] == ids == ["intro", "topic-1", "topic-2", "topic-3", "outro"]
    for seg_id, n_turns, texts, _ in seen:
        assert texts, seg_id
        assert all(no_marks(t) for t in texts), seg_id
        assert texts == [t.text for t in script.turns_of(seg_id)], seg_id
        # the script passed holds exactly the segments so far, this one last
        assert script.turns[n_turns - 1].segment == seg_id
    assert [s[1] for s in seen] == sorted(s[1] for s in seen)
    assert seen[-1][1] == len(script.turns)
    # a segment is handed on before the next one's reactions are requested
    calls = [s[3] for s in seen]
    assert calls == sorted(calls) and calls[0] < calls[-1] == len(fake.calls)
    assert any(GOOD[0] in t for t in seen[0][2])


@pytest.mark.shared
def test_a_reaction_that_fails_check_segment_falls_back_for_that_slot_only(
    rundown: Rundown,
) -> None:
    """ "Jane Doe said ..." passes the cleaning but credits a person no source is by
    (check_segment's invented-name); that one slot falls back, the rest is the model's."""
    assert clean(INVENTED, facts="nothing") == (INVENTED, "")
    lines = good_lines()
    target: list[str] = []

    def answer(i: int, prompt: str) -> str:
        if "How the discussion went:" in prompt and (not target or target[0] == prompt):
            target[:1] = [prompt]  # topic-1's wrap slot, both attempts
            return line_json(INVENTED)
        return line_json(next(lines))

    fake = ScriptedChat(answer)
    expected = aired_skeleton(rundown, fake)
    script = write(rundown, fake)

    assert check_script(script) == []
    slots = script.writer["slots"]
    assert slots["fallback"] == 1 and slots["model"] == slots["total"] - 1
    assert slots["retried"] == 1
    rec = script.writer["segments"]["topic-1"]
    assert [f["slot"] for f in rec["fallback_slots"]] == ["wrap"]
    problems = rec["fallback_slots"][0]["problems"]
    assert len(problems) == 2 and all("credits Jane Doe" in p for p in problems)
    assert all("fallback_slots" not in r for s, r in script.writer["segments"].items()
               if s != "topic-1")
    assert "Jane Doe" not in script.to_text()
    # the wrap turn is exactly the canned one
    assert script.turns_of("topic-1")[-1].text == expected.turns_of("topic-1")[-1].text


# ---------------------------------------------------------------------- known bugs


def test_a_bold_label_of_the_other_host_is_stripped() -> None:
    assert clean("**ELIZA:** Small boards really punish big models.", speaker="KAI") == (
        "Small boards really punish big models.", "")


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    text, _ = clean("It hits 5 tokens a second vs. 2 on older boards.")
    assert text in ("", "It hits 5 tokens a second vs. 2 on older boards.")
    text, _ = clean("Small boards punish big models, e.g. the 70B ones. Heat is worse.")
    assert "e.g. Heat" not in text


@pytest.mark.shared
def test_a_reaction_does_not_repeat_the_words_right_after_its_slot(rundown: Rundown) -> None:
    lines = good_lines()
    doubled = "Quite a night of threads. That's the show for tonight."

    def answer(i: int, prompt: str) -> str:
        return line_json(doubled if "The show is ending" in prompt else next(lines))

    script = write(rundown, ScriptedChat(answer))
    outro = script.turns_of("outro")[0].text
    assert outro.count("That's the show for tonight.") == 1, outro


@pytest.mark.parametrize("reply", ["Good point.", "Great point!", "Fair enough.", "Makes sense.",
                                   "Totally agree.", "I agree with that.", "Cool."])
def test_agreement_alone_is_rejected(reply: str) -> None:
    assert clean(reply, speaker="KAI")[0] == ""


def test_a_lead_in_that_is_not_a_host_label_stays() -> None:
    text = "Here's the thing: small boards punish big models."
    assert clean(text, speaker="KAI")[0] == text


#: sentences a host may not say; each is cut from after a good sentence, which stays
CUT = {
    # promising to try what the threads are about (the hosts only report)
    "excited to try": "I'm excited to try it out.",
    "can't wait to test": "I can't wait to test it.",
    "want to run": "We want to run it tonight.",
    "give it a try": "I'll give it a try.",
    "will test": "I will test it tonight.",
    # hype and hollow interest
    "revolutionize": "It could revolutionize the field of AI.",
    "step forward": "It's a big step forward for the community.",
    "hear more": "I'd love to hear more about it.",
    # named things the notes never mention
    "GPT-4o": "It beats GPT-4o on everything.",
    "OpenAI": "OpenAI's models are behind it anyway.",
    "RTX 5090": "Pair it with an RTX 5090 and it flies.",
}


@pytest.mark.parametrize("bad", list(CUT.values()), ids=list(CUT))
def test_a_bad_sentence_after_a_good_one_is_cut(bad: str) -> None:
    good = "That tip matters more than people think."
    assert clean(f"{good} {bad}") == (good, "")


def test_a_verdict_keeps_one_sentence() -> None:
    reply = "That tip matters more than people think. Small boards punish lazy quant choices."
    text = clean_reaction(reply, "KAI", HOSTS, LINE, FACTS, [], sentences_max=1)[0]
    assert text == "That tip matters more than people think."


@pytest.mark.parametrize("reply", ["What's your temperature range?",
                                   "I'm glad you found the build worth the money.",
                                   "If you have any questions, feel free to ask.",
                                   "Thanks for sharing your experience."])
def test_hosts_talk_about_the_people_quoted_not_to_them(reply: str) -> None:
    assert clean(reply, speaker="KAI")[0] == ""


def test_you_is_fine_when_it_names_the_co_host() -> None:
    text = "What do you make of that, ELIZA?"
    assert clean(text, speaker="KAI") == (text, "")
    assert clean(text, speaker="ELIZA")[0] == ""  # ELIZA naming herself


def test_a_line_that_copies_the_notes_is_rejected() -> None:
    # six words in a row from the notes (the post's own first-person summary)
    assert clean("So alice_dev got a 0.6B model running, which is neat.")[0] == ""


def test_hosts_have_not_been_experimenting_themselves() -> None:
    reply = "Oh, that's a shame. But I've been experimenting with it and it mangles accents."
    assert clean(reply)[0] == "Oh, that's a shame."


def test_thanking_the_commenter_on_air_is_dropped() -> None:
    assert clean("Thanks for the suggestion.")[0] == ""


def test_things_the_notes_name_may_be_named() -> None:
    text = "The Q4_0 quant on a Pi is the sensible pick."
    assert clean(text) == (text, "")


#: lines that pass every filter but say nothing about the comment (distinct, no repeats)
STOCK = ["Sounds solid overall.", "Nice going, everyone involved.", "Quite the development.",
         "Fun times for hobbyists.", "Solid stuff all around.", "Big week for tinkerers.",
         "Lots happening lately.", "Busy times in this space.", "Cheers to that crowd.",
         "Plenty going on there.", "Good times for builders.", "Curious times, truly.",
         "Wild stretch for everybody.", "Classic community moment."]
OPENERS = ["Honestly,", "To me,", "Frankly,", "Look,", "Really,", "Still,", "Sure,", "Okay,",
           "See,", "Now,", "Again,", "Then,", "Plus,", "Hmm,"]


def test_of_two_good_candidates_the_one_about_the_comment_airs(rundown: Rundown) -> None:
    """Two candidates per slot (``extra["llm_candidates"] = 2``): a stock line loses to a
    line that engages with what was said."""
    from tinyleaps.writing.llm.guided import specificity

    line = "@watt_watcher wrote: Power limiting 3090s is the best-kept secret here."
    assert specificity("Power limiting is the cheap trick people skip.", line) > \
        specificity("That's a great build!", line)

    def stock_then_specific(i: int, prompt: str) -> str:
        """Odd calls: a stock line; even calls: one naming words of the line it answers."""
        n = (i + 1) // 2
        if i % 2 == 0:
            return line_json(STOCK[n % len(STOCK)])
        words = [w for w in re.findall(r"[A-Za-z]{6,}", prompt.split("just said:")[-1])
                 if w.lower() not in {"started", "thread", "replies", "comments"}][:2]
        return line_json(f"{OPENERS[n % len(OPENERS)]} {' and '.join(words).lower()} stand out.")

    def stock_lines(candidates: int) -> tuple[int, int]:
        fake = ScriptedChat(stock_then_specific)
        script = LLMWriter(ShowConfig(), options(fake, candidates=candidates)).write(
            _copy(rundown))
        lines = [ln for seg in script.writer["segments"].values()
                 for ln in seg.get("model_lines", [])]
        assert lines and len(fake.calls) >= candidates * len(lines)
        return sum(ln in STOCK for ln in lines), len(lines)

    one, n1 = stock_lines(1)
    two, n2 = stock_lines(2)
    # asked one at a time, the stock line airs whenever it comes first; with two to
    # choose from, only where the specific one was turned down (a repeat, say)
    assert one >= n1 // 2 and two * 2 <= one, (one, n1, two, n2)


def test_my_own_setup_is_a_first_hand_claim() -> None:
    reply = "That one stands out. It's the most relevant to my own setup."
    assert clean(reply)[0] == "That one stands out."
