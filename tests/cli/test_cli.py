"""The command line: whole runs, stage commands, resume, and one-line errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinyleaps.artifacts import Script
from tinyleaps.cli import main
from tinyleaps.cli.episode import sample_threads

WHEN = "2025-07-12T22:00:00-07:00"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("[")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_missing_source_file_exits_2_naming_it(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "episode", str(tmp_path / "nope.json"), "--out", str(tmp_path / "e"))
    assert code == 2
    assert "nope.json" in _one_error_line(err)


def test_invalid_json_exits_2(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "thread.json"
    bad.write_text('[{"kind": "Listing", ')
    code, _, err = run(capsys, "ingest", str(bad), "--out", str(tmp_path / "s.json"))
    assert code == 2
    line = _one_error_line(err)
    assert "thread.json" in line and "JSON" in line
    assert not (tmp_path / "s.json").exists()


def test_json_that_is_not_reddit_exits_2(capsys, tmp_path: Path) -> None:
    other = tmp_path / "config.json"
    other.write_text('{"kind": "Listing", "data": {"children": [{"kind": "zz"}]}}')
    code, _, err = run(capsys, "ingest", str(other), "--out", str(tmp_path / "s.json"))
    assert code == 2
    assert "config.json" in _one_error_line(err)


def test_bad_when_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "episode", str(sample_threads()), "--out", str(tmp_path / "e"),
                       "--when", "tomorrowish", "--no-audio")
    assert code == 2
    assert "--when" in _one_error_line(err)


def test_unknown_option_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "episode", "x", "--out", "y", "--frobnicate")
    assert code == 2
    assert "frobnicate" in err


def test_episode_without_audio_passes_check_and_resumes(capsys, tmp_path: Path) -> None:
    out = tmp_path / "ep"
    args = ["episode", str(sample_threads()), "--out", str(out), "--when", WHEN,
            "--writer", "extractive", "--no-audio", "--minutes", "3"]
    code, _, err = run(capsys, *args)
    assert code == 0, err
    for name in ("sources.json", "rundown.json", "script.json", "script.txt", "shownotes.md",
                 "episode.json"):
        assert (out / name).exists(), name
    script = Script.load(out / "script.json")
    assert "Saturday evening at around 10 PM" in " ".join(t.text for t in script.turns)
    assert script.writer["id"] == "extractive"

    code, out_text, _ = run(capsys, "check", str(out), "--no-wer")
    assert code == 0, out_text
    assert "0 failed" in out_text

    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    code, _, _ = run(capsys, *args)
    assert code == 0
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    for name in ("sources.json", "rundown.json", "script.json"):
        assert before[name] == after[name], f"{name} was rewritten on resume"


def test_changing_minutes_reruns_only_write(capsys, tmp_path: Path) -> None:
    out = tmp_path / "ep"
    base = ["episode", str(sample_threads()), "--out", str(out), "--when", WHEN,
            "--writer", "extractive", "--no-audio"]
    assert run(capsys, *base, "--minutes", "2")[0] == 0
    short = Script.load(out / "script.json").word_count()
    rundown_mtime = (out / "rundown.json").stat().st_mtime_ns
    assert run(capsys, *base, "--minutes", "6")[0] == 0
    assert Script.load(out / "script.json").word_count() > short
    assert (out / "rundown.json").stat().st_mtime_ns == rundown_mtime


def test_llm_style_reaches_the_writer_and_changing_it_reruns_write(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    import tinyleaps.writing as writing

    styles: list[str] = []
    real = writing.choose_writer

    def spy(writer_id, show, options):  # noqa: ANN001, ANN202
        styles.append(options.llm.style)
        return real(writer_id, show, options)

    monkeypatch.setattr(writing, "choose_writer", spy)
    out = tmp_path / "ep"
    base = ["episode", str(sample_threads()), "--out", str(out), "--when", WHEN,
            "--writer", "extractive", "--no-audio", "--minutes", "2"]
    assert run(capsys, *base)[0] == 0
    assert run(capsys, *base)[0] == 0  # resumed: the script is not written again
    assert run(capsys, *base, "--llm-style", "free")[0] == 0
    monkeypatch.setenv("TINYLEAPS_LLM_STYLE", "guided")
    assert run(capsys, *base)[0] == 0
    config = tmp_path / "show.toml"
    config.write_text('[llm]\nstyle = "free"\n')
    monkeypatch.delenv("TINYLEAPS_LLM_STYLE")
    assert run(capsys, *base, "--config", str(config))[0] == 0
    assert styles == ["guided", "free", "guided", "free"]
    sc = tmp_path / "script.json"
    code, _, err = run(capsys, "write", str(out / "rundown.json"), "--out", str(sc),
                       "--writer", "extractive", "--llm-style", "free")
    assert code == 0, err
    assert styles[-1] == "free"
    code, _, err = run(capsys, "episode", str(sample_threads()), "--out", str(out),
                       "--llm-style", "chatty")
    assert code == 2 and "--llm-style" in _one_error_line(err)


def test_crashed_write_resumes_from_the_rundown(capsys, tmp_path: Path, monkeypatch) -> None:
    from tinyleaps.writing.floor import FloorWriter

    out = tmp_path / "ep"
    args = ["episode", str(sample_threads()), "--out", str(out), "--when", WHEN,
            "--writer", "extractive", "--no-audio"]

    def boom(self, plan):  # noqa: ANN001
        raise RuntimeError("power cut")

    with monkeypatch.context() as m:
        m.setattr(FloorWriter, "write_plan", boom)
        code, _, err = run(capsys, *args)
    assert code == 1 and "power cut" in err
    assert (out / "rundown.json").exists() and not (out / "script.json").exists()
    rundown_mtime = (out / "rundown.json").stat().st_mtime_ns
    assert run(capsys, *args)[0] == 0
    assert (out / "rundown.json").stat().st_mtime_ns == rundown_mtime
    assert (out / "script.json").exists()


def test_stage_commands_chain(capsys, tmp_path: Path) -> None:
    s, r, sc = tmp_path / "sources.json", tmp_path / "rundown.json", tmp_path / "script.json"
    assert run(capsys, "ingest", str(sample_threads()), "--out", str(s))[0] == 0
    assert run(capsys, "plan", str(s), "--out", str(r), "--topics", "2", "--when", WHEN)[0] == 0
    assert len(json.loads(r.read_text())["segments"]) == 2
    code, _, err = run(capsys, "write", str(r), "--out", str(sc), "--writer", "extractive")
    assert code == 0, err
    lines = (tmp_path / "script.txt").read_text().splitlines()
    assert lines[0].startswith("KAI: ") and all(ln.split(": ", 1)[1].strip() for ln in lines)
    # the beat plan it was written from sits beside it, one beat per turn
    beats = json.loads((tmp_path / "beats.json").read_text())
    assert sum(len(seg["beats"]) for seg in beats["segments"]) == len(lines)
    acts = [t["act"] for t in json.loads(sc.read_text())["turns"]]
    assert acts[:2] == ["welcome", "preview"] and "ask" in acts and "sum_up" in acts
    # the beats are re-runnable: writing them again gives the same script
    again = tmp_path / "again" / "script.json"
    again.parent.mkdir()
    code, _, err = run(capsys, "write", str(tmp_path / "beats.json"), "--out", str(again),
                       "--writer", "extractive")
    assert code == 0, err
    assert again.with_suffix(".txt").read_text() == (tmp_path / "script.txt").read_text()


def test_writer_fallbacks_land_in_episode_json(tmp_path: Path) -> None:
    """Each line the model wrote that failed its checks twice, and the floor line that
    took its place, is in episode.json with why."""
    from tinyleaps.pipeline import finish_episode
    from tinyleaps.resume import StageLog

    script = Script.from_dict({
        "show": "Tiny Leaps", "title": "t", "recorded_at": WHEN,
        "writer": {"id": "llm", "lines": {
            "topic-1.3": {"origin": "model", "attempt": 1},
            "topic-1.4": {"origin": "floor", "why": "it says 73, which the fact never mentions",
                          "model_said": "It runs at 73 t/s."},
            "intro.1": {"origin": "floor", "why": "the floor writes this act"},
        }},
    })
    episode = finish_episode(script, tmp_path, StageLog(tmp_path), {})
    assert episode.fallbacks == [{"stage": "write", "beat": "topic-1.4", "used": "floor line",
                                  "reason": "it says 73, which the fact never mentions",
                                  "model_said": "It runs at 73 t/s."}]
    saved = json.loads((tmp_path / "episode.json").read_text())
    assert saved["fallbacks"][0]["beat"] == "topic-1.4"


def test_llm_serve_names_a_missing_model_file(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    code, _, err = run(capsys, "llm-serve", "--model", str(missing), "--port", "0")
    assert code == 2
    assert _one_error_line(err).endswith(f"{missing}: GGUF model file not found")


def test_a_bare_llm_model_name_without_url_is_one_error_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "ep"
    code, _, err = run(capsys, "episode", str(sample_threads()), "--out", str(out), "--when",
                       WHEN, "--writer", "extractive", "--no-audio", "--minutes", "1")
    assert code == 0, err
    code, _, err = run(capsys, "write", str(out / "rundown.json"),
                       "--out", str(tmp_path / "s.json"), "--writer", "llm",
                       "--llm-model", "qwen2.5")
    assert code == 2
    assert "--llm-model qwen2.5: no such GGUF file" in _one_error_line(err)


def test_a_bad_llm_setting_in_the_environment_stops_the_run_before_any_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ep"
    monkeypatch.setenv("TINYLEAPS_LLM_THREADS", "0")
    code, stdout, err = run(capsys, "episode", str(sample_threads()), "--out", str(out),
                            "--when", WHEN, "--writer", "extractive", "--no-audio")
    assert code == 2 and stdout == ""
    assert _one_error_line(err).endswith(
        "TINYLEAPS_LLM_THREADS: '0' is not a whole number of at least 1")
    assert not out.exists()


def test_show_toml_names_the_llm_for_an_episode_too(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """show.toml's llm_model means the same in ``episode --config`` as in ``daily``: a
    bare name with no server is one error line, naming show.toml's key (not the flag)."""
    config = tmp_path / "show.toml"
    config.write_text('llm_model = "qwen2.5"\n', encoding="utf-8")
    code, _, err = run(capsys, "episode", str(sample_threads()), "--out", str(tmp_path / "e"),
                       "--when", WHEN, "--writer", "llm", "--no-audio", "--config", str(config))
    assert code == 2
    assert _one_error_line(err).endswith(f"{config}: llm_model qwen2.5: no such GGUF file; "
                                         "name a .gguf file, or add --llm-url for a model on "
                                         "a server")
