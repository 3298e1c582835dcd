"""Run every benchmark in turn (``make bench``); each prints its own markdown table.

The figures in docs/benchmarks.md come from these scripts. They take minutes, use both
cores and should run on an otherwise idle machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHES = ["planner.py", "bench_transcripts.py", "bench_voice.py", "quality.py",
           "line_checks.py", "bench_serve.py"]


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for name in BENCHES:
        print(f"\n### {name}\n", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(here / name)])
        print(f"\n({name}: exit {code}, {time.perf_counter() - start:.0f} s)", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
