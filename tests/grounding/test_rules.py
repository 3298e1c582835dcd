"""The grounding rules: each deliberately broken script is caught, a sound one passes."""

from __future__ import annotations

import copy

import pytest

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.grounding import (
    check_script,
    check_segment,
    credits,
    find_handles,
    segment_op,
)

from ..builders import make_script


def _ref(kind: str, author: str) -> SourceRef:
    return SourceRef(kind=kind, author=author, url="https://www.reddit.com/r/LocalLLaMA/",
                     title="t")


def good_script() -> Script:
    sources = {
        "p1": _ref("reddit_post", "Noselessmonk"),
        "c1": _ref("reddit_comment", "FullOf_Bad_Ideas"),
        "c2": _ref("reddit_comment", "Arty-42"),
        "p2": _ref("reddit_post", "micseydel"),
        "c3": _ref("reddit_comment", "justgetoffmylawn"),
    }
    segments = [
        ScriptSegment("intro", "intro", "Welcome"),
        ScriptSegment("topic-1", "topic", "KV cache", ["p1", "c1", "c2"]),
        ScriptSegment("topic-2", "topic", "Easy tech", ["p2", "c3"]),
        ScriptSegment("outro", "outro", "Bye", ["p1", "p2"]),
    ]
    t = Turn
    turns = [
        t("KAI", "Welcome to another episode of Tiny Leaps, I'm KAI.", "intro"),
        t("ELIZA", "And I'm ELIZA, live on a Saturday evening at around 10 PM.", "intro"),
        t("KAI", "First up, @Noselessmonk started a thread on the 8-bit KV cache, "
                 "running @ 5 tok/s faster. Mail me@example.com if you disagree.",
          "topic-1", ["p1"]),
        t("ELIZA", "And u/fullof_bad_ideas loads a 34B model with it on one card.",
          "topic-1", ["c1"]),
        t("KAI", "@Arty-42 replied to @FullOf_Bad_Ideas asking about quality.",
          "topic-1", ["c2", "c1"]),
        t("ELIZA", "Next, @micseydel listed technologies that are now trivially easy.",
          "topic-2", ["p2"]),
        t("KAI", "And @justgetoffmylawn says chatbots are easy to build, hard to make good.",
          "topic-2", ["c3"]),
        t("ELIZA", "Thanks to @Noselessmonk and @micseydel for the threads. Goodbye!",
          "outro", ["p1", "p2"]),
        t("KAI", "See you next time.", "outro"),
    ]
    return make_script(turns, segments, sources)


def rules(script: Script) -> list[str]:
    return [p.rule for p in check_script(script)]


def test_sound_script_has_no_problems() -> None:
    assert check_script(good_script()) == []
    for seg in good_script().segments:
        assert check_segment(good_script(), seg.id) == []


def test_invented_handle_is_caught_with_turn_speaker_and_cited_authors() -> None:
    s = good_script()
    s.turns[3].text += " Even @phantom_user agreed."
    (p,) = check_script(s)
    assert p.rule == "invented-handle"
    assert (p.segment, p.turn) == ("topic-1", 3)
    assert p.message.startswith("turn 4 (ELIZA, topic-1): @phantom_user is not the author")
    assert "(cited: @FullOf_Bad_Ideas)" in p.message


def test_handle_of_an_uncited_but_real_author_is_still_invented() -> None:
    s = good_script()
    s.turns[6].text = "And @Noselessmonk agrees."  # cites only c3 (justgetoffmylawn)
    assert rules(s) == ["invented-handle"]


def test_empty_last_turn_like_the_old_generator_is_caught() -> None:
    s = good_script()
    s.turns.append(Turn("KAI", " ", "outro"))
    (p,) = check_script(s)
    assert p.rule == "empty-turn" and p.turn == len(s.turns) - 1
    assert p.message.startswith(f"turn {len(s.turns)} (KAI, outro): empty turn")


def test_non_host_speaker_is_caught() -> None:
    s = good_script()
    s.turns[6].speaker = "NARRATOR"
    problems = check_script(s)
    assert [p.rule for p in problems] == ["unknown-speaker"]
    assert "'NARRATOR' is not a host; use one of KAI, ELIZA" in problems[0].message


def test_topic_that_never_names_its_original_poster_is_caught() -> None:
    s = good_script()
    s.turns[5].text = "Next, a list of technologies that are now trivially easy."
    (p,) = check_script(s)
    assert p.rule == "op-not-credited" and p.segment == "topic-2"
    assert "@micseydel" in p.message and "p2" in p.message


def test_outro_missing_an_original_poster_is_caught() -> None:
    s = good_script()
    s.turns[7].text = "Thanks to @Noselessmonk for the thread. Goodbye!"
    (p,) = check_script(s)
    assert p.rule == "outro-missing-op" and p.segment == "outro"
    assert "does not thank @micseydel, original poster of topic-2" in p.message


def test_cited_id_missing_from_sources_is_caught() -> None:
    s = good_script()
    s.turns[6].cites.append("reddit:t1_nothere")
    (p,) = check_script(s)
    assert p.rule == "unknown-source" and p.turn == 6
    assert "cites reddit:t1_nothere, which is not in sources" in p.message


def test_topic_without_any_citation_is_caught() -> None:
    s = good_script()
    for t in s.turns_of("topic-2"):
        t.cites = []
    got = rules(s)
    assert "uncited-topic" in got
    # the handles in those turns are now unsupported too
    assert got.count("invented-handle") == 2


def test_host_under_thirty_percent_is_caught() -> None:
    s = good_script()
    s.turns.insert(2, Turn("ELIZA", "words " * 200, "intro"))
    (p,) = check_script(s)
    assert p.rule == "host-share" and p.segment is None
    assert p.message.startswith("KAI speaks ")
    assert "at least 30%" in p.message


def test_turn_in_an_unknown_segment_is_caught() -> None:
    s = good_script()
    s.turns[4].segment = "topic-9"
    assert "unknown-segment" in rules(s)


def test_check_segment_limits_to_one_segment_and_skips_host_share() -> None:
    s = good_script()
    s.turns[3].text += " @ghost said so."
    s.turns.insert(2, Turn("ELIZA", "words " * 200, "intro"))
    assert check_segment(s, "topic-2") == []
    assert [p.rule for p in check_segment(s, "topic-1")] == ["invented-handle"]
    assert [p.rule for p in check_segment(s, "nope")] == ["unknown-segment"]


def test_every_rule_yields_one_line_messages() -> None:
    s = copy.deepcopy(good_script())
    s.turns[0].speaker = "BOB"
    s.turns[1].text = ""
    s.turns[3].text += " @x1"
    s.turns.append(Turn("KAI", "hi", "ghost", ["zz"]))
    for p in check_script(s):
        assert "\n" not in p.message and p.message


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("thanks @Only-Letterhead-3411, and u/FullOf_Bad_Ideas.", ["Only-Letterhead-3411",
                                                                  "FullOf_Bad_Ideas"]),
        ("write to me@example.com", []),
        ("it runs @ 5 tok/s", []),
        ("@5tok/s is fast", []),
        ("see https://www.reddit.com/u/someone/ for more", []),
        ("(@a_b) and @x-y!", ["a_b", "x-y"]),
        ("at @4 o'clock", []),
    ],
)
def test_find_handles(text: str, handles: list[str]) -> None:
    assert find_handles(text) == handles


def test_credits_is_case_insensitive_and_whole_handle() -> None:
    assert credits("thanks @NOSELESSMONK", "Noselessmonk")
    assert not credits("thanks @Noselessmonk2", "Noselessmonk")
    assert credits("a piece by Jane Doe", "Jane Doe")


def test_segment_op_prefers_the_thread_starter_and_skips_deleted() -> None:
    s = good_script()
    s.segments[1].source_ids = ["c1", "p1"]
    assert segment_op(s, "topic-1") == ("p1", "Noselessmonk")
    s.sources["p1"] = _ref("reddit_post", "[deleted]")
    assert segment_op(s, "topic-1") is None
    s.turns[2].text = "First up, a thread on the KV cache."
    s.turns[7].text = "Thanks to @micseydel for the thread."
    assert check_script(s) == []
