"""``tinyleaps check DIR``: validate an episode folder against the contract."""

from __future__ import annotations

from pathlib import Path

from ..artifacts import Episode, Rundown, Script, Sources, verify_mp3
from ..audio.voicing import VOICE_OUTPUTS
from ..errors import ArtifactError, InputError
from ..fsutil import inside
from ..grounding import Problem
from .problems import CheckRow

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
    escapes = _escape_rows(folder)
    if escapes:  # read nothing a symlink leads to
        return escapes
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


def _escape_rows(folder: Path) -> list[CheckRow]:
    """A failed row for each episode file that leads out of the folder (a symlink)."""
    rows = []
    for name in (*REQUIRED, *VOICE_OUTPUTS):
        if (folder / name).is_symlink():
            try:
                inside(folder, name, str(folder / name))
            except InputError as exc:
                rows.append(CheckRow(f"file {name}", "fail", str(exc)))
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
            inside(folder, cls.FILENAME, str(p), ArtifactError)
            artifact = cls.load(p)
        except ArtifactError as exc:
            rows.append(CheckRow(f"{cls.FILENAME} valid", "fail", str(exc)))
            continue
        rows.append(CheckRow(f"{cls.FILENAME} valid", "pass"))
        if isinstance(artifact, Episode):
            rows.append(_mp3_row(folder, artifact))
    return rows


def _mp3_row(folder: Path, episode: Episode) -> CheckRow:
    """episode.mp3 is the file episode.json describes: inside the folder, same bytes."""
    name = "mp3 matches episode.json"
    if not episode.mp3:
        if (folder / "episode.mp3").exists():
            return CheckRow(name, "fail", "episode.json records no MP3, but episode.mp3 exists")
        return CheckRow(name, "skip", "no MP3 recorded (made with --no-audio?)")
    try:
        mp3 = verify_mp3(folder, episode)
    except ArtifactError as exc:
        return CheckRow(name, "fail", str(exc))
    return CheckRow(name, "pass", f"{mp3.name}: {mp3.stat().st_size:,} bytes, sha256 matches")


def script_rule_rows(script: Script) -> list[CheckRow]:
    from ..grounding import check_script

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
