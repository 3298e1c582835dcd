"""The audio stage end to end on real speech: flite voices a 3-segment script, then
mix -> master -> ID3 chapters -> transcripts, measured with ffmpeg and Whisper."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from tinyleaps.artifacts import Script, ScriptSegment, SourceRef, Turn
from tinyleaps.audio import ffmpeg, read_chapters, render_audio
from tinyleaps.audio.master import write_id3
from tinyleaps.audio.produce import AudioResult, id3_meta
from tinyleaps.captions import parse_chapters, parse_transcript
from tinyleaps.check.audio_rules import check_audio
from tinyleaps.voice.base import LineAudio

from .. import builders

pytestmark = pytest.mark.skipif(
    not (shutil.which("flite") and shutil.which("ffmpeg")), reason="needs flite and ffmpeg"
)

TURNS = [
    ("KAI", "intro", "Welcome to Tiny Leaps, live on a Saturday evening at around ten."),
    ("ELIZA", "intro", "Great to be here. We have two stories from the local model crowd."),
    ("KAI", "t1", "Our first thread comes from @bob_smith, who runs small models on a laptop."),
    ("ELIZA", "t1", "Right."),
    ("KAI", "t1", "He says the seven billion model runs fine with four bit weights, and the "
     "replies agree that memory bandwidth matters far more than the raw speed of the "
     "processor when you generate long answers."),
    ("ELIZA", "outro", "That is the show. Thanks to bob smith for the thread."),
]
VOICES = {"KAI": "rms", "ELIZA": "slt"}


def make_script() -> Script:
    return builders.make_script(
        turns=[Turn(s, text, seg, ["reddit:t3_abc"] if seg != "intro" else [])
               for s, seg, text in TURNS],
        segments=[
            ScriptSegment("intro", "intro", "Welcome"),
            ScriptSegment("t1", "topic", "Small models on a laptop", ["reddit:t3_abc"]),
            ScriptSegment("outro", "outro", "Thanks and goodbye", ["reddit:t3_abc"]),
        ],
        sources={"reddit:t3_abc": SourceRef(
            "reddit_post", "bob_smith", "https://www.reddit.com/r/LocalLLaMA/comments/abc/x/",
            "Small models on a laptop")},
        voices=("flite:rms", "flite:slt"),
        title="Tiny Leaps: small models on laptops",
        recorded_at="2025-07-12T22:00:00+02:00",
    )


def flite_line(index: int, speaker: str, text: str, folder: Path) -> LineAudio:
    """Real speech for one turn (flite writes 16 kHz 16-bit mono WAV)."""
    wav = folder / f"line{index}.wav"
    spoken = text.replace("@bob_smith", "bob smith")
    subprocess.run(["flite", "-voice", VOICES[speaker], "-t", spoken, "-o", str(wav)],
                   check=True)
    with wave.open(str(wav)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
        rate = w.getframerate()
    return LineAudio(index, speaker, text, spoken, pcm.astype(np.float32) / 32768, rate,
                     f"flite:{VOICES[speaker]}")


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[LineAudio]:
    folder = tmp_path_factory.mktemp("flite")
    return [flite_line(i, t.speaker, t.text, folder) for i, t in enumerate(make_script().turns)]


@pytest.fixture(scope="module")
def episode(lines: list[LineAudio], tmp_path_factory: pytest.TempPathFactory) -> AudioResult:
    out = tmp_path_factory.mktemp("episode")
    make_script().save(out / "script.json")
    return render_audio(make_script(), lines, out)


def copy_episode(result: AudioResult, dest: Path) -> Path:
    shutil.copytree(result.mp3.parent, dest)
    return dest


@pytest.mark.slow
def test_episode_mp3_is_minus_16_lufs_with_true_peak_under_minus_1(episode: AudioResult) -> None:
    loud = ffmpeg.measure_loudness(episode.mp3)
    print(f"measured: {loud.integrated} LUFS, {loud.true_peak} dBTP, LRA {loud.lra}")
    assert abs(loud.integrated - -16.0) <= 1.0
    assert loud.true_peak <= -1.0
    assert episode.loudness == loud


@pytest.mark.slow
def test_mp3_duration_equals_last_cue_within_a_second(
    episode: AudioResult, lines: list[LineAudio]
) -> None:
    cues = parse_transcript(episode.mp3.parent / "transcript.vtt")
    spoken = sum(ln.seconds for ln in lines)
    assert abs(ffmpeg.duration(episode.mp3) - cues[-1].end) <= 1.0
    # the episode is the voiced lines plus natural gaps: not much shorter, not padded out
    assert spoken * 0.8 < episode.duration_s < spoken + 8.0


@pytest.mark.slow
def test_mp3_chapters_equal_chapters_json(episode: AudioResult) -> None:
    from_mp3 = read_chapters(episode.mp3)
    from_json = parse_chapters(episode.mp3.parent / "chapters.json")
    assert [c.title for c in from_mp3] == ["Welcome", "Small models on a laptop",
                                          "Thanks and goodbye"]
    assert [c.title for c in from_json] == [c.title for c in from_mp3]
    assert [c.start for c in from_mp3] == pytest.approx([c.start for c in from_json], abs=0.01)
    assert from_mp3[0].start == 0.0
    assert from_mp3[-1].end == pytest.approx(episode.mix_s, abs=0.01)
    assert from_mp3[1].url == "https://www.reddit.com/r/LocalLLaMA/comments/abc/x/"
    raw = json.loads((episode.mp3.parent / "chapters.json").read_text())
    assert raw["version"] == "1.2.0" and "url" not in raw["chapters"][0]


@pytest.mark.slow
def test_id3_tags_name_the_show_title_date_and_sources(episode: AudioResult) -> None:
    from mutagen.id3 import ID3

    tags = ID3(episode.mp3)
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == "Tiny Leaps: small models on laptops"
    assert str(tags["TPE1"]) == "Tiny Leaps" and str(tags["TALB"]) == "Tiny Leaps"
    assert str(tags["TDRC"]).startswith("2025-07-12")
    assert "https://www.reddit.com/r/LocalLLaMA/comments/abc/x/" in str(tags.getall("COMM")[0])
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]


@pytest.mark.slow
def test_vtt_cues_carry_voice_tags_and_short_lines(episode: AudioResult) -> None:
    text = (episode.mp3.parent / "transcript.vtt").read_text()
    assert text.startswith("WEBVTT\n")
    payloads = re.findall(r"--> [\d:.]+\n(.*?)(?:\n\n|\n?$)", text, re.S)
    assert payloads and all(re.match(r"<v (KAI|ELIZA)>", p) for p in payloads)
    for p in payloads:
        lines = re.sub(r"^<v \w+>", "", p).split("\n")
        assert len(lines) <= 2 and all(len(ln) <= 65 for ln in lines)
    cues = parse_transcript(episode.mp3.parent / "transcript.vtt")
    assert len(cues) > len(TURNS)  # the long turn was split
    assert cues[2].speaker == "KAI" and "@bob_smith" in cues[2].text


@pytest.mark.slow
def test_transcripts_are_monotonic_and_inside_the_audio(episode: AudioResult) -> None:
    duration = ffmpeg.duration(episode.mp3)
    folder = episode.mp3.parent
    per_file = [parse_transcript(folder / f"transcript.{ext}") for ext in ("vtt", "srt", "json")]
    for cues in per_file:
        starts = [c.start for c in cues]
        assert starts == sorted(starts)
        assert all(c.start < c.end <= duration for c in cues)
        assert [c.speaker for c in cues] == [c.speaker for c in per_file[0]]
    md = (folder / "transcript.md").read_text()
    assert md.startswith("## [00:00:00] Welcome\n\n[00:00:00] **KAI:** Welcome to Tiny Leaps")
    assert "## [00:00:0" in md and "] Small models on a laptop" in md
    assert "**KAI:** Our first thread comes from @bob\\_smith" in md


@pytest.mark.slow
def test_check_passes_and_reports_word_error_rate(episode: AudioResult) -> None:
    rows = {r.name: r for r in check_audio(episode.mp3.parent, wer=True)}
    print({n: (r.status, r.detail) for n, r in rows.items()})
    assert all(r.status == "pass" for r in rows.values()), rows
    wer = float(re.search(r"word error rate ([\d.]+)%", rows["intelligibility"].detail)[1])
    assert wer < 10.0
    assert "LUFS" in rows["loudness"].detail and "dBTP" in rows["true peak"].detail


@pytest.mark.slow
def test_check_fails_on_a_too_quiet_mp3(episode: AudioResult, tmp_path: Path) -> None:
    folder = copy_episode(episode, tmp_path / "ep")
    quiet = folder / "quiet.mp3"
    ffmpeg.run_ffmpeg(["-i", str(folder / "episode.mp3"), "-af", "volume=-8dB",
                       "-c:a", "libmp3lame", "-b:a", "96k", str(quiet)], "test")
    quiet.replace(folder / "episode.mp3")
    assert episode.timeline is not None
    write_id3(folder / "episode.mp3", id3_meta(make_script(), episode.timeline))
    rows = {r.name: r for r in check_audio(folder, wer=False)}
    assert rows["loudness"].status == "fail"
    assert re.search(r"-2[34]\.\d LUFS", rows["loudness"].detail)
    assert rows["mp3 chapters"].status == "pass"
    assert rows["intelligibility"].status == "skip"


@pytest.mark.slow
def test_check_fails_when_chapters_json_disagrees_with_the_mp3(
    episode: AudioResult, tmp_path: Path
) -> None:
    folder = copy_episode(episode, tmp_path / "ep")
    data = json.loads((folder / "chapters.json").read_text())
    data["chapters"][1]["startTime"] += 2.0
    (folder / "chapters.json").write_text(json.dumps(data))
    row = next(r for r in check_audio(folder, wer=False) if r.name == "mp3 chapters")
    assert row.status == "fail" and "chapter 2" in row.detail
    data["chapters"].pop()
    (folder / "chapters.json").write_text(json.dumps(data))
    row = next(r for r in check_audio(folder, wer=False) if r.name == "mp3 chapters")
    assert row.status == "fail" and "MP3 has 3 chapters, chapters.json has 2" in row.detail


def test_check_skips_every_audio_row_without_an_mp3(tmp_path: Path) -> None:
    rows = check_audio(tmp_path)
    assert len(rows) == 6
    assert all(r.status == "skip" and "no episode.mp3" in r.detail for r in rows)


def test_gaps_are_natural_and_deterministic(lines: list[LineAudio]) -> None:
    from tinyleaps.audio import mix
    from tinyleaps.audio.sting import chime

    a, b = mix(make_script(), lines), mix(make_script(), list(reversed(lines)))
    assert np.array_equal(a.samples, b.samples) and a.cues == b.cues
    gaps = [(c.segment == p.segment, round(c.start - p.end, 3))
            for p, c in zip(a.cues, a.cues[1:], strict=False)]
    inside = [g for same, g in gaps if same]
    between = [g for same, g in gaps if not same]
    assert all(0.1 <= g <= 0.45 for g in inside)
    sting = chime(a.sample_rate).size / a.sample_rate
    # between segments: a pause, the sting, a shorter pause
    assert all(0.5 + sting + 0.35 <= g <= 0.7 + sting + 0.35 for g in between)
    assert len(between) == 2 == len(a.stings)
    assert [c.index for c in a.cues] == list(range(len(TURNS)))
    assert a.seconds - a.cues[-1].end < 1.0


def test_music_bed_plays_alone_then_ducks_18_db_under_speech_and_not_in_between(
    lines: list[LineAudio], tmp_path: Path
) -> None:
    from tinyleaps.audio import mix

    music = tmp_path / "bed.wav"
    ffmpeg.run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=220:duration=4",
                       "-f", "lavfi", "-i", "sine=frequency=330:duration=4",
                       "-filter_complex", "amix=inputs=2", str(music)], "test music")
    dry, wet = mix(make_script(), lines, sting=False), mix(make_script(), lines, music, sting=False)
    rate = wet.sample_rate
    shift = wet.cues[0].start - dry.cues[0].start
    assert shift == pytest.approx(2.5, abs=0.01)  # music alone before the first word
    offset = int(round(shift * rate))
    bed = wet.samples[offset:offset + dry.samples.size] - dry.samples

    def rms(a: float, b: float, signal: np.ndarray = bed) -> float:
        return float(np.sqrt(np.mean(signal[int(a * rate):int(b * rate)] ** 2)))

    first = dry.cues[0].start
    lead = float(np.sqrt(np.mean(wet.samples[int(0.5 * rate):int(2.0 * rate)] ** 2)))
    under = rms(first + 0.5, first + 2.0)
    assert 20 * np.log10(under / lead) == pytest.approx(-18.0, abs=1.0)
    middle = dry.cues[2]  # the topic: nothing but speech
    assert rms(middle.start, middle.end) < 1e-6
    assert rms(dry.cues[-1].end - 2.0, dry.cues[-1].end) > 0.0  # outro bed under last words
