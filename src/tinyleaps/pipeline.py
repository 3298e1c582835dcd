"""The episode pipeline: ingest → plan → write → voice → finish, resumable.

Each stage writes its artifact atomically into the episode folder and records a
fingerprint of its inputs in ``.tinyleaps/state.json`` (:mod:`.resume`). Running the same
command again skips every stage whose output exists and whose inputs have not changed, so
a run that died midway resumes where it stopped.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .artifacts import Episode, Rundown, Script, Sources
from .audio.voicing import (
    VOICE_INFO,
    VOICE_OUTPUTS,
    SegmentPrefetcher,
    SoundOptions,
    voice_episode,
)
from .config import ShowConfig
from .errors import InputError
from .fsutil import (
    atomic_write_json,
    atomic_write_text,
    folder_lock,
    remove_temp_files,
    run_folder,
    sha256_file,
)
from .progress import Progress, null_progress
from .resume import StageLog, fingerprint, read_json_object, spec_fingerprint
from .sources import IngestOptions, ingest
from .timephrase import parse_when
from .writing.options import WriteOptions


@dataclass
class EpisodeOptions:
    """One episode run. Each stage's own options are made once, by the command, and
    handed to their stage whole: ``ingest``, ``write`` (length, the LLM's options, the
    phrases to avoid), ``sound`` (music, backchannels, sting)."""

    topics: int = 3
    when: datetime | None = None
    show: ShowConfig = field(default_factory=ShowConfig)
    writer: str = "auto"
    no_audio: bool = False
    exclude_threads: dict[str, int] = field(default_factory=dict)
    #: --focus / --exclude themes (planning/steer.py); show.toml's when not given
    focus: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    #: earlier episode folders whose stories may continue (planning/history.py)
    history_dirs: list[Path] = field(default_factory=list)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    write: WriteOptions = field(default_factory=WriteOptions)
    sound: SoundOptions = field(default_factory=SoundOptions)


# ----------------------------------------------------------------------------- stages


def stage_ingest(specs: list[str], options: IngestOptions, progress: Progress) -> Sources:
    progress("reading sources")
    return ingest(specs, replace(options, progress=lambda s: progress(f"reading {s}")))


def stage_plan(
    sources: Sources, topics: int, when: datetime, exclude: dict[str, int],
    focus: list[str] | None = None, avoid: list[str] | None = None,
    history: list[Path] | None = None,
) -> Rundown:
    from .planning import PlanOptions, plan
    from .planning.history import load_history
    from .planning.steer import Steering

    steering = Steering(list(focus or []), list(avoid or []))
    options = PlanOptions(topics=topics, when=when, exclude_threads=exclude,
                          steering=steering, history=load_history(history or []))
    try:
        return plan(sources, options)
    except InputError as exc:
        later = _all_after(sources, when)
        if later:
            raise InputError(
                f"--when {when.isoformat()}: every thread in the sources was posted after "
                f"this moment (the first at {later}); give a later --when") from exc
        raise


def _all_after(sources: Sources, when: datetime) -> str | None:
    """The earliest thread's date when every dated thread is newer than ``when``."""
    dates = []
    for item in sources.threads():
        try:
            moment = datetime.fromisoformat(item.created.replace("Z", "+00:00"))
        except ValueError:
            continue
        dates.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return min(dates).isoformat() if dates and min(dates) > when else None


def stage_write(rundown: Rundown, show: ShowConfig, writer: str, options: WriteOptions,
                beats_path: Path | None = None) -> Script:
    """Plan the beats (saved to ``beats_path`` when given), then write their words."""
    from .writing import choose_writer

    chosen = choose_writer(writer, show, options)
    plan = chosen.plan(rundown)
    if beats_path is not None:
        plan.save(beats_path)
    try:
        return chosen.write_plan(plan)
    except NotImplementedError:  # a plugin writer that works from the rundown
        return chosen.write(rundown)


def write_beats(plan: Any, show: ShowConfig, writer: str, options: WriteOptions) -> Script:
    """The words of a beat plan made before (``tinyleaps write beats.json``)."""
    from .writing import choose_writer

    return choose_writer(writer, show, options).write_plan(plan)


def load_beat_plan(path: Path) -> Any:
    """The beat plan in ``path`` when it holds one (segments with beats), else None."""
    from .writing.beats import BeatPlan

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # Rundown.load says what is wrong with it
    segments = data.get("segments") if isinstance(data, dict) else None
    if isinstance(segments, list) and segments and isinstance(segments[0], dict) \
            and "beats" in segments[0]:
        return BeatPlan.from_dict(data, where=str(path))
    return None


def save_script(script: Script, out: Path) -> None:
    script.save(out / "script.json")
    write_script_text(script, out)


def write_script_text(script: Script, out: Path) -> None:
    """``script.txt`` from ``script`` (only when it differs): a hand-edited script.json
    is what the next stages use, so what derives from it follows."""
    txt, text = out / "script.txt", script.to_text()
    try:
        if txt.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(txt, text)


def require_voiceable(script: Script, where: Path) -> None:
    """InputError naming ``where`` unless every turn has words to say (before any voice
    is loaded)."""
    if not script.turns:
        raise InputError(f"{where}: the script has no turns to voice")
    hosts = script.host_names()
    for i, turn in enumerate(script.turns):
        if turn.speaker not in hosts:
            raise InputError(f"{where}: turn {i} speaker {turn.speaker!r} is not a host "
                             f"({', '.join(hosts) or 'the script lists no hosts'})")
        if not turn.text.strip():
            raise InputError(f"{where}: turn {i} ({turn.speaker}) has no text to voice")


# ----------------------------------------------------------------------------- episode


def run_episode(
    specs: list[str], out: Path, opts: EpisodeOptions, progress: Progress | None = None
) -> Episode:
    """Run every stage into ``out``, reusing the stages that are already done. The folder
    is locked for the run; a run that fails before writing anything leaves no folder."""
    with run_folder(out), folder_lock(out, "episode run"):
        remove_temp_files(out)
        return _run_stages(specs, out, opts, progress or null_progress)


def _run_stages(specs: list[str], out: Path, opts: EpisodeOptions, progress: Progress) -> Episode:
    started = time.monotonic()
    log = StageLog(out)
    when = _episode_when(opts, log)
    show = opts.show
    check_lexicon(show)  # a bad lexicon.toml fails now, not after the writing
    focus, avoid = opts.focus or show.themes("focus"), opts.exclude or show.themes("exclude")

    ingest = opts.ingest
    if ingest.lexicon_dir is None and show.folder is not None:
        ingest = replace(ingest, lexicon_dir=show.folder)  # the show's lexicon fixes names
    fp = fingerprint("ingest", spec_fingerprint(specs), ingest.sort, ingest.time,
                     ingest.limit, ingest.asr_model, ingest.title)
    sources_path = out / "sources.json"
    if not log.fresh("ingest", fp, [sources_path]):
        with log.run("ingest", fp):
            stage_ingest(specs, ingest, progress).save(sources_path)
    _stage_done(progress, "ingest", log)

    fp = fingerprint("plan", sources_path, opts.topics, when.isoformat(), opts.exclude_threads,
                     focus, avoid, [d / "rundown.json" for d in opts.history_dirs])
    rundown_path = out / "rundown.json"
    if not log.fresh("plan", fp, [rundown_path]):
        with log.run("plan", fp):
            sources = Sources.load(sources_path)
            stage_plan(sources, opts.topics, when, opts.exclude_threads, focus,
                       avoid, opts.history_dirs).save(rundown_path)
    _stage_done(progress, "plan", log)

    w = opts.write
    fp = fingerprint("write", rundown_path, opts.writer, w.minutes, w.llm.url, w.llm.model,
                     w.llm.style, [vars(h) for h in show.hosts], show.name,
                     sorted(w.recent_phrases), __version__)
    script_path = out / "script.json"
    prefetch = None if opts.no_audio else SegmentPrefetcher(show)
    if not log.fresh("write", fp, [script_path, out / "beats.json"]):
        with log.run("write", fp):
            rundown = Rundown.load(rundown_path)
            options = replace(w, progress=lambda msg: progress(msg), on_segment=prefetch)
            script = stage_write(rundown, show, opts.writer, options, out / "beats.json")
            save_script(script, out)
    _stage_done(progress, "write", log)
    _release_writer_models()
    if prefetch is not None:  # the rest is voiced by the voice stage, on every core
        prefetch.finish()
        if prefetch.first_audio is not None:
            log.times["first_audio"] = round(prefetch.first_audio - started, 2)
    script = Script.load(script_path)
    write_script_text(script, out)

    voice_info: dict[str, Any] = {}
    if not opts.no_audio:
        require_voiceable(script, script_path)
        voice_info = _run_voice(script, out, opts, log, progress)
    return finish_episode(script, out, log, voice_info)


def check_lexicon(show: ShowConfig) -> None:
    """Read the user's and the show's lexicon.toml, its ``[words]`` (the voices) and its
    ``[spellings]`` (ingest): InputError naming a bad one, before any stage runs."""
    from .text.names import load_names
    from .voice.speech_text import load_lexicon

    load_lexicon(show.folder)
    load_names(show.folder)


def _episode_when(opts: EpisodeOptions, log: StageLog) -> datetime:
    """``--when``, or the moment the first run of this episode started (for resume)."""
    if opts.when is not None:
        when = opts.when
    elif isinstance(log.state.get("when"), str) and _moment(log.state["when"]):
        when = parse_when(log.state["when"])
    else:
        when = parse_when(None)
    log.state["when"] = when.isoformat()
    return when


def _moment(text: str) -> bool:
    try:
        parse_when(text)
    except InputError:
        return False
    return True


def _stage_done(progress: Progress, stage: str, log: StageLog) -> None:
    progress(f"{stage} done in {log.times.get(stage, 0.0):.1f} s")


def _release_writer_models() -> None:
    from .writing import release_models

    release_models()


def _run_voice(
    script: Script, out: Path, opts: EpisodeOptions, log: StageLog, progress: Progress
) -> dict[str, Any]:
    sound = opts.sound
    fp = fingerprint("voice", out / "script.json", [vars(h) for h in opts.show.hosts],
                     opts.show.tts, str(sound.music or ""), sound.backchannels, sound.sting,
                     __version__)
    info_path = out / VOICE_INFO
    outputs = [out / name for name in VOICE_OUTPUTS] + [info_path]
    info = read_json_object(info_path)
    if not (info and log.fresh("voice", fp, outputs)):
        with log.run("voice", fp):
            info = voice_episode(script, out, opts.show, sound=sound, progress=progress)
            atomic_write_json(info_path, info)
    _stage_done(progress, "voice", log)
    return info


def finish_episode(
    script: Script, out: Path, log: StageLog, voice_info: dict[str, Any]
) -> Episode:
    """Write shownotes.md and episode.json (cheap; always re-done)."""
    from .publish.shownotes import render_shownotes

    atomic_write_text(out / "shownotes.md", render_shownotes(script))
    mp3 = out / "episode.mp3"
    mp3_info: dict[str, Any] = {}
    if mp3.exists() and voice_info:
        mp3_info = {"file": mp3.name, "bytes": mp3.stat().st_size, "sha256": sha256_file(mp3)}
    episode = Episode(
        title=script.title,
        show=script.show,
        hosts=script.hosts,
        recorded_at=script.recorded_at,
        duration_s=voice_info.get("duration_s"),
        mp3=mp3_info,
        models={"writer": script.writer, **voice_info.get("models", {})},
        voices=voice_info.get("voices", {}),
        stage_times=dict(log.times),
        fallbacks=voice_info.get("fallbacks", []) + _writer_fallbacks(script),
        files=sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith(".")),
    )
    if "episode.json" not in episode.files:
        episode.files = sorted([*episode.files, "episode.json"])
    episode.save(out / "episode.json")
    return episode


def _writer_fallbacks(script: Script) -> list[dict[str, Any]]:
    """Lines the model writer tried and handed to the floor, with why."""
    out = []
    for beat, info in (script.writer.get("lines") or {}).items():
        if isinstance(info, dict) and info.get("origin") == "floor" and "model_said" in info:
            out.append({"stage": "write", "beat": beat, "used": "floor line",
                        "reason": str(info.get("why", "failed the line checks")),
                        "model_said": str(info.get("model_said", ""))})
    return out
