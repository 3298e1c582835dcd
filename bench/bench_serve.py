"""Bounded local load test of ``tinyleaps serve`` on 127.0.0.1.

50 concurrent keep-alive clients for 10 s, mixing the index, the episode page, the feed,
a transcript and 64 KiB MP3 range requests. Every answer is checked (status 200/206 and
the exact body length). Prints requests/s, latency percentiles, errors, and the CPU time
the server and the client spent per request (read from /proc), which tells a slow server
from a slow load generator on a small shared machine. Usage::

    .venv/bin/python bench/bench_serve.py [--clients 50] [--seconds 10] [--procs 2]
                                          [--client raw|httpx] [SITE]

``raw`` (default) is a minimal HTTP/1.1 client on asyncio streams (~0.1 ms of CPU per
request); ``httpx`` is the previous load generator (~1 ms per request in Python, which
on 2 cores competes with the server it measures). ``--procs`` splits the clients over
that many processes. Without SITE it publishes a 20 s synthetic episode first.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.publish_fixtures import free_port, make_episode, start_serve, stop  # noqa: E402

from tinyleaps.publish import publish  # noqa: E402

Req = tuple[str, str, int, int]  # path, range header ("" for none), status, body length
RANGE = 65536


def requests_for(site: Path) -> list[Req]:
    """The request mix: 4 small files, 4 range reads at random offsets of the MP3."""
    slug = sorted(p.name for p in (site / "episodes").iterdir())[0]
    ep = site / "episodes" / slug
    size = (ep / "episode.mp3").stat().st_size
    mix: list[Req] = [
        ("/", "", 200, (site / "index.html").stat().st_size),
        (f"/episodes/{slug}/", "", 200, (ep / "index.html").stat().st_size),
        ("/feed.xml", "", 200, (site / "feed.xml").stat().st_size),
        (f"/episodes/{slug}/transcript.json", "", 200, (ep / "transcript.json").stat().st_size),
    ]
    for _ in range(4):
        start = random.randrange(0, max(1, size - RANGE))
        mix.append(
            (f"/episodes/{slug}/episode.mp3", f"bytes={start}-{start + RANGE - 1}", 206, RANGE)
        )
    return mix


class RawClient:
    """One keep-alive HTTP/1.1 connection; reads exactly Content-Length bytes."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, rng: str) -> tuple[int, int]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        extra = f"Range: {rng}\r\n" if rng else ""
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(" ", 2)[1])
        length = int(head.split("content-length:", 1)[1].split("\r\n", 1)[0])
        await reader.readexactly(length)
        if "connection: close" in head:
            await self.close()
        return status, length

    async def close(self) -> None:
        if self.streams:
            self.streams[1].close()
            self.streams = None


class HttpxClient:
    def __init__(self, port: int) -> None:
        import httpx

        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10)

    async def get(self, path: str, rng: str) -> tuple[int, int]:
        r = await self.client.get(path, headers={"Range": rng} if rng else {})
        return r.status_code, len(r.content)

    async def close(self) -> None:
        await self.client.aclose()


async def _client(
    kind: str, port: int, mix: list[Req], until: float, lat: list[float], errs: list[str]
) -> None:
    client = RawClient(port) if kind == "raw" else HttpxClient(port)
    while time.monotonic() < until:
        path, rng, want_status, want_len = random.choice(mix)
        t0 = time.perf_counter()
        try:
            status, length = await asyncio.wait_for(client.get(path, rng), 10)
            if (status, length) != (want_status, want_len):
                errs.append(f"{path}: {status}, {length} bytes (want {want_status}, {want_len})")
        except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            errs.append(f"{path}: {exc!r}")
            await client.close()
        except Exception as exc:  # httpx errors
            errs.append(f"{path}: {exc!r}")
        lat.append(time.perf_counter() - t0)
    await client.close()


def _worker(args: tuple[str, int, list[Req], int, float]) -> tuple[list[float], list[str], float]:
    kind, port, mix, clients, until_wall = args
    lat: list[float] = []
    errs: list[str] = []
    until = time.monotonic() + (until_wall - time.time())

    async def run() -> None:
        await asyncio.gather(*(_client(kind, port, mix, until, lat, errs) for _ in range(clients)))

    asyncio.run(run())
    return lat, errs, time.process_time()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(site: Path, clients: int, seconds: float, procs: int, kind: str) -> None:
    port = free_port()
    proc = start_serve(site, port)
    mix = requests_for(site)
    try:
        cpu0 = cpu_seconds(proc.pid)
        until = time.time() + seconds
        shares = [clients // procs + (i < clients % procs) for i in range(procs)]
        with mp.get_context("fork").Pool(procs) as pool:
            out = pool.map(_worker, [(kind, port, mix, n, until) for n in shares])
        server_cpu = cpu_seconds(proc.pid) - cpu0
    finally:
        stop(proc)
    lat = sorted(x for o in out for x in o[0])
    errs = [e for o in out for e in o[1]]
    n = len(lat)
    print(
        f"client={kind} procs={procs} clients={clients} seconds={seconds:g} "
        f"requests={n} errors={len(errs)}"
    )
    print(f"requests/s={n / seconds:.1f}")
    print(
        f"latency ms: p50={1000 * statistics.median(lat):.1f} "
        f"p90={1000 * lat[int(n * 0.9)]:.1f} p99={1000 * lat[min(n - 1, int(n * 0.99))]:.1f} "
        f"max={1000 * lat[-1]:.1f}"
    )
    print(
        f"cpu ms/request: server={1000 * server_cpu / n:.2f} "
        f"client={1000 * sum(o[2] for o in out) / n:.2f} (load avg {os.getloadavg()[0]:.1f})"
    )
    for e in sorted(set(errs))[:5]:
        print("error:", e)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            publish([make_episode(Path(tmp) / "ep")], site, "https://example.com/")
        run(site, args.clients, args.seconds, args.procs, args.client)


if __name__ == "__main__":
    main()
