"""How the episode sounds: gaps that follow the talk, delivery per act, the listener's
backchannels in the speaker's pauses, the sting between stories (pure numpy: fast)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.audio.mix import add_backchannel, find_pause, mix
from tinyleaps.audio.sting import NOTES_HZ, chime, music_sting
from tinyleaps.audio.timing import GAPS, plan_gaps
from tinyleaps.captions.files import TranscriptDoc, get_writer
from tinyleaps.voice.backchannels import BackchannelAudio, plan_backchannels
from tinyleaps.voice.base import LineAudio
from tinyleaps.voice.delivery import delivery_for, turn_acts

from ..builders import make_script

RATE = 24000
LONG = ("He measured the small model on his old laptop, and the replies agree that "
        "memory bandwidth matters far more than raw compute when you generate long answers.")
FIGURE = "His card does 45 tokens per second on the 32B model, which nobody expected at all."


def _script(turns: list[tuple[str, str, str]], acts: dict[int, str] | None = None) -> Script:
    segs = [ScriptSegment("intro", "intro", "Welcome"),
            ScriptSegment("t1", "topic", "Laptops", ["reddit:t3_a"]),
            ScriptSegment("t2", "topic", "Cards", ["reddit:t3_b"]),
            ScriptSegment("outro", "outro", "Bye")]
    return make_script(
        voices=("fake:kai", "fake:eliza"), recorded_at="2025-07-12T22:00:00+02:00",
        segments=segs,
        turns=[Turn(sp, text, seg, ["reddit:t3_a"] if seg == "t1" else [],
                    (acts or {}).get(i, ""))
               for i, (sp, seg, text) in enumerate(turns)],
        sources={"reddit:t3_a": SourceRef("reddit_post", "bob", "https://r.example/a/", "A"),
                 "reddit:t3_b": SourceRef("reddit_post", "amy", "https://r.example/b/", "B")},
    )


TALK = [
    ("KAI", "intro", "Welcome to Tiny Leaps, I'm Kai."),
    ("ELIZA", "intro", "And I'm Eliza. Two stories tonight."),
    ("KAI", "t1", "First up, a thread by @bob about laptops. " + LONG),
    ("ELIZA", "t1", "Does that hold for the bigger models too?"),
    ("KAI", "t1", "Mostly, yes. " + LONG),
    ("ELIZA", "t1", "Huh."),
    ("KAI", "t1", FIGURE),
    ("ELIZA", "t1", "That settles it: bandwidth first, then compute, for everyone on a laptop."),
    ("KAI", "t2", "Next, @amy on graphics cards. " + LONG),
    ("ELIZA", "t2", "But the thread was not so sure. " + LONG),
    ("KAI", "outro", "Thanks to @bob and @amy for the threads."),
    ("ELIZA", "outro", "See you next time."),
]


def test_gaps_follow_what_happens_and_never_repeat() -> None:
    script = _script(TALK)
    gaps = plan_gaps(script)
    assert [g.kind for g in gaps] == [
        "start", "turn", "story", "turn", "answer", "reaction", "reaction", "beat", "story",
        "push_back", "story", "reaction"]
    for g in gaps[1:]:  # each within 15 % of its kind's base
        assert GAPS[g.kind] * 0.8 <= g.seconds <= GAPS[g.kind] * 1.2 + 0.031
    assert gaps[4].seconds < 0.2 < GAPS["turn"] * 0.85  # the answer comes quickly
    assert gaps[7].seconds > 0.5  # a beat after "45 tokens per second"
    assert all(abs(a.seconds - b.seconds) >= 0.03 - 1e-9 for a, b in zip(gaps, gaps[1:],
                                                                          strict=False))
    assert plan_gaps(script) == gaps  # the same script always sounds the same


def test_a_written_act_wins_over_the_text() -> None:
    plain = _script(TALK)
    marked = _script(TALK, acts={3: "tell", 4: "ask"})  # no "?", but the writer says ask
    assert turn_acts(plain)[3:5] == ["ask", "tell"]
    assert turn_acts(marked)[3:5] == ["tell", "ask"]
    assert plan_gaps(marked)[5].kind == "answer" and plan_gaps(marked)[4].kind != "answer"


def test_questions_are_quicker_and_sum_ups_slower() -> None:
    acts = turn_acts(_script(TALK))
    assert acts[:4] == ["welcome", "preview", "open", "ask"]
    assert acts[7] == "sum_up" and acts[9] == "push_back" and acts[-2:] == ["thanks", "sign_off"]
    assert delivery_for("ask").speed > 1.0 > delivery_for("sum_up").speed
    assert delivery_for("tell").neutral and delivery_for("tell").key() == ""


def test_a_few_backchannels_per_topic_from_the_other_host() -> None:
    script = _script(TALK)
    cues = plan_backchannels(script)
    # turn 4 is long too, but Eliza listened just before; turn 9 follows turn 8
    assert [(c.turn, c.speaker, c.text) for c in cues] == [
        (2, "ELIZA", "Okay."),  # a story opens
        (8, "ELIZA", "Okay."),  # the next story
    ]
    many = _script([("KAI", "intro", "Hi.")] + [(("KAI", "ELIZA")[i % 2], "t1", LONG)
                                                 for i in range(12)])
    planned = plan_backchannels(many)
    assert [c.text for c in planned] == ["Okay.", "Right.", "Yeah."]  # three per topic at most
    assert all(b.turn - a.turn >= 2 for a, b in zip(planned, planned[1:], strict=False))
    assert {c.speaker for c in planned} == {"KAI", "ELIZA"}  # both hosts listen


def _tone(seconds: float, freq: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_a_backchannel_goes_in_a_pause_widened_to_fit_never_over_a_word() -> None:
    line = np.concatenate([_tone(1.2), np.zeros(int(0.15 * RATE), np.float32), _tone(1.0)])
    pause = find_pause(line, RATE)
    assert pause is not None and abs(pause[0] / RATE - 1.2) < 0.011
    clip = _tone(0.4, 600.0) * 0.5
    placed = add_backchannel(line, RATE, clip)
    assert placed is not None
    out, at = placed
    extra = out.size - line.size
    assert extra == pytest.approx((0.06 + 0.1 + 0.4 - 0.15) * RATE, abs=0.011 * RATE)
    cut = pause[1]
    assert np.array_equal(out[:pause[0]], line[:pause[0]])  # words before: untouched
    assert np.array_equal(out[cut + extra:], line[cut:])  # words after: untouched
    assert pause[0] / RATE < at < (cut + extra) / RATE - 0.4
    assert find_pause(_tone(3.0), RATE) is None  # no pause: no backchannel


def _lines(script: Script) -> list[LineAudio]:
    out = []
    for i, turn in enumerate(script.turns):
        words = len(turn.text.split())
        parts = [_tone(0.12 * min(words, 12)), np.zeros(int(0.2 * RATE), np.float32),
                 _tone(0.12 * min(words, 12))] if words > 6 else [_tone(0.4)]
        out.append(LineAudio(i, turn.speaker, turn.text, turn.text, np.concatenate(parts),
                             RATE, "fake"))
    return out


def test_mix_puts_a_sting_between_stories_and_the_listener_in_a_pause(tmp_path: Path) -> None:
    script = _script(TALK)
    asides = [BackchannelAudio(c.turn, c.speaker, c.text, _tone(0.3, 500.0))
              for c in plan_backchannels(script)]
    plain = mix(script, _lines(script), sting=False)
    tl = mix(script, _lines(script), backchannels=asides)
    assert len(tl.stings) == 3 and plain.stings == [] and len(tl.backchannels) == 2
    sting_len = chime(RATE).size / RATE
    assert tl.seconds - plain.seconds == pytest.approx(
        3 * (sting_len + 0.35) + sum(b.end - b.start + 0.16 - 0.2 for b in tl.backchannels),
        abs=0.05)
    assert [round(c.start, 3) for c in tl.chapters[1:]] == [round(s, 3) for s in tl.stings]
    assert [b.speaker for b in tl.backchannels] == ["ELIZA"] * 2
    for b in tl.backchannels:
        cue = next(c for c in tl.cues if c.index == b.turn)
        assert cue.start < b.start < b.end < cue.end  # said during the other host's turn
    doc = TranscriptDoc.from_turns(tl.cues, tl.chapters, tl.backchannels)
    data = get_writer("json").data(doc.cues, doc.backchannels)
    assert data["backchannels"][0] == {"speaker": "ELIZA", "startTime": tl.backchannels[0].start,
                                       "endTime": tl.backchannels[0].end, "body": "Okay."}
    assert "Okay" not in json.dumps(data["segments"])  # the text keeps them out
    assert data["segments"][2]["cites"] == ["reddit:t3_a"] and "cites" not in data["segments"][0]


def test_the_chime_is_three_rising_notes_and_music_gives_its_own_sting() -> None:
    sting = chime(RATE)
    assert 1.1 < sting.size / RATE < 1.4 and float(np.max(np.abs(sting))) == pytest.approx(0.5)
    assert np.array_equal(sting, chime(RATE))
    step = int(0.13 * RATE)
    for n, freq in enumerate(NOTES_HZ):  # each note is the loudest pitch where it starts
        window = sting[n * step + 200:n * step + 200 + 2048] * np.hanning(2048)
        peak = np.argmax(np.abs(np.fft.rfft(window, 16384))) * RATE / 16384
        assert abs(peak - freq) < 10
    music = np.concatenate([np.zeros(RATE // 2, np.float32), _tone(5.0, 330.0)])
    cut = music_sting(music, RATE)
    assert cut.size == int(1.6 * RATE) and abs(cut[0]) < 0.05 and cut[-1] == 0.0
