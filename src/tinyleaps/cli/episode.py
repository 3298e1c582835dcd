"""``tinyleaps episode`` and ``tinyleaps demo``: the whole pipeline in one go."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

import click

from ..config import ShowConfig, theme_list
from ..pipeline import EpisodeOptions, run_episode
from ..writing import WriteOptions
from .options import (
    MINUTES,
    WHEN,
    PathArg,
    history_option,
    ingest_options,
    llm_style_option,
    make_ingest_options,
    make_llm_options,
    make_show,
    make_sound_options,
    show_options,
    sound_options,
    steering_options,
    title_option,
    topics_option,
    when_option,
    writer_options,
)
from .ui import StageDisplay, console

DEMO_WHEN = "2025-07-12T22:00:00-07:00"


def _run(specs: list[str], out: Path, opts: EpisodeOptions) -> None:
    display = StageDisplay()
    with display.running():
        display.start("episode", "starting")
        episode = run_episode(specs, out, opts, progress=display)
        display.finish("done")
    console.print(f"Script: {out / 'script.txt'}", markup=False)
    if episode.mp3:
        minutes, seconds = divmod(round(episode.duration_s or 0), 60)
        console.print(f"Episode: {out / 'episode.mp3'} ({minutes}:{seconds:02d})", markup=False)
    stages = dict(episode.stage_times)
    first = stages.pop("first_audio", None)
    times = ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
    first_line = f"; first line voiced after {first:.1f} s" if first is not None else ""
    console.print(f"Stages: {times}{first_line}", markup=False)


@click.command("episode")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--out", "out", required=True, type=PathArg(file_okay=False),
              help="Episode folder (created; finished stages are reused).")
@topics_option
@when_option
@writer_options
@show_options
@ingest_options
@title_option
@steering_options
@history_option
@click.option("--no-audio", is_flag=True, help="Stop after the script.")
@sound_options
def episode_command(sources: tuple[str, ...], out: Path, topics: int, when: datetime | None,
                    writer: str, minutes: float, llm_url: str | None, llm_model: str | None,
                    style: str | None, config_path: Path | None, show_name: str | None,
                    hosts: str | None, sort: str, time_window: str, limit: int,
                    asr_model: str | None, title: str | None, focus: str | None,
                    avoid: str | None, history: tuple[Path, ...], no_audio: bool,
                    music: Path | None, no_backchannels: bool, no_sting: bool) -> None:
    """Make a whole episode from SOURCE... (Reddit JSON files or folders, r/<sub>,
    thread URLs, transcripts, articles, feeds, audio)."""
    show = make_show(config_path, show_name, hosts)
    opts = EpisodeOptions(
        topics=topics, when=when, show=show, writer=writer, no_audio=no_audio,
        focus=theme_list(focus), exclude=theme_list(avoid), history_dirs=list(history),
        ingest=make_ingest_options(sort, time_window, limit, asr_model, title),
        write=WriteOptions(minutes, make_llm_options(llm_url, llm_model, style, show)),
        sound=make_sound_options(music, no_backchannels, no_sting),
    )
    _run(list(sources), out, opts)


def sample_threads() -> Path:
    """The bundled sample threads (written for the demo, marked as sample data)."""
    return Path(str(resources.files("tinyleaps") / "data" / "sample_threads"))


@click.command("demo")
@click.option("--out", "out", default="demo-episode", show_default=True,
              type=PathArg(file_okay=False))
@click.option("--when", type=WHEN, default=DEMO_WHEN, show_default=True, metavar="ISO8601")
@click.option("--writer", type=click.Choice(["auto", "llm", "extractive"]), default="auto",
              show_default=True,
              help="auto = the bundled model when it can run, else extractive.")
@llm_style_option
@click.option("--minutes", type=MINUTES, default=5.0, show_default=True)
@click.option("--no-audio", is_flag=True)
def demo_command(out: Path, when: datetime, writer: str, style: str | None, minutes: float,
                 no_audio: bool) -> None:
    """A complete episode from the bundled sample threads, fully offline."""
    show = ShowConfig()
    llm = make_llm_options(None, None, style, show)
    opts = EpisodeOptions(topics=3, when=when, show=show, writer=writer, no_audio=no_audio,
                          write=WriteOptions(minutes, llm))
    _run([str(sample_threads())], out, opts)
