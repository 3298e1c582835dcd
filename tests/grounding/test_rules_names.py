"""Grounding extends to names: people credited by name must be speakers or authors of
the cited sources; a transcript topic's "original poster" is its main speaker, by name."""

from __future__ import annotations

import pytest

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.grounding import check_script, credited_names, segment_op

from ..builders import make_script


def _turn_ref(author: str, n: int) -> SourceRef:
    return SourceRef(kind="transcript_turn", author=author,
                     url=f"file:///talk.vtt#t={n * 60}", title="Open Weights livestream")


def transcript_script(topic_text: str, outro: str = "Thanks to Rosa Lindqvist for the "
                      "livestream we quoted from.") -> Script:
    sources = {f"t{n}": _turn_ref(a, n) for n, a in enumerate(
        ["Marcus Bell", "Rosa Lindqvist", "Rosa Lindqvist", "Speaker 1", "Marcus Bell",
         "Rosa Lindqvist"])}
    sources["a1"] = SourceRef("article", "Dana Whitfield", "https://example.org/a", "gpt-oss")
    ids = [f"t{n}" for n in range(6)]
    segments = [ScriptSegment("intro", "intro", "Welcome"),
                ScriptSegment("topic-1", "topic", "gpt-oss", [*ids, "a1"]),
                ScriptSegment("outro", "outro", "Bye", ["t0"])]
    turns = [
        Turn("KAI", "Welcome to Tiny Leaps, I'm KAI, and it is a fine evening for it.", "intro"),
        Turn("ELIZA", topic_text, "topic-1", ["t1"]),
        Turn("KAI", "And Dana Whitfield writes that the weights ship in MXFP4 already.",
             "topic-1", ["a1"]),
        Turn("ELIZA", outro, "outro", ["t1"]),
        Turn("KAI", "I'm KAI, see you next time, and thanks for listening to the show.",
             "outro"),
    ]
    return make_script(turns, segments, sources, recorded_at="2025-08-05T21:00:00-07:00")


def problems(script: Script, rule: str) -> list[str]:
    return [p.message for p in check_script(script) if p.rule == rule]


GOOD = ("As Rosa Lindqvist put it around the 2-minute mark, gpt-oss-120b decodes at "
        "thirty tokens a second, and Marcus Bell, who tested tool calls, agreed.")


def test_real_speakers_and_authors_pass() -> None:
    assert check_script(transcript_script(GOOD)) == []


@pytest.mark.parametrize("text,name", [
    ("As John Smith said, the 120b model is fast.", "John Smith"),
    ("According to Sam Altman, this is the best open model.", "Sam Altman"),
    ("Then Priya Natarajan, who ran the numbers, disagreed. Rosa Lindqvist too.",
     "Priya Natarajan"),
    ("Rosa Lindqvist agreed, but Jane Q. Public argued the opposite.", "Jane Q. Public"),
    ("Here's a point from an article by Karen Holt about Rosa Lindqvist.", "Karen Holt"),
])
def test_invented_name_in_a_credit_is_caught(text: str, name: str) -> None:
    found = problems(transcript_script(text), "invented-name")
    assert len(found) == 1, found
    assert found[0].startswith(f"turn 2 (ELIZA, topic-1): credits {name}, who is not a speaker")
    assert "Rosa Lindqvist" in found[0]  # the message names who may be credited


def test_quotes_single_words_and_hosts_are_not_credits() -> None:
    text = ('Rosa Lindqvist said: "Sam Altman said it was safe." Meta says otherwise, '
            "and as KAI said earlier, Kai thinks it is fast.")
    assert problems(transcript_script(text), "invented-name") == []


def test_credited_names_drops_leading_sentence_words() -> None:
    assert credited_names("Honestly Jun Park said so. Then Maya Okafor, who hosts, "
                          "laughed. Thanks to Tomas Reyes.") == \
        ["Jun Park", "Maya Okafor", "Tomas Reyes"]


def test_transcript_op_is_the_main_speaker_named_without_at() -> None:
    script = transcript_script(GOOD)
    assert segment_op(script, "topic-1") == ("t1", "Rosa Lindqvist")
    text = "Marcus Bell said gpt-oss is Apache licensed, which matters for fine-tunes."
    found = problems(transcript_script(text), "op-not-credited")
    assert found == ["segment topic-1 never names the original poster Rosa Lindqvist; credit "
                     "Rosa Lindqvist when introducing the topic and cite t1"]
    outro = problems(transcript_script(GOOD, outro="Thanks to everyone, goodbye."),
                     "outro-missing-op")
    assert "does not thank Rosa Lindqvist, original poster of topic-1" in outro[0]


def test_placeholder_speakers_are_never_required() -> None:
    script = transcript_script("Someone said gpt-oss is fast, which is nice to hear.")
    for ref in script.sources.values():
        if ref.kind == "transcript_turn":
            ref.author = "Speaker 2" if ref.author == "Rosa Lindqvist" else "SPEAKER_00"
    assert segment_op(script, "topic-1") is None
    assert [p.rule for p in check_script(script) if "op" in p.rule] == []
