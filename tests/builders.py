"""Builders (no tests here) for the artifacts one stage hands the next, in pipeline order:
Reddit items and Sources (the planner's input), rundowns (the writers' input) and scripts
(the input of voice, check and publish). Our own words, shaped like real r/LocalLLaMA
threads; what a test asserts on stays in the test, these only save the boilerplate."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from tinyleaps.artifacts import (
    Host,
    KeyPoint,
    Rundown,
    RundownSegment,
    Script,
    ScriptSegment,
    SourceItem,
    SourceRef,
    Sources,
    Turn,
)
from tinyleaps.planning import PlanOptions

# ------------------------------------------------------------------ sources (planning's input)

WHEN = datetime(2025, 7, 12, 22, 0, tzinfo=UTC)


def post(
    pid: str,
    title: str,
    text: str = "",
    *,
    votes: int = 100,
    comments: int = 20,
    flair: str = "Discussion",
    author: str | None = None,
    hours_ago: float = 5,
    is_self: bool = True,
) -> SourceItem:
    """An r/LocalLLaMA post made ``hours_ago`` before ``WHEN``, by ``op_<pid>`` unless told."""
    iid = f"reddit:t3_{pid}"
    return SourceItem(
        id=iid,
        kind="reddit_post",
        author=author or f"op_{pid}",
        url=f"https://www.reddit.com/r/LocalLLaMA/comments/{pid}/x/",
        title=title,
        text=text,
        created=(WHEN - timedelta(hours=hours_ago)).isoformat(),
        score=votes,
        thread=iid,
        extra={
            "flair": flair,
            "num_comments": comments,
            "subreddit": "LocalLLaMA",
            "is_self": is_self,
            "creditable": True,
            "stickied": False,
        },
    )


def comment(
    cid: str, thread: SourceItem, author: str, text: str, votes: int = 10, parent: str = ""
) -> SourceItem:
    """A comment on ``thread`` (a reply to ``parent`` when given)."""
    return SourceItem(
        id=f"reddit:t1_{cid}",
        kind="reddit_comment",
        author=author,
        url=f"{thread.url}{cid}/",
        title=thread.title,
        text=text,
        created=thread.created,
        score=votes,
        thread=thread.id,
        parent=parent or thread.id,
        extra={
            "depth": 0 if not parent else 1,
            "stickied": False,
            "creditable": author != "[deleted]",
            "subreddit": "LocalLLaMA",
        },
    )


def discussion(p: SourceItem, n: int = 6, base: int = 50) -> list[SourceItem]:
    """``n`` distinct, creditable comments on thread ``p``."""
    ideas = [
        "Quantization to four bits keeps most of the quality on consumer cards.",
        "The license matters more than the benchmark numbers for companies.",
        "Memory bandwidth is the real bottleneck when running these at home.",
        "Tool calling still breaks when the context grows past thirty thousand tokens.",
        "Fine tuning on domain data beats prompting for narrow extraction jobs.",
        "Apple silicon makes the large mixture of experts models usable on laptops.",
        "Speculative decoding doubled my tokens per second with a draft model.",
    ]
    tag = p.id.split("_")[-1]
    return [
        comment(f"{tag}c{i}", p, f"user_{tag}_{i}", ideas[i % len(ideas)], base - i)
        for i in range(n)
    ]


def sources(*groups: list[SourceItem], inputs: list[str] | None = None) -> Sources:
    """The Sources artifact of these threads (each a post and its comments)."""
    return Sources(sources=[i for g in groups for i in g], inputs=inputs or ["day/"])


def plan_options(**kw: Any) -> PlanOptions:
    """The planner's options, planning at ``WHEN`` unless told otherwise."""
    kw.setdefault("when", WHEN)
    return PlanOptions(**kw)


# ------------------------------------------------------------------ rundowns (writing's input)

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
    post_id = f"reddit:t3_{key}"
    refs = {post_id: _ref("reddit_post", op, key, title)}
    kps = []
    for j, (author, text, score, reply_to) in enumerate(points):
        sid = f"reddit:t1_{key}c{j}"
        refs[sid] = _ref("reddit_comment", author, f"{key}/c{j}", title)
        kps.append(KeyPoint(source_id=sid, author=author, text=text, score=score,
                            role="reply" if reply_to else "comment", reply_to=reply_to))
    seg = RundownSegment(
        id=f"topic-{key}", title=title, spoken_title=spoken_title or title, main_source=post_id,
        source_ids=list(refs), op=op, url=refs[post_id].url, summary=summary, points=kps,
    )
    return seg, refs


def make_rundown(topics: list[tuple[RundownSegment, dict[str, SourceRef]]],
                 origin: str = "r/LocalLLaMA", recorded_at: str = RECORDED_AT) -> Rundown:
    """A rundown of these topics (from ``make_topic``) citing all their sources."""
    refs: dict[str, SourceRef] = {}
    for _seg, topic_refs in topics:
        refs.update(topic_refs)
    return Rundown(recorded_at=recorded_at, origin=origin,
                   segments=[seg for seg, _ in topics], sources=refs)


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


# ------------------------------------------------------------------ scripts (voice's input)

SHOW = "Tiny Leaps"
BUNDLED_VOICES = ("piper:en_US-joe-medium", "hibari:heart")  # KAI's and ELIZA's defaults


def hosts(kai: str = "", eliza: str = "") -> list[Host]:
    """The show's two hosts, KAI and ELIZA, with these voices."""
    return [Host("KAI", kai), Host("ELIZA", eliza)]


def make_script(
    turns: Iterable[Turn],
    segments: Iterable[ScriptSegment] = (),
    sources: Mapping[str, SourceRef] | None = None,
    *,
    voices: tuple[str, str] = ("", ""),
    title: str = "t",
    recorded_at: str = "2025-07-12T22:00:00-07:00",
) -> Script:
    """A script of the show by KAI and ELIZA (with these voices): these turns, segments
    and cited sources."""
    return Script(show=SHOW, title=title, recorded_at=recorded_at, hosts=hosts(*voices),
                  segments=list(segments), turns=list(turns), sources=dict(sources or {}))
