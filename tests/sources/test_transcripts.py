"""Transcript sources: format detection, parsing, cleaning real noise, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.errors import SourceError
from tinyleaps.sources import backend_for, ingest
from tinyleaps.sources.transcripts import (
    UNKNOWN_SPEAKER,
    TranscriptSource,
    clean_text,
    detect_format,
    load_transcript,
)

from ..paths import FIXTURES

FIX = FIXTURES / "transcripts"


def _texts(path: Path) -> list[tuple[str, str]]:
    return [(i.author, i.text) for i in load_transcript(path)[1]]


def test_formats_are_detected_from_content_not_extension(tmp_path: Path) -> None:
    cases = {"voices.vtt": "vtt", "cues.srt": "srt", "segments.json": "json",
             "stitched-whisper.txt": "whisper", "noisy-interview.md": "markdown",
             "script.txt": "script"}
    for name, fmt in cases.items():
        renamed = tmp_path / f"{name}.data"
        renamed.write_bytes((FIX / name).read_bytes())
        assert detect_format(renamed.read_text()) == fmt, name
        assert load_transcript(renamed)[0].fmt == fmt


def test_reddit_listing_json_is_left_to_the_reddit_backend(tmp_path: Path) -> None:
    listing = tmp_path / "abc.json"
    listing.write_text(json.dumps([{"kind": "Listing", "data": {"children": []}}]))
    assert detect_format(listing.read_text()) is None
    assert not TranscriptSource.accepts(str(listing))


def test_vtt_voices_merge_cues_and_unescape_entities() -> None:
    items = load_transcript(FIX / "voices.vtt")[1]
    assert [(i.author, i.text) for i in items] == [
        ("Priya Natarajan", "The new tokenizer treats code & prose very differently, "
         "which changes the context budget."),
        ("Sam O'Neil", "So a long file eats more tokens than the same length of text?"),
        ("Priya Natarajan", "Roughly a third more in our tests."),
    ]
    assert items[1].extra == {"start": 7.2, "end": 10.0, "chapter": "", "format": "vtt"}
    assert items[1].url.endswith("voices.vtt#t=7")
    assert items[0].id.startswith("transcript:") and items[0].id.endswith(":0")
    assert {i.thread for i in items} == {items[0].id}
    # named from who speaks, never from the file name
    assert items[0].title == "A conversation with Priya Natarajan and Sam O'Neil"
    assert items[0].kind == "transcript_turn"


def test_srt_speaker_prefix_carries_over_cues() -> None:
    assert _texts(FIX / "cues.srt") == [
        ("Ines", "Context windows keep growing, but attention cost grows too. "
         "That is why sliding windows came back."),
        ("Rafael", "Does it hurt recall on long documents?"),
    ]


def test_podcast_json_word_segments_become_turns() -> None:
    assert _texts(FIX / "segments.json") == [
        ("Hana", "Speculative decoding doubled our speed."),
        ("Olu", "With which draft model?"),
    ]


def test_real_podcast_namespace_examples(shared_data: Path) -> None:
    ns = shared_data / "podcast-namespace"
    vtt = load_transcript(ns / "transcripts-example.vtt")[1]
    assert vtt[0].author == "Sarah" and "Podcasting Q&A" in vtt[0].text
    assert any(i.author == "Gillian" for i in vtt)
    srt = load_transcript(ns / "transcripts-example.srt")[1]
    assert srt[0].author == "Travis" and srt[0].text.startswith("When you first get started")
    js = load_transcript(ns / "transcripts-example.json")[1]
    assert (js[0].author, js[0].text) == ("Darth Vader", "I am your father.")


def test_markdown_cleaning_fixes_every_kind_of_noise() -> None:
    transcript, items = load_transcript(FIX / "noisy-interview.md")
    assert transcript.title == "Local Models Weekly & Friends, episode 41"
    assert items[0].created == "2025-07-19"
    speakers = [i.author for i in items]
    assert "NA" not in speakers and speakers[1] == UNKNOWN_SPEAKER  # placeholder label
    assert "LDJ" not in speakers and speakers.count("ldj") == 2  # one spelling
    text = " ".join(i.text for i in items)
    # "GPT 4. 0" was said "GPT-4o": the names lexicon puts it right, "4o" is never "4.0"
    assert "Llama 3.1" in text and "GPT-4o" in text and "3. 1" not in text
    assert "Weights & Biases" in text and "&amp;" not in text
    assert "[00:02:01]" not in text and "set. We checked it twice" in text
    # the chapter heading fell mid-sentence: the sentence is joined in one turn
    joined = next(i for i in items if "waiting for weights" in i.text)
    assert joined.text.endswith("from main memory rather than doing any multiplication at all.")
    assert joined.extra["chapter"] == "Quantization that actually fits"
    # empty turn dropped; the passage said twice (stitched passes) kept once
    assert all(i.text.strip() for i in items)
    assert text.count("eight memory channels") == 1
    assert items[2].extra == {"start": 72.0, "end": 90.0,
                              "chapter": "Quantization that actually fits",
                              "format": "markdown"}


def test_whisper_speaker_marks_hallucinated_tail_and_stitched_repeat() -> None:
    items = load_transcript(FIX / "stitched-whisper.txt")[1]
    assert [i.author for i in items] == ["Speaker 1", "Speaker 2", "Speaker 1"]
    text = " ".join(i.text for i in items)
    assert "Okay" not in text
    assert text.count("two hundred megabytes") == 1
    assert items[-1].text.endswith("roughly one percent per ten minutes.")
    assert items[-1].extra["end"] == 30.0


@pytest.mark.parametrize("raw, expected", [
    ("Qwen 2. 5 and Llama 3. 1 and GPT-4. 0", "Qwen 2.5 and Llama 3.1 and GPT-4o"),
    ("We shipped in 2023. 5 people came.", "We shipped in 2023. 5 people came."),
    ("R&amp;D at [01:02:03] noon &amp;amp; more", "R&D at noon & more"),
    ("Yes. Yes. Yes. Yes. We tried it.", "Yes. We tried it."),
])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_own_outputs_read_back(tmp_path: Path) -> None:
    """Our episode folder's transcript.* and script.txt are valid sources."""
    files = {
        "transcript.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v KAI>Hello there.\n\n"
                          "00:00:02.500 --> 00:00:05.000\n<v ELIZA>Hi, Kai.\n",
        "transcript.srt": "1\n00:00:00,000 --> 00:00:02,500\nKAI: Hello there.\n\n"
                          "2\n00:00:02,500 --> 00:00:05,000\nELIZA: Hi, Kai.\n",
        "transcript.json": json.dumps({"version": "1.0.0", "segments": [
            {"speaker": "KAI", "startTime": 0, "endTime": 2.5, "body": "Hello there."},
            {"speaker": "ELIZA", "startTime": 2.5, "endTime": 5, "body": "Hi, Kai."}]}),
        "transcript.md": "## [00:00:00] Welcome\n\n[00:00:00] **KAI:** Hello there.\n\n"
                         "[00:00:02] **ELIZA:** Hi, Kai.\n",
        "script.txt": "KAI: Hello there.\nELIZA: Hi, Kai.\n",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(body)
        assert _texts(tmp_path / name) == [("KAI", "Hello there."), ("ELIZA", "Hi, Kai.")], name
    md = load_transcript(tmp_path / "transcript.md")[1]
    assert md[1].extra["chapter"] == "Welcome" and md[1].url.endswith("#t=2")


def test_registry_routes_each_file_to_its_backend(tmp_path: Path) -> None:
    sources = ingest([str(FIX / "voices.vtt"), str(FIX / "script.txt")])
    kinds = {s.kind for s in sources.sources}
    assert kinds == {"transcript_turn"} and len(sources.sources) == 6
    assert type(backend_for(str(FIX / "noisy-interview.md"))).__name__ == "TranscriptSource"


@pytest.mark.parametrize("name, body, problem", [
    ("empty.txt", "", "transcript is empty"),
    ("blank.vtt", "   \n\n", "transcript is empty"),
    ("prose.txt", "just some words without any structure at all\n", "not a recognized"),
    ("cues-only.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n[MUSIC]\n", "no spoken text"),
    ("binary.srt", "\udcff", "not UTF-8 text (byte 0)"),
])
def test_bad_transcripts_raise_one_line_naming_the_file(
    tmp_path: Path, name: str, body: str, problem: str
) -> None:
    path = tmp_path / name
    if body == "\udcff":
        path.write_bytes(b"\xff\xfe\x00b\x00a\x00d\x00\xff\xfe")
    else:
        path.write_text(body)
    with pytest.raises(SourceError) as err:
        ingest([str(path)])
    message = str(err.value)
    assert str(path) in message and "\n" not in message
    assert problem in message
