"""Shared fixtures: the ../shared/data folder (tests skip without it), temp user dirs,
no Whisper outside tests marked slow, and the one fake chat model (``fake_model``),
registered as a plugin backend."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

from tinyleaps import registry
from tinyleaps.errors import BackendError
from tinyleaps.sources import recordings
from tinyleaps.writing.llm.base import ChatBackend, ChatResult, Message
from tinyleaps.writing.llm.options import LLMOptions, llm_options

from .paths import ROOT, SHARED_DATA  # noqa: F401  (ROOT: test_golden.py imports it from here)


@pytest.fixture
def shared_data() -> Path:
    """The real recorded data in ../shared/data; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it lives in ../shared/data)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the user config dir at a temp folder. The cache dir stays shared (the
    embedded LLM and voice caches are large), unless a test overrides it."""
    monkeypatch.setenv("TINYLEAPS_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _no_whisper_unless_slow(request: pytest.FixtureRequest,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``make test-fast`` (``-m "not slow"``) runs no model: a test not marked slow that
    reaches Whisper (an input that sniffs as audio) fails, naming itself."""
    if request.node.get_closest_marker("slow") is not None:
        return

    def refuse(*_args: object, **_kwargs: object) -> None:
        pytest.fail(f"{request.node.nodeid} loaded Whisper but is not marked slow")

    monkeypatch.setitem(sys.modules, "faster_whisper", ModuleType("faster_whisper"))
    monkeypatch.setattr(sys.modules["faster_whisper"], "WhisperModel", refuse, raising=False)
    monkeypatch.setattr(recordings, "_models", {})  # nor one a slow test loaded before


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A script-only episode of the bundled sample threads (sources, rundown, script),
    made once per test module for its tests to read or copy."""
    from tinyleaps.cli import main
    from tinyleaps.cli.episode import sample_threads

    out = tmp_path_factory.mktemp("made") / "ep"
    assert main(["episode", str(sample_threads()), "--out", str(out), "--no-audio",
                 "--writer", "extractive", "--when", "2025-07-12T22:00:00-07:00"]) == 0
    return out


# ------------------------------------------------------------------ the fake chat model

Handler = Callable[[str, list[Message]], "str | None"]


@dataclass
class FakeModel:
    """What the fake chat backend answers, and what it was asked (a fresh one per test).

    A request with a JSON schema gets each key the schema asks for answered with
    ``handler(key, messages)`` (None: left out); ``raw`` is a fixed reply instead; a
    request without a schema gets ``re: <its last message>``. ``delay`` seconds a
    request; a request whose last message holds ``fail`` raises BackendError."""

    handler: Handler = lambda key, messages: None  # noqa: E731
    raw: str | None = None
    delay: float = 0.0
    fail: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # each request's last message
    running: int = 0
    most: int = 0  # the most requests that ran at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, messages: list[Message], json_schema: dict[str, Any] | None) -> ChatResult:
        text = messages[-1]["content"]
        keys = list((json_schema or {}).get("properties", {}))
        with self.lock:
            self.requests.append({"messages": [dict(m) for m in messages], "keys": keys})
            self.order.append(text)
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.delay)
        with self.lock:
            self.running -= 1
        if self.fail and self.fail in text:
            raise BackendError("llama.cpp error: out of context")
        if self.raw is not None:
            return ChatResult(self.raw, prompt_tokens=100, completion_tokens=10)
        if not keys:
            return ChatResult(f"re: {text}", prompt_tokens=10, completion_tokens=5)
        reply = {k: v for k in keys if (v := self.handler(k, messages)) is not None}
        return ChatResult(json.dumps(reply), prompt_tokens=100, completion_tokens=50,
                          cached_tokens=60, seconds=0.1 + self.delay)

    def backend(self, **given: Any) -> FakeChat:
        """A fake backend built as the writer builds one (``parallel=2``...)."""
        return FakeChat(llm_options({**given, "backend": FakeChat.id}, env={}))

    def options(self, **given: Any) -> LLMOptions:
        """LLM options that pick the fake backend, as the registry would for the writer."""
        return llm_options({**given, "backend": FakeChat.id}, env={})


class FakeChat(ChatBackend):
    """The one fake chat backend, registered for every test as llm backend ``fake`` (as
    llm's MockModel): the writer looks it up like any backend; it answers from
    :class:`FakeModel`."""

    id = "fake"
    current: ClassVar[FakeModel] = FakeModel()  # the test's (``fake_model``)

    def __init__(self, options: LLMOptions) -> None:
        super().__init__(options)
        # bound now: a request still running from an earlier test's thread answers from
        # (and is recorded in) that test's model, never the next one's
        self.model = FakeChat.current

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        return self.model.answer(messages, json_schema)


@pytest.fixture(scope="session", autouse=True)
def _fake_chat_plugin() -> Iterator[None]:
    plugin = ModuleType("fake_chat_plugin")
    plugin.register_llms = lambda register: register(FakeChat)  # type: ignore[attr-defined]
    registry.add_plugin(plugin)
    yield
    registry.remove_plugin(plugin)


@pytest.fixture
def fake_model() -> FakeModel:
    """The fake chat backend's answers and record, fresh for this test."""
    FakeChat.current = FakeModel()
    return FakeChat.current
