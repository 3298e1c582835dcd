"""Where the tests find their data: this checkout, its fixtures and goldens, the bundled
sample threads, and the real recorded data in ../shared/data (or $TINYLEAPS_SHARED_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE_THREADS = ROOT / "src" / "tinyleaps" / "data" / "sample_threads"
SHARED_DATA = Path(os.environ.get("TINYLEAPS_SHARED_DATA", ROOT.parent / "shared" / "data"))
