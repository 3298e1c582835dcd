"""How well the line checks tell good model lines from bad ones, and where the
thresholds come from.

``bench/data/line_labels.json`` holds lines the bundled model wrote for real stories of
the shared days (the model's words, ours to keep), each labelled by hand: 1 when it says
what its fact says, 0 when it misreads, mixes up people, invents or copies. The facts
themselves are read from ../shared/data at run time (their source ids are stored, not
their text). For every line the bench computes the support and similarity of
``tinyleaps.writing.verify`` and runs every check; it prints how many good lines pass
and bad lines fail at the chosen thresholds, and the same over a sweep of thresholds.

    .venv/bin/python bench/line_checks.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tinyleaps.artifacts import Host, Sources  # noqa: E402
from tinyleaps.pipeline import null_progress, stage_ingest  # noqa: E402
from tinyleaps.sources import IngestOptions  # noqa: E402
from tinyleaps.writing import beats as B  # noqa: E402
from tinyleaps.writing import verify as V  # noqa: E402
from tinyleaps.writing.speakable import clean  # noqa: E402

LABELS = ROOT / "bench" / "data" / "line_labels.json"
SHARED = ROOT.parent / "shared" / "data" / "reddit" / "LocalLLaMA"
WORK = Path("/tmp/tinyleaps-line-checks")


def texts(day: str) -> dict[str, str]:
    path = WORK / f"{day}.json"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        stage_ingest([str(SHARED / day)], IngestOptions(), null_progress).save(path)
    return {s.id: clean(s.text or s.title) for s in Sources.load(path).sources}


def main() -> int:
    rows = json.loads(LABELS.read_text())
    similarity = V.default_similarity()
    if similarity is None:
        print("the embedding model cannot load here")
        return 1
    by_day: dict[str, dict[str, str]] = {}
    authors: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["day"] not in by_day:
            by_day[row["day"]] = texts(row["day"])
            authors[row["day"]] = {s.id: s.author for s in Sources.load(
                WORK / f"{row['day']}.json").sources}
        row["fact"] = " ".join(by_day[row["day"]].get(s, "") for s in row["source_ids"])
    scores = similarity([r["line"] for r in rows], [r["fact"] for r in rows])
    for row, score in zip(rows, scores, strict=True):
        row["similarity"] = score
        row["support"] = V.support(row["line"], row["fact"])[0]
        row["copies"] = V.longest_shared_run(row["line"], row["fact"]) >= 12
        row["other"] = other_checks(row, authors[row["day"]])
    print(f"{len(rows)} labelled lines ({sum(r['label'] for r in rows)} good)\n")
    for acts, sim_t, sup_t in ((("open", "tell", "push_back", "compare"), V.MIN_SIMILARITY,
                                V.DEFAULT_MIN_SUPPORT),
                               (("ask",), V.MIN_ASK_SIMILARITY, V.MIN_SUPPORT["ask"])):
        group = [r for r in rows if r["act"] in acts and not r["copies"]]
        print(f"{'/'.join(acts)}: {len(group)} lines (copies left out: the copy check "
              "refuses them); every other check applied too")
        report(group, sim_t, sup_t, chosen=True)
        for s in (0.85, 0.87, 0.88, 0.885, 0.89, 0.90):
            report(group, s, sup_t)
        print()
    return 0


def other_checks(row: dict, authors: dict[str, str]) -> list[str]:
    """Every check but support and similarity, on a one-beat story made for the line."""
    sid = row["source_ids"][0]
    author = authors.get(sid, "")
    fact = B.Fact(source_id=sid, author=author, credit=f"@{author}" if author else "",
                  text=row["fact"], kind="reddit_comment")
    act = row["act"]
    beat = B.Beat(id="s.2", act=act, speaker="KAI", facts=[fact])
    answer = B.Beat(id="s.3", act="tell", speaker="ELIZA", facts=[fact])
    seg = B.BeatSegment(id="s", kind="topic", title="", beats=[beat, answer])
    plan = B.BeatPlan(show="Tiny Leaps", recorded_at="2025-07-12T22:00:00-07:00",
                      hosts=[Host("KAI"), Host("ELIZA")], segments=[seg])
    ctx = V.LineCheck(beat, seg, plan, [], answer if act == "ask" else None)
    return [p for p in V.problems(row["line"], ctx) if "adds what" not in p]


def report(group: list[dict], sim_t: float, sup_t: float, chosen: bool = False) -> None:
    good = [r for r in group if r["label"]]
    bad = [r for r in group if not r["label"]]
    ok = lambda r: r["similarity"] >= sim_t and r["support"] >= sup_t and \
        not r["other"]  # noqa: E731
    kept = sum(1 for r in good if ok(r))
    let = sum(1 for r in bad if ok(r))
    tag = "  <- chosen" if chosen else ""
    print(f"  similarity >= {sim_t:.3f}, support >= {sup_t:.2f}: good lines kept "
          f"{kept}/{len(good)}, bad lines let through {let}/{len(bad)}{tag}")


if __name__ == "__main__":
    raise SystemExit(main())
