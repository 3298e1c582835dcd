"""Backends register through one hook per kind; plugins use the same hooks as built-ins."""

from __future__ import annotations

import logging
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from tinyleaps import registry
from tinyleaps.artifacts import Rundown, Script
from tinyleaps.config import ShowConfig
from tinyleaps.errors import InputError
from tinyleaps.writing import WriteOptions, Writer, choose_writer, llm_style_for


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


def test_auto_writer_prefers_the_llm_when_it_can_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from tinyleaps.writing.llm.llamacpp import EmbeddedBackend

    # the bundled model is installed: auto uses it (no model is loaded to decide)
    monkeypatch.setattr(EmbeddedBackend, "available", classmethod(lambda cls, s: True))
    assert choose_writer("auto", ShowConfig(), WriteOptions()).id == "llm"
    # a model the user named that is not reachable: extractive, with a warning
    unreachable = WriteOptions(llm_url="http://127.0.0.1:9/v1", llm_model="m")
    with caplog.at_level(logging.WARNING, logger="tinyleaps.writing"):
        assert choose_writer("auto", ShowConfig(), unreachable).id == "extractive"
    assert "not reachable" in caplog.text
    caplog.clear()
    missing = WriteOptions(llm_model=str(tmp_path / "absent.gguf"))
    with caplog.at_level(logging.WARNING, logger="tinyleaps.writing"):
        assert choose_writer("auto", ShowConfig(), missing).id == "extractive"
    assert "not reachable" in caplog.text
    caplog.clear()
    # no bundled model and nothing named: extractive, quietly
    monkeypatch.setattr(EmbeddedBackend, "available", classmethod(lambda cls, s: False))
    with caplog.at_level(logging.WARNING, logger="tinyleaps.writing"):
        assert choose_writer("auto", ShowConfig(), WriteOptions()).id == "extractive"
    assert "not reachable" not in caplog.text
    assert choose_writer("llm", ShowConfig(), WriteOptions()).id == "llm"
    assert choose_writer("extractive", ShowConfig(), WriteOptions()).id == "extractive"


def test_llm_style_comes_from_the_option_then_show_toml() -> None:
    assert llm_style_for(None, ShowConfig()) == "guided"
    assert llm_style_for("free", ShowConfig()) == "free"
    show = ShowConfig(llm={"style": "free"})
    assert llm_style_for(None, show) == "free"
    assert llm_style_for("guided", show) == "guided"
    with pytest.raises(InputError, match="unknown LLM style 'chatty'"):
        llm_style_for(None, ShowConfig(llm={"style": "chatty"}))
