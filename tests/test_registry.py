"""Backends register through one hook per kind; plugins use the same hooks as built-ins."""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest

from tinyleaps import registry
from tinyleaps.artifacts import Rundown, Script
from tinyleaps.config import ShowConfig
from tinyleaps.errors import InputError
from tinyleaps.writing import WriteOptions, Writer, choose_writer


class EchoWriter(Writer):
    id = "echo-test"

    def write(self, rundown: Rundown) -> Script:
        return Script(show=self.show.name, title="echo", recorded_at=rundown.recorded_at)


@pytest.fixture
def echo_plugin() -> Iterator[types.ModuleType]:
    mod = types.ModuleType("echo_plugin")
    mod.register_writers = lambda register: register(EchoWriter)  # type: ignore[attr-defined]
    registry.add_plugin(mod)
    yield mod
    registry.remove_plugin(mod)


def test_builtin_backends_are_registered() -> None:
    assert {"extractive"} <= set(registry.backends("writer"))
    assert {"reddit-file", "reddit-live"} <= set(registry.backends("source"))
    assert {"hibari", "piper", "flite", "espeak", "openai"} <= set(registry.backends("tts"))


def test_plugin_writer_is_found_by_id(echo_plugin: types.ModuleType) -> None:
    writer = choose_writer("echo-test", ShowConfig(), WriteOptions())
    script = writer.write(Rundown(recorded_at="2025-07-12T22:00:00-07:00", origin="r/x"))
    assert script.title == "echo"


def test_unknown_backend_lists_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown writer backend 'nope' \(known: .*extractive"):
        registry.get("writer", "nope")


def test_auto_writer_is_extractive_unless_a_model_is_named() -> None:
    assert choose_writer("auto", ShowConfig(), WriteOptions()).id == "extractive"
    unreachable = WriteOptions(llm_url="http://127.0.0.1:9/v1", llm_model="m")
    assert choose_writer("auto", ShowConfig(), unreachable).id == "extractive"
    assert choose_writer("llm", ShowConfig(), WriteOptions()).id == "llm"
