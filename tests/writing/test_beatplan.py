"""The beat plan: acts, who speaks, what each beat rests on; data that round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinyleaps.artifacts import Host
from tinyleaps.config import ShowConfig
from tinyleaps.errors import ArtifactError
from tinyleaps.writing import beats as B
from tinyleaps.writing.beatplan import plan_beats
from tinyleaps.writing.options import WriteOptions

from ..builders import make_rundown, random_rundown, rich_rundown, sample_rundown


def plan(rundown=None, minutes: float = 5, show: ShowConfig | None = None) -> B.BeatPlan:  # noqa: ANN001
    show = show or ShowConfig()
    return plan_beats(rundown or sample_rundown(), show.hosts, show.name,
                      WriteOptions(minutes=minutes))


def topic(p: B.BeatPlan, key: str) -> B.BeatSegment:
    return next(s for s in p.segments if s.id == key)


def test_every_story_opens_tells_asks_and_sums_up_with_the_hosts_alternating() -> None:
    p = plan()
    assert [s.kind for s in p.segments] == ["intro", "topic", "topic", "topic", "outro"]
    for seg in p.segments:
        speakers = [b.speaker for b in seg.beats]
        assert all(a != b for a, b in zip(speakers, speakers[1:], strict=False)), seg.id
    for seg in (s for s in p.segments if s.kind == "topic"):
        acts = [b.act for b in seg.beats]
        assert acts[0] == B.OPEN and acts[-1] == B.SUM_UP
        assert acts.count(B.ASK) >= 1
        for i, beat in enumerate(seg.beats):
            if beat.act == B.ASK:  # the next beat answers it, and is a told point
                assert beat.answers == seg.beats[i + 1].id
                assert seg.beats[i + 1].act in B.REPORTING
                assert beat.facts[0].source_id == seg.beats[i + 1].facts[0].source_id


def test_the_open_credits_the_original_poster_and_each_tell_its_commenter() -> None:
    seg = topic(plan(), "topic-kv8")
    opener = seg.beats[0]
    assert opener.facts[0].credit == "@Noselessmonk"
    assert opener.facts[0].source_id == "reddit:t3_kv8"
    assert "8-bit quantization" in opener.facts[0].text
    told = [b for b in seg.beats if b.act in B.REPORTING[1:]]
    assert [b.facts[0].credit for b in told][:3] == [
        "@FullOf_Bad_Ideas", "@ArtyfacialIntelagent", "@kryptkpr"]
    assert all(b.cites() == [b.facts[0].source_id, *(f.source_id for f in b.facts[1:])]
               for b in told)


def test_a_reply_that_disagrees_is_a_push_back_beat() -> None:
    seg = topic(plan(minutes=8), "topic-easy")
    pushed = [b for b in seg.beats if b.act == B.PUSH_BACK]
    assert [b.facts[0].credit for b in pushed] == ["@Dry-Judgment4242"]
    assert pushed[0].facts[0].reply_to == "@SomeOddCodeGuy"


def test_a_short_joke_is_planned_as_a_quotation() -> None:
    joke = make_rundown([_joke_topic()])
    seg = plan(joke).segments[1]
    quoted = [b for b in seg.beats if b.quote]
    assert [b.facts[0].credit for b in quoted] == ["@funny_guy"]


def _joke_topic():  # noqa: ANN202
    from ..builders import make_topic

    return make_topic("j", "Qwen3 release delayed again", "poster_x",
                      "The release slipped another week, they say for safety tests.", [
                          ("funny_guy", "Two more weeks, as always lol", 90, None),
                          ("serious_one", "The delay is about the license review, not the "
                           "weights; the model card says so in the second paragraph.", 40,
                           None),
                          ("third_person", "I ran the preview at 30 tok/s on a single 4090 "
                           "and it was fine for coding tasks.", 12, None)])


def test_more_minutes_more_points_and_both_hosts_keep_over_a_third() -> None:
    short, long = plan(rich_rundown(), minutes=3), plan(rich_rundown(), minutes=10)
    told = lambda p: sum(1 for _s, b in p.beats() if b.act in B.REPORTING)  # noqa: E731
    assert told(long) > told(short) + 6
    for p in (short, long):
        words = {h: sum(b.words for _s, b in p.beats() if b.speaker == h)
                 for h in p.host_names()}
        total = sum(words.values())
        assert min(words.values()) / total >= 0.35, words


def test_the_host_who_likes_asking_asks_more() -> None:
    curious = ShowConfig(hosts=[Host("ANN", persona="Hands-on tinkerer, speed and setups."),
                                Host("BEA", persona="The explainer who asks why it matters.")])
    p = plan(rich_rundown(), minutes=8, show=curious)
    asks = [b.speaker for _s, b in p.beats() if b.act == B.ASK]
    assert asks.count("BEA") > asks.count("ANN")


def test_the_plan_round_trips_through_beats_json(tmp_path: Path) -> None:
    p = plan()
    p.save(tmp_path)
    again = B.BeatPlan.load(tmp_path / "beats.json")
    assert again == p
    assert again.beat("topic-kv8.1").act == B.OPEN


def test_an_empty_rundown_is_an_artifact_error() -> None:
    with pytest.raises(ArtifactError, match="no topics"):
        plan(make_rundown([]))


@pytest.mark.parametrize("seed", range(40))
def test_generated_rundowns_always_give_a_well_formed_plan(seed: int) -> None:
    p = plan(random_rundown(seed), minutes=2 + seed % 6)
    for seg in p.segments:
        assert seg.beats and len({b.id for b in seg.beats}) == len(seg.beats)
        for beat in seg.beats:
            assert beat.speaker in p.host_names()
            assert all(f.source_id in p.sources for f in beat.facts)
            if beat.act in B.REPORTING[1:]:
                assert beat.facts and beat.facts[0].text


@pytest.mark.parametrize(("said", "pushback"), [
    ("Actually, that benchmark is contaminated.", True),
    ("No, it runs at 5 tok/s on mine.", True),
    ("Actually you make a good point, and having too many tabs open is a bother.", False),
    ("No, you're right about that.", False),
])
def test_a_reply_that_starts_like_a_pushback_but_agrees_is_not_one(said: str,
                                                                     pushback: bool) -> None:
    from tinyleaps.writing.features import features

    assert features(said).pushback is pushback
