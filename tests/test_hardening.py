"""Issue 14: each hostile or careless input the issue lists is one clear error line, exit
status 2, and every file stays where it belongs. One test (or table) per item."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tinyleaps.cli.episode import sample_threads

from .cli_helpers import WHEN, error_line, fails_cleanly, immutable, run_cli

SAMPLE = str(sample_threads())
NO_AUDIO = ("--no-audio", "--writer", "extractive", "--when", WHEN)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A script-only episode of the sample threads (sources, rundown, script)."""
    from tinyleaps.cli import main

    out = tmp_path_factory.mktemp("made") / "ep"
    assert main(["episode", SAMPLE, "--out", str(out), *NO_AUDIO]) == 0
    return out


def _show_dir(root: Path, extra: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "show.toml").write_text(
        f'name = "Hostile Hour"\nsources = ["{SAMPLE}"]\n'
        f'base_url = "https://example.com/hh"\n{extra}\n', encoding="utf-8")
    return root


# ------------------------------------------------------------------ 3. exit 2, not exit 1


@pytest.mark.parametrize("command", ["episode", "write", "demo"])
def test_minutes_nan_is_a_usage_error_before_anything_is_written(
        capsys, tmp_path: Path, made: Path, command: str) -> None:
    out = tmp_path / "out"
    args = {
        "episode": ["episode", SAMPLE, "--out", out, *NO_AUDIO],
        "write": ["write", made / "rundown.json", "--out", out / "script.json"],
        "demo": ["demo", "--out", out, "--no-audio", "--writer", "extractive"],
    }[command]
    line = fails_cleanly(capsys, *args, "--minutes", "nan")
    assert "--minutes" in line and "'nan'" in line
    assert not out.exists()  # no sources.json or rundown.json left behind


def test_daily_minutes_nan_names_show_toml(capsys, tmp_path: Path) -> None:
    show = _show_dir(tmp_path / "show", "minutes = nan")
    line = fails_cleanly(capsys, "daily", show, "--no-audio")
    assert f"{show / 'show.toml'}: minutes = nan" in line
    assert not (show / "episodes").exists()


def test_when_year_one_is_a_usage_error(capsys, tmp_path: Path) -> None:
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "e", "--no-audio",
                         "--when", "0001-01-01T00:00:00")
    assert "--when" in line and "year" in line
    assert not (tmp_path / "e").exists()


def test_unwritable_output_folders_are_one_line(capsys, tmp_path: Path, made: Path) -> None:
    """An immutable folder (as a read-only mount behaves): ingest, episode, publish, voice."""
    from .publish_fixtures import make_episode

    episode = make_episode(tmp_path / "published-ep")
    locked = tmp_path / "locked"
    locked.mkdir()
    with immutable(locked):
        line = fails_cleanly(capsys, "ingest", SAMPLE, "--out", locked / "sources.json")
        assert line.endswith(f"{locked / 'sources.json'}: cannot write (Operation not permitted)")
        line = fails_cleanly(capsys, "episode", SAMPLE, "--out", locked / "ep", *NO_AUDIO)
        assert f"{locked / 'ep'}: cannot create the folder" in line
        line = fails_cleanly(capsys, "publish", episode, "--site", locked / "site",
                             "--base-url", "https://example.com/")
        assert f"{locked / 'site'}: cannot create the folder" in line
        line = fails_cleanly(capsys, "voice", made / "script.json", "--out", locked / "v")
        assert f"{locked / 'v'}: cannot create the folder" in line
    with immutable(made):  # an existing episode folder: script.txt cannot be replaced
        line = fails_cleanly(capsys, "episode", SAMPLE, "--out", made, *NO_AUDIO,
                             "--hosts", "BO,ALI")
        assert "cannot write (Operation not permitted)" in line
        assert ".tinyleaps-tmp" not in line  # the file we meant, never the temp file


def test_voicing_a_script_without_turns_is_exit_2(capsys, tmp_path: Path, made: Path) -> None:
    script = json.loads((made / "script.json").read_text())
    script["turns"] = []
    path = tmp_path / "script.json"
    path.write_text(json.dumps(script))
    line = fails_cleanly(capsys, "voice", path, "--out", tmp_path / "v")
    assert line.endswith(f"{path}: the script has no turns to voice")
    assert not (tmp_path / "v").exists()


# ------------------------------------------------------------------ 6. daily's settings


@pytest.mark.parametrize(("setting", "shown"), [
    ("topics = 0", "topics = 0 is not a whole number from 1 to 12"),
    ("minutes = -5", "minutes = -5 is not a number of minutes from 0.5 to 120"),
    ("topics = 2.5", "topics = 2.5 is not a whole number from 1 to 12"),
    ('minutes = "soon"', "minutes = 'soon' is not a number of minutes"),
    ('writer = "gpt"', "writer = 'gpt': choose auto, llm, extractive"),
])
def test_daily_checks_show_toml_like_the_command_line(
        capsys, tmp_path: Path, setting: str, shown: str) -> None:
    show = _show_dir(tmp_path / "show", setting)
    line = fails_cleanly(capsys, "daily", show, "--no-audio")
    assert f"{show / 'show.toml'}: {shown}" in line
    assert not (show / "episodes").exists()


def test_command_line_says_the_same_about_topics(capsys, tmp_path: Path) -> None:
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "e", "--topics", "0")
    assert "--topics" in line and "0 is not a whole number from 1 to 12" in line


# ------------------------------------------------------------------ 8. one line, clean folders


def test_a_failed_run_prints_only_its_error_and_leaves_no_folder(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "thread.json"
    bad.write_text('[{"kind": "Listing", "data": ')
    out = tmp_path / "new" / "episode"
    code, _, err = run_cli(capsys, "episode", bad, "--out", out, *NO_AUDIO)
    assert code == 2
    assert error_line(err).startswith(f"tinyleaps: error: {bad}: invalid JSON")
    assert not (tmp_path / "new").exists()


def test_episode_files_follow_the_umask(tmp_path: Path) -> None:
    from tinyleaps.cli import main

    old = os.umask(0o022)
    try:
        assert main(["episode", SAMPLE, "--out", str(tmp_path / "e"), *NO_AUDIO]) == 0
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "e").iterdir()
             if p.is_file()}
    assert modes and set(modes.values()) == {0o644}, modes


@pytest.mark.parametrize("hosts", ["A,A", "kai,KAI", "A,B,C", "A:1,B", ","])
def test_hosts_must_be_two_distinct_names(capsys, tmp_path: Path, hosts: str) -> None:
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "e", *NO_AUDIO,
                         "--hosts", hosts)
    assert line.startswith(f"tinyleaps: error: --hosts '{hosts}': ")
    assert not (tmp_path / "e").exists()


def test_when_with_a_date_alone_asks_for_a_time(capsys, tmp_path: Path) -> None:
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "e", *NO_AUDIO[:3],
                         "--when", "2025-07-12")
    assert "'2025-07-12' is a date without a time of day" in line
    assert "no thread with comments" not in line


def test_when_before_every_thread_says_so(capsys, tmp_path: Path) -> None:
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "e", *NO_AUDIO[:3],
                         "--when", "2020-01-01T00:00:00+00:00")
    assert "every thread in the sources was posted after this moment" in line
