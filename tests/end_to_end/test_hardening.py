"""Issue 14: each hostile or careless input the issue lists is one clear error line, exit
status 2, and every file stays where it belongs. One test (or table) per item."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tinyleaps.cli.episode import sample_threads

from ..paths import FIXTURES, ROOT
from .cli_helpers import (
    NO_AUDIO,
    error_line,
    fails_cleanly,
    immutable,
    run_cli,
    run_process,
)

SAMPLE = str(sample_threads())


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
    from ..publish_fixtures import make_episode

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


# ------------------------------------------------------------------ 1. publish stays inside


def _retarget_mp3(folder: Path, name: str, size: int | None = None) -> None:
    """Make episode.json name ``name`` as its MP3 (with that file's real size and sha256
    when it can be read: what an attacker who knows the file would write)."""
    import hashlib

    episode = json.loads((folder / "episode.json").read_text())
    target = (folder / name)
    data = target.read_bytes() if target.is_file() else b""
    episode["mp3"] = {"file": name, "bytes": len(data) if size is None else size,
                      "sha256": hashlib.sha256(data).hexdigest()}
    (folder / "episode.json").write_text(json.dumps(episode))


@pytest.mark.parametrize("size", [None, 1])
def test_publish_refuses_an_mp3_path_out_of_the_folder(
        capsys, tmp_path: Path, size: int | None) -> None:
    from ..publish_fixtures import make_episode

    secret = tmp_path / "secret.txt"  # a private file next to the episode folder
    secret.write_text("root:x:0:0:the secret\n" * 28)
    ep = make_episode(tmp_path / "deep" / "er" / "ep")
    name = "../../../secret.txt"
    _retarget_mp3(ep, name, size)
    site = tmp_path / "site"
    line = fails_cleanly(capsys, "publish", ep, "--site", site, "--base-url",
                         "https://example.com/")
    assert line.endswith(f"{ep / 'episode.json'}: mp3.file: {name!r} points outside "
                         f"the folder {ep}")
    assert str(secret.stat().st_size) not in line  # nothing about the target
    assert not site.exists()


def test_publish_refuses_files_that_are_symlinks_out_of_the_folder(
        capsys, tmp_path: Path) -> None:
    from ..publish_fixtures import make_episode

    secret = tmp_path / "secret.vtt"
    secret.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nthe secret\n")
    for name in ("episode.mp3", "transcript.vtt"):
        ep = make_episode(tmp_path / name / "ep")
        if name == "episode.mp3":
            secret.replace(secret.with_suffix(".mp3"))
            (ep / name).unlink()
            (ep / name).symlink_to(secret.with_suffix(".mp3"))
            _retarget_mp3(ep, name)
            secret.with_suffix(".mp3").replace(secret)
            (ep / name).unlink()
            (ep / name).symlink_to(secret)
        else:
            (ep / name).unlink()
            (ep / name).symlink_to(secret)
        site = tmp_path / name / "site"
        line = fails_cleanly(capsys, "publish", ep, "--site", site,
                             "--base-url", "https://example.com/")
        assert "points outside the folder" in line and name in line
        assert not site.exists()


# ------------------------------------------------------------------ 2. check reads the whole MP3


@pytest.fixture(scope="module")
def voiced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real voiced episode of the sample threads (extractive writer, 2 minutes)."""
    from tinyleaps.cli import main

    out = tmp_path_factory.mktemp("voiced") / "ep"
    assert main(["demo", "--out", str(out), "--writer", "extractive", "--minutes", "2"]) == 0
    return out


def test_check_fails_an_mp3_cut_short(capsys, tmp_path: Path, voiced: Path) -> None:
    import shutil

    cut = tmp_path / "cut"
    shutil.copytree(voiced, cut)
    (cut / "episode.mp3").write_bytes((voiced / "episode.mp3").read_bytes()[:100_000])
    code, _, err = run_cli(capsys, "check", cut, "--no-wer")
    assert code == 1
    assert "audio duration" in err and "mp3 matches episode.json" in err
    rows = _failed_rows(cut)
    assert rows["mp3 matches episode.json"].startswith(
        f"{cut / 'episode.mp3'}: 100000 bytes but episode.json says")
    assert rows["audio duration"].startswith("episode.mp3 decodes to 7.")
    assert rows["audio duration"].endswith("(cut short?)")


def _failed_rows(folder: Path) -> dict[str, str]:
    from tinyleaps.check.episode import check_episode

    return {r.name: r.detail for r in check_episode(folder, wer=False) if r.status == "fail"}


def test_check_fails_an_mp3_of_the_right_size_but_other_bytes(
        capsys, tmp_path: Path, voiced: Path) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(voiced, other)
    data = bytearray((voiced / "episode.mp3").read_bytes())
    data[-5000:-4000] = bytes(1000)  # same size, some frames zeroed
    (other / "episode.mp3").write_bytes(bytes(data))
    code, _, err = run_cli(capsys, "check", other, "--no-wer")
    assert code == 1 and "mp3 matches episode.json" in err
    assert "sha256 does not match episode.json" in _failed_rows(other)["mp3 matches episode.json"]


# ------------------------------------------------------------------ 7. edited scripts


def test_an_edited_script_json_is_followed_by_script_txt(capsys, tmp_path: Path) -> None:
    out = tmp_path / "ep"
    args = ["episode", SAMPLE, "--out", out, *NO_AUDIO]
    assert run_cli(capsys, *args)[0] == 0
    script = json.loads((out / "script.json").read_text())
    script["turns"][1]["text"] = "An edited line, word for word."
    (out / "script.json").write_text(json.dumps(script))
    assert run_cli(capsys, *args)[0] == 0
    assert json.loads((out / "script.json").read_text())["turns"][1]["text"].startswith(
        "An edited line")  # the edit is kept...
    assert "An edited line, word for word.\n" in (out / "script.txt").read_text()  # ...and shown
    code, table, _ = run_cli(capsys, "check", out, "--no-wer")
    assert code == 0, table


def test_publish_refuses_a_script_that_breaks_the_rules_unless_forced(
        capsys, tmp_path: Path) -> None:
    from ..publish_fixtures import make_episode

    ep = make_episode(tmp_path / "ep")
    script = json.loads((ep / "script.json").read_text())
    script["turns"][2]["text"] = "u/made_up_person swears it runs at 90 tokens a second."
    (ep / "script.json").write_text(json.dumps(script))
    site = tmp_path / "site"
    line = fails_cleanly(capsys, "publish", ep, "--site", site,
                         "--base-url", "https://example.com/")
    assert f"{ep / 'script.json'}: breaks the script rule invented-handle" in line
    assert "made_up_person" in line and "--force" in line
    assert not site.exists()
    code, _, err = run_cli(capsys, "publish", ep, "--site", site,
                           "--base-url", "https://example.com/", "--force")
    assert code == 0, err
    assert (site / "feed.xml").is_file()


# ------------------------------------------------------------------ 9. ID3 chapters in time order


def test_mp3_chapters_are_in_time_order_in_the_file(voiced: Path) -> None:
    import subprocess

    probe = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                            str(voiced / "episode.mp3")], capture_output=True, text=True,
                           check=True)
    in_file = [(float(c["start_time"]), c["tags"]["title"])
               for c in json.loads(probe.stdout)["chapters"]]
    listed = [(float(c["startTime"]), c["title"])
              for c in json.loads((voiced / "chapters.json").read_text())["chapters"]]
    assert len(in_file) >= 3
    assert in_file == sorted(in_file)
    assert [t for _, t in in_file] == [t for _, t in listed]
    assert in_file[0][1] == "Welcome" and in_file[-1][1] == "Thanks and goodbye"


# ------------------------------------------------------------------ 10. the --help folder


def test_make_long_help_prints_usage_and_makes_no_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = FIXTURES / "transcripts" / "make_long.py"
    helped = subprocess.run([sys.executable, str(script), "--help"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert helped.returncode == 0 and "usage: make_long.py" in helped.stdout
    bare = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert bare.returncode == 2 and "OUT_DIR" in bare.stderr
    assert list(tmp_path.iterdir()) == []
    assert not (ROOT / "--help").exists()


# ------------------------------------------------------------------ 4. FIFOs and devices


@pytest.mark.parametrize("name", ["thread.json", "talk.txt", "feed.xml"])
def test_a_fifo_source_is_refused_at_once(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    code, _, err = run_process("ingest", fifo, "--out", tmp_path / "s.json", timeout=30)
    line = error_line(err)
    assert code == 2
    assert line.endswith(f"{fifo}: not a regular file (a FIFO, socket or device); "
                         "give a source file on disk")


def test_a_fifo_anywhere_a_file_is_read_is_refused(tmp_path: Path, made: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["plan", fifo, "--out", tmp_path / "r.json"],
                 ["write", made / "rundown.json", "--out", tmp_path / "s.json", "--config", fifo],
                 ["voice", made / "script.json", "--out", tmp_path / "v", "--music", fifo],
                 ["ingest", "/dev/zero", "--out", tmp_path / "s.json"]):
        code, _, err = run_process(*args, timeout=30)
        assert code == 2 and "not a regular file" in error_line(err)


# ------------------------------------------------------------------ 5. serve


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from tinyleaps.publish import publish

    from ..publish_fixtures import make_episode

    root = tmp_path_factory.mktemp("site")
    site = root / "site"
    slug = publish([make_episode(root / "ep")], site, "https://example.com/").added[0]
    return site, slug


@pytest.fixture(scope="module")
def served(site: tuple[Path, str]):
    from ..publish_fixtures import free_port, start_serve, stop

    port = free_port()
    proc = start_serve(site[0], port)
    try:
        yield f"http://127.0.0.1:{port}", site[1]
    finally:
        stop(proc)


def test_serve_on_a_taken_port_is_one_line(site: tuple[Path, str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_process("serve", site[0], "--port", str(port))
    assert (code, out) == (2, "")
    assert error_line(err) == (f"tinyleaps: error: 127.0.0.1:{port}: cannot listen here "
                               "(Address already in use)")


def test_serve_on_an_unknown_host_is_one_line(site: tuple[Path, str]) -> None:
    code, out, err = run_process("serve", site[0], "--host", "no-such-host.invalid")
    assert (code, out) == (2, "")
    assert error_line(err).startswith(
        "tinyleaps: error: --host 'no-such-host.invalid': cannot resolve it")


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=100-50", "items=0-5", "bytes=1-2-3",
                                    "bytes=", "bytes=-", "bytes=0-1,x"])
def test_unparsable_ranges_are_ignored(served: tuple[str, str], site: tuple[Path, str],
                                       header: str) -> None:
    import httpx

    base, slug = served
    mp3 = site[0] / "episodes" / slug / "episode.mp3"
    r = httpx.get(f"{base}/episodes/{slug}/episode.mp3", headers={"Range": header})
    assert r.status_code == 200, header
    assert r.content == mp3.read_bytes()
    good = httpx.get(f"{base}/episodes/{slug}/episode.mp3", headers={"Range": "bytes=10-19"})
    assert good.status_code == 206 and good.content == mp3.read_bytes()[10:20]


def test_folder_redirect_never_echoes_the_host_header(served: tuple[str, str]) -> None:
    import httpx

    base, slug = served
    for host in ("evil.example", "evil.example:80", "127.0.0.1:1"):
        r = httpx.get(f"{base}/episodes/{slug}?t=1", headers={"Host": host})
        assert r.status_code in (301, 307, 308)
        assert r.headers["location"] == f"/episodes/{slug}/?t=1"


def test_a_client_dribbling_its_headers_is_cut_off(site: tuple[Path, str]) -> None:
    import select
    import socket
    import time

    from ..publish_fixtures import free_port, start_serve, stop

    port = free_port()
    proc = start_serve(site[0], port, "--header-timeout", "1")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            start = time.monotonic()
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            answer = b""
            for _ in range(20):  # one header line every quarter second, never finished
                if select.select([conn], [], [], 0.25)[0]:
                    answer = conn.recv(200)
                    break
                conn.sendall(b"X-Slow: a\r\n")
            elapsed = time.monotonic() - start
        assert answer.startswith(b"HTTP/1.1 408 Request Timeout")
        assert 0.8 < elapsed < 4.5
        with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
            start = time.monotonic()
            assert idle.recv(200).startswith(b"HTTP/1.1 408")  # silent client: same
            assert time.monotonic() - start < 3
    finally:
        stop(proc)
