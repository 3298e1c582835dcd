"""Benchmark: what the planner picks on the six real r/LocalLLaMA days and the two long test
transcripts, against the hand labels (tests/fixtures/stories) and the listed facts.

    PYTHONPATH=src .venv/bin/python bench/planner.py [--code SRC_DIR] [--json OUT]
                                                      [--no-substance]

Per day: ingest and plan times (in this process), the stories found (how many have more
than one thread), pairwise and B-cubed precision and recall of the stories against the
labels, the lead segment's labelled story (and whether it is the day's biggest), the
three topics' labelled stories (any twice?), and how many topics are image-only. Per long
transcript: the topics' names, how many of its ten listed facts the points carry, who is
credited, and what the recording is called. ``--code`` runs the same measures on another
checkout's ``src`` (the planner before this change: ``--code ../main/src``); code that has
no story clustering is measured by the topics it merged.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("TINYLEAPS_SHARED_DATA", ROOT.parent / "shared" / "data"))
sys.path.insert(0, str(ROOT))


def _groups(threads: list[Any]) -> list[list[str]]:
    """The stories of a day: the story clustering, or (older code) merged topics."""
    try:
        from tinyleaps.planning.stories import cluster_stories
    except ImportError:
        from tinyleaps.planning import PlanOptions
        from tinyleaps.planning.candidates import Candidate, _thread_doc, merge_duplicates

        cands = [Candidate(t.post.id, "reddit", float(t.post.score or 0), _thread_doc(t),
                           threads=[t]) for t in threads]
        kept = merge_duplicates(cands, PlanOptions().duplicate_threshold)
        return [[k.id, *(m.id for m in k.merged)] for k in kept]
    return [s.ids for s in cluster_stories(threads)]


def measure_day(day: str) -> dict[str, Any]:
    from tests.planning.story_labels import bcubed, load_labels, pair_score

    from tinyleaps.planning import PlanOptions, plan
    from tinyleaps.planning.threads import reddit_threads
    from tinyleaps.sources import ingest

    folder = DATA / "reddit" / "LocalLLaMA" / day
    start = time.perf_counter()
    sources = ingest([str(folder)])
    ingested = time.perf_counter()
    rundown = plan(sources, PlanOptions(topics=3, when=datetime.fromisoformat(
        f"{day}T23:59:00+00:00")))
    planned = time.perf_counter()
    threads = reddit_threads(sources)
    ids = {t.post.id for t in threads}
    groups = _groups(threads)
    labels = load_labels(day)
    pairs = pair_score(groups, labels, ids)
    b_prec, b_rec = bcubed(groups, labels, ids)
    by_id = sources.by_id()
    topics = [labels.story_of(s.main_source) for s in rundown.segments]
    image_only = [s.title for s in rundown.segments if all(
        _image_only(by_id[i]) for i in s.source_ids if i.startswith("reddit:t3_"))]
    return {
        "day": day, "threads": len(threads), "ingest_s": round(ingested - start, 2),
        "plan_s": round(planned - ingested, 2), "stories": len(groups),
        "multi": sum(len(g) > 1 for g in groups),
        "pairs": [pairs.hit, pairs.found, pairs.true], "bcubed": [round(b_prec, 3),
                                                                  round(b_rec, 3)],
        "lead": topics[0] if topics else "", "lead_ok": bool(topics) and topics[0] in labels.lead,
        "topics": [[s.title[:60], t] for s, t in zip(rundown.segments, topics, strict=True)],
        "repeated": len(topics) - len(set(topics)), "image_only": image_only,
    }


def _image_only(post: Any) -> bool:
    try:
        from tinyleaps.planning.substance import is_image_only
    except ImportError:  # older code: a link post to an image or video host, no body
        domain = str(post.extra.get("domain") or "")
        return domain in ("i.redd.it", "v.redd.it", "i.imgur.com") and \
            post.text.strip().endswith(("posted to Reddit.", "on i.imgur.com."))
    return bool(is_image_only(post))


def measure_shows() -> list[dict[str, Any]]:
    from tinyleaps.planning import PlanOptions, plan
    from tinyleaps.sources import ingest

    spec = importlib.util.spec_from_file_location(
        "make_shows", ROOT / "tests" / "fixtures" / "transcripts" / "make_shows.py")
    assert spec and spec.loader
    shows = importlib.util.module_from_spec(spec)
    sys.modules["make_shows"] = shows  # its dataclasses look their module up
    spec.loader.exec_module(shows)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        shows.main(Path(tmp))
        for name, facts in shows.FACTS.items():
            start = time.perf_counter()
            sources = ingest([str(Path(tmp) / name)])
            rundown = plan(sources, PlanOptions(topics=3, when=datetime(2025, 8, 6, tzinfo=UTC)))
            texts = [p.text.lower() for s in rundown.segments for p in s.points]
            got = [f for f, words in facts.items() if any(all(w in t for w in words)
                                                         for t in texts)]
            out.append({
                "file": name, "seconds": round(time.perf_counter() - start, 2),
                "minutes": round(max(float(i.extra.get("end") or 0)
                                     for i in sources.sources) / 60, 1),
                "topics": [s.spoken_title for s in rundown.segments],
                "facts": [len(got), len(facts)], "carried": got,
                "credited": sorted({s.op for s in rundown.segments}
                                   | {p.author for s in rundown.segments for p in s.points}),
                "named": sorted({rundown.sources[s.main_source].title
                                 for s in rundown.segments}),
            })
    return out


def table(days: list[dict[str, Any]], shows: list[dict[str, Any]]) -> str:
    rows = ["| day | threads | ingest s | plan s | stories (multi) | pairs P / R | "
            "B-cubed P / R | lead (biggest?) | story twice | image-only |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    hit = found = true = 0
    for d in days:
        h, f, t = d["pairs"]
        hit, found, true = hit + h, found + f, true + t
        rows.append(f"| {d['day']} | {d['threads']} | {d['ingest_s']} | {d['plan_s']} | "
                    f"{d['stories']} ({d['multi']}) | {h / f if f else 1:.2f} / {h / t:.2f} | "
                    f"{d['bcubed'][0]:.2f} / {d['bcubed'][1]:.2f} | {d['lead'][:24]} "
                    f"({'yes' if d['lead_ok'] else 'no'}) | {d['repeated']} | "
                    f"{len(d['image_only'])} |")
    rows.append(f"| all | | | | | {hit / found if found else 1:.3f} / {hit / true:.3f} | | | | |")
    rows += ["", "| transcript | minutes | plan s | topics | facts carried | credited | named |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for s in shows:
        rows.append(f"| {s['file']} | {s['minutes']} | {s['seconds']} | "
                    f"{'; '.join(s['topics'])} | {s['facts'][0]}/{s['facts'][1]} | "
                    f"{', '.join(s['credited'])} | {'; '.join(s['named'])} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, help="another checkout's src to measure")
    parser.add_argument("--json", type=Path, help="write the raw figures here too")
    parser.add_argument("--no-substance", action="store_true",
                        help="every thread's substance 1 and no meme penalty (shows what the "
                             "substance weights change)")
    args = parser.parse_args()
    if args.no_substance:
        from tinyleaps.planning import substance

        substance.Substance.score = property(lambda self: 1.0)  # type: ignore[assignment]
    if args.code is not None:
        env = {**os.environ, "PYTHONPATH": str(args.code.resolve())}
        cmd = [sys.executable, __file__] + (["--json", str(args.json)] if args.json else [])
        return subprocess.call(cmd, env=env)
    from tests.planning.story_labels import DAYS

    days = [measure_day(day) for day in DAYS]
    shows = measure_shows()
    print(table(days, shows))
    for d in days:
        print(f"{d['day']}: " + "; ".join(f"{t} [{s}]" for t, s in d["topics"]))
    if args.json:
        args.json.write_text(json.dumps({"days": days, "shows": shows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
