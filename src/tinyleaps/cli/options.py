"""Options shared by several commands, validated where they are parsed: a bad value is
a usage error (exit 2) before any file is read or written. The checks themselves live
in :mod:`tinyleaps.config` and :mod:`tinyleaps.timephrase`, so show.toml's values
(``tinyleaps daily``) go through the very same ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..audio.voicing import SoundOptions
from ..config import ShowConfig, load_show_config, minutes_value, topics_value, url_value
from ..errors import InputError
from ..fsutil import regular_file
from ..sources import IngestOptions
from ..timephrase import when_value
from ..writing import LLM_STYLES, LLMOptions, llm_options

F = Callable[..., Any]


class Checked(click.ParamType):
    """A click type around one of our value checks (a function raising ValueError or
    InputError with the reason)."""

    def __init__(self, name: str, check: Callable[[Any], Any]) -> None:
        self.name = name
        self.check = check

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value  # a default, already checked
        try:
            return self.check(value)
        except (ValueError, InputError) as exc:
            self.fail(str(exc), param, ctx)


def music_file(value: str) -> Path:
    """``--music``: a regular file ffprobe reads as audio (a FIFO would hang the mix, a
    text file would fail it after the voicing)."""
    from ..audio import ffmpeg
    from ..errors import BackendError

    path = regular_file(value, "music file")
    try:
        ffmpeg.duration(path)
    except BackendError as exc:
        raise InputError(f"{path}: not an audio file ffmpeg can read") from exc
    return path


MUSIC = Checked("FILE", music_file)


class PathArg(click.Path):
    """``click.Path`` (as a ``pathlib.Path``) that refuses an empty value: ``--out ""``
    would otherwise mean the current folder."""

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True) -> None:
        super().__init__(file_okay=file_okay, dir_okay=dir_okay, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path; give a file or folder name", param, ctx)
        return super().convert(value, param, ctx)


LLM_URL = Checked("URL", url_value)
TOPICS = Checked("integer", topics_value)
MINUTES = Checked("float", minutes_value)
WHEN = Checked("ISO8601", when_value)


def show_options(f: F) -> F:
    f = click.option("--config", "config_path", type=PathArg(dir_okay=False),
                     help="Show config (TOML): name, hosts, voices, personas.")(f)
    f = click.option("--show", "show_name", metavar="NAME",
                     help="Show name (default: Tiny Leaps).")(f)
    f = click.option("--hosts", metavar="A,B", help="The two hosts' names (default: KAI,ELIZA).")(f)
    return f


def make_show(config_path: Path | None, show_name: str | None, hosts: str | None) -> ShowConfig:
    show = load_show_config(config_path)
    if show_name is not None:
        if not show_name.strip():
            raise InputError("--show '': give the show a name")
        show.name = " ".join(show_name.split())
    if hosts:
        show = show.with_host_names(hosts.split(","))
    return show


def writer_options(f: F) -> F:
    f = click.option("--writer", type=click.Choice(["auto", "llm", "extractive"]), default="auto",
                     show_default=True,
                     help="auto = the LLM (your --llm-url/--llm-model, else the bundled "
                          "model) when it can run, else extractive; llm = that LLM or the "
                          "bundled model; extractive = the floor: every line from the "
                          "sources' own words, no model.")(f)
    f = click.option("--minutes", type=MINUTES, default=5.0, show_default=True,
                     help="Target length (~150 spoken words a minute).")(f)
    f = click.option("--llm-url", type=LLM_URL, metavar="URL", envvar="TINYLEAPS_LLM_URL",
                     help="OpenAI-compatible chat endpoint, e.g. http://127.0.0.1:8080/v1 "
                          "(key from $TINYLEAPS_LLM_API_KEY).")(f)
    f = click.option("--llm-model", metavar="NAME_OR_GGUF", envvar="TINYLEAPS_LLM_MODEL",
                     help="Model name on --llm-url, or a local .gguf file.")(f)
    return llm_style_option(f)


def llm_style_option(f: F) -> F:
    return click.option("--llm-style", "style",
                        type=click.Choice(list(LLM_STYLES), case_sensitive=False),
                        envvar="TINYLEAPS_LLM_STYLE", default=None,
                        help="guided = the model writes each story's points, questions and "
                             "sum-ups, short and checked (made for small models); free = "
                             "longer lines, and the intro and outro too (for big models on "
                             "your own server). [default: show.toml's [llm] style, else "
                             "guided]")(f)


def ingest_options(f: F) -> F:
    f = click.option("--sort", type=click.Choice(["hot", "top", "new"]), default="top",
                     show_default=True, help="r/<sub> listing to fetch.")(f)
    f = click.option("--time", "time_window", type=click.Choice(["day", "week"]), default="day",
                     show_default=True, help="Window of the top listing.")(f)
    f = click.option("--limit", type=click.IntRange(1, 100), default=25, show_default=True,
                     help="Threads fetched from a listing.")(f)
    f = click.option("--asr-model", metavar="MODEL", envvar="TINYLEAPS_ASR_MODEL",
                     help="Speech model for audio sources: base (default), tiny.en, or a "
                          "faster-whisper model folder.")(f)
    return f


def make_ingest_options(sort: str, time_window: str, limit: int,
                        asr_model: str | None = None, title: str | None = None) -> IngestOptions:
    return IngestOptions(sort=sort, time=time_window, limit=limit, asr_model=asr_model,
                         title=" ".join(title.split()) if title else None)


def title_option(f: F) -> F:
    return click.option("--title", metavar="TEXT",
                        help="The recording's name for transcript and audio sources "
                             "(default: from its content, never its file name).")(f)


def history_option(f: F) -> F:
    return click.option("--history", "history", multiple=True, metavar="EPISODE_DIR",
                        type=click.Path(exists=True, file_okay=False, path_type=Path),
                        help="An earlier episode folder (repeatable): a story it covered "
                             "that continues today is planned as a follow-up.")(f)


def steering_options(f: F) -> F:
    f = click.option("--focus", metavar="THEMES",
                     help="Favour topics on these themes, e.g. 'quantization, local "
                          "hardware' (an episode's default: show.toml's focus).")(f)
    f = click.option("--exclude", "avoid", metavar="THEMES",
                     help="Leave out topics on these themes (an episode's default: "
                          "show.toml's exclude).")(f)
    return f


def when_option(f: F) -> F:
    return click.option("--when", type=WHEN, metavar="ISO8601",
                        help="The episode's 'recorded at' moment, a date and a time "
                             "(default: now, local time).")(f)


def topics_option(f: F) -> F:
    return click.option("--topics", type=TOPICS, default=3, show_default=True,
                        help="How many topics (1-12).")(f)


def make_llm_options(llm_url: str | None, llm_model: str | None, style: str | None,
                     show: ShowConfig) -> LLMOptions:
    """The LLM's options: these flags (click has read their env vars), else the
    environment, else show.toml, else the defaults (:func:`..writing.llm_options`)."""
    return llm_options({"url": llm_url, "model": llm_model, "style": style}, show)


def make_sound_options(music: Path | None, no_backchannels: bool,
                       no_sting: bool) -> SoundOptions:
    return SoundOptions(music, backchannels=not no_backchannels, sting=not no_sting)


def sound_options(f: F) -> F:
    f = click.option("--music", type=MUSIC,
                     help="Intro/outro music bed, ducked under speech; its opening is also "
                          "the sting between stories.")(f)
    f = click.option("--no-backchannels", "no_backchannels", is_flag=True,
                     help="The listening host stays silent (no 'right', 'yeah').")(f)
    f = click.option("--no-sting", "no_sting", is_flag=True,
                     help="No sting between stories (just a longer pause).")(f)
    return f
