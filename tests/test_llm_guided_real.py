"""The guided style with the real embedded model (Qwen2.5-Coder-1.5B Q4_K_M via
llama.cpp): a whole short episode in-process, and the same through llama.cpp's own
OpenAI-compatible HTTP server (``tinyleaps llm-serve``, its own process) on 127.0.0.1.
Each fails unless the model itself wrote host lines that survived the checks and ended
up in the script."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tinyleaps.artifacts import Script
from tinyleaps.check.script_rules import check_script
from tinyleaps.config import ShowConfig
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.llm.guided import SLOT
from tinyleaps.writing.llm.writer import LLMWriter

from .test_llm_real import CTX, REAL_MODEL
from .test_llm_writer import rundown

pytestmark = REAL_MODEL


def write(options: WriteOptions) -> Script:
    options.extra = {**options.extra, "llm_ctx": CTX}
    voiced: list[str] = []
    options.on_segment = lambda script, sid: voiced.append(sid)
    script = LLMWriter(ShowConfig(), options).write(rundown())
    assert voiced == ["intro", "topic-1", "outro"]  # each segment streamed when done
    return script


def assert_model_wrote_host_lines(script: Script) -> None:
    rec = script.writer
    assert rec["style"] == "guided" and not rec.get("fallback"), rec.get("final_problems")
    assert check_script(script) == []
    slots = rec["slots"]
    assert slots["total"] >= 3
    assert slots["model"] + slots["fallback"] == slots["total"]
    assert slots["model"] * 2 >= slots["total"], rec["segments"]
    text = script.to_text()
    lines = [line for seg in rec["segments"].values() for line in seg.get("model_lines", [])]
    assert len(lines) == slots["model"]
    for line in lines:  # the model's own words, on air, grounded
        assert line in text
        assert len(line.split()) >= 4 and "@" not in line
    assert not SLOT.search(text) and "\ue000" not in text
    assert "@alice_dev" in text  # the original poster, credited by the skeleton
    assert rec["tokens"]["completion"] > 20


def test_embedded_model_writes_the_hosts_lines() -> None:
    script = write(WriteOptions(minutes=1.0))
    assert script.writer["backend"]["backend"] == "embedded"
    assert_model_wrote_host_lines(script)


def test_guided_style_through_llm_serve_in_its_own_process(tmp_path: Path) -> None:
    """``tinyleaps llm-serve`` started as a separate process (as a user would by hand),
    then the writer pointed at it with --llm-url: same model, same kind of script."""
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tinyleaps", "llm-serve", "--port", str(port), "--ctx", str(CTX)],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_for(url, proc)
        script = write(WriteOptions(minutes=1.0, llm_url=url))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert script.writer["backend"]["url"] == url
    assert script.writer["backend"]["model"] == "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"
    assert_model_wrote_host_lines(script)
    assert "serving Qwen2.5-Coder-1.5B-Instruct-Q4_K_M at " + url in (
        tmp_path / "server.log").read_text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "llm-serve exited early"
        try:
            if httpx.get(url + "/models", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"llm-serve did not answer on {url} within {timeout:.0f} s")
