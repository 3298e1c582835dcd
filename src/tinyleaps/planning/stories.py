"""Stories, not threads: the day's threads grouped by what they are about.

1. A thread's subject is the first model name in its title, or failing that the one its
   link names, as a story key: family, version and the variants that make another model
   (``qwen 3 coder``, ``glm 4.5``, ``gpt oss``; see :mod:`.entities`).
2. Threads with the same key are one story. A name with no such variant ("Qwen 3 235b")
   joins the story of its family and version that shares its size, or the only one.
3. A thread with no key (a meme titled "we have to delay it") joins the story it is most
   about, when that affinity reaches ``StoryOptions.join``: the share of its top comments
   naming the story's model (``comment_weight``), its title words against the story's
   (TF-IDF over titles and the first words of bodies, ``word_weight``), its comments'
   words against the story's comments (``talk_weight``), the bundled embedding model's
   cosine of titles (``embed_weight``, rescaled so unrelated titles score about 0), and
   naming the maker of the story's model (``org_weight``).
4. Threads left over are stories of their own, or one story with another left-over thread
   whose words (or title embedding) say the same thing (``pair``).

Threads are taken in order of engagement (``ln(1 + votes) + 1.5 ln(1 + comments)``), so
the big threads of a story are placed first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..text.names import Names, builtin_names
from ..text.vectors import cosine
from .embed import Embedder
from .entities import ModelName, compatible_names, is_plain
from .story_threads import StoryThread, embed_threads, story_thread, word_vectors
from .substance import is_news
from .threads import Thread, is_question

__all__ = ["Story", "StoryOptions", "StoryThread", "cluster_stories"]


HEAD_NAME = 0.8  # name evidence when the start of the body names the story's model


@dataclass
class StoryOptions:
    """Weights of the affinity of a thread with no model name to a story (see the module
    docstring); the defaults are the ones measured in ``bench/planner.py``."""

    join: float = 0.6
    pair: float = 0.4
    comment_weight: float = 0.6
    word_weight: float = 0.8
    talk_weight: float = 0.6
    embed_weight: float = 0.9
    org_weight: float = 0.7
    org_talk_weight: float = 0.3
    support: float = 0.5
    #: word cosine that counts as full evidence
    word_scale: float = 0.4
    time_weight: float = 0.1
    #: hours apart at which two threads stop being close in time
    time_hours: float = 2.0
    #: embedding cosine of two unrelated titles (rescaled to 0) and of two same-story ones (1)
    embed_floor: float = 0.88
    embed_ceiling: float = 0.95
    #: threads embedded (the most engaging first; the model costs ~10 ms a title)
    embed_limit: int = 24


@dataclass
class Story:
    """Threads about one thing; ``key`` is its model's story key ('' for others).
    ``org_share``: of the day's threads whose title names this story's organisation, the
    share that are in it (how surely "OpenAI" in a title means this story)."""

    members: list[StoryThread]
    key: str = ""
    org_share: float = 1.0
    family_share: float = 1.0

    @property
    def size(self) -> float:
        return sum(m.weight for m in self.members)

    @property
    def threads(self) -> list[Thread]:
        return [m.thread for m in self.members]

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.members]

    @property
    def lead_name(self) -> ModelName | None:
        """The model name of the first thread that has one."""
        return next((m.name for m in self.members if m.name is not None and m.key), None)

    def family_version(self) -> str:
        name = self.lead_name
        return f"{name.family} {name.version}".strip() if name else ""

    def sizes(self) -> set[str]:
        return {s for m in self.members if m.name is not None for s in m.name.sizes}

    def orgs(self, names: Names) -> set[str]:
        """Who the story is about: the makers of its model, or the organisations its
        titles name."""
        made = {names.families.get(m.name.family, "") for m in self.members if m.name} - {""}
        return made or {o for m in self.members[:3] for o in m.orgs}


# --------------------------------------------------------------------------- features


# --------------------------------------------------------------------------- clustering


def cluster_stories(
    threads: Sequence[Thread],
    options: StoryOptions | None = None,
    embedder: Embedder | None = None,
    names: Names | None = None,
) -> list[Story]:
    """The threads grouped into stories, biggest story first (see the module docstring)."""
    options = options or StoryOptions()
    names = names or builtin_names()
    return group_stories(story_threads(threads, names, embedder, options), options, names)


def story_threads(
    threads: Sequence[Thread], names: Names, embedder: Embedder | None, options: StoryOptions
) -> list[StoryThread]:
    """Every thread's subject, names, words, talk and (for the most engaging) embedding,
    most engaging first."""
    docs = sorted((story_thread(t, names) for t in threads), key=lambda d: (-d.weight, d.id))
    word_vectors(docs)
    embed_threads(docs, embedder, options.embed_limit)
    return docs


def group_stories(docs: Sequence[StoryThread], options: StoryOptions, names: Names) -> list[Story]:
    """Steps 2-4 of the module docstring over ``story_threads`` output."""
    stories = _by_name(docs)
    placed = {m.id for s in stories if len(s.members) > 1 or s.key for m in s.members}
    stories = [s for s in stories if s.members[0].id in placed]
    _org_shares(stories, docs, names)
    rest = [d for d in docs if d.id not in placed]
    for doc in sorted(rest, key=lambda d: not is_news(d.thread)):  # news makes targets first
        best, score = _best_story(doc, [s for s in stories if _is_target(s)], options, names)
        if best is not None and score >= options.join:
            best.members.append(doc)
        else:
            stories.append(Story([doc]))
    stories = _pair_leftovers(stories, options)
    return sorted(stories, key=lambda s: (-s.size, s.members[0].id))


def _by_name(docs: Sequence[StoryThread]) -> list[Story]:
    """Stories of the threads whose title names a model: named variants first ("qwen 3
    coder"), then plain names ("Qwen 3 235b"), which join the story of their family and
    version that shares their size, or the only one, or make their own. A group that is
    not news (no member announces, releases or measures, and fewer than two are more than
    a help question) is undone: a model name alone does not make a story."""
    stories: list[Story] = []
    named = [d for d in docs if d.name is not None and d.key]
    for plain in (False, True):
        for doc in (d for d in named if is_plain(d.name) == plain):
            home = _home(doc, stories)
            if home is not None:
                home.members.append(doc)
            else:
                stories.append(Story([doc], doc.key))
    out: list[Story] = []
    for story in stories:
        out += [story] if _is_news(story) else [Story([m]) for m in story.members]
    return out


def _is_news(story: Story) -> bool:
    """A group of threads naming one model is a story when it is news: for a plain name
    ("Gemma 3", mentioned in many a question) two members announce, release or measure it
    (or one does and the only other member is not a help question); for a named variant
    one does, or two members are more than help questions."""
    news = sum(is_news(m.thread) for m in story.members)
    asking = sum(is_question(m.thread.post) for m in story.members)
    if len(story.members) == 1:
        return True
    if is_plain(story.lead_name):
        return news >= 2 or (news == 1 and len(story.members) == 2 and asking == 0)
    return news >= 1 or len(story.members) - asking >= 2


def _home(doc: StoryThread, stories: list[Story]) -> Story | None:
    """The story a named thread belongs to: a compatible one; for a plain name among
    several, the one that shares its size, else the plain story of its own name."""
    assert doc.name is not None
    same = [s for s in stories
            if s.lead_name is not None and compatible_names(doc.name, s.lead_name)]
    if not is_plain(doc.name):
        return same[0] if same else None
    sized = [s for s in same if doc.name.sizes & s.sizes() and not is_plain(s.lead_name)]
    if len(sized) == 1:
        return sized[0]
    return next((s for s in same if is_plain(s.lead_name)), None)


def _org_shares(stories: list[Story], docs: Sequence[StoryThread], names: Names) -> None:
    """How surely a title naming a story's organisation, or its model's family, means that
    story: the share of the day's threads naming it that are in it."""
    for story in stories:
        orgs = story.orgs(names)
        naming = [d for d in docs if d.orgs & orgs
                  or (d.name and names.families.get(d.name.family) in orgs)]
        story.org_share = sum(d in story.members for d in naming) / len(naming) if naming else 0.0
        family = story.lead_name.family if story.lead_name else ""
        kin = [d for d in docs if d.name is not None and d.key and d.name.family == family]
        story.family_share = sum(d in story.members for d in kin) / len(kin) if kin else 0.0


def _is_target(story: Story) -> bool:
    """A story other threads may join: two threads or more, or one that is news."""
    lead = story.members[0].thread
    return len(story.members) > 1 or (is_news(lead) and not is_question(lead.post))


def _best_story(
    doc: StoryThread, stories: Sequence[Story], options: StoryOptions, names: Names
) -> tuple[Story | None, float]:
    best, best_score = None, 0.0
    for story in stories:
        score = affinity(doc, story, options, names)
        if score > best_score:
            best, best_score = story, score
    return best, best_score


def affinity(doc: StoryThread, story: Story, options: StoryOptions, names: Names) -> float:
    """How much a thread with no model name of its own is about ``story``: its strongest
    piece of evidence, plus ``support`` times the others, plus closeness in time (module
    docstring). Each piece is weighted and in 0..1."""
    members = story.members[:8]
    family = story.lead_name.family if story.lead_name else ""
    pieces = [
        options.comment_weight * _name_evidence(doc, story),
        _org_evidence(doc, story.orgs(names), options) * story.org_share,
        options.org_weight * story.family_share * (family in {m.family for m in doc.names}),
        options.word_weight * min(1.0, _top_mean([cosine(doc.words, m.words) for m in members])
                                  / options.word_scale),
        options.talk_weight * min(1.0, _top_mean([cosine(doc.talk, m.talk) for m in members])
                                  / options.word_scale),
        options.embed_weight * _embed_evidence(doc, members, options),
    ]
    best = max(pieces)
    near = _closeness(doc, members, options.time_hours) if best > 0 else 0.0
    return best + options.support * (sum(pieces) - best) + options.time_weight * near


def _name_evidence(doc: StoryThread, story: Story) -> float:
    """1 when the start of the body names the story's model, else how many of the top
    comments do (see :func:`_share`)."""
    if not story.key:
        return 0.0
    if story.key in doc.head_keys:
        return HEAD_NAME  # the body names it: strong, but a question's body names a lot
    return _share(doc.talk_names[story.key], doc.talked)


def _org_evidence(doc: StoryThread, orgs: set[str], options: StoryOptions) -> float:
    """``org_weight`` when the title names the story's organisation, ``org_talk_weight``
    when the body's start does, or that times the share of the comments that do."""
    if not orgs:
        return 0.0
    if doc.orgs & orgs:
        return options.org_weight
    if doc.head_orgs & orgs:
        return options.org_talk_weight
    named = max((doc.talk_orgs[o] for o in orgs), default=0)
    return options.org_talk_weight * _share(named, doc.talked)


def _embed_evidence(doc: StoryThread, members: list[StoryThread], options: StoryOptions) -> float:
    if doc.embedding is None:
        return 0.0
    sims = [float(doc.embedding @ m.embedding) for m in members if m.embedding is not None]
    if not sims:
        return 0.0
    span = options.embed_ceiling - options.embed_floor
    return min(1.0, max(0.0, (_top_mean(sims) - options.embed_floor) / span))


def _share(named: int, read: int) -> float:
    """How strongly comments point at something: 0 below 3 comments naming it, 1 when
    at least 40% of those read do."""
    return min(1.0, named / max(1.0, 0.4 * read)) if named >= 3 else 0.0


def _closeness(doc: StoryThread, members: list[StoryThread], hours: float) -> float:
    gaps = [abs(doc.hour - m.hour) for m in members if doc.hour is not None and m.hour is not None]
    return max(0.0, 1.0 - min(gaps) / hours) if gaps else 0.0


def _top_mean(values: list[float], k: int = 3) -> float:
    top = sorted(values, reverse=True)[:k]
    return sum(top) / len(top) if top else 0.0


def _pair_leftovers(stories: list[Story], options: StoryOptions) -> list[Story]:
    """Single-thread stories whose words say the same thing become one story."""
    singles = [s for s in stories if len(s.members) == 1 and not s.key]
    others = [s for s in stories if s not in singles]
    merged: list[Story] = []
    for story in singles:
        doc = story.members[0]
        home = next((m for m in merged if _same_words(doc, m.members, options)), None)
        if home is not None:
            home.members.append(doc)
        else:
            merged.append(story)
    return others + merged


def _same_words(doc: StoryThread, members: list[StoryThread], options: StoryOptions) -> bool:
    if is_question(doc.thread.post):
        return False
    return max(cosine(doc.words, m.words) for m in members) >= options.pair
