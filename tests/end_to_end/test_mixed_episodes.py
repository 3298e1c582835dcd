"""Issue 7's done-when: transcripts, articles and threads all the way to a checked script.

The CLI runs on project-written fixtures (``--no-audio``): a long Descript-style
transcript, a whisper.cpp transcript, and the day of r/LocalLLaMA threads mixed with an
article (``fixtures/mixed/post.md``) and a livestream (``fixtures/mixed/talk.vtt``) on
the gpt-oss release.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tinyleaps.artifacts import Script, Sources
from tinyleaps.cli import main
from tinyleaps.grounding import credited_names

from ..paths import FIXTURES, SHARED_DATA

SHARED_DAY = SHARED_DATA / "reddit/LocalLLaMA/2025-08-05"
SPEAKERS = {"Maya Okafor", "Tomas Reyes", "Jun Park"}
REDDIT_WORDS = re.compile(r"\b(thread|threads|comments?|posted|subreddit|upvoted)\b", re.I)


@pytest.fixture(scope="module")
def long_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("long")
    spec = importlib.util.spec_from_file_location(
        "make_long", FIXTURES / "transcripts" / "make_long.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main(out)
    return {"md": out / "long-chapters.md", "whisper": out / "long-whisper.txt"}


def episode(capsys: pytest.CaptureFixture[str], out: Path, *sources: Path | str,
            when: str = "2025-07-20T10:00:00-07:00") -> Script:
    code = main(["episode", *map(str, sources), "--out", str(out), "--no-audio",
                 "--writer", "extractive", "--when", when])
    assert code == 0, capsys.readouterr().err
    code = main(["check", str(out), "--no-wer"])
    report = capsys.readouterr().out
    assert code == 0 and "0 failed" in report, report
    return Script.load(out / "script.json")


def topic_text(script: Script) -> str:
    return " ".join(t.text for t in script.turns if t.segment.startswith("topic"))


def test_descript_transcript_makes_three_topics_crediting_real_speakers(
        capsys: pytest.CaptureFixture[str], long_files: dict[str, Path], tmp_path: Path) -> None:
    script = episode(capsys, tmp_path / "ep", long_files["md"])
    topics = [s for s in script.segments if s.kind == "topic"]
    assert [s.title for s in topics] == ["Memory bandwidth on old servers",
                                         "Local agents and tool calling",
                                         "Quantization without tears"]
    text = topic_text(script)
    named = set(credited_names(" ".join(t.text for t in script.turns)))
    assert named and named <= SPEAKERS, named
    assert not REDDIT_WORDS.search(" ".join(t.text for t in script.turns)), script.to_text()
    assert "@" not in script.to_text()
    # points carry when they were said, from the turn's start time
    assert re.search(r"(around the \d+-minute mark|about an hour and \d+ minutes in)", text)
    assert "from the conversation 'Local Models Weekly, the long one'" in text
    outro = " ".join(t.text for t in script.turns_of("outro"))
    assert "Jun Park and Tomas Reyes for the conversation we quoted from" in outro


@pytest.mark.slow
def test_whisper_transcript_without_names_credits_nobody(
        capsys: pytest.CaptureFixture[str], long_files: dict[str, Path], tmp_path: Path) -> None:
    script = episode(capsys, tmp_path / "ep", long_files["whisper"])
    assert len([s for s in script.segments if s.kind == "topic"]) == 3
    text = script.to_text()
    assert credited_names(text) == []
    assert not any(name in text for name in SPEAKERS)
    assert not REDDIT_WORDS.search(text), text
    assert "deleted their account" not in text
    assert "one of the speakers" in text or "It comes from the conversation" in text \
        or "This part of the conversation" in text


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_DAY.is_dir(), reason="../shared/data (real Reddit day) absent")
def test_thread_article_and_livestream_on_gpt_oss_become_one_segment(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mixed = FIXTURES / "mixed"
    out = tmp_path / "ep"
    script = episode(capsys, out, SHARED_DAY, mixed / "post.md", mixed / "talk.vtt",
                     when="2025-08-05T21:00:00-07:00")
    kinds = {ref.kind for ref in Sources.load(out / "sources.json").sources}
    assert kinds >= {"reddit_post", "reddit_comment", "article", "transcript_turn"}
    by_kind = {s.id: {script.sources[i].kind for i in s.source_ids} for s in script.segments}
    gpt = next(s for s in script.segments if "open-weight" in s.title)
    assert {"reddit_post", "article", "transcript_turn"} <= by_kind[gpt.id]
    said = " ".join(t.text for t in script.turns_of(gpt.id))
    assert "Dana Whitfield writes" in said
    assert re.search(r"In the livestream, .*(Rosa Lindqvist|Marcus Bell)", said)
    intro = script.turns[1].text
    assert "the LocalLLaMA subreddit, a livestream transcript, and an article" in intro
