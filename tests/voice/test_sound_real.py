"""``tinyleaps voice`` with real (flite) voices: the listening host's backchannels land in
the pauses of the other host's turns and stay out of the transcript text, a sting opens
each story's chapter, and ``--no-backchannels --no-sting`` turn both off."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.audio import ffmpeg
from tinyleaps.audio.sting import chime
from tinyleaps.audio.timing import STORY_AFTER
from tinyleaps.audio.voicing import VOICE_INFO
from tinyleaps.check.audio_rules import check_audio
from tinyleaps.cli import main

from ..builders import make_script

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("flite") and shutil.which("ffmpeg")),
                       reason="needs flite and ffmpeg"),
]

LONG_KAI = ("Our first thread comes from @bob_smith. He runs small models on an old laptop, and "
            "he says the memory bandwidth matters far more than the speed of the processor when "
            "you generate long answers.")
LONG_ELIZA = ("The second story is about a graphics card. Its owner says the card stays cool "
              "and quiet under load, and the replies agree that a used card is the best deal "
              "for anyone who wants to run models at home.")


def _script() -> Script:
    ref = SourceRef("reddit_post", "bob_smith", "https://www.reddit.com/r/LocalLLaMA/comments/a/",
                    "Small models")
    return make_script(
        title="Tiny Leaps: test", recorded_at="2025-07-12T22:00:00+02:00",
        voices=("flite:rms", "flite:slt"),
        segments=[ScriptSegment("intro", "intro", "Welcome"),
                  ScriptSegment("t1", "topic", "Laptops", ["reddit:t3_a"]),
                  ScriptSegment("t2", "topic", "Cards", ["reddit:t3_a"]),
                  ScriptSegment("outro", "outro", "Bye", ["reddit:t3_a"])],
        turns=[Turn("KAI", "Welcome to the show.", "intro"),
               Turn("KAI", LONG_KAI, "t1", ["reddit:t3_a"]),
               Turn("ELIZA", "Does that hold for bigger models?", "t1", ["reddit:t3_a"]),
               Turn("KAI", "Mostly, yes.", "t1", ["reddit:t3_a"]),
               Turn("ELIZA", LONG_ELIZA, "t2", ["reddit:t3_a"]),
               Turn("KAI", "Thanks to @bob_smith for the thread.", "outro", ["reddit:t3_a"])],
        sources={"reddit:t3_a": ref},
    )


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("voiced")
    _script().save(root / "script.json")
    on, off = root / "on", root / "off"
    assert main(["voice", str(root / "script.json"), "--out", str(on)]) == 0
    assert main(["voice", str(root / "script.json"), "--out", str(off), "--no-backchannels",
                 "--no-sting"]) == 0
    return on, off


def _json(path: Path) -> dict:  # type: ignore[type-arg]
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_the_listener_speaks_in_the_other_hosts_pauses(voiced: tuple[Path, Path]) -> None:
    on, _off = voiced
    transcript = _json(on / "transcript.json")
    said = transcript["backchannels"]
    assert [(b["speaker"], b["body"]) for b in said] == [("ELIZA", "Okay."), ("KAI", "Okay.")]
    segments = transcript["segments"]
    for b in said:  # inside a cue of the other host, and not in any text
        cue = next(s for s in segments if s["startTime"] <= b["startTime"] < s["endTime"])
        assert cue["speaker"] != b["speaker"] and b["endTime"] <= cue["endTime"] + 4.0
    assert not any("Okay" in s["body"] for s in segments)
    assert all(s["cites"] == ["reddit:t3_a"] for s in segments[1:])
    timing = _json(on / VOICE_INFO)["audio"]["timing"]
    assert timing["backchannels"] == 2 and timing["stings"] == 3
    assert timing["gaps"]["answer"]["count"] == 1 and timing["gaps"]["answer"]["max"] < 0.2


def test_stings_open_the_story_chapters_and_can_be_left_out(voiced: tuple[Path, Path]) -> None:
    on, off = voiced
    sting = chime(24000).size / 24000
    for folder, lead in ((on, sting + STORY_AFTER), (off, 0.5)):
        chapters = [c["startTime"] for c in _json(folder / "chapters.json")["chapters"]]
        segments = _json(folder / "transcript.json")["segments"]
        firsts = [min(s["startTime"] for s in segments if s["startTime"] > c)
                  for c in chapters[1:]]  # the first word of each story, and of the outro
        assert chapters[0] == 0.0
        assert [round(w - c, 2) for c, w in zip(chapters[1:], firsts, strict=True)] == \
            [round(lead, 2)] * 3
    assert "backchannels" not in _json(off / "transcript.json")
    longer = ffmpeg.duration(on / "episode.mp3") - ffmpeg.duration(off / "episode.mp3")
    assert 3 * 1.2 < longer < 3 * 1.8 + 2 * 1.0


def test_check_passes_and_does_not_count_the_backchannels(voiced: tuple[Path, Path]) -> None:
    on, _off = voiced
    rows = {r.name: r for r in check_audio(on, wer=True)}
    print({n: (r.status, r.detail) for n, r in rows.items()})
    assert all(r.status == "pass" for r in rows.values()), rows
    detail = rows["intelligibility"].detail
    match = re.search(r"names and model ids ([\d.]+)% over (\d+) words", detail)
    assert match and int(match[2]) == 4  # "bob smith", twice
