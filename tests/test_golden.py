"""Behaviour unchanged, by test: for fixed inputs the CLI makes exactly the files it made
when these goldens were recorded (tests/golden/): rundown.json, beats.json and script.txt
with the floor writer, and for the bundled sample the voiced episode's length with the
flite voices. A refactor that changes a single spoken word fails here.

After a change that is *meant* to alter output, re-record with
``TINYLEAPS_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tinyleaps.cli import main
from tinyleaps.cli.episode import sample_threads

from .conftest import ROOT, SHARED_DATA

GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
UPDATE = os.environ.get("TINYLEAPS_UPDATE_GOLDEN") == "1"
WHEN = "2025-07-12T22:00:00-07:00"
FILES = ("rundown.json", "beats.json", "script.txt")

LATER = "2030-01-01T00:00:00+00:00"  # after a fixture file's date, whenever it was cloned
CASES = {  # name: (sources, --when)
    "sample": (lambda: [str(sample_threads())], WHEN),
    "day-2025-07-22": (lambda: [str(SHARED_DATA / "reddit/LocalLLaMA/2025-07-22")], LATER),
    "day-2025-08-05": (lambda: [str(SHARED_DATA / "reddit/LocalLLaMA/2025-08-05")], LATER),
    "transcript": (lambda: [str(FIXTURES / "mixed/talk.vtt")], LATER),
    "article": (lambda: [str(FIXTURES / "mixed/post.md")], LATER),
}


def _compare(name: str, out: Path, files: dict[str, str]) -> None:
    folder = GOLDEN / name
    files = {f: text.replace(str(ROOT), "<ROOT>") for f, text in files.items()}  # any clone
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for fname, text in files.items():
            (folder / fname).write_text(text, encoding="utf-8")
        return
    for fname, text in files.items():
        want = (folder / fname).read_text(encoding="utf-8")
        assert text == want, f"{name}/{fname} changed (see {out / fname})"


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_inputs_make_the_same_files(name: str, tmp_path: Path) -> None:
    if name.startswith("day-") and not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    sources, when = CASES[name]
    out = tmp_path / "ep"
    assert main(["episode", *sources(), "--out", str(out), "--no-audio",
                 "--writer", "extractive", "--when", when]) == 0
    _compare(name, out, {f: (out / f).read_text(encoding="utf-8") for f in FILES})


def test_the_sample_sounds_as_long_as_it_did(tmp_path: Path) -> None:
    config = tmp_path / "show.toml"
    config.write_text('[[hosts]]\nname = "KAI"\nvoice = "flite:rms"\n'
                      '[[hosts]]\nname = "ELIZA"\nvoice = "flite:slt"\n', encoding="utf-8")
    out = tmp_path / "ep"
    assert main(["episode", str(sample_threads()), "--out", str(out), "--writer",
                 "extractive", "--when", WHEN, "--config", str(config)]) == 0
    episode = json.loads((out / "episode.json").read_text(encoding="utf-8"))
    seconds = round(float(episode["duration_s"]), 1)
    _compare("sample-audio", out, {"duration.txt": f"{seconds}\n",
                                   "script.txt": (out / "script.txt").read_text("utf-8")})
