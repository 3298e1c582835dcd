"""LLM backends: the OpenAI-compatible HTTP client (MockTransport), backend choice,
embedded-model assembly; and two slow tests on the real embedded model."""

from __future__ import annotations

import hashlib
import json
import sys
import types
from pathlib import Path

import httpx
import pytest

from tinyleaps.errors import BackendError, BackendUnavailable
from tinyleaps.models import embedded
from tinyleaps.writing.llm.chat_backends import backend_id_for, builtin_llm_backends
from tinyleaps.writing.llm.openai_chat import OpenAIBackend, normalize_base_url
from tinyleaps.writing.llm.options import LLMOptions, ServerOptions, llm_options
from tinyleaps.writing.options import WriteOptions

REPLY = {"choices": [{"message": {"role": "assistant", "content": '{"turns": []}'}}],
         "usage": {"prompt_tokens": 12, "completion_tokens": 5,
                   "prompt_tokens_details": {"cached_tokens": 8}}}
MODELS = {"object": "list", "data": [{"id": "qwen2.5:1.5b"}, {"id": "/models/phi.gguf"}]}


def server(*chat: httpx.Response, seen: list[httpx.Request] | None = None) -> httpx.MockTransport:
    queue = list(chat)

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if request.url.path == "/v1/models":
            return httpx.Response(200, json=MODELS)
        return queue.pop(0)

    return httpx.MockTransport(handle)


def backend(transport: httpx.BaseTransport, model: str | None = "qwen2.5:1.5b") -> OpenAIBackend:
    return OpenAIBackend(LLMOptions(url="http://127.0.0.1:9/v1", model=model), transport=transport)


def test_chat_sends_schema_and_reads_usage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINYLEAPS_LLM_API_KEY", "sk-test")
    seen: list[httpx.Request] = []
    b = backend(server(httpx.Response(200, json=REPLY), seen=seen))
    result = b.chat([{"role": "user", "content": "hi"}], json_schema={"type": "object"})
    body = json.loads(seen[-1].content)
    assert body["response_format"]["json_schema"]["schema"] == {"type": "object"}
    assert body["model"] == "qwen2.5:1.5b" and body["max_tokens"] == 512
    assert seen[-1].headers["authorization"] == "Bearer sk-test"
    assert (result.text, result.prompt_tokens, result.completion_tokens, result.cached_tokens) == (
        '{"turns": []}', 12, 5, 8)


def test_server_errors_are_retried_with_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tinyleaps.writing.llm.openai_chat.BACKOFF", 0.0)
    b = backend(server(httpx.Response(503), httpx.Response(502), httpx.Response(200, json=REPLY)))
    assert b.chat([{"role": "user", "content": "hi"}]).completion_tokens == 5


def test_server_that_rejects_response_format_is_asked_again_without_it() -> None:
    seen: list[httpx.Request] = []
    rejected = httpx.Response(400, json={"error": {"message": "response_format not supported"}})
    b = backend(server(rejected, httpx.Response(200, json=REPLY), seen=seen))
    b.chat([{"role": "user", "content": "hi"}], json_schema={"type": "object"})
    assert "response_format" not in json.loads(seen[-1].content)
    assert b.describe()["json_schema"] is False


def test_unknown_model_and_down_server_are_unavailable() -> None:
    with pytest.raises(BackendUnavailable, match=r"model 'llama9' is not served .*qwen2.5:1.5b"):
        backend(server(), model="llama9").check()
    assert backend(server(), model="phi.gguf").check() == "phi.gguf"  # llama.cpp lists paths
    assert backend(server(), model=None).check() == "qwen2.5:1.5b"
    down = OpenAIBackend(LLMOptions(url="http://127.0.0.1:1/v1", model="x"))
    with pytest.raises(BackendUnavailable, match=r"1:1/v1/models: LLM server not reachable"):
        down.check()
    assert not OpenAIBackend.available(LLMOptions(url="http://127.0.0.1:1/v1"))


def test_http_500_after_retries_is_a_backend_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tinyleaps.writing.llm.openai_chat.BACKOFF", 0.0)
    b = backend(server(*[httpx.Response(500, text="boom")] * 3))
    with pytest.raises(BackendError, match="chat/completions: HTTP 500: boom"):
        b.chat([{"role": "user", "content": "hi"}])


def test_base_url_forms_and_backend_choice() -> None:
    assert normalize_base_url("http://localhost:11434") == "http://localhost:11434/v1"
    assert normalize_base_url("http://h:8080/v1/chat/completions") == "http://h:8080/v1"
    with pytest.raises(BackendUnavailable, match="not an http"):
        normalize_base_url("localhost:8080")
    assert [c.id for c in builtin_llm_backends()] == ["embedded", "gguf", "openai"]
    assert backend_id_for(LLMOptions()) == "embedded"
    assert backend_id_for(LLMOptions(model="~/m/phi.gguf")) == "gguf"
    assert backend_id_for(LLMOptions(url="http://h:1/v1", model="m")) == "openai"


def test_model_assembly_joins_parts_verifies_and_reuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINYLEAPS_CACHE_DIR", str(tmp_path / "cache"))
    blobs = [b"GGUF" + bytes(range(50)), b"middle" * 7, b"end"]
    for i, blob in enumerate(blobs, 1):
        part = tmp_path / f"part{i}.bin"
        part.write_bytes(blob)
        mod = types.ModuleType(f"fakepart{i}")
        mod.get_part_path = lambda p=part: str(p)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, f"fakepart{i}", mod)
    whole = b"".join(blobs)
    monkeypatch.setattr(embedded, "PART_PACKAGE", "fakepart{}")
    monkeypatch.setattr(embedded, "PART_COUNT", 3)
    monkeypatch.setattr(embedded, "EMBEDDED_MODEL_BYTES", len(whole))
    monkeypatch.setattr(embedded, "EMBEDDED_MODEL_SHA256", hashlib.sha256(whole).hexdigest())
    steps: list[int] = []
    path = embedded.ensure_embedded_model(lambda done, total: steps.append(done))
    assert path.read_bytes() == whole and steps[-1] == len(whole)
    assert embedded.embedded_model_ready()
    (tmp_path / "part1.bin").unlink()  # later runs do not touch the parts
    assert embedded.ensure_embedded_model() == path


def test_corrupt_parts_are_refused_and_leave_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TINYLEAPS_CACHE_DIR", str(tmp_path / "cache"))
    part = tmp_path / "p.bin"
    part.write_bytes(b"not the model")
    mod = types.ModuleType("badpart1")
    mod.get_part_path = lambda: str(part)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "badpart1", mod)
    monkeypatch.setattr(embedded, "PART_PACKAGE", "badpart{}")
    monkeypatch.setattr(embedded, "PART_COUNT", 1)
    with pytest.raises(BackendError, match="assembled model is corrupt"):
        embedded.ensure_embedded_model()
    assert list((tmp_path / "cache" / "models").iterdir()) == []
    monkeypatch.setattr(embedded, "PART_PACKAGE", "nosuchpart{}")
    with pytest.raises(BackendUnavailable, match="nosuchpart1 is not installed"):
        embedded.part_paths()



def test_a_read_timeout_is_not_retried() -> None:
    import httpx

    from tinyleaps.errors import BackendError
    from tinyleaps.writing.llm.openai_chat import OpenAIBackend

    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"data": [{"id": "m"}]})
        raise httpx.ReadTimeout("slow", request=request)

    backend = OpenAIBackend(LLMOptions(url="http://127.0.0.1:9/v1", model="m",
                                       server=ServerOptions(timeout=7)),
                            transport=httpx.MockTransport(handler))
    with pytest.raises(BackendError, match=r"/chat/completions: no reply within 7 s"):
        backend.chat([{"role": "user", "content": "hi"}])
    assert calls == ["/v1/models", "/v1/chat/completions"]


def test_a_bare_model_name_without_a_url_is_an_input_error() -> None:
    from tinyleaps.config import ShowConfig
    from tinyleaps.errors import InputError
    from tinyleaps.writing import choose_writer

    with pytest.raises(InputError, match="--llm-model qwen2.5: no such GGUF file"):
        backend_id_for(LLMOptions(model="qwen2.5"))
    # auto cannot run it, so it falls back to the extractive writer (with a warning)
    named = WriteOptions(llm=LLMOptions(model="qwen2.5"))
    assert choose_writer("auto", ShowConfig(), named).id == "extractive"


def test_a_bare_model_name_is_named_by_where_it_came_from() -> None:
    from tinyleaps.errors import InputError

    from_env = llm_options(env={"TINYLEAPS_LLM_MODEL": "qwen2.5"})
    with pytest.raises(InputError, match="^TINYLEAPS_LLM_MODEL qwen2.5: no such GGUF file"):
        backend_id_for(from_env)
    from_flag = llm_options({"model": "qwen2.5"}, env={"TINYLEAPS_LLM_MODEL": "other"})
    with pytest.raises(InputError, match="^--llm-model qwen2.5: no such GGUF file"):
        backend_id_for(from_flag)
    assert from_flag == LLMOptions(model="qwen2.5")  # where it came from is not compared
