"""``tinyleaps llm-serve [--model FILE.gguf] [--host 127.0.0.1] [--port 8080]``: run
llama.cpp's OpenAI-compatible server with the bundled model (or any GGUF) so other
tools, or ``tinyleaps --llm-url`` from another shell, can share one loaded model."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from ..errors import InputError
from .options import PathArg


@click.command("llm-serve")
@click.option("--model", "model", type=PathArg(dir_okay=False),
              default=None, help="A GGUF file (default: the bundled Qwen2.5-Coder-1.5B).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="0 picks a free port.")
@click.option("--ctx", default=4096, show_default=True, type=click.IntRange(512, 131072),
              help="Context length in tokens.")
@click.option("--threads", default=None, type=click.IntRange(1, 512),
              help="CPU threads (default: $TINYLEAPS_LLM_THREADS, else all cores).")
def command(model: Path | None, host: str, port: int, ctx: int, threads: int | None) -> None:
    """Serve a local model over an OpenAI-compatible API (/v1/chat/completions)."""
    from ..models.embedded import EMBEDDED_MODEL_ID, ensure_embedded_model
    from ..writing.llm.llamacpp import RunSettings, serve_http
    from ..writing.llm.options import llm_options

    if model is not None and not model.is_file():
        raise InputError(f"{model}: GGUF model file not found")
    # --threads for both kinds of llama.cpp thread; else TINYLEAPS_LLM_* as for the writer
    options = llm_options({"ctx": ctx, "threads": threads, "batch_threads": threads})
    path = model or ensure_embedded_model()
    alias = path.name if model is not None else EMBEDDED_MODEL_ID
    server = serve_http(RunSettings.of(path, options), host, port, alias)
    url = f"{server.listening_address}/v1"
    click.echo(f"serving {alias} at {url}  (Ctrl+C to stop)", err=True)
    click.echo(f"use it with: tinyleaps episode ... --llm-url {url} --llm-model {alias}",
               err=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    click.echo("stopped", err=True)
