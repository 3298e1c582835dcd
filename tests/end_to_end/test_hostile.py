"""A hostile pass of our own (beyond issue 14's list): odd options, tampered episode
folders, a misbehaving HTTP client against ``tinyleaps serve``, concurrent runs, and
``kill -9`` at many moments of an ``episode`` run. The standard: one error line and
exit status 2 (1 only for ``check`` findings, 75 for a busy folder), never a traceback
or an "internal error", no file outside its folder, nothing half-written, and no hint
about files outside the site."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tinyleaps.artifacts import Script
from tinyleaps.cli.episode import sample_threads

from .cli_helpers import (
    NO_AUDIO,
    error_line,
    fails_cleanly,
    run_cli,
    run_process,
)

SAMPLE = str(sample_threads())


# --------------------------------------------------------------------------- odd options


@pytest.mark.parametrize(("args", "named"), [
    (["episode", SAMPLE, "--out", ""], "--out"),
    (["ingest", SAMPLE, "--out", " "], "--out"),
    (["episode", "", "--out", "{tmp}/e", *NO_AUDIO], "empty SOURCE"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--llm-url", "http://[::1"], "--llm-url"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--llm-url", "file:///etc/passwd"], "--llm-url"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--minutes", "inf"], "--minutes"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--minutes", "1e400"], "--minutes"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--topics", "1e3"], "--topics"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--when", "now"], "--when"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--when", "2025-02-30T10:00"], "--when"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--when", "2025-07-12T22:00+25:00"], "--when"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--show", "   "], "--show"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--hosts", "A,"], "--hosts"),
    (["episode", SAMPLE, "--out", "{tmp}/e", "--hosts", "A\nB,C"], "--hosts"),
    (["write", "{tmp}/missing.json", "--out", "{tmp}/s.txt"], "--out"),
    (["serve", "{tmp}", "--header-timeout", "nan"], "--header-timeout"),
    (["serve", "{tmp}", "--port", "-1"], "--port"),
    (["publish", "{tmp}", "--site", "{tmp}/s", "--base-url", "https://x.org/?a=1"],
     "--base-url"),
    (["publish", "{tmp}", "--site", "{tmp}/s", "--base-url", "https://x.org:99999/"],
     "--base-url"),
    (["publish", "{tmp}", "--site", "{tmp}/s", "--base-url", "https://a b.org/"], "--base-url"),
    (["frobnicate"], "frobnicate"),
])
def test_odd_options_are_one_line_and_write_nothing(
        capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
        named: str) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)  # `--out ""` must not mean "here"
    line = fails_cleanly(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert named in line
    assert list(work.iterdir()) == []
    assert not (tmp_path / "e").exists()


def test_bare_tinyleaps_prints_its_help(capsys) -> None:
    code, out, err = run_cli(capsys)
    assert code == 0 and err == ""
    assert out.startswith("Usage: tinyleaps") and "episode" in out and "serve" in out


def test_the_episode_folder_is_not_a_source_of_itself(capsys, made: Path) -> None:
    line = fails_cleanly(capsys, "episode", made, "--out", made, *NO_AUDIO)
    assert str(made) in line


# --------------------------------------------------------------------------- tampering


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(("name", "change", "said"), [
    ("sources.json", lambda d: d["sources"][0]["extra"].update(num_comments="lots"),
     "sources[0].extra.num_comments: expected int, got str"),
    ("sources.json", lambda d: d["sources"][1].update(created=None), "expected str"),
    ("sources.json", lambda d: d.update(sources={"a": 1}), "expected a list"),
    ("rundown.json", lambda d: d["segments"][0].update(points="none"), "expected a list"),
    ("rundown.json", lambda d: d["segments"][0]["points"][0].update(score=float("nan")),
     "expected int"),
])
def test_tampered_artifacts_name_the_file_and_the_key(
        capsys, tmp_path: Path, made: Path, name: str, change, said: str) -> None:
    import shutil

    ep = tmp_path / "ep"
    shutil.copytree(made, ep)
    _edit(ep / name, change)
    command = {"sources.json": ["plan", ep / name, "--out", tmp_path / "r.json"],
               "rundown.json": ["write", ep / name, "--out", tmp_path / "s.json",
                                "--writer", "extractive"]}[name]
    line = fails_cleanly(capsys, *command)
    assert str(ep / name) in line and said in line


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.update(recorded_at="t3"), "recorded_at 't3' is not an ISO 8601"),
    (lambda d: d.update(duration_s="long"), "duration_s: expected a finite number"),
    (lambda d: d.update(duration_s=float("nan")), "duration_s: expected a finite number"),
    (lambda d: d["mp3"].update(bytes="12"), "bytes but episode.json says '12'"),
    (lambda d: d["mp3"].update(file=7), "mp3.file: expected a file name, got int"),
    (lambda d: d["mp3"].update(file="/etc/passwd"), "is not a file name inside"),
    (lambda d: d["mp3"].update(file="."), "points outside the folder"),
    (lambda d: d.update(hosts="KAI"), "expected a list"),
])
def test_publish_names_what_is_wrong_in_episode_json(
        capsys, tmp_path: Path, change, said: str) -> None:
    from ..publish_fixtures import make_episode

    ep = make_episode(tmp_path / "ep")
    _edit(ep / "episode.json", change)
    line = fails_cleanly(capsys, "publish", ep, "--site", tmp_path / "site",
                         "--base-url", "https://example.com/")
    assert said in line, line
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("state", ["[]", '{"stages": []}', '{"stages": {"plan": 3}}',
                                   '{"when": "yesterday", "stages": {}}', "\x00garbage"])
def test_a_tampered_state_file_reruns_the_stages(capsys, tmp_path: Path, made: Path,
                                                 state: str) -> None:
    import shutil

    ep = tmp_path / "ep"
    shutil.copytree(made, ep)
    (ep / ".tinyleaps" / "state.json").write_text(state)
    code, _, err = run_cli(capsys, "episode", SAMPLE, "--out", ep, *NO_AUDIO)
    assert code == 0, err
    assert json.loads((ep / ".tinyleaps" / "state.json").read_text())["stages"]["write"]
    assert run_cli(capsys, "check", ep, "--no-wer")[0] == 0


def test_voicing_checks_the_script_before_any_voice_loads(
        capsys, tmp_path: Path, made: Path) -> None:
    for change, said in [
        (lambda d: d["turns"][0].update(speaker="MALLORY"), "'MALLORY' is not a host"),
        (lambda d: d["turns"][3].update(text="  \n "), "turn 3 (ELIZA) has no text to voice"),
        (lambda d: d.update(turns=[]), "the script has no turns to voice"),
    ]:
        script = tmp_path / "script.json"
        script.write_text((made / "script.json").read_text())
        _edit(script, change)
        start = time.monotonic()
        line = fails_cleanly(capsys, "voice", script, "--out", tmp_path / "v")
        assert said in line and time.monotonic() - start < 5
        assert not (tmp_path / "v").exists()


def test_a_reddit_post_with_a_nul_byte_does_not_hang_ingest(tmp_path: Path) -> None:
    """A NUL in a post's text made the Markdown cleaner loop forever."""
    thread = json.loads((sample_threads() / "tl1smol.json").read_text())
    thread[0]["data"]["children"][0]["data"]["selftext"] = "fast \u0000 enough"
    src = tmp_path / "nul.json"
    src.write_text(json.dumps(thread))
    code, _, err = run_process("ingest", src, "--out", tmp_path / "s.json", timeout=60)
    assert code == 0, err
    post = json.loads((tmp_path / "s.json").read_text())["sources"][0]
    assert post["text"] == "fast enough"


# --------------------------------------------------------------------------- two runs


def _start(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tinyleaps", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_run_into_the_same_folder_is_told_to_wait(tmp_path: Path) -> None:
    out = tmp_path / "ep"
    first = _start("demo", "--out", out, "--writer", "extractive", "--minutes", "2")
    try:
        deadline = time.monotonic() + 60
        while not (out / "sources.json").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        code, _, err = run_process("demo", "--out", out, "--writer", "extractive",
                                   "--minutes", "2", timeout=60)
        if first.poll() is None:  # the first run still holds the folder
            assert code == 75
            assert error_line(err).endswith(
                f"{out}: another tinyleaps episode run is writing this folder; "
                "try again when it has finished")
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0, first.stderr.read() if first.stderr else ""


# --------------------------------------------------------------------------- kill -9


def _no_half_written_files(out: Path) -> None:
    """What a killed run left: every artifact whole, the MP3 decodable to its end and
    matching episode.json when both exist."""
    from tinyleaps.audio import ffmpeg

    for path in out.glob("*.json"):
        json.loads(path.read_text())
    if (out / "script.json").exists() and (out / "script.txt").exists():
        assert (out / "script.txt").read_text() == Script.load(out / "script.json").to_text()
    mp3 = out / "episode.mp3"
    if mp3.exists():
        assert abs(ffmpeg.decoded_duration(mp3) - ffmpeg.duration(mp3)) < 1.0
        if (out / "episode.json").exists():
            from tinyleaps.artifacts import Episode, verify_mp3

            verify_mp3(out, Episode.load(out / "episode.json"))


def test_kill_9_at_any_moment_then_rerun_resumes(capsys, tmp_path: Path) -> None:
    out = tmp_path / "ep"
    args = ["demo", "--out", out, "--writer", "extractive", "--minutes", "2"]
    for delay in (0.3, 0.9, 1.5, 2.2, 3.0, 4.0, 5.5):
        proc = _start(*args)
        time.sleep(delay)
        if proc.poll() is not None:
            break  # it finished before the kill: the rerun below has nothing to do
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if out.exists():
            _no_half_written_files(out)
    code, _, err = run_cli(capsys, *args)
    assert code == 0, err
    assert not list(out.rglob(".tinyleaps-tmp-*"))  # leftovers of the killed runs removed
    code, table, _ = run_cli(capsys, "check", out, "--no-wer")
    assert code == 0, table


# --------------------------------------------------------------------------- HTTP


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    from tinyleaps.publish import publish

    from ..publish_fixtures import free_port, make_episode, start_serve, stop

    root = tmp_path_factory.mktemp("serve")
    secret = root / "secret"
    secret.mkdir()
    (secret / "passwords.txt").write_text("root:hunter2\n")
    site = root / "site"
    slug = publish([make_episode(root / "ep")], site, "https://example.com/").added[0]
    (site / "leak").symlink_to(secret)  # a careless link inside the site
    (site / "leak.txt").symlink_to(secret / "passwords.txt")
    (site / "loop").symlink_to(site / "loop")
    port = free_port()
    proc = start_serve(site, port)
    try:
        yield f"127.0.0.1:{port}", site, slug
    finally:
        stop(proc)


def _raw(address: str, request: bytes, timeout: float = 5) -> bytes:
    import socket

    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _get(address: str, path: str, headers: dict[str, str] | None = None,
         method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    conn.putrequest(method, path, skip_host=bool(headers and "Host" in headers),
                    skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


NOT_FOUND = (404, b"Not Found")


@pytest.mark.parametrize("path", [
    "/leak/passwords.txt", "/leak.txt", "/leak/", "/loop", "/loop/x",
    "/nothing-here.txt", "/nothing/here/", "/../secret/passwords.txt",
    "/%2e%2e/secret/passwords.txt", "/..%2fsecret%2fpasswords.txt",
    "/%252e%252e/secret/passwords.txt", "/..\\secret\\passwords.txt",
    "/%5c..%5csecret%5cpasswords.txt", "/static/..%00/x", "/%00", "/a%00b",
    "/catalog.sqlite", "/catalog.sqlite/", "/catalog.sqlite/.", "/./catalog.sqlite",
    "/CATALOG.SQLITE", "/.tinyleaps-tmp-x", "/episodes/.", "/episodes/..",
    "/" + "a" * 5000, "//etc/passwd", "/static//../../secret/passwords.txt",
])
def test_paths_out_of_the_site_all_look_like_nothing_is_there(
        served: tuple[str, Path, str], path: str) -> None:
    status, headers, body = _get(served[0], path)
    assert b"hunter2" not in body and b"sqlite" not in body.lower()
    if status != 404:  # only an honest folder redirect may differ
        assert status in (307, 308) and not headers["location"].startswith("//"), path
        return
    assert (status, body) == NOT_FOUND, path


def test_a_dangling_symlink_looks_like_any_missing_file(served: tuple[str, Path, str]) -> None:
    site = served[1]
    (site / "gone.txt").symlink_to(site.parent / "secret" / "nope.txt")
    assert _get(served[0], "/gone.txt")[::2] == _get(served[0], "/never-was.txt")[::2]


def test_odd_request_targets_and_methods(served: tuple[str, Path, str]) -> None:
    address, _site, slug = served
    assert _get(address, "/feed.xml", method="HEAD")[0] == 200
    assert _get(address, "/feed.xml", method="DELETE")[0] == 405
    assert _get(address, "/feed.xml", method="OPTIONS")[0] == 405
    absolute = _raw(address, b"GET http://evil.example/episodes/" + slug.encode()
                    + b" HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert b"evil.example" not in absolute.split(b"\r\n\r\n")[0]
    http10 = _raw(address, b"GET /episodes/" + slug.encode() + b" HTTP/1.0\r\n\r\n")
    assert http10.startswith(b"HTTP/1.1 307") and b"location: /episodes/" in http10
    forwarded = _get(address, f"/episodes/{slug}", {"X-Forwarded-Host": "evil.example",
                                                    "Host": "evil.example"})
    assert forwarded[1]["location"] == f"/episodes/{slug}/"
    garbage = _raw(address, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64))
    assert garbage.startswith(b"HTTP/1.1 400")


def test_many_ranges_do_not_multiply_the_answer(served: tuple[str, Path, str]) -> None:
    address, site, slug = served
    size = (site / "episodes" / slug / "episode.mp3").stat().st_size
    ranges = "bytes=" + ",".join("0-" for _ in range(99))  # 99 times the whole file
    status, _, body = _get(address, f"/episodes/{slug}/episode.mp3", {"Range": ranges})
    assert len(body) <= size + 1000
    assert status in (200, 206)
    status, _, body = _get(address, f"/episodes/{slug}/episode.mp3",
                           {"Range": "bytes=" + ",".join(f"{i}-{i}" for i in range(500))})
    assert status == 200 and len(body) == size  # more ranges than allowed: the file once
    status, headers, _ = _get(address, f"/episodes/{slug}/episode.mp3",
                              {"Range": f"bytes={size}-"})
    assert status == 416 and headers["content-range"] == f"bytes */{size}"


# --------------------------------------------------------------------------- the site folder


def test_publish_into_a_site_with_a_read_only_catalog_is_one_line(
        capsys, tmp_path: Path) -> None:
    from ..publish_fixtures import make_episode
    from .cli_helpers import immutable

    ep = make_episode(tmp_path / "ep")
    site = tmp_path / "site"
    args = ["publish", ep, "--site", site, "--base-url", "https://example.com/"]
    assert run_cli(capsys, *args)[0] == 0
    with immutable(site / "catalog.sqlite"):
        line = fails_cleanly(capsys, *args)
    assert line.endswith(f"{site / 'catalog.sqlite'}: cannot update the catalog "
                         "(attempt to write a readonly database)")


def test_publish_never_changes_what_a_symlink_in_the_site_points_at(
        capsys, tmp_path: Path) -> None:
    from ..publish_fixtures import make_episode

    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "notes.txt").write_text("mine")
    (private / "notes.txt").chmod(0o600)
    site = tmp_path / "site"
    site.mkdir()
    (site / "private").symlink_to(private)
    (site / "notes.txt").symlink_to(private / "notes.txt")
    code, _, err = run_cli(capsys, "publish", make_episode(tmp_path / "ep"), "--site", site,
                           "--base-url", "https://example.com/")
    assert code == 0, err
    assert private.stat().st_mode & 0o777 == 0o700
    assert (private / "notes.txt").stat().st_mode & 0o777 == 0o600


def test_an_endless_feed_url_is_cut_off_at_the_limit() -> None:
    """A server streaming without end: reading stops past MAX_BYTES (it used to read the
    whole answer into memory, then compare its size)."""
    import httpx

    from tinyleaps.errors import SourceError
    from tinyleaps.sources import IngestOptions, ingest
    from tinyleaps.sources.feeds import MAX_BYTES

    sent = []

    def endless():
        while True:
            sent.append(1)
            yield b"<rss>" + b" " * (1 << 20)

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=endless()))
    with pytest.raises(SourceError, match=r"^https://feeds\.example/x: response larger than"):
        ingest(["https://feeds.example/x"], IngestOptions(transport=transport))
    assert len(sent) <= MAX_BYTES // (1 << 20) + 2


@pytest.mark.parametrize(("lexicon", "said"), [
    ('[spellings]\n"Lama" = 5\n', "spelling 'Lama' needs a word"),
    ("[spellings\n", "invalid TOML in lexicon"),
    ('[words]\n"GGUF" = 1\n', "[words] must map strings to strings"),
])
def test_a_bad_lexicon_stops_even_a_script_only_run_before_it_starts(
        capsys, tmp_path: Path, lexicon: str, said: str) -> None:
    (tmp_path / "show.toml").write_text('name = "Lexicon Hour"\n')
    (tmp_path / "lexicon.toml").write_text(lexicon)
    line = fails_cleanly(capsys, "episode", SAMPLE, "--out", tmp_path / "ep", *NO_AUDIO,
                         "--config", tmp_path / "show.toml")
    assert f"{tmp_path / 'lexicon.toml'}: {said}" in line
    assert not (tmp_path / "ep").exists()
