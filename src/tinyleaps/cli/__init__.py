"""The ``tinyleaps`` command line. One module per command group; this one wires them."""

from __future__ import annotations

import logging
import os
import sys
import traceback

import click

from .. import __version__
from ..errors import TinyLeapsError
from . import check, daily, episode, llmserve, publish, serve, stages
from .ui import error_line

COMMANDS = [
    episode.episode_command,
    episode.demo_command,
    stages.ingest_command,
    stages.plan_command,
    stages.write_command,
    stages.voice_command,
    check.check_command,
    publish.command,
    serve.command,
    daily.command,
    llmserve.command,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tinyleaps")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Tiny Leaps: turn community threads into a two-host podcast, on local models."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


for _cmd in COMMANDS:
    cli.add_command(_cmd)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning our errors into one line and an exit status."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="tinyleaps", standalone_mode=False)
    except click.exceptions.Abort:
        error_line("aborted")
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `tinyleaps`: the help
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        return 0
    except click.ClickException as exc:
        # usage errors: click's own one-line message, exit 2
        error_line(exc.format_message())
        return exc.exit_code
    except TinyLeapsError as exc:
        if debug:
            traceback.print_exc()
        error_line(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        error_line("interrupted; finished stages are kept and the next run resumes")
        return 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:  # `tinyleaps check DIR | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        if exc.filename is None:
            return _internal_error(exc, debug)
        if debug:
            traceback.print_exc()
        error_line(f"{exc.filename}: {exc.strerror or exc}")  # a file we could not use
        return 2
    except Exception as exc:  # a bug: still one line unless --debug
        return _internal_error(exc, debug)
    return 0


def _internal_error(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    error_line(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    return 1

