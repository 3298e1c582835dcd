"""Artifacts round-trip to JSON and reject malformed files with one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.artifacts import (
    KeyPoint,
    Rundown,
    RundownSegment,
    Script,
    ScriptSegment,
    SourceItem,
    SourceRef,
    Sources,
    Turn,
)
from tinyleaps.errors import ArtifactError
from tinyleaps.fsutil import atomic_write_text, safe_filename

from ..builders import BUNDLED_VOICES, make_script


def _script() -> Script:
    return make_script(
        turns=[Turn("KAI", "@Noselessmonk started this thread.", "topic-1", ["reddit:t3_a"])],
        segments=[ScriptSegment("topic-1", "topic", "KV cache", ["reddit:t3_a"])],
        sources={"reddit:t3_a": SourceRef("reddit_post", "Noselessmonk", "https://x", "KV")},
        voices=BUNDLED_VOICES,
        title="Tiny Leaps, Saturday",
    )


def test_script_round_trips_through_its_json_file(tmp_path: Path) -> None:
    script = _script()
    path = script.save(tmp_path / "script.json")
    loaded = Script.load(path)
    assert loaded == script
    assert json.loads(path.read_text())["turns"][0]["speaker"] == "KAI"
    assert loaded.to_text() == "KAI: @Noselessmonk started this thread.\n"


def test_sources_and_rundown_round_trip(tmp_path: Path) -> None:
    item = SourceItem("reddit:t3_a", "reddit_post", "op", "https://r/a", "T", "body",
                      "2025-07-12T10:00:00+00:00", score=5, extra={"flair": "News"})
    sources = Sources(sources=[item], inputs=["a.json"])
    assert Sources.load(sources.save(tmp_path / "sources.json")) == sources
    rundown = Rundown(
        recorded_at="2025-07-12T22:00:00-07:00", origin="r/LocalLLaMA",
        segments=[RundownSegment("topic-1", "T", "T", "reddit:t3_a", ["reddit:t3_a"], "op",
                                 "https://r/a", "gist", [KeyPoint("reddit:t3_a", "op", "x")])],
        sources={"reddit:t3_a": SourceRef("reddit_post", "op", "https://r/a", "T")},
    )
    assert Rundown.load(rundown.save(tmp_path / "rundown.json")) == rundown


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "script.json"
    bad.write_text('{"show": "x",\n  oops}')
    with pytest.raises(ArtifactError, match=r"script\.json: invalid JSON at line 2"):
        Script.load(bad)


def test_missing_key_and_wrong_type_are_named(tmp_path: Path) -> None:
    p = tmp_path / "script.json"
    p.write_text(json.dumps({"show": "x", "title": "t"}))
    with pytest.raises(ArtifactError, match="missing required key 'recorded_at'"):
        Script.load(p)
    p.write_text(json.dumps({"show": "x", "title": "t", "recorded_at": "r", "turns": "no"}))
    with pytest.raises(ArtifactError, match=r"turns: expected a list"):
        Script.load(p)


def test_missing_file_is_an_artifact_error(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match="file not found"):
        Script.load(tmp_path / "nope.json")


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    atomic_write_text(target, "old")

    class Boom(Exception):
        pass

    from tinyleaps.fsutil import atomic_path

    with pytest.raises(Boom), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise Boom
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [("../../etc/passwd", "etc-passwd"), ("Qwen3 <script>🚀", "qwen3-script"), ("", "untitled"),
     ("...", "untitled")],
)
def test_safe_filename_sanitizes_titles(title: str, expected: str) -> None:
    assert safe_filename(title) == expected
