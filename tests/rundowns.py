"""Rundown builders (no tests here) for the writer and script-rule tests: our
own words, shaped like real r/LocalLLaMA threads."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tinyleaps.artifacts import KeyPoint, Rundown, RundownSegment, SourceRef

RECORDED_AT = "2025-07-12T22:04:00-07:00"  # a Saturday evening, around 10 PM


def _ref(kind: str, author: str, sid: str, title: str) -> SourceRef:
    return SourceRef(kind=kind, author=author, title=title,
                     url=f"https://www.reddit.com/r/LocalLLaMA/comments/{sid}/")


def make_topic(
    key: str,
    title: str,
    op: str,
    summary: str,
    points: Sequence[tuple[str, str, int | None, str | None]],
    spoken_title: str | None = None,
) -> tuple[RundownSegment, dict[str, SourceRef]]:
    """A topic: its post by ``op`` and one comment per (author, text, score, reply_to)."""
    post = f"reddit:t3_{key}"
    sources = {post: _ref("reddit_post", op, key, title)}
    kps = []
    for j, (author, text, score, reply_to) in enumerate(points):
        sid = f"reddit:t1_{key}c{j}"
        sources[sid] = _ref("reddit_comment", author, f"{key}/c{j}", title)
        kps.append(KeyPoint(source_id=sid, author=author, text=text, score=score,
                            role="reply" if reply_to else "comment", reply_to=reply_to))
    seg = RundownSegment(
        id=f"topic-{key}", title=title, spoken_title=spoken_title or title, main_source=post,
        source_ids=list(sources), op=op, url=sources[post].url, summary=summary, points=kps,
    )
    return seg, sources


def make_rundown(topics: list[tuple[RundownSegment, dict[str, SourceRef]]],
                 origin: str = "r/LocalLLaMA", recorded_at: str = RECORDED_AT) -> Rundown:
    sources: dict[str, SourceRef] = {}
    for _seg, refs in topics:
        sources.update(refs)
    return Rundown(recorded_at=recorded_at, origin=origin,
                   segments=[seg for seg, _ in topics], sources=sources)


def sample_rundown() -> Rundown:
    """Three rich topics: enough material for an eight-minute show."""
    return make_rundown([
        make_topic(
            "kv8", "KV cache at 8 bits in KoboldCpp: twice the context, same speed",
            "Noselessmonk",
            "They switched the KV cache to 8-bit quantization and fit a 32k context on a "
            "12 GB card where 16k used to be the limit, with no visible drop in speed.",
            [
                ("FullOf_Bad_Ideas", "Same here. I load Yi 34B with the 200k context variant "
                 "on a 24 GB card now and it just works. Before this I had to drop to a "
                 "smaller quant of the weights, which hurt quality far more than the cache "
                 "ever did. Prompt processing is a little slower, maybe ten percent.", 88, None),
                ("ArtyfacialIntelagent", "Has anyone measured whether the 8-bit cache changes "
                 "the answers? Perplexity on a short benchmark is not the same as long "
                 "documents where the model has to recall something from the start.", 41, None),
                ("kryptkpr", "I ran needle-in-a-haystack at 32k with both settings. 8-bit "
                 "found the needle every time, 4-bit missed it about a third of the time past "
                 "20k tokens. So 8-bit looks safe, 4-bit less so.", 35,
                 "ArtyfacialIntelagent"),
                ("a_beautiful_rhind", "Not really a free lunch. Flash attention has to be on "
                 "for the quantized cache, and on older cards that is slower than what you "
                 "save. Check your GPU generation before you flip the switch.", 19, None),
                ("Noselessmonk", "Good point on flash attention. My card is a 3060, which "
                 "supports it, so that is probably why I saw no slowdown at all.", 12,
                 "a_beautiful_rhind"),
                ("Sabin_Stargem", "The real win is for people running two models at once, "
                 "a small draft model next to the big one. Every gigabyte counts there.", 9,
                 None),
            ],
            spoken_title="KV cache at 8 bits in Kobold C P P",
        ),
        make_topic(
            "easy", "Technologies that are now trivially easy?", "micseydel",
            "A list of things that took a research team a decade ago and now run on a "
            "laptop in an afternoon: OCR, handwriting recognition, speech to text, and "
            "decent text to speech. They ask what else belongs on the list.",
            [
                ("justgetoffmylawn", "Chatbots are easy to build and still hard to make "
                 "good. Anyone can wire up a model in ten minutes; getting it to stay on task "
                 "for a whole conversation is the part nobody has solved.", 120, None),
                ("Gl_drink_0117", "Speech to text is the one that amazes me. Whisper tiny "
                 "runs faster than real time on a Raspberry Pi, and the transcripts are good "
                 "enough for meeting notes.", 64, None),
                ("SomeOddCodeGuy", "I would add translation. Small local models now beat "
                 "the online translators I used five years ago for most European languages, "
                 "and they keep the formatting.", 40, None),
                ("Dry-Judgment4242", "But easy to run is not easy to trust. OCR still "
                 "mangles tables and handwriting with unusual letters, and you only notice "
                 "when it matters.", 22, "SomeOddCodeGuy"),
                ("mrjackspade", "Background removal from photos. It used to be a paid "
                 "service with a queue; now it is one pip install and a second per image.",
                 15, None),
            ],
        ),
        make_topic(
            "l405", "Why is the 405B model taking so long?", "Only-Letterhead-3411",
            "The thread wonders why the largest model of the family has not been released "
            "yet when the smaller ones shipped weeks ago.",
            [
                ("whotookthecandyjar", "Training a model that size takes months of compute "
                 "even for them, and then every safety evaluation takes longer too. Nothing "
                 "about this is surprising.", 55, None),
                ("BangkokPadang", "My guess is they shipped the small models first to "
                 "learn from the feedback, and the big one gets the fixes.", 30, None),
                ("DeepWisdomGuy", "Releasing the weights of a model this big changes the "
                 "market for hosted APIs. That is a business decision as much as a technical "
                 "one.", 18, None),
                ("ttkciar", "Hardly anyone here can run it anyway. At 4 bits you need "
                 "around 230 GB of memory, so for most of us the 70B is the one that matters.",
                 14, None),
            ],
        ),
    ])


ODD_HANDLES = ("x_-_y", "A-1", "___", "9lives", "Bob-", "zz_Top-99", "o", "Mr-Anderson_42",
               "UPPERCASE", "snake_case_user")
ODD_TITLES = ('The "best" 7B model? 🤔', "Qwen3 — 128k context, really?!",
              "’Smart’ quotes & ampersands", "Emoji only 🚀🚀🚀 launch",
              "A very long title " + "word " * 40, "u/someone asked: why?")


def random_rundown(seed: int) -> Rundown:
    """A generated rundown with odd handles, one-point and pointless topics, long
    excerpts, emoji, quotes, mentions inside comment text and reply chains."""
    rng = random.Random(seed)
    topics = []
    for t in range(rng.randint(1, 6)):
        op = rng.choice(ODD_HANDLES)
        authors = [rng.choice(ODD_HANDLES) for _ in range(rng.choice([0, 1, 1, 3, 6, 9]))]
        points = []
        for j, author in enumerate(authors):
            words = " ".join(rng.choice(["tok/s", "@ 5 tok/s", "GPU", "the", "model", "runs",
                                         "fine.", "u/ghost", "@phantom_user", "really?",
                                         "😀", '"quoted"', "  ", "https://x.io/a", "8-bit,"])
                             for _ in range(rng.randint(1, 140)))
            reply_to = authors[j - 1] if j and rng.random() < 0.4 else None
            points.append((author, words, rng.choice([None, 1, 50, 300]), reply_to))
        title = rng.choice(ODD_TITLES)
        topics.append(make_topic(f"r{seed}x{t}", title, op,
                                 rng.choice(["", "A short gist.", "gist " * 90]), points))
    return make_rundown(topics, origin=rng.choice(["r/LocalLLaMA", "", "a podcast transcript",
                                                   "r/LocalLLaMA and r/MachineLearning"]))


_SENTENCES = (
    "I tried this on a 3090 last night and the speed held up.",
    "The quality drop is small until you go below 4 bits.",
    "Memory is the real limit for most people here, not compute.",
    "Prompt processing gets slower with long contexts, which nobody mentions.",
    "My laptop runs the 8B model at about twelve tokens per second.",
    "The documentation is thin, so expect to read the source.",
    "It works well for summaries and poorly for code.",
    "Two older cards beat one new card on price per gigabyte.",
    "I would wait for a second round of benchmarks before switching.",
    "The license matters if you want to ship it in a product.",
    "Running it offline was the whole point for me.",
    "Quantized caches made the biggest difference on my machine.",
)


def rich_rundown(topics: int = 3, points: int = 9) -> Rundown:
    """Plenty of material: ``points`` comments of four sentences per topic."""
    built = []
    for t in range(topics):
        comments = []
        for j in range(points):
            text = " ".join(_SENTENCES[(t * 5 + j * 3 + k) % len(_SENTENCES)] for k in range(4))
            comments.append((f"user_{t}{j}-x", text, 100 - j, None))
        built.append(make_topic(
            f"rich{t}", f"Rich thread number {t + 1}: local models on small machines",
            f"poster{t}", " ".join(_SENTENCES[t:t + 4]), comments))
    return make_rundown(built)
