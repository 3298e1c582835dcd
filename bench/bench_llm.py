"""Benchmark the LLM writer on real threads: a 5-minute script from the three top
threads of r/LocalLLaMA on 2025-07-12, with the embedded model, streaming each finished
segment into the voices as ``tinyleaps episode`` does.

    .venv/bin/python bench/bench_llm.py [--minutes 5] [--data ../shared/data] [--no-voice]
        [--style guided|free] [--threads N] [--replay N] [--script-out FILE]

Reports, as a markdown table: total time, prompt/generated tokens, tokens/s through our
writer vs every one of the writer's requests replayed straight to a fresh in-process
llama.cpp server started and warmed up the same way (same messages, schema, max_tokens,
seed), time to the first
voiced segment, segments that passed first time, repairs, deterministic fixes, salvages,
fallbacks and grounding violations in the final script.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tinyleaps.writing.llm.writer import LLMWriter

from tinyleaps.artifacts import Script, Sources
from tinyleaps.check.script_rules import check_script
from tinyleaps.config import ShowConfig
from tinyleaps.planning import plan
from tinyleaps.planning.options import PlanOptions
from tinyleaps.sources.reddit.backend import read_reddit_file
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.llm.base import ChatResult, LLMSettings, Message
from tinyleaps.writing.llm.llamacpp import (
    EmbeddedBackend,
    compact_json,
    serve_http,
    unload_all,
)
from tinyleaps.writing.llm.openai import response_format

WHEN = "2025-07-12T22:00:00-07:00"
WARM_UP: list[Message] = [{"role": "user", "content": "Say hi."}]
#: the first request with a JSON schema pays a one-time ~7 s grammar-engine set-up in
#: llama.cpp, which the replay (run second) would otherwise get for free
WARM_UP_SCHEMA: dict[str, Any] = {"type": "object", "properties": {"line": {"type": "string"}},
                                  "required": ["line"]}
Request = tuple[list[Message], dict[str, Any] | None, int, float, int]


class Recording(EmbeddedBackend):
    """The embedded backend, remembering each request for the raw replay."""

    def __init__(self, settings: LLMSettings) -> None:
        super().__init__(settings)
        self.requests: list[Request] = []
        self.seconds: list[float] = []  # time inside llama.cpp per request
        self.replayed: list[float] = []

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        self.requests.append((messages, json_schema, max_tokens, temperature, seed))
        reply = super().chat(messages, json_schema=json_schema, max_tokens=max_tokens,
                             temperature=temperature, seed=seed)
        self.seconds.append(reply.seconds)
        return reply


class TimedVoicing:
    """``on_segment``: voices each finished segment on one background thread (like
    voice.render.SegmentPrefetcher, but into a fresh cache) and notes when each is done."""

    def __init__(self, show: ShowConfig, start: float) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self.show, self.start = show, start
        self.cache = Path(tempfile.mkdtemp(prefix="bench-llm-tts-"))
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.futures: list[Future[None]] = []
        self.written: dict[str, float] = {}
        self.voiced: dict[str, float] = {}

    def __call__(self, script: Script, segment_id: str) -> None:
        from dataclasses import replace

        self.written[segment_id] = time.monotonic() - self.start
        part = replace(script, turns=[t for t in script.turns if t.segment == segment_id])
        self.futures.append(self.pool.submit(self._voice, part, segment_id))

    def _voice(self, part: Script, segment_id: str) -> None:
        from tinyleaps.voice.synth import synthesize_lines

        synthesize_lines(part, self.show, cache_dir=self.cache, workers=1)
        self.voiced[segment_id] = time.monotonic() - self.start

    def wait(self) -> None:
        for fut in self.futures:
            fut.result()
        self.pool.shutdown()


def rundown_from(folder: Path) -> Any:
    items = [item for f in sorted(folder.glob("*.json")) for item in read_reddit_file(f)]
    when = datetime.fromisoformat(WHEN)
    return plan(Sources(sources=items), PlanOptions(topics=3, when=when))


def raw_replay(backend: Recording, limit: int | None) -> tuple[int, int, float]:
    """Send the writer's requests (the first ``limit``, default all) straight to the
    llama.cpp server."""
    # a fresh llama.cpp server, started and warmed up like the writer's: llama.cpp keeps
    # earlier prompts' KV cache in RAM, so replaying on the writer's own server would
    # find the shared system prompt already read and win by ~8 s on the first request
    unload_all()  # the writer's server goes first: two llama.cpp servers in one process
    gc.collect()  # slow each other down
    server = serve_http(backend.model_path(), "127.0.0.1", 0, backend.settings.n_ctx,
                        backend.settings.threads)
    server.handle_chat_completions({"messages": WARM_UP, "max_tokens": 8, "cache_prompt": True,
                                    "response_format": response_format(
                                        compact_json(WARM_UP_SCHEMA))})
    prompt = completion = 0
    seconds = 0.0
    for messages, schema, max_tokens, temperature, seed in backend.requests[:limit]:
        body: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens,
                                "temperature": temperature, "seed": seed, "cache_prompt": True}
        if schema:  # exactly what the embedded backend sends
            body["response_format"] = response_format(compact_json(schema))
        start = time.monotonic()
        data = server.handle_chat_completions(body)
        took = time.monotonic() - start
        seconds += took
        print(f"   replay {len(backend.replayed) + 1}: {took:.1f} s "
              f"(writer: {backend.seconds[len(backend.replayed)]:.1f} s)", flush=True)
        backend.replayed.append(took)
        prompt += data["usage"]["prompt_tokens"]
        completion += data["usage"]["completion_tokens"]
    return prompt, completion, seconds


def segment_rows(rec: dict[str, Any]) -> list[tuple[str, str]]:
    if rec.get("style") == "guided":
        slots = rec.get("slots", {})
        segs = list(rec["segments"].values())
        return [
            ("host lines the model wrote (slots from the model / all slots)",
             f"{slots.get('model', 0)} / {slots.get('total', 0)}"),
            ("slots that passed first time",
             str(slots.get("model", 0) - slots.get("retried", 0))),
            ("repairs (a slot asked again with a new seed)", str(slots.get("retried", 0))),
            ("fallbacks to the extractive writer's line", str(slots.get("fallback", 0))),
            ("segments that fell back whole", str(sum(bool(s["fallback"]) for s in segs))),
        ]
    segs = list(rec["segments"].values())
    return [
        ("segments passed first time (no repair, no fallback)",
         f"{sum(s['attempts'] == 1 and not s['fallback'] for s in segs)} / {len(segs)}"),
        ("repairs (extra model calls to fix a segment)",
         str(sum(max(0, s["attempts"] - 1) for s in segs))),
        ("deterministic fixes (credit/welcome/thanks inserted)",
         str(sum(len(s.get("fixes", [])) for s in segs))),
        ("salvaged on the last attempt (handles scrubbed)",
         str(sum("salvaged" in s for s in segs))),
        ("fallbacks to the extractive writer", str(sum(bool(s["fallback"]) for s in segs))),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--no-voice", action="store_true", help="do not stream into the voices")
    ap.add_argument("--threads", type=int, default=None,
                    help="llama.cpp threads (default: all cores)")
    ap.add_argument("--replay", type=int, default=None,
                    help="replay only the first N requests raw (default: all)")
    ap.add_argument("--style", choices=["guided", "free"], default="guided",
                    help="the LLM writer's style (default: guided)")
    ap.add_argument("--script-out", type=Path, default=Path("/tmp/bench-llm-script.txt"))
    args = ap.parse_args()
    show = ShowConfig()
    rundown = rundown_from(args.data / "reddit" / "LocalLLaMA" / "2025-07-12")
    backend = Recording(LLMSettings(threads=args.threads))
    backend._server()  # load the model before the clock starts
    # one throwaway request: the first inference pages the weights in and sizes llama.cpp's
    # buffers, which the replay (run second) would otherwise get for free
    EmbeddedBackend.chat(backend, WARM_UP, json_schema=WARM_UP_SCHEMA, max_tokens=8)
    start = time.monotonic()
    voicing = None if args.no_voice else TimedVoicing(show, start)
    options = WriteOptions(minutes=args.minutes, progress=lambda m: print("  ", m, flush=True),
                           on_segment=voicing, llm_style=args.style,
                           extra={"llm_backend_instance": backend})
    script = LLMWriter(show, options).write(rundown)
    written = time.monotonic() - start
    if voicing is not None:
        voicing.wait()
    voiced = time.monotonic() - start
    rec = script.writer.get("llm_attempt", script.writer)
    tok = rec["tokens"]
    ours_tps = tok["completion"] / max(written, 1e-9)
    print(f"\nwriter: {tok['completion']} tokens in {written:.1f} s ({ours_tps:.2f} tokens/s); "
          f"{segment_rows(rec)}; violations {len(check_script(script))}", flush=True)
    raw_p, raw_c, raw_s = raw_replay(backend, args.replay)
    raw_tps = raw_c / max(raw_s, 1e-9)
    first = min(voicing.voiced.values()) if voicing and voicing.voiced else None
    rows = [
        ("style", args.style),
        ("topics", "; ".join(s.title[:50] for s in rundown.segments)),
        ("script written in (s)", f"{written:.1f}"),
        ("written and every segment voiced (s)", f"{voiced:.1f}" if voicing else "-"),
        ("time to first voiced segment (s)", f"{first:.1f}" if first is not None else "-"),
        ("words (target)", f"{script.word_count()} ({options.target_words})"),
        ("model calls", str(len(backend.requests))),
        ("prompt / generated tokens", f"{tok['prompt']} / {tok['completion']}"),
        ("prompt tokens reused from cache", str(tok["cached"])),
        ("writer: generated tokens / writer wall time", f"{ours_tps:.2f} tokens/s"),
        ("raw llama.cpp, same requests replayed", f"{raw_tps:.2f} tokens/s "
                                                  f"({raw_p} / {raw_c} tokens, {raw_s:.1f} s)"),
        ("writer overhead vs raw", f"{(raw_tps / max(ours_tps, 1e-9) - 1) * 100:+.1f} %"),
        ("writer's own work (wall time minus time inside llama.cpp)",
         f"{max(0.0, written - tok['seconds']):.2f} s"),
        *segment_rows(rec),
        ("grounding violations in the final script", str(len(check_script(script)))),
        ("whole-script fallback", str(bool(script.writer.get("fallback")))),
    ]
    print("\n| measure | value |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")
    for sid, seg in rec["segments"].items():
        print(f"\n{sid}: attempts {seg['attempts']}, fixes {seg.get('fixes')}, "
              f"problems {seg.get('problems') or seg.get('fallback_slots')}")
    args.script_out.write_text(script.to_text() + "\n", encoding="utf-8")
    print(f"\nscript: {args.script_out}\n\n" + script.to_text())


if __name__ == "__main__":
    main()
