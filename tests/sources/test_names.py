"""The names lexicon (tinyleaps.text.names), transcriber word repairs, software voices, and what
a recording is called (sources/transcripts/cleaning.py and naming.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tinyleaps.errors import InputError
from tinyleaps.planning.entities import compatible_names, model_names
from tinyleaps.sources.transcripts.cleaning import clean_text, mark_software_voices, unglue
from tinyleaps.sources.transcripts.model import AI_VOICE, Transcript, TranscriptTurn
from tinyleaps.sources.transcripts.naming import recording_date, recording_name
from tinyleaps.text.names import fix_spellings, load_names


@pytest.mark.parametrize(("said", "right"), [
    ("Lama 3.1 beats the Dalai Lama", "Llama 3.1 beats the Dalai Lama"),
    ("Cloud 3.5 Sonnet lives in the cloud", "Claude 3.5 Sonnet lives in the cloud"),
    ("Quen 3 and Quinn 3, said Quinn Smith", "Qwen 3 and Qwen 3, said Quinn Smith"),
    ("Deep Seek R1 on Lama CPP", "DeepSeek R1 on llama.cpp"),
    ("GPT 4.0 and GPT-4o and 4o mini", "GPT-4o and GPT-4o and 4o mini"),
])
def test_the_lexicon_fixes_transcriber_spellings(said: str, right: str) -> None:
    assert fix_spellings(said) == right


def test_a_users_lexicon_adds_spellings_and_a_bad_one_names_the_file(tmp_path: Path) -> None:
    show = tmp_path / "show"
    show.mkdir()
    (show / "lexicon.toml").write_text('[spellings]\n"Mistrall" = "Mistral"\n'
                                       '"Gemmer" = { to = "Gemma", next = ["3"] }\n'
                                       '[words]\n"GGUF" = "gee guff"\n')
    names = load_names(show)
    assert names.fix("Mistrall and Gemmer 3, not Gemmer soup") == \
        "Mistral and Gemma 3, not Gemmer soup"
    (show / "lexicon.toml").write_text('[spellings]\n"Bad" = 3\n')
    with pytest.raises(InputError, match=r"lexicon.toml: spelling 'Bad' needs a word"):
        load_names(show)
    (show / "lexicon.toml").write_bytes(b'[words]\n"GGUF" = "gee \xffguff"\n')
    with pytest.raises(InputError, match=r"lexicon.toml: not UTF-8 text \(byte 22\)$"):
        load_names(show)  # was a UnicodeDecodeError: "internal error", exit 1
    assert os.environ["TINYLEAPS_CONFIG_DIR"]  # the user's own lexicon lives there


@pytest.mark.parametrize(("raw", "fixed"), [
    ("we need,a fast model", "we need, a fast model"),
    ("ten days ago10 days ago", "ten days ago 10 days ago"),
    ("about2,000 dollars in 10days", "about 2,000 dollars in 10 days"),
    ("it was fast.Then it broke", "it was fast. Then it broke"),
    ("qwen3 and gpt4 and 4o and llama.cpp and a3b", "qwen3 and gpt4 and 4o and llama.cpp and a3b"),
])
def test_glued_words_come_apart_and_names_stay_whole(raw: str, fixed: str) -> None:
    assert unglue(raw) == fixed


def test_clean_text_repairs_splits_glue_and_names_together() -> None:
    assert clean_text("Lama 3. 1 70B costs about2,000 dollars,but Quen 2. 5 is free") == \
        "Llama 3.1 70B costs about 2,000 dollars, but Qwen 2.5 is free"


def test_software_voices_are_marked_by_name_or_by_the_cue_before_them() -> None:
    turns = [
        TranscriptTurn("SPEAKER_00", "We asked the voice mode, let's play the clip."),
        TranscriptTurn("SPEAKER_03", "Great question! As an AI I think it is a fine choice."),
        TranscriptTurn("SPEAKER_01", "Ha, it did not get the numbers right."),
        TranscriptTurn("Gemini Live", "I can help with that."),
        TranscriptTurn("SPEAKER_02", "Sorry, the audio cut out, can you repeat that?"),
    ]
    speakers = [t.speaker for t in mark_software_voices(turns)]
    assert speakers == ["SPEAKER_00", AI_VOICE, "SPEAKER_01", AI_VOICE, "SPEAKER_02"]


def _transcript(*lines: tuple[str, str], title: str = "") -> Transcript:
    return Transcript("script", [TranscriptTurn(who, text) for who, text in lines], title)


def test_a_recording_is_named_from_its_content_never_its_file() -> None:
    assert recording_name(_transcript(("Ann", "Hi!"), title="Front Matter Title")) == \
        "Front Matter Title"
    show = _transcript(("SPEAKER_00", "Mic check. Okay. Welcome back to Open Weights Weekly, "
                                      "the show about models."))
    assert recording_name(show) == "Open Weights Weekly"
    ep = _transcript(("Priya Raman", "Hi, this is Priya Raman."),
                     ("Priya Raman", "And this is The Inference Hour, episode 212."))
    assert recording_name(ep) == "The Inference Hour, episode 212"
    talk = _transcript(("Ann Lee", "So, tokenizers."), ("Bo Chen", "Right."))
    assert recording_name(talk) == "A conversation with Ann Lee and Bo Chen"
    assert recording_name(_transcript(("Speaker 1", "Hello."))) == "A recorded conversation"


def test_a_recording_is_dated_from_what_is_said_at_the_start() -> None:
    said = _transcript(("SPEAKER_00", "It's Tuesday, August 5th, 2025, welcome."))
    assert recording_date(said, "2026-01-01T00:00:00+00:00") == "2025-08-05"
    undated = _transcript(("SPEAKER_00", "Hello and welcome."))
    assert recording_date(undated, "2026-01-01") == "2026-01-01"


def test_model_names_and_which_are_one_release() -> None:
    coder, = model_names("Qwen3-Coder-480B-A35B-Instruct is here")
    plain, = model_names("Considering 5xMI50 for Qwen 3 235b")
    dated, = model_names("Qwen3-235B-A22B-Instruct-2507 (unsloth)")
    assert (coder.story, plain.story, dated.story) == ("qwen 3 coder", "qwen 3", "qwen 3 2507")
    assert compatible_names(coder, model_names("Qwen Coder 30b")[0])
    assert not compatible_names(coder, dated)
    assert [n.story for n in model_names("gpt-oss-120b vs GLM-4.5-Air and Eloisa-Qwen3-8B")] \
        == ["gpt oss", "glm 4.5"]
    assert [n.story for n in model_names("OSS-120B fails, Kimi K2 and Kimi-Dev-72B")] == \
        ["gpt oss", "kimi k2", "kimi dev"]
