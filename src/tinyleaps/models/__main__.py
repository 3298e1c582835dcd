"""``python -m tinyleaps.models``: assemble the embedded LLM into the user cache."""

from __future__ import annotations

import sys

from ..errors import TinyLeapsError
from .embedded import embedded_model_ready, ensure_embedded_model


def main() -> int:
    if embedded_model_ready():
        print(f"embedded LLM ready: {ensure_embedded_model()}")
        return 0
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = done * 100 // total
        if pct != last[0] and pct % 5 == 0:
            last[0] = pct
            print(f"assembling embedded LLM: {pct}%", file=sys.stderr, flush=True)

    try:
        path = ensure_embedded_model(progress)
    except TinyLeapsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"embedded LLM ready: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
