"""Transcript/chapter files: the Podcasting 2.0 namespace's own examples parse, write
back and parse again to the same cues, times and speakers; cue splitting and escaping."""

from __future__ import annotations

from pathlib import Path

import pytest

from tinyleaps.captions.files import (
    ChaptersWriter,
    JsonTranscriptWriter,
    MarkdownWriter,
    SrtWriter,
    TranscriptDoc,
    VttWriter,
    get_writer,
    parse_chapters,
    parse_json_transcript,
    parse_srt,
    parse_transcript,
    parse_vtt,
    split_turn,
)
from tinyleaps.captions.records import Chapter, Cue, TurnCue
from tinyleaps.captions.timing import clock, parse_timestamp
from tinyleaps.errors import SourceError


def ns(shared_data: Path, name: str) -> Path:
    return shared_data / "podcast-namespace" / name


def same_cues(a: list[Cue], b: list[Cue]) -> None:
    assert [(c.speaker, c.text) for c in a] == [(c.speaker, c.text) for c in b]
    assert [c.start for c in a] == pytest.approx([c.start for c in b], abs=0.0005)
    assert [c.end for c in a] == pytest.approx([c.end for c in b], abs=0.0005)


def test_vtt_example_round_trips(shared_data: Path, tmp_path: Path) -> None:
    cues = parse_vtt(ns(shared_data, "transcripts-example.vtt"))
    assert len(cues) == 7
    assert cues[2] == Cue(6.09, 11.61, "Sarah", "include in one? Welcome to Podcasting Q&A, "
                          "where you learn")
    assert cues[-1].speaker == "Gillian" and cues[-1].end == 25.35
    out = VttWriter().write(TranscriptDoc(cues=cues), tmp_path / "t.vtt")
    assert "Podcasting Q&amp;A" in out.read_text()
    same_cues(parse_vtt(out), cues)


def test_srt_example_round_trips_with_speaker_labels(shared_data: Path, tmp_path: Path) -> None:
    cues = parse_srt(ns(shared_data, "transcripts-example.srt"))
    assert cues[0].speaker == "Travis" and cues[0].start == 0.179
    assert cues[0].text == "When you first get\nstarted in podcasting, it's"
    assert cues[1].speaker == "Travis"  # continuation cue keeps the speaker
    assert {c.speaker for c in cues} == {"Travis", "Sarah", "Gilon"}
    out = SrtWriter().write(TranscriptDoc(cues=cues), tmp_path / "t.srt")
    again = parse_srt(out)
    same_cues(again, cues)
    assert parse_transcript(out) == again


def test_json_example_round_trips(shared_data: Path, tmp_path: Path) -> None:
    cues = parse_json_transcript(ns(shared_data, "transcripts-example.json"))
    assert [c.text for c in cues] == ["I", "am", "your", "father.", "Nooooo"]
    assert cues[0] == Cue(0.5, 0.75, "Darth Vader", "I")
    out = JsonTranscriptWriter().write(TranscriptDoc(cues=cues), tmp_path / "t.json")
    same_cues(parse_json_transcript(out), cues)


@pytest.mark.parametrize("name", ["chapters-example.json", "chapters-exampleComplex.json"])
def test_chapters_examples_round_trip(shared_data: Path, tmp_path: Path, name: str) -> None:
    chapters = parse_chapters(ns(shared_data, name))
    assert chapters[0].title == "Intro" and chapters[0].start == 0
    assert chapters[3].url == "https://github.com/Podcastindex-org/podcast-namespace"
    assert chapters[1].end == chapters[2].start
    out = ChaptersWriter().write(TranscriptDoc(chapters=chapters), tmp_path / "c.json")
    again = parse_chapters(out)
    assert [(c.start, c.title, c.url) for c in again] == [
        (c.start, c.title, c.url) for c in chapters]


def test_long_turn_splits_into_two_line_cues_timed_by_words() -> None:
    text = " ".join(f"word{i:02d}" for i in range(60))  # 60 words, 419 characters
    cues = split_turn(TurnCue(3, "ELIZA", text, "t1", 10.0, 40.0))
    assert all(len(c.text.split("\n")) <= 2 for c in cues)
    assert all(len(line) <= 65 for c in cues for line in c.text.split("\n"))
    assert " ".join(c.text.replace("\n", " ") for c in cues) == text
    assert cues[0].start == 10.0 and cues[-1].end == 40.0
    for c in cues:  # 0.5 s per word
        assert c.end - c.start == pytest.approx(len(c.text.split()) * 0.5, abs=0.002)
    assert all(a.end == b.start for a, b in zip(cues, cues[1:], strict=False))


def test_untrusted_text_is_escaped_in_vtt_and_markdown(tmp_path: Path) -> None:
    turn = TurnCue(0, "KAI", "Use <script>alert(1)</script> & *stars*", "t1", 0.0, 2.0)
    doc = TranscriptDoc.from_turns([turn], [Chapter(0.0, 2.0, "A <b> topic", "", "t1")])
    vtt = VttWriter().write(doc, tmp_path / "t.vtt").read_text()
    assert "&lt;script&gt;" in vtt and "<script>" not in vtt
    assert parse_vtt(tmp_path / "t.vtt")[0].text == turn.text
    md = MarkdownWriter().write(doc, tmp_path / "t.md").read_text()
    assert md == ("## [00:00:00] A &lt;b&gt; topic\n\n[00:00:00] **KAI:** Use "
                  "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\*stars\\*\n")


def test_clock_formats_and_parses() -> None:
    assert clock(3723.4567) == "01:02:03.457"
    assert clock(5.0, ",") == "00:00:05,000"
    assert parse_timestamp("01:02:03.457") == pytest.approx(3723.457)
    assert parse_timestamp("02:03.5") == pytest.approx(123.5)
    with pytest.raises(ValueError):
        parse_timestamp("1:2")


def test_bad_files_raise_source_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("00:00:01.000 --> 00:00:02.000\nhello\n")
    with pytest.raises(SourceError, match=r"bad\.vtt: not a WebVTT file"):
        parse_vtt(bad)
    srt = tmp_path / "bad.srt"
    srt.write_text("1\n00:00:01,000 --> soon\nhello\n")
    with pytest.raises(SourceError, match=r"bad\.srt: bad timestamp"):
        parse_srt(srt)
    js = tmp_path / "c.json"
    js.write_text('{"chapters": [{"title": "x"}]}')
    with pytest.raises(SourceError, match=r"c\.json: chapter without a numeric startTime"):
        parse_chapters(js)
    with pytest.raises(ValueError, match="unknown transcript format"):
        get_writer("docx")
