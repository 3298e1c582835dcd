"""Bounded local load test of ``tinyleaps serve`` on 127.0.0.1.

50 concurrent clients for 10 s, mixing episode pages, the feed and MP3 range requests.
Prints requests/s, latency percentiles and errors. Usage::

    .venv/bin/python bench/bench_serve.py [--clients 50] [--seconds 10] [SITE]

Without SITE it publishes a 20 s synthetic episode into a temp folder first.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.publish_fixtures import free_port, make_episode, start_serve, stop  # noqa: E402

from tinyleaps.publish import publish  # noqa: E402


def _paths(site: Path) -> list[tuple[str, dict[str, str]]]:
    slug = sorted(p.name for p in (site / "episodes").iterdir())[0]
    size = (site / "episodes" / slug / "episode.mp3").stat().st_size
    paths: list[tuple[str, dict[str, str]]] = [
        ("/", {}),
        (f"/episodes/{slug}/", {}),
        ("/feed.xml", {}),
        (f"/episodes/{slug}/transcript.json", {}),
    ]
    for _ in range(4):
        start = random.randrange(0, max(1, size - 65536))
        paths.append((f"/episodes/{slug}/episode.mp3", {"Range": f"bytes={start}-{start + 65535}"}))
    return paths


async def _client(base: str, paths: list, until: float, lat: list[float], errs: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.monotonic() < until:
            path, headers = random.choice(paths)
            t0 = time.perf_counter()
            try:
                r = await client.get(path, headers=headers)
                ok = r.status_code == (206 if headers else 200)
                if not ok:
                    errs.append(f"{path}: {r.status_code}")
            except httpx.HTTPError as exc:
                errs.append(f"{path}: {exc!r}")
            lat.append(time.perf_counter() - t0)


async def _run(
    base: str, paths: list, clients: int, seconds: float
) -> tuple[list[float], list[str]]:
    lat: list[float] = []
    errs: list[str] = []
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, paths, until, lat, errs) for _ in range(clients)))
    return lat, errs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            publish([make_episode(Path(tmp) / "ep")], site, "https://example.com/")
        port = free_port()
        proc = start_serve(site, port)
        try:
            lat, errs = asyncio.run(
                _run(f"http://127.0.0.1:{port}", _paths(site), args.clients, args.seconds)
            )
        finally:
            stop(proc)
    lat.sort()
    n = len(lat)
    print(f"clients={args.clients} seconds={args.seconds:g} requests={n} errors={len(errs)}")
    print(f"requests/s={n / args.seconds:.1f}")
    print(
        f"latency ms: p50={1000 * statistics.median(lat):.1f} "
        f"p99={1000 * lat[min(n - 1, int(n * 0.99))]:.1f} max={1000 * lat[-1]:.1f}"
    )
    for e in sorted(set(errs))[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
