"""``tinyleaps check DIR``: validate an episode folder against the contract."""

from __future__ import annotations

from pathlib import Path

from ..artifacts import Episode, Rundown, Script, Sources
from ..errors import ArtifactError, InputError
from .problems import CheckRow, Problem

REQUIRED = ("sources.json", "rundown.json", "script.json", "script.txt", "shownotes.md",
            "episode.json")
SCRIPT_RULES = (
    ("empty-turn", "no empty turns"),
    ("unknown-speaker", "only hosts speak"),
    ("host-share", "each host speaks >= 30% of the words"),
    ("invented-handle", "every @handle is the author of a cited source"),
    ("invented-name", "every person credited by name is a cited speaker or author"),
    ("op-not-credited", "every topic names its original poster"),
    ("outro-missing-op", "the outro thanks every original poster"),
    ("uncited-topic", "every topic cites a source"),
    ("unknown-source", "every cited id exists"),
)


def check_episode(folder: Path, *, wer: bool = True) -> list[CheckRow]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not an episode folder")
    rows = [_file_row(folder, name) for name in REQUIRED]
    rows += _artifact_rows(folder)
    script_path = folder / "script.json"
    if script_path.exists():
        try:
            script = Script.load(script_path)
        except ArtifactError as exc:
            return rows + [CheckRow("script.json", "fail", str(exc))]
        rows += script_rule_rows(script)
        rows += _quality_rows(folder, script)
        rows.append(_script_txt_row(folder, script))
        rows += _audio_rows(folder, wer)
    return rows


def _quality_rows(folder: Path, script: Script) -> list[CheckRow]:
    from .quality import quality_rows

    try:
        rundown = Rundown.load(folder / "rundown.json")
    except ArtifactError:
        rundown = None
    return quality_rows(script, rundown)


def _file_row(folder: Path, name: str) -> CheckRow:
    p = folder / name
    if not p.exists():
        return CheckRow(f"file {name}", "fail", "missing")
    if p.stat().st_size == 0:
        return CheckRow(f"file {name}", "fail", "empty")
    return CheckRow(f"file {name}", "pass", f"{p.stat().st_size:,} bytes")


def _artifact_rows(folder: Path) -> list[CheckRow]:
    rows = []
    for cls in (Sources, Rundown, Episode):
        p = folder / cls.FILENAME
        if not p.exists():
            continue
        try:
            cls.load(p)
        except ArtifactError as exc:
            rows.append(CheckRow(f"{cls.FILENAME} valid", "fail", str(exc)))
        else:
            rows.append(CheckRow(f"{cls.FILENAME} valid", "pass"))
    return rows


def script_rule_rows(script: Script) -> list[CheckRow]:
    from .script_rules import check_script

    problems = check_script(script)
    rows = []
    for rule, label in SCRIPT_RULES:
        found = [p for p in problems if p.rule == rule]
        rows.append(_rule_row(label, found))
    other = [p for p in problems if p.rule not in {r for r, _ in SCRIPT_RULES}]
    if other:
        rows.append(_rule_row("other script rules", other))
    return rows


def _rule_row(label: str, found: list[Problem]) -> CheckRow:
    if not found:
        return CheckRow(label, "pass")
    detail = "; ".join(str(p) for p in found[:5])
    if len(found) > 5:
        detail += f" (+{len(found) - 5} more)"
    return CheckRow(label, "fail", detail)


def _script_txt_row(folder: Path, script: Script) -> CheckRow:
    p = folder / "script.txt"
    if not p.exists():
        return CheckRow("script.txt matches script.json", "skip", "no script.txt")
    text = p.read_text(encoding="utf-8")
    if text != script.to_text():
        return CheckRow("script.txt matches script.json", "fail",
                        "script.txt differs from the turns in script.json")
    bad = [i + 1 for i, line in enumerate(text.splitlines())
           if not line.partition(": ")[2].strip() or line.partition(": ")[2].startswith(" ")]
    if bad:
        return CheckRow("script.txt matches script.json", "fail",
                        f"empty or badly spaced line(s) {bad[:5]}")
    return CheckRow("script.txt matches script.json", "pass", f"{len(script.turns)} turns")


def _audio_rows(folder: Path, wer: bool) -> list[CheckRow]:
    if not (folder / "episode.mp3").exists():
        return [CheckRow("audio", "skip", "no episode.mp3 (made with --no-audio?)")]
    from .audio_rules import check_audio

    return check_audio(folder, wer=wer)
