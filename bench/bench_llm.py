"""Benchmark the LLM writer on real threads: a 5-minute script from the three top
threads of r/LocalLLaMA on 2025-07-12, with the embedded model.

    .venv/bin/python bench/bench_llm.py [--minutes 5] [--data ../shared/data]

Reports total time, prompt/generated tokens, tokens/s through our writer vs the same
first-attempt prompts sent straight to the in-process llama.cpp server (overhead %),
first-time passes, repairs, fallbacks and grounding violations, as a markdown table.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tinyleaps.artifacts import Sources
from tinyleaps.check.script_rules import check_script
from tinyleaps.config import ShowConfig
from tinyleaps.models import ensure_embedded_model
from tinyleaps.planning import plan
from tinyleaps.planning.options import PlanOptions
from tinyleaps.sources.reddit.backend import read_reddit_file
from tinyleaps.writing.base import WriteOptions
from tinyleaps.writing.llm.base import ChatResult, LLMSettings, Message
from tinyleaps.writing.llm.llamacpp import EmbeddedBackend, load_server

WHEN = "2025-07-12T22:00:00-07:00"


class Recording(EmbeddedBackend):
    """The embedded backend, remembering each request for the raw replay."""

    def __init__(self, settings: LLMSettings) -> None:
        super().__init__(settings)
        self.requests: list[tuple[list[Message], dict[str, Any] | None, int]] = []

    def chat(self, messages: list[Message], *, json_schema: dict[str, Any] | None = None,
             max_tokens: int = 512, temperature: float = 0.7, seed: int = 0) -> ChatResult:
        self.requests.append((messages, json_schema, max_tokens))
        return super().chat(messages, json_schema=json_schema, max_tokens=max_tokens,
                            temperature=temperature, seed=seed)


def rundown_from(folder: Path) -> Any:
    items = [item for f in sorted(folder.glob("*.json")) for item in read_reddit_file(f)]
    when = datetime.fromisoformat(WHEN)
    return plan(Sources(sources=items), PlanOptions(topics=3, when=when))


def raw_replay(backend: Recording) -> tuple[int, int, float]:
    """Send the writer's first-attempt prompts straight to llama.cpp."""
    server = load_server(ensure_embedded_model(), backend.settings.n_ctx, None)
    prompt = completion = 0
    seconds = 0.0
    for messages, schema, max_tokens in backend.requests:
        if len(messages) != 2:
            continue  # repairs/extensions: the raw run has no such thing
        body: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens,
                                "temperature": 0.7, "seed": 0, "cache_prompt": True}
        if schema:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "s", "schema": schema}}
        start = time.monotonic()
        data = server.handle_chat_completions(body)
        seconds += time.monotonic() - start
        prompt += data["usage"]["prompt_tokens"]
        completion += data["usage"]["completion_tokens"]
    return prompt, completion, seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = ap.parse_args()
    rundown = rundown_from(args.data / "reddit" / "LocalLLaMA" / "2025-07-12")
    backend = Recording(LLMSettings())
    from tinyleaps.writing.llm.writer import LLMWriter

    options = WriteOptions(minutes=args.minutes, progress=lambda m: print("  ", m, flush=True),
                           extra={"llm_backend_instance": backend})
    start = time.monotonic()
    script = LLMWriter(ShowConfig(), options).write(rundown)
    total = time.monotonic() - start
    rec = script.writer.get("llm_attempt", script.writer)
    segs = rec["segments"].values()
    tok = rec["tokens"]
    raw_p, raw_c, raw_s = raw_replay(backend)
    first = sum(s["attempts"] == 1 and not s["fallback"] for s in segs)
    ours_tps = tok["completion"] / max(tok["seconds"], 1e-9)
    raw_tps = raw_c / max(raw_s, 1e-9)
    rows = [
        ("topics", ", ".join(s.title[:40] for s in rundown.segments)),
        ("total time (s)", f"{total:.1f}"),
        ("words (target)", f"{script.word_count()} ({options.target_words})"),
        ("prompt / generated tokens", f"{tok['prompt']} / {tok['completion']}"),
        ("cached prompt tokens", str(tok["cached"])),
        ("writer tokens/s (generated / wall of calls)", f"{ours_tps:.1f}"),
        ("raw llama.cpp tokens/s (same first prompts)", f"{raw_tps:.1f} ({raw_c} tok)"),
        ("writer overhead % (total wall vs model time)",
         f"{(total - tok['seconds']) / max(tok['seconds'], 1e-9) * 100:.1f}"),
        ("segments passed first time", f"{first} / {len(segs)}"),
        ("repairs", str(sum(max(0, s['attempts'] - 1) for s in segs))),
        ("fallbacks", str(sum(bool(s['fallback']) for s in segs))),
        ("grounding violations in final script", str(len(check_script(script)))),
        ("whole-script fallback", str(bool(script.writer.get("fallback")))),
    ]
    print("\n| measure | value |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")
    print("\n" + script.to_text())


if __name__ == "__main__":
    main()
