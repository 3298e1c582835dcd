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
from tinyleaps.writing import LLMOptions, WriteOptions, Writer, choose_writer, llm_options


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
    unreachable = WriteOptions(llm=LLMOptions(url="http://127.0.0.1:9/v1", model="m"))
    with caplog.at_level(logging.WARNING, logger="tinyleaps.writing"):
        assert choose_writer("auto", ShowConfig(), unreachable).id == "extractive"
    assert "not reachable" in caplog.text
    caplog.clear()
    missing = WriteOptions(llm=LLMOptions(model=str(tmp_path / "absent.gguf")))
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


def test_llm_settings_come_from_the_flag_then_env_then_show_toml() -> None:
    def style(given: str | None, show: ShowConfig, env: dict[str, str] | None = None) -> str:
        return llm_options({"style": given}, show, env=env or {}).style

    assert style(None, ShowConfig()) == "guided"
    assert style("free", ShowConfig()) == "free"
    show = ShowConfig(llm={"style": "free"})
    assert style(None, show) == "free"
    assert style("guided", show) == "guided"
    assert style(None, show, {"TINYLEAPS_LLM_STYLE": "Guided"}) == "guided"
    daily = ShowConfig(llm={"style": "free"}, extra={"llm_style": "guided"})
    assert style(None, daily) == "guided"  # the top-level key first, then [llm] style
    with pytest.raises(InputError, match="show.toml: llm.style: unknown LLM style 'chatty'"):
        style(None, ShowConfig(llm={"style": "chatty"}))


def test_llm_run_settings_come_from_the_environment_unless_given() -> None:
    env = {"TINYLEAPS_LLM_THREADS": "2", "TINYLEAPS_LLM_PARALLEL": "3",
           "TINYLEAPS_LLM_DRAFT": "mod", "TINYLEAPS_LLM_URL": "http://127.0.0.1:8080/v1"}
    opts = llm_options({"threads": 1}, ShowConfig(extra={"llm_url": "http://h:1/v1"}), env=env)
    assert (opts.llamacpp.threads, opts.parallel, opts.llamacpp.draft) == (1, 3, "mod")
    assert opts.url == "http://127.0.0.1:8080/v1" and opts.llamacpp.batch_threads is None
    assert llm_options(show=ShowConfig(extra={"llm_url": "http://h:1/v1"}), env={}).url == \
        "http://h:1/v1"
    with pytest.raises(InputError, match="TINYLEAPS_LLM_THREADS: '0' is not a whole number"):
        llm_options(env={"TINYLEAPS_LLM_THREADS": "0"})
    with pytest.raises(InputError, match="TINYLEAPS_LLM_DRAFT: llama.cpp draft 'fast'"):
        llm_options(env={"TINYLEAPS_LLM_DRAFT": "fast"})


def test_two_slots_and_repairs_in_the_free_style_only_by_default() -> None:
    opts = llm_options(env={})
    assert opts.parallel == 2 and opts.repairs is None and opts.repair_rounds == 0
    assert llm_options({"style": "free"}, env={}).repair_rounds == 1
    assert llm_options(env={"TINYLEAPS_LLM_REPAIRS": "1"}).repair_rounds == 1
    with pytest.raises(InputError, match="TINYLEAPS_LLM_REPAIRS: '2' is not 0 or 1"):
        llm_options(env={"TINYLEAPS_LLM_REPAIRS": "2"})
