"""Every line checked against its own beat's facts: each check catches a crafted bad line,
and a good line in the host's own words passes."""

from __future__ import annotations

import pytest

from tinyleaps.artifacts import Host, SourceRef
from tinyleaps.writing import beats as B
from tinyleaps.writing.verify import (
    LineCheck,
    default_similarity,
    longest_shared_run,
    meaning_problems,
    problems,
    support,
)

FACT = B.Fact(source_id="c1", author="watt_watcher", credit="@watt_watcher",
              text="I power limit my 3090s to 250W each and lose maybe 6% speed. Highly "
                   "recommend, the cards run way cooler.", kind="reddit_comment",
              figure="250W", features=["figure"])
ANSWER = B.Beat(id="t.3", act=B.TELL, speaker="KAI", facts=[FACT])
ASK = B.Beat(id="t.2", act=B.ASK, speaker="ELIZA", facts=[FACT], answers="t.3")
OPEN = B.Beat(id="t.1", act=B.OPEN, speaker="KAI", facts=[B.Fact(
    source_id="p1", author="gpu_hoarder", credit="@gpu_hoarder",
    text="My $1,400 used-GPU build: two 3090s, 48 GB of VRAM, 70B at Q4 runs at 17 tok/s.",
    kind="reddit_post", role="post")])
SEG = B.BeatSegment(id="t", kind="topic", title="My $1,400 used-GPU build",
                    name="a $1,400 used-GPU build", short="the build",
                    source_ids=["p1", "c1"], beats=[OPEN, ASK, ANSWER])
PLAN = B.BeatPlan(show="Tiny Leaps", recorded_at="2025-07-12T22:00:00-07:00",
                  hosts=[Host("KAI"), Host("ELIZA")], segments=[SEG],
                  sources={"p1": SourceRef("reddit_post", "gpu_hoarder", "u", "t"),
                           "c1": SourceRef("reddit_comment", "watt_watcher", "u", "t")})


def check(line: str, beat: B.Beat = ANSWER, said: list[str] | None = None) -> list[str]:
    answer = ANSWER if beat.act == B.ASK else None
    return problems(line, LineCheck(beat, SEG, PLAN, said or [], answer))


GOOD = ("@watt_watcher caps each card at 250 watts, loses about 6 percent of the speed, and "
        "says the cards run much cooler.")


def test_a_good_line_in_the_hosts_own_words_passes() -> None:
    assert check(GOOD) == []
    assert check("So does a power limit cost much speed?", ASK) == []


@pytest.mark.parametrize("line, problem", [
    ("", "empty"),
    ("@watt_watcher " + "really " * 50 + "likes it.", "keep it under"),
    ("They cap each card at 250 watts and lose about 6 percent.", "must name @watt_watcher"),
    ("@gpu_hoarder caps each card at 250 watts.", "did not make this point"),
    ("@watt_watcher caps each card at 200 watts and loses 6 percent.", "200"),
    ("@watt_watcher caps each 4090 at 250 watts.", "4090"),
    ('@watt_watcher said "the cards run cool and quiet forever".', "not what they wrote"),
    ("@watt_watcher says I power limit my cards to 250 watts.", "report"),
    ("@watt_watcher says I think it works.", "poster speaking"),
    ("@watt_watcher caps the cards, and I think that is smart of me.", "first person only"),
    ("I tried @watt_watcher's 250 watt limit on my rig.", "only report"),
    ("@watt_watcher, your 250 watt limit is smart.", "not to them"),
    ("@watt_watcher's 250 watt trick is a game changer for the field of AI.", "says nothing"),
    ("@watt_watcher thinks power limits revolutionize datacenter economics and cooling "
     "infrastructure planning.", "adds what the fact never says"),
    ("@watt_watcher writes I power limit my 3090s to 250W each and lose maybe 6% speed "
     "highly recommend", "copies the comment"),
    ("Is it a good idea?", "this beat tells a point"),
    # a comment of the model's own tacked on: the clause, not the line, is unsupported
    ("@watt_watcher caps each card at 250 watts and loses 6 percent of the speed, which "
     "shows Nvidia's dominance of the market.", "adds what the fact never says"),
])
def test_each_check_catches_its_bad_line(line: str, problem: str) -> None:
    found = check(line)
    assert any(problem in p for p in found), found


@pytest.mark.parametrize("line, problem", [
    ("What did @watt_watcher say?", "names nobody"),
    ("The power draw. It matters.", "one question"),
    ("How much power does a 4090 draw?", "4090"),
])
def test_a_question_names_nobody_and_is_one_question(line: str, problem: str) -> None:
    assert any(problem in p for p in check(line, ASK)), check(line, ASK)


def test_a_line_that_repeats_an_earlier_one_is_caught() -> None:
    assert any("repeats" in p for p in check(GOOD, said=[GOOD.replace("much", "a lot")]))


def test_support_counts_the_facts_words_not_reporting_words_or_names() -> None:
    share, missing = support("@watt_watcher says the cards run cooler at 250 watts, "
                             "losing 6 percent: a clever trick.", FACT.text)
    assert missing == ["clever", "trick"] and share == pytest.approx(1 - 2 / 10)
    assert support("@x notes that.", "anything")[0] == 1.0


def test_longest_shared_run_counts_words_in_order() -> None:
    assert longest_shared_run("a b c d e", "x b c d y") == 3


def test_meaning_check_flags_a_line_about_something_else() -> None:
    similarity = default_similarity()
    if similarity is None:
        pytest.skip("the bundled embedding model cannot load here")
    lines = {"t.3": GOOD,
             "t.2": "How do you choose a chat template for a roleplay model?"}
    checks = {"t.3": LineCheck(ANSWER, SEG, PLAN), "t.2": LineCheck(ASK, SEG, PLAN,
                                                                    answer=ANSWER)}
    drift = meaning_problems(lines, checks, similarity)
    assert set(drift) == {"t.2"}
