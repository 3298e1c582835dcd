"""Shared fixtures: the ../shared/data folder (tests skip without it), temp user dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

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
