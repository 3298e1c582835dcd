"""Captions: one timestamp parser and one WebVTT/SubRip reader for ingest and check."""

from __future__ import annotations

import pytest

from tinyleaps.captions.records import Cue
from tinyleaps.captions.subtitles import (
    is_timing,
    lenient_cues,
    render_srt,
    render_vtt,
    speaker_label,
    strip_tags,
    timing,
    voice,
)
from tinyleaps.captions.timing import clock, hms, parse_timestamp
from tinyleaps.sources.transcripts.parsers import parse


def test_one_timestamp_parser_for_every_caption_format() -> None:
    assert parse_timestamp("01:02:03.457") == pytest.approx(3723.457)
    assert parse_timestamp("01:02:03,5") == pytest.approx(3723.5)
    assert parse_timestamp("02:03") == 123.0
    for bad in ("1:2", "soon", "01:02:3.5", ""):
        with pytest.raises(ValueError, match="bad timestamp"):
            parse_timestamp(bad)
    assert clock(3723.457) == "01:02:03.457" and clock(3.5, ",") == "00:00:03,500"
    assert hms(3723.9) == "01:02:03"


def test_timing_lines_strict_and_lenient() -> None:
    assert timing("00:00:01.000 --> 00:00:02.500 align:start") == (1.0, 2.5)
    with pytest.raises(ValueError):
        timing("00:00:01.000 --> later")
    assert is_timing("00:01.000 --> 00:02.000") and not is_timing("NOTE 00:01")
    text = "WEBVTT\n\nNOTE skip me\n\n00:01.000 --> later\nbad\n\n00:02.000 --> 00:03.000\nok"
    assert lenient_cues(text) == [(2.0, 3.0, "ok")]


def test_voices_labels_and_tags() -> None:
    assert voice("<v.loud Jane Doe>Hi <i>there</i>") == "Jane Doe"
    assert voice("no voice") is None
    assert strip_tags("<v Jane>Hi <i>there</i>") == "Hi there"
    name = "Dr. Maya Okafor of the Open Weights Lab"  # 39 characters: a speaker
    assert speaker_label(f"{name}: hello") == (name, "hello")
    assert speaker_label("lower: not a name") == (None, "lower: not a name")


def test_what_we_write_ingest_reads_back_with_speakers() -> None:
    cues = [Cue(0.0, 1.5, "KAI", "Qwen3 & friends <3"), Cue(1.5, 3.0, "ELIZA", "Right.")]
    vtt = render_vtt(cues)
    assert "<v KAI>Qwen3 &amp; friends &lt;3" in vtt
    turns = parse(vtt).turns
    assert [(t.speaker, t.start, t.end) for t in turns] == [("KAI", 0.0, 1.5),
                                                            ("ELIZA", 1.5, 3.0)]
    srt = render_srt(cues)
    assert srt.startswith("1\n00:00:00,000 --> 00:00:01,500\nKAI: Qwen3 & friends <3\n")
    assert [t.speaker for t in parse(srt).turns] == ["KAI", "ELIZA"]
