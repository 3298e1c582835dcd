"""A whole episode against the speed of the hardware, measured in one run (issue 13).

    .venv/bin/python bench/bench_episode.py [--days 2025-07-22,2025-08-05]
        [--minutes 3,5,10] [--threads N] [--batch-threads N] [--parallel N]
        [--draft mod|simple] [--tts-workers N] [--no-voice] [--no-raw-voice]
        [--json FILE]

For each shared day and length it makes an episode the way ``tinyleaps episode`` does
(the same stage functions: ingest, plan, the default writer with the bundled model and
finished segments voiced in the background while it writes, then the voice stage) into
a cold cache, and measures, in the same run:

* the **raw engine**: the bundled model through llama.cpp directly, on the writer's own
  server: one plain request (the episode's notes, no chat template, no grammar, no
  prompt cache, 200 tokens generated whatever the model wants), before and after the
  writer; llama.cpp's own timings give prompt tokens/s and generation tokens/s;
* the **floor**: the episode's unique prompt tokens (every request's prompt, tokenized by
  llama.cpp, counted once: what an earlier request or reply already held is not
  counted again) / prompt speed + the tokens the writer generated / generation speed;
  the writer's wall time (model loaded, requests, checks, repairs) as a ratio to it;
* **read every token once**: prompt tokens llama.cpp evaluated (``prompt_n``) against the
  unique ones, and the tokens its prompt cache served (``cache_n``), per request;
* the episode: total wall time (ingest to MP3, model load included), time to the first
  voiced line, peak RSS of this process until then;
* the **voice stage against the raw TTS engines** on the same lines: the episode's
  script voiced again into an empty line cache and mixed and mastered (what the voice
  stage does with nothing streamed), against the raw engines (piper, hibari) called one
  line at a time on the same spoken text.

Prints a markdown table per episode and one for all; ``--json`` keeps every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import httpx

from tinyleaps import registry
from tinyleaps.artifacts import Script
from tinyleaps.config import ShowConfig
from tinyleaps.pipeline import stage_ingest, stage_plan
from tinyleaps.sources import IngestOptions
from tinyleaps.writing import release_models
from tinyleaps.writing.llm.base import ChatResult, Message
from tinyleaps.writing.llm.conversation import ConversationWriter
from tinyleaps.writing.llm.llamacpp import EmbeddedBackend, unload_all
from tinyleaps.writing.llm.options import llm_options
from tinyleaps.writing.llm.schedule import ChatRequest, Dispatcher
from tinyleaps.writing.options import WriteOptions

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reddit" / "LocalLLaMA"
RAW_GENERATE = 200
RUN_KEYS = ("threads", "batch_threads", "parallel", "draft")


@dataclass
class Call:
    """One request the writer made, as sent, and what came back."""

    messages: list[Message]
    reply: str
    result: ChatResult
    request: ChatRequest


class Recording(EmbeddedBackend):
    """The bundled model's backend, keeping every request for the token count; the
    writer finds it in the registry (``recording_plugin``) like any backend."""

    id = "recording"
    calls: ClassVar[list[Call]] = []
    _lock = threading.Lock()

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        result = super().chat(messages, json_schema=json_schema, max_tokens=max_tokens,
                              temperature=temperature, seed=seed)
        request = ChatRequest([dict(m) for m in messages], json_schema, max_tokens,
                              temperature, seed)
        with self._lock:
            self.calls.append(Call(request.messages, result.text, result, request))
        return result


recording_plugin = ModuleType("recording_plugin")
recording_plugin.register_llms = lambda register: register(Recording)  # type: ignore[attr-defined]
registry.add_plugin(recording_plugin)


@dataclass
class Raw:
    """llama.cpp's own speeds on one plain request."""

    prompt_n: int
    prompt_tps: float
    generate_tps: float


@dataclass
class Row:
    day: str
    minutes: float
    settings: dict[str, Any]
    load: str = ""
    ingest_s: float = 0.0
    plan_s: float = 0.0
    model_load_s: float = 0.0
    write_s: float = 0.0
    voice_s: float = 0.0
    total_s: float = 0.0
    first_audio_s: float | None = None
    peak_rss_mb: float = 0.0
    words: int = 0
    requests: int = 0
    repairs: int = 0
    model_lines: int = 0
    floor_lines: int = 0
    repaired_lines: int = 0  # model lines that passed only when asked again
    unique_prompt: int = 0
    evaluated_prompt: int = 0
    cached_prompt: int = 0
    generated: int = 0
    story_prompts: list[int] = field(default_factory=list)
    raw: list[Raw] = field(default_factory=list)
    floor_s: float = 0.0
    ratio: float = 0.0
    overlap_s: float = 0.0
    voice_cold_s: float = 0.0
    raw_tts_s: float = 0.0
    voice_ratio: float = 0.0
    in_model_s: float = 0.0  # llama.cpp's own prompt + generation time, all requests
    calls: list[dict[str, Any]] = field(default_factory=list)  # script.writer["calls"]


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def fresh_cache() -> Path:
    """A new, empty cache (lines, embeddings) that still finds the assembled model."""
    real = Path(os.environ.get("BENCH_REAL_CACHE", Path.home() / ".cache" / "tinyleaps"))
    cache = Path(tempfile.mkdtemp(prefix="bench-episode-cache-"))
    (cache / "models").symlink_to(real / "models")
    os.environ["TINYLEAPS_CACHE_DIR"] = str(cache)
    return cache


# ------------------------------------------------------------------ the raw engine


def raw_notes(writer: ConversationWriter, rundown: Any) -> str:
    """Text as long as one of the writer's requests (the system prompt, its lines in
    reverse so no prefix is shared with the writer's, and the first story's facts)."""
    system = "\n".join(writer._system_prompt().split("\n")[::-1])
    story = writer.plan(rundown).segments[1]
    return system + "\n" + "\n".join(f.text for b in story.beats for f in b.facts)


def raw_speed(server: Any, notes: str) -> Raw:
    """One plain request: ``notes`` read (no cache), RAW_GENERATE tokens generated."""
    data = server.handle_completions({"prompt": notes, "n_predict": RAW_GENERATE,
                                      "ignore_eos": True, "cache_prompt": False,
                                      "temperature": 0.5, "seed": 1})
    t = data["timings"]
    return Raw(int(t["prompt_n"]), round(float(t["prompt_per_second"]), 2),
               round(float(t["predicted_per_second"]), 2))


def tokens(url: str, messages: list[Message]) -> list[int]:
    """The prompt llama.cpp builds from ``messages`` (its chat template), tokenized."""
    prompt = httpx.post(f"{url}/apply-template", json={"messages": messages},
                        timeout=60).json()["prompt"]
    return list(httpx.post(f"{url}/tokenize", json={"content": prompt}, timeout=60)
                .json()["tokens"])


def text_tokens(url: str, text: str) -> list[int]:
    return list(httpx.post(f"{url}/tokenize", json={"content": text}, timeout=60)
                .json()["tokens"])


def unique_prompt_tokens(url: str, calls: list[Call]) -> tuple[int, list[int]]:
    """Prompt tokens no earlier request or reply already held (a trie count), and each
    first request's tokens beyond the shared system prompt."""
    known: list[list[int]] = []
    unique = 0
    stories = []
    for call in calls:
        prompt = tokens(url, as_generated(call.messages, calls))
        shared = max((_common(prompt, k) for k in known), default=0)
        unique += len(prompt) - shared
        if len(call.messages) == 2:
            stories.append(len(prompt) - shared)
        known.append(prompt + text_tokens(url, call.reply))
    return unique, stories


def as_generated(messages: list[Message], calls: list[Call]) -> list[Message]:
    """``messages`` with each assistant message as the model generated it (a reply sent
    back in another form is not new information: the floor does not read it)."""
    out = []
    for i, message in enumerate(messages):
        if message["role"] == "assistant":
            made = next((c for c in calls if c.messages == messages[:i]), None)
            message = {**message, "content": made.reply} if made else message
        out.append(message)
    return out


def _common(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


# ------------------------------------------------------------------ one episode


def make_episode(day: str, minutes: float, args: argparse.Namespace) -> tuple[Row, list[Call]]:
    from tinyleaps.audio.voicing import SegmentPrefetcher, voice_episode

    show = ShowConfig()
    settings = llm_options({**run_settings(args), "backend": Recording.id})
    row = Row(day, minutes, {}, load=load_average())
    fresh_cache()
    out = Path(tempfile.mkdtemp(prefix=f"bench-episode-{day}-"))
    unload_all()
    Recording.calls = []
    backend = Recording(settings)
    t = time.monotonic()
    server = backend._server()  # in the pipeline the first request loads it
    row.model_load_s = time.monotonic() - t
    row.settings = {**{k: v for k, v in backend.describe().items() if k in RUN_KEYS},
                    "tts_workers": args.tts_workers,
                    "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY")}
    prefetch = SegmentPrefetcher(show, workers=args.tts_workers) if args.voice else None
    writer = ConversationWriter(show, WriteOptions(
        minutes=minutes, llm=settings, on_segment=prefetch))
    start = time.monotonic()
    sources = stage_ingest([str(DATA / day)], IngestOptions(), lambda *_: None)
    row.ingest_s = time.monotonic() - start
    when = datetime.fromisoformat(f"{day}T22:00:00-07:00")
    rundown = stage_plan(sources, 3, when, {})
    row.plan_s = time.monotonic() - start - row.ingest_s
    notes = raw_notes(writer, rundown)
    row.raw.append(raw_speed(server, notes))
    t = time.monotonic()
    script = writer.write_plan(writer.plan(rundown))
    row.write_s = time.monotonic() - t
    release_models()  # as the pipeline does; the raw engine is measured on a new server
    if prefetch is not None:
        prefetch.finish()
        v = time.monotonic()
        voice_episode(script, out, show)
        row.voice_s = time.monotonic() - v
        if prefetch.first_audio is not None:  # model load counted: an upper bound
            row.first_audio_s = (row.ingest_s + row.plan_s + row.model_load_s
                                 + prefetch.first_audio - t)
    row.total_s = row.ingest_s + row.plan_s + row.model_load_s + row.write_s + row.voice_s
    row.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row.raw.append(raw_speed(backend._server(), notes))
    script.save(out)  # kept beside the audio, to read
    writer_record(row, script, backend)
    if args.voice and args.raw_voice:
        voice_vs_raw(row, script, show)
    return row, backend.calls


def writer_record(row: Row, script: Script, backend: Recording) -> None:
    rec = script.writer
    calls = backend.calls
    row.words = script.word_count()
    row.requests = len(calls)
    row.repairs = sum(1 for c in rec["calls"] if c["purpose"] == "repair")
    row.model_lines, row.floor_lines = rec["model_lines"], rec["floor_lines"]
    row.repaired_lines = sum(1 for line in rec.get("lines", {}).values()
                             if isinstance(line, dict) and line.get("attempt") == 2)
    row.overlap_s = float(rec.get("overlap_s", 0.0))
    row.calls = list(rec["calls"])
    row.in_model_s = sum(c.result.prompt_ms + c.result.generate_ms for c in calls) / 1000
    row.generated = sum(c.result.completion_tokens for c in calls)
    row.cached_prompt = sum(c.result.cached_tokens for c in calls)
    row.evaluated_prompt = sum(c.result.prompt_tokens - c.result.cached_tokens for c in calls)
    url = backend._server().listening_address
    row.unique_prompt, row.story_prompts = unique_prompt_tokens(url, calls)
    prompt_tps = sum(r.prompt_tps for r in row.raw) / len(row.raw)
    generate_tps = sum(r.generate_tps for r in row.raw) / len(row.raw)
    row.floor_s = row.unique_prompt / prompt_tps + row.generated / generate_tps
    row.ratio = row.write_s / row.floor_s


def voice_vs_raw(row: Row, script: Script, show: ShowConfig) -> None:
    """The voice stage with nothing streamed, against the raw engines on the same lines."""
    from bench_voice import raw_engines

    from tinyleaps.audio.produce import render_audio
    from tinyleaps.voice.synth import synthesize_lines

    fresh_cache()
    with tempfile.TemporaryDirectory() as out:
        t = time.monotonic()
        lines = synthesize_lines(script, show)
        render_audio(script, lines, Path(out))
        row.voice_cold_s = time.monotonic() - t
    t = time.monotonic()
    raw_engines(lines)
    row.raw_tts_s = time.monotonic() - t
    row.voice_ratio = row.voice_cold_s / row.raw_tts_s


# ------------------------------------------------------------------ report


def table(row: Row) -> str:
    raw = " / ".join(f"{r.prompt_tps:.1f} read, {r.generate_tps:.1f} gen" for r in row.raw)
    lines = [
        f"### {row.day}, {row.minutes:g} minutes (load average {row.load}; {row.settings})",
        "", "| measure | value |", "| --- | --- |",
        f"| raw llama.cpp tokens/s (before / after the writer) | {raw} |",
        f"| unique prompt tokens / evaluated by llama.cpp / from its cache | "
        f"{row.unique_prompt} / {row.evaluated_prompt} / {row.cached_prompt} |",
        f"| each story's own prompt tokens | {row.story_prompts} |",
        f"| generated tokens | {row.generated} |",
        f"| requests (repairs) | {row.requests} ({row.repairs}) |",
        f"| floor | {row.floor_s:.1f} s |",
        f"| **writer wall / floor** | **{row.write_s:.1f} s / {row.floor_s:.1f} s = "
        f"{row.ratio:.2f}** |",
        f"| inside llama.cpp (reading + generating, all requests) | {row.in_model_s:.1f} s |",
        f"| two requests in slots at once | {row.overlap_s:.1f} s |",
        f"| lines from the model (after a repair) / floor | {row.model_lines} "
        f"({row.repaired_lines}) / {row.floor_lines} |",
        f"| words | {row.words} |",
        f"| ingest / plan / model load | {row.ingest_s:.2f} / {row.plan_s:.2f} / "
        f"{row.model_load_s:.2f} s |",
        f"| voice stage after the writer | {row.voice_s:.1f} s |",
        f"| **total wall** | **{row.total_s:.1f} s** |",
        f"| first voiced line | {_s(row.first_audio_s)} |",
        f"| peak RSS | {row.peak_rss_mb:.0f} MB |",
    ]
    if row.raw_tts_s:
        lines.append(f"| voice stage, nothing streamed / raw TTS engines, same lines | "
                     f"{row.voice_cold_s:.1f} s / {row.raw_tts_s:.1f} s = "
                     f"**{row.voice_ratio:.2f}** |")
    return "\n".join(lines)


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def summary(rows: list[Row]) -> str:
    head = ("| day | min | writer / floor | total wall | first audio | peak RSS | "
            "voice / raw TTS | load |\n| --- | --- | --- | --- | --- | --- | --- | --- |")
    body = [f"| {r.day} | {r.minutes:g} | {r.write_s:.0f} / {r.floor_s:.0f} s = "
            f"{r.ratio:.2f} | {r.total_s:.0f} s | {_s(r.first_audio_s)} | "
            f"{r.peak_rss_mb:.0f} MB | "
            f"{f'{r.voice_ratio:.2f}' if r.raw_tts_s else '-'} | {r.load} |" for r in rows]
    return "\n".join([head, *body])


def save_requests(path: Path, calls: list[Call]) -> None:
    """The writer's requests, in the writer's order, for ``--replay``."""
    out = [{"story": c.request.seed // 2, "repair": bool(c.request.seed % 2),
            **asdict(c.request)} for c in calls]
    out.sort(key=lambda r: (r["story"], r["repair"]))
    path.write_text(json.dumps(out))


def replay(path: Path, args: argparse.Namespace) -> int:
    """Send saved requests as the writer does (first requests announced, then each in
    the writer's order) with this run's llama.cpp settings; print the wall time."""
    saved = json.loads(path.read_text())[: args.limit]
    backend = EmbeddedBackend(llm_options(run_settings(args)))
    backend._server()
    dispatch = Dispatcher(backend, backend.options.parallel)
    requests = [ChatRequest(r["messages"], r["json_schema"], r["max_tokens"],
                            r["temperature"], r["seed"]) for r in saved]
    start = time.monotonic()
    for r, request in zip(saved, requests, strict=True):
        if not r["repair"]:
            dispatch.announce(r["story"], request)
    story, results = 0, []
    for r, request in zip(saved, requests, strict=True):
        while story < r["story"]:
            dispatch.advance()
            story += 1
        results.append(dispatch.chat(request.messages, json_schema=request.json_schema,
                                     max_tokens=request.max_tokens,
                                     temperature=request.temperature, seed=request.seed))
    wall = time.monotonic() - start
    dispatch.stop()
    print(f"replay {path.name}: {len(results)} requests, settings {backend.describe()}, "
          f"load {load_average()}")
    for r, res in zip(saved, results, strict=True):
        print(f"  story {r['story']}{' repair' if r['repair'] else ''}: prompt "
              f"{res.prompt_tokens} ({res.cached_tokens} cached), generated "
              f"{res.completion_tokens}, {res.seconds:.1f} s")
    print(f"wall {wall:.1f} s; generated {sum(r.completion_tokens for r in results)}")
    return 0


def run_settings(args: argparse.Namespace) -> dict[str, Any]:
    """This run's llama.cpp settings (None: the environment's, else the default)."""
    return {"threads": args.threads, "batch_threads": args.batch_threads,
            "parallel": args.parallel, "draft": args.draft}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", default="2025-07-22,2025-08-05")
    ap.add_argument("--minutes", default="3,5,10")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--batch-threads", type=int, default=None)
    ap.add_argument("--parallel", type=int, default=None)
    ap.add_argument("--draft", default=None)
    ap.add_argument("--tts-workers", type=int, default=None)
    ap.add_argument("--no-voice", dest="voice", action="store_false")
    ap.add_argument("--no-raw-voice", dest="raw_voice", action="store_false")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--requests-out", type=Path, default=None,
                    help="save the writer's requests (the last episode's) for --replay")
    ap.add_argument("--replay", type=Path, default=None,
                    help="only send these saved requests with this run's settings")
    ap.add_argument("--limit", type=int, default=None, help="--replay: the first N only")
    args = ap.parse_args()
    if args.replay:
        return replay(args.replay, args)
    from tinyleaps.audio.voicing import PREFETCH_WORKERS

    args.tts_workers = args.tts_workers or PREFETCH_WORKERS
    rows = []
    for day in args.days.split(","):
        for minutes in (float(m) for m in args.minutes.split(",")):
            row, calls = make_episode(day, minutes, args)
            rows.append(row)
            print(table(row) + "\n", flush=True)
            if args.json:
                args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
            if args.requests_out:
                save_requests(args.requests_out, calls)
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
