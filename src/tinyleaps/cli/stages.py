"""One command per pipeline stage: each reads the previous stage's file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from ..artifacts import Rundown, Script, Sources
from ..config import theme_list
from ..errors import InputError
from ..fsutil import (
    atomic_write_json,
    atomic_write_text,
    folder_lock,
    remove_temp_files,
    run_folder,
)
from ..pipeline import (
    check_lexicon,
    finish_episode,
    load_beat_plan,
    require_voiceable,
    stage_ingest,
    stage_plan,
    stage_write,
    write_beats,
    write_script_text,
)
from ..resume import StageLog
from ..timephrase import parse_when
from ..writing import WriteOptions
from . import options as opt
from .ui import StageDisplay, console

OutFile = opt.PathArg(dir_okay=False)


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--out", required=True, type=OutFile, help="sources.json to write.")
@opt.ingest_options
@opt.title_option
def ingest_command(sources: tuple[str, ...], out: Path, sort: str, time_window: str,
                   limit: int, asr_model: str | None, title: str | None) -> None:
    """Read SOURCE... into sources.json."""
    display = StageDisplay()
    with display.running():
        display.start("ingest")
        options = opt.make_ingest_options(sort, time_window, limit, asr_model, title)
        result = stage_ingest(list(sources), options, display)
        result.save(out)
        display.finish(f"{len(result.sources)} items")
    console.print(f"Wrote {out} ({len(result.threads())} threads, {len(result.sources)} items)",
                  markup=False)


@click.command("plan")
@click.argument("sources_json", type=opt.PathArg(dir_okay=False))
@click.option("--out", required=True, type=OutFile, help="rundown.json to write.")
@opt.topics_option
@opt.when_option
@opt.steering_options
@opt.history_option
def plan_command(sources_json: Path, out: Path, topics: int, when: datetime | None,
                 focus: str | None, avoid: str | None, history: tuple[Path, ...]) -> None:
    """Pick the topics and key comments: sources.json → rundown.json."""
    rundown = stage_plan(Sources.load(sources_json), topics, when or parse_when(None), {},
                         theme_list(focus), theme_list(avoid), list(history))
    rundown.save(out)
    for seg in rundown.segments:
        console.print(f"{seg.id}: {seg.title} (@{seg.op}, {len(seg.points)} points)",
                      markup=False)
    console.print(f"Wrote {out}", markup=False)


@click.command("write")
@click.argument("rundown_json", type=opt.PathArg(dir_okay=False))
@click.option("--out", required=True, type=OutFile, help="script.json to write "
              "(script.txt goes beside it).")
@opt.writer_options
@opt.show_options
def write_command(rundown_json: Path, out: Path, writer: str, minutes: float,
                  llm_url: str | None, llm_model: str | None, style: str | None,
                  config_path: Path | None, show_name: str | None, hosts: str | None) -> None:
    """Write the two-host script: rundown.json (or a beats.json made before, to write the
    same beats again) → script.json + script.txt, and beats.json beside them."""
    if out.suffix.lower() == ".txt" or out.name == "beats.json":
        raise InputError(f"--out {out}: name the script's JSON file (script.txt and "
                         "beats.json are written beside it)")
    plan = load_beat_plan(rundown_json)
    rundown = None if plan is not None else Rundown.load(rundown_json)
    show = opt.make_show(config_path, show_name, hosts)
    display = StageDisplay()
    beats = out.with_name("beats.json")
    options = WriteOptions(minutes, opt.make_llm_options(llm_url, llm_model, style, show),
                           progress=display)
    with display.running():
        display.start("write")
        if plan is not None:
            script = write_beats(plan, show, writer, options)
            if beats.resolve() != rundown_json.resolve():
                plan.save(beats)
        else:
            assert rundown is not None
            script = stage_write(rundown, show, writer, options, beats)
        display.finish(f"{len(script.turns)} turns, {script.word_count()} words")
    script.save(out)
    txt = out.with_suffix(".txt")
    atomic_write_text(txt, script.to_text())
    console.print(f"Wrote {out}, {txt} and {beats} (writer: {script.writer.get('id')})",
                  markup=False)


@click.command("voice")
@click.argument("script_json", type=opt.PathArg(dir_okay=False))
@click.option("--out", required=True, type=opt.PathArg(file_okay=False),
              help="Episode folder for the MP3, transcripts and chapters.")
@opt.show_options
@opt.sound_options
def voice_command(script_json: Path, out: Path, config_path: Path | None,
                  show_name: str | None, hosts: str | None, music: Path | None,
                  no_backchannels: bool, no_sting: bool) -> None:
    """Voice a script: script.json → episode.mp3, transcripts, chapters."""
    from ..audio.voicing import VOICE_INFO, voice_episode

    script = Script.load(script_json)
    show = opt.make_show(config_path, show_name, hosts)
    check_lexicon(show)
    require_voiceable(script, script_json)
    with run_folder(out), folder_lock(out, "voice run"):
        remove_temp_files(out)
        if script_json.resolve() != (out / "script.json").resolve():
            script.save(out / "script.json")
        write_script_text(script, out)
        display = StageDisplay()
        log = StageLog(out)
        with display.running(), log.run("voice", "manual"):
            display.start("voice")
            sound = opt.make_sound_options(music, no_backchannels, no_sting)
            info = voice_episode(script, out, show, sound=sound, progress=display)
            atomic_write_json(out / VOICE_INFO, info)
            display.finish("done")
        finish_episode(script, out, log, info)
    console.print(f"Episode: {out / 'episode.mp3'} ({info['duration_s']:.0f} s)", markup=False)
