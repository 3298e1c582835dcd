"""Audio sources: real speech made with flite, transcribed with Whisper tiny.en."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tinyleaps.sources import backend_for, recordings
from tinyleaps.sources.base import IngestOptions
from tinyleaps.sources.recordings import AudioSource, Segment, _turns, is_audio

SPEECH = ("Local models are getting better every month. "
          "Quantization lets a small laptop run a seven billion parameter model.")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TINYLEAPS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _speech(tmp_path: Path) -> Path:
    if not shutil.which("flite"):
        pytest.skip("flite is not installed")
    wav = tmp_path / "talk.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", SPEECH, "-o", str(wav)], check=True)
    return wav


def test_content_sniffing() -> None:
    assert is_audio(b"ID3\x04\x00") and is_audio(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    assert is_audio(b"\x00\x00\x00\x20ftypM4A ") and is_audio(b"\xff\xfb\x90\x64")
    assert not is_audio(b"\xff\xfe\x00b") and not is_audio(b"WEBVTT\n\n")


def test_a_test_not_marked_slow_cannot_reach_whisper(tmp_path: Path) -> None:
    """``make test-fast`` is model-free: conftest fails a fast test that loads Whisper."""
    with pytest.raises(pytest.fail.Exception, match="loaded Whisper but is not marked slow"):
        recordings._load(str(tmp_path))


def test_segments_group_into_paragraphs_at_pauses() -> None:
    segs = [Segment(0, 2, "First part"), Segment(2.1, 4, "goes on."),
            Segment(9, 11, "After a long pause.")]
    turns = _turns(segs, "unknown")
    assert [(t.text, t.start, t.end) for t in turns] == [
        ("First part goes on.", 0, 4), ("After a long pause.", 9, 11)]


@pytest.mark.slow
def test_flite_speech_is_transcribed_once_and_cached(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wav = _speech(tmp_path)
    assert isinstance(backend_for(str(wav)), AudioSource)
    seen: list[str] = []
    items = AudioSource(model="tiny.en").ingest(str(wav), IngestOptions(progress=seen.append))
    text = " ".join(i.text for i in items).lower()
    for word in ("local models", "better", "month", "quantization", "laptop", "billion"):
        assert word in text, text
    assert items[0].kind == "transcript_turn" and items[0].author == "unknown"
    assert items[0].title == "A recorded conversation"  # never the file name
    assert items[0].url.startswith("file://")
    assert 0 <= items[0].extra["start"] < 1.0 and 6 < items[-1].extra["end"] < 12
    assert seen and seen[-1].startswith(f"{wav}: transcribed")
    assert len(list(cache.joinpath("transcripts").glob("*.tiny.en.json"))) == 1

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("transcribed twice")

    monkeypatch.setattr(recordings, "_run_model", boom)
    again = AudioSource(model="tiny.en").ingest(str(wav), IngestOptions())
    assert [i.text for i in again] == [i.text for i in items]
    assert again[0].id == items[0].id
