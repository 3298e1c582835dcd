"""Script quality over every shared day, a transcript, an article and the demo.

For each input: ingest and plan once (cached under --work), then write with the floor
(``--writer extractive``) and with the model (``--writer llm``, the bundled model unless
--llm-url/--llm-model), in date order, each day remembering the phrases of the days
before it (as a daily show does). Figures per script and in total
(:mod:`tinyleaps.check.quality`): share of words read verbatim, longest quote, raw
titles read, lines spoken as the poster, questions per topic and how many the next turn
answers, each host's share of the words, distinct-2, the hosts' own sentences reused
across the episodes, lines with a figure or a name their sources never mention, and for
the model writer how many lines the model wrote.

    .venv/bin/python bench/quality.py --out bench/results/quality.json [--writers llm,extractive]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tinyleaps.artifacts import Rundown, Script, Sources  # noqa: E402
from tinyleaps.check import quality as Q  # noqa: E402
from tinyleaps.config import ShowConfig  # noqa: E402
from tinyleaps.pipeline import null_progress, stage_ingest, stage_plan  # noqa: E402
from tinyleaps.sources import IngestOptions  # noqa: E402
from tinyleaps.timephrase import parse_when  # noqa: E402
from tinyleaps.writing import WriteOptions, choose_writer, llm_options  # noqa: E402
from tinyleaps.writing.verify import _COMMON_THINGS, _THING, _numbers  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "reddit" / "LocalLLaMA"
DAYS = ["2025-07-12", "2025-07-15", "2025-07-22", "2025-07-28", "2025-08-02", "2025-08-05"]
EXTRA = {
    "talk": [ROOT / "tests/fixtures/mixed/talk.vtt"],
    "article": [ROOT / "tests/fixtures/mixed/post.md"],
    "demo": [ROOT / "src/tinyleaps/data/sample_threads"],
}


def inputs() -> list[tuple[str, list[Path], str]]:
    out = [(d, [SHARED / d], f"{d}T21:00:00-07:00") for d in DAYS if (SHARED / d).is_dir()]
    out += [(name, paths, "2025-08-06T21:00:00-07:00") for name, paths in EXTRA.items()
            if all(p.exists() for p in paths)]
    return out


def rundown_for(name: str, paths: list[Path], when: str, work: Path) -> tuple[Rundown, Sources]:
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    src, rd = folder / "sources.json", folder / "rundown.json"
    if not src.exists():
        stage_ingest([str(p) for p in paths], IngestOptions(), null_progress).save(src)
    sources = Sources.load(src)
    if not rd.exists():
        stage_plan(sources, 3, parse_when(when), {}).save(rd)
    return Rundown.load(rd), sources


def unsupported(script: Script, sources: Sources) -> list[str]:
    """Lines saying a figure or naming a thing that neither their cited sources nor
    their segment's title has."""
    texts = {s.id: f"{s.title} {s.text}" for s in sources.sources}
    seg_titles = {s.id: s.title for s in script.segments}
    everything = " ".join([*seg_titles.values(), script.show, *script.host_names(),
                           *(texts.get(s.source_ids[0], "") for s in script.segments
                             if s.source_ids), "LocalLLaMA r/LocalLLaMA 9 PM"])
    out = []
    for turn in script.turns:
        if turn.act in ("welcome", "preview", "thanks", "sign_off"):
            allowed = everything
        else:
            allowed = " ".join([texts.get(c, "") for c in turn.cites] +
                               [seg_titles.get(turn.segment, ""), script.show,
                                *script.host_names(), *(texts.get(c, "") for s in script.segments
                                                       if s.id == turn.segment
                                                       for c in s.source_ids)])
        spoken = re.sub(r"@[\w-]+", " ", Q.own_words(turn.text))
        spoken = re.sub(r"\b(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December) \d+\w*", " ", spoken)
        extra = _numbers(spoken) - _numbers(allowed)
        low = allowed.lower()
        names = [t for t in _THING.findall(spoken) if t.lower().rstrip(".") not in low
                 and t.lower() not in _COMMON_THINGS and not re.fullmatch(r"\d+\s?(?:PM|AM)", t)
                 and t not in ("PM", "AM")]
        if extra or names:
            out.append(f"{turn.text}  [{', '.join(sorted(extra) + names)}]")
    return out


def write(rundown: Rundown, writer: str, recent: frozenset[str], args: argparse.Namespace
          ) -> Script:
    llm = llm_options({"url": args.llm_url, "model": args.llm_model,
                       "threads": args.threads or None})
    options = WriteOptions(minutes=args.minutes, llm=llm, recent_phrases=recent)
    return choose_writer(writer, ShowConfig(), options).write(rundown)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/quality.json")
    ap.add_argument("--work", type=Path, default=Path("/tmp/tinyleaps-quality"))
    ap.add_argument("--writers", default="llm,extractive")
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--only", default="", help="comma-separated input names")
    ap.add_argument("--llm-url")
    ap.add_argument("--llm-model")
    ap.add_argument("--threads", type=int, default=0,
                    help="llama.cpp threads (default: one per core)")
    args = ap.parse_args()
    results: dict[str, Any] = {"minutes": args.minutes, "writers": {}}
    chosen = [i for i in inputs() if not args.only or i[0] in args.only.split(",")]
    for writer in args.writers.split(","):
        per: dict[str, Any] = {}
        scripts: list[Script] = []
        recent: frozenset[str] = frozenset()
        for name, paths, when in chosen:
            rundown, sources = rundown_for(name, paths, when, args.work)
            start = time.monotonic()
            script = write(rundown, writer, recent, args)
            seconds = time.monotonic() - start
            (args.work / name / f"script-{writer}.txt").write_text(script.to_text())
            script.save(args.work / name / f"script-{writer}.json")
            recent = frozenset([*recent, *script.writer.get("phrases", [])][-400:])
            titles = {s.id: s.title for s in rundown.segments}
            q = Q.measure(script, titles)
            bad = unsupported(script, sources)
            origins = script.writer.get("lines") or {}
            per[name] = {**q.to_dict(), "unsupported": len(bad), "unsupported_lines": bad,
                         "seconds": round(seconds, 1),
                         "model_lines": sum(1 for o in origins.values()
                                            if o.get("origin") == "model"),
                         "asked_lines": sum(1 for o in origins.values()
                                            if o.get("origin") == "model" or "model_said" in o)}
            if name in DAYS:
                scripts.append(script)
            print(f"{writer:10} {name:13} words {q.words:4}  verbatim {q.verbatim_share:5.1%}"
                  f"  longest {q.longest_quote:2}  raw {q.raw_titles}  poster {q.as_poster}"
                  f"  q/topic {q.questions_per_topic:.1f} ({q.answered}/{q.questions} answered)"
                  f"  shares {'/'.join(f'{v:.0%}' for v in q.host_shares.values())}"
                  f"  d2 {q.distinct2:.2f}  unsupported {len(bad)}  {seconds:.0f}s", flush=True)
        reused, total, examples = Q.reused_sentences(scripts)
        per["_week"] = {"reused": reused, "sentences": total,
                        "share": round(reused / total, 4) if total else 0.0,
                        "examples": examples[:20]}
        print(f"{writer:10} week: {reused}/{total} own sentences reused "
              f"({reused / max(1, total):.1%})", flush=True)
        results["writers"][writer] = per
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print(f"wrote {args.out}\n")
    print(markdown(results))
    return 0


def markdown(results: dict[str, Any]) -> str:
    """The results as the table in docs/benchmarks.md."""
    rows = ["| writer | input | words | verbatim | longest quote | raw titles | as the poster "
            "| questions a topic (answered) | host shares | distinct-2 | unsupported "
            "| model lines | seconds |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: "
            "| ---: |"]
    for writer, per in results["writers"].items():
        for name, r in per.items():
            if name.startswith("_"):
                continue
            shares = "/".join(f"{v:.0%}" for v in r["host_shares"].values())
            rows.append(
                f"| {writer} | {name} | {r['words']} | {r['verbatim_share']:.1%} | "
                f"{r['longest_quote']} | {r['raw_titles']} | {r['as_poster']} | "
                f"{r['questions_per_topic']:.1f} ({r['answered']}/{r['questions']}) | "
                f"{shares} | {r['distinct2']:.2f} | {r['unsupported']} | "
                f"{r['model_lines'] if writer != 'extractive' else '-'} | {r['seconds']} |")
        week = per.get("_week", {})
        rows.append(f"| {writer} | week: own sentences reused | | | | | | | | | | | "
                    f"{week.get('reused', 0)}/{week.get('sentences', 0)} "
                    f"({week.get('share', 0):.1%}) |")
    return "\n".join(rows)


if __name__ == "__main__":
    raise SystemExit(main())
