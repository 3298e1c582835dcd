"""Build a real, small episode folder (contract formats) for publishing tests."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from tinyleaps.artifacts import (
    Episode,
    Script,
    ScriptSegment,
    SourceItem,
    SourceRef,
    Sources,
    Turn,
)

from . import builders

HOSTS = builders.hosts(*builders.BUNDLED_VOICES)
TOPIC = "Qwen3 runs on a Raspberry Pi"
OP = "pi_tinkerer"
COMMENTER = "quant_queen"
THREAD_ID = "reddit:t3_abc123"
COMMENT_ID = "reddit:t1_c0mm3nt"
THREAD_URL = "https://www.reddit.com/r/LocalLLaMA/comments/abc123/qwen3_pi/"
# (start, end, speaker, text)
CUES = [
    (0.0, 3.0, "KAI", "Welcome to Tiny Leaps, live on a Saturday evening."),
    (3.0, 6.0, "ELIZA", "Tonight: a tiny model on a tiny computer."),
    (6.0, 10.0, "KAI", "u/pi_tinkerer got Qwen3 running on a Raspberry Pi."),
    (10.0, 14.0, "ELIZA", "And u/quant_queen says the four bit quant holds up."),
    (14.0, 17.0, "KAI", "Thanks to u/pi_tinkerer for the thread."),
    (17.0, 20.0, "ELIZA", "See you tomorrow on Tiny Leaps."),
]
CHAPTERS = [(0.0, "Welcome", ""), (6.0, TOPIC, THREAD_URL), (14.0, "Thanks and goodbye", "")]
CITES = [[], [], [THREAD_ID], [COMMENT_ID], [THREAD_ID], []]  # the source ids of each cue


def make_mp3(path: Path, seconds: float = 20.0, freq: int = 330) -> None:
    """A real MP3 (sine tone) made by ffmpeg."""
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={freq}:duration={seconds}",
            "-ac",
            "1",
            "-ar",
            "22050",
            "-b:a",
            "32k",
            str(path),
        ],
        check=True,
    )


def _ts(t: float, sep: str) -> str:
    ms = round(t * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def make_script(title: str, recorded_at: str, topic: str = TOPIC) -> Script:
    segs = [
        ScriptSegment("intro", "intro", "Welcome"),
        ScriptSegment("t1", "topic", topic, [THREAD_ID, COMMENT_ID]),
        ScriptSegment("outro", "outro", "Thanks and goodbye", [THREAD_ID]),
    ]
    seg_of = ["intro", "intro", "t1", "t1", "outro", "outro"]
    turns = [Turn(c[2], c[3], s, k) for c, s, k in zip(CUES, seg_of, CITES, strict=True)]
    sources = {
        THREAD_ID: SourceRef("reddit_post", OP, THREAD_URL, topic),
        COMMENT_ID: SourceRef("reddit_comment", COMMENTER, THREAD_URL + "c0mm3nt/", ""),
    }
    return builders.make_script(turns, segs, sources, voices=builders.BUNDLED_VOICES,
                                title=title, recorded_at=recorded_at)


def make_episode(
    folder: Path,
    title: str = "Tiny Leaps, Saturday: Qwen3 runs on a Raspberry Pi",
    recorded_at: str = "2025-07-12T22:00:00+02:00",
    seconds: float = 20.0,
    num_comments: int = 42,
) -> Path:
    """A complete episode folder: episode.mp3/json, script, sources, transcripts, chapters."""
    folder.mkdir(parents=True, exist_ok=True)
    make_mp3(folder / "episode.mp3", seconds)
    script = make_script(title, recorded_at)
    script.save(folder / "script.json")
    Sources(
        sources=[
            SourceItem(
                THREAD_ID,
                "reddit_post",
                OP,
                THREAD_URL,
                TOPIC,
                "It works.",
                recorded_at,
                thread=THREAD_ID,
                extra={"num_comments": num_comments},
            ),
            SourceItem(
                COMMENT_ID,
                "reddit_comment",
                COMMENTER,
                THREAD_URL,
                "",
                "Q4 is fine.",
                recorded_at,
                thread=THREAD_ID,
                parent=THREAD_ID,
            ),
        ]
    ).save(folder / "sources.json")
    _write_transcripts(folder)
    chapters = [{"startTime": s, "title": t, **({"url": u} if u else {})} for s, t, u in CHAPTERS]
    (folder / "chapters.json").write_text(json.dumps({"version": "1.2.0", "chapters": chapters}))
    (folder / "shownotes.md").write_text(f"# {title}\n\n- [{TOPIC}]({THREAD_URL}) by u/{OP}\n")
    data = (folder / "episode.mp3").read_bytes()
    Episode(
        title=title,
        show="Tiny Leaps",
        hosts=list(HOSTS),
        recorded_at=recorded_at,
        duration_s=_duration(folder / "episode.mp3"),
        mp3={"file": "episode.mp3", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    ).save(folder / "episode.json")
    return folder


def _duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip())


def _write_transcripts(folder: Path) -> None:
    vtt = ["WEBVTT", ""]
    srt: list[str] = []
    for i, (a, b, who, text) in enumerate(CUES, 1):
        vtt += [f"{_ts(a, '.')} --> {_ts(b, '.')}", f"<v {who}>{text}", ""]
        srt += [str(i), f"{_ts(a, ',')} --> {_ts(b, ',')}", f"{who}: {text}", ""]
    (folder / "transcript.vtt").write_text("\n".join(vtt))
    (folder / "transcript.srt").write_text("\n".join(srt))
    segs = [{"speaker": w, "startTime": a, "endTime": b, "body": t, **({"cites": c} if c else {})}
            for (a, b, w, t), c in zip(CUES, CITES, strict=True)]
    (folder / "transcript.json").write_text(json.dumps({"version": "1.0.0", "segments": segs}))
    md = [f"[00:00:{int(a):02d}] **{w}:** {t}" for a, _b, w, t in CUES]
    (folder / "transcript.md").write_text("## [00:00:00] Welcome\n\n" + "\n\n".join(md) + "\n")


# --------------------------------------------------------------------------- serving


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(site: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    """Start ``tinyleaps serve SITE --port PORT [EXTRA...]`` and wait until it answers."""
    import sys
    import time
    import urllib.request

    exe = Path(sys.executable).with_name("tinyleaps")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tinyleaps.cli"]
    proc = subprocess.Popen(
        [*cmd, "serve", str(site), "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"serve exited: {err}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("serve did not answer within 30 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
