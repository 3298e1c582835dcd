"""How a script sounds, in figures: conversation or recitation?

``tinyleaps check`` reports these as warnings (they never fail an episode), and
``bench/quality.py`` measures them over every shared day for the model writer and the
floor. Each figure is computed from the script alone, plus the titles of the stories:

* verbatim share — words read out inside quotation marks, of all words;
* longest quote — the longest quotation, in words;
* raw titles — topics whose post title (three words or more, not only a name like
  "EXAONE 4.0 32B") is read out as written;
* as the poster — host lines in the first person that are not a host's own opinion
  ("I run my 3090s at...", "I tried it");
* questions — the hosts' questions (turns whose act is ``ask``; in a script without acts,
  turns ending in "?") per topic, and how many the next turn answers (the other host
  reports a point);
* host shares — each host's share of the words;
* distinct-2 — distinct word pairs of the hosts' own words (quotes left out), of all;
* own sentences — the hosts' sentences with quotations left out, normalized, for
  counting the ones another episode also has (:func:`reused_sentences`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from ..artifacts import Rundown, Script
from ..grounding.voice import as_poster as speaks_as_poster
from ..text.sentences import split_at_stops
from ..text.words import norm
from .problems import CheckRow

#: a quotation in double quotes, or in single quotes (not an apostrophe: "it's")
_QUOTE = re.compile(r"\"([^\"]*)\"|“([^”]*)”|(?<![\w])'(?=\S)((?:[^']|'(?=\w))*?)(?<=\S)'(?!\w)")
#: a word that names something (a digit, capitals): titles made only of these are names
_NAME_WORD = re.compile(r"^(?:[\w.-]*\d[\w.-]*|[A-Z][\w.-]*)$")


@dataclass
class Quality:
    """The figures of one script (see the module docstring)."""

    words: int = 0
    quoted_words: int = 0
    longest_quote: int = 0
    topics: int = 0
    raw_titles: int = 0
    as_poster: int = 0
    questions: int = 0
    answered: int = 0
    host_shares: dict[str, float] = field(default_factory=dict)
    distinct2: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def verbatim_share(self) -> float:
        return self.quoted_words / self.words if self.words else 0.0

    @property
    def questions_per_topic(self) -> float:
        return self.questions / self.topics if self.topics else 0.0

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.update(verbatim_share=round(self.verbatim_share, 4),
                   questions_per_topic=round(self.questions_per_topic, 2))
        return out


def quoted(text: str) -> list[str]:
    return [m.group(1) or m.group(2) or m.group(3) or "" for m in _QUOTE.finditer(text)]


def own_words(text: str) -> str:
    """A line without its quotations: what the host says in their own words."""
    return " ".join(_QUOTE.sub(" ", text).split())


def as_poster(text: str, host_names: Sequence[str]) -> bool:
    """Does this line speak as the poster (first person that is not a host's opinion)?"""
    spoken = own_words(text)
    for name in host_names:  # "I'm KAI" is the host, not the poster
        spoken = re.sub(rf"\bI'm {re.escape(name)}\b|\b(?:I|me) ?,? {re.escape(name)}\b",
                        " ", spoken)
    return speaks_as_poster(spoken)


def measure(script: Script, titles: dict[str, str] | None = None,
            answered: Sequence[bool] | None = None) -> Quality:
    """The figures of ``script``. ``titles`` maps a topic segment to its raw post title
    (default: the segment's title). ``answered`` says, per question in order, whether the
    next turn answers it (default: the next turn is the other host's report)."""
    q = Quality(words=script.word_count())
    hosts = script.host_names()
    topics = [s for s in script.segments if s.kind == "topic"]
    q.topics = len(topics)
    titles = titles or {s.id: s.title for s in topics}
    q.examples = {"quotes": [], "raw_titles": [], "as_poster": []}
    for turn in script.turns:
        for words in quoted(turn.text):
            n = len(words.split())
            q.quoted_words += n
            q.longest_quote = max(q.longest_quote, n)
            if n > 15:
                q.examples["quotes"].append(words)
        if as_poster(turn.text, hosts):
            q.as_poster += 1
            q.examples["as_poster"].append(turn.text)
    for seg in topics:
        raw = titles.get(seg.id, "")
        title = norm(raw)
        if all(_NAME_WORD.match(w) for w in raw.replace("·", " ").split()) or \
                len(raw.split()) <= 2:
            continue  # "EXAONE 4.0 32B", "gpt-oss": a name, said as a name
        if len(title.split()) >= 2 and any(title in norm(t.text) for t in
                                           script.turns_of(seg.id)):
            q.raw_titles += 1
            q.examples["raw_titles"].append(titles.get(seg.id, ""))
    topic_ids = {s.id for s in topics}
    has_acts = any(t.act for t in script.turns)
    questions = [i for i, t in enumerate(script.turns) if t.segment in topic_ids and (
        t.act == "ask" if has_acts else own_words(t.text).endswith("?"))]
    q.questions = len(questions)
    if answered is None:
        answered = [_answered_by_next(script, i) for i in questions]
    q.answered = sum(1 for a in answered if a)
    total = q.words or 1
    q.host_shares = {h: round(sum(len(t.text.split()) for t in script.turns
                                  if t.speaker == h) / total, 4) for h in hosts}
    q.distinct2 = distinct_2([own_words(t.text) for t in script.turns])
    return q


def _answered_by_next(script: Script, index: int) -> bool:
    turns = script.turns
    if index + 1 >= len(turns):
        return False
    nxt, cur = turns[index + 1], turns[index]
    return nxt.speaker != cur.speaker and nxt.segment == cur.segment and \
        not own_words(nxt.text).endswith("?") and (nxt.act in ("tell", "push_back", "compare")
                                                   or bool(nxt.cites))


def distinct_2(texts: Sequence[str]) -> float:
    pairs = []
    for text in texts:
        words = norm(text).split()
        pairs += list(zip(words, words[1:], strict=False))
    return len(set(pairs)) / len(pairs) if pairs else 0.0


def own_sentences(script: Script) -> list[str]:
    """The hosts' own sentences (quotations removed, normalized, at least four words)."""
    out = []
    for turn in script.turns:
        for sentence in split_at_stops(own_words(turn.text)):
            s = norm(sentence)
            if len(s.split()) >= 4:
                out.append(s)
    return out


def reused_sentences(scripts: Sequence[Script]) -> tuple[int, int, list[str]]:
    """How many of the hosts' own sentences, over all ``scripts``, also appear in another
    of them: (reused, total, examples)."""
    per = [own_sentences(s) for s in scripts]
    reused, total, examples = 0, 0, []
    for i, sentences in enumerate(per):
        others = set().union(*(set(p) for j, p in enumerate(per) if j != i))
        for s in sentences:
            total += 1
            if s in others:
                reused += 1
                if s not in examples:
                    examples.append(s)
    return reused, total, examples


#: the figures a good script meets (the conversation issue's targets)
MAX_VERBATIM = 0.10
MAX_QUOTE = 15
MIN_QUESTIONS = 1.5
MIN_SHARE = 0.35


def quality_rows(script: Script, rundown: Rundown | None = None) -> list[CheckRow]:
    """``tinyleaps check``'s conversation row: "pass" with the figures, or "warn" naming
    the worst of them (a warning never fails an episode)."""
    titles = {s.id: s.title for s in rundown.segments} if rundown else None
    q = measure(script, titles)
    figures = (f"verbatim {q.verbatim_share:.0%}, longest quote {q.longest_quote} words, "
               f"{q.questions_per_topic:.1f} questions a topic ({q.answered}/{q.questions} "
               f"answered), hosts " + "/".join(f"{v:.0%}" for v in q.host_shares.values()))
    warnings = []
    if q.verbatim_share > MAX_VERBATIM:
        warnings.append(f"{q.verbatim_share:.0%} of the words are read verbatim")
    if q.longest_quote > MAX_QUOTE:
        warnings.append(f"a quote of {q.longest_quote} words")
    if q.raw_titles:
        warnings.append(f"{q.raw_titles} raw title(s) read: {q.examples['raw_titles'][0]!r}")
    if q.as_poster:
        warnings.append(f"{q.as_poster} line(s) spoken as the poster: "
                        f"{q.examples['as_poster'][0][:80]!r}")
    if q.topics and q.questions_per_topic < MIN_QUESTIONS:
        warnings.append(f"only {q.questions_per_topic:.1f} questions a topic")
    if q.answered < q.questions:
        warnings.append(f"{q.questions - q.answered} question(s) left unanswered")
    low = [h for h, v in q.host_shares.items() if v < MIN_SHARE]
    if low:
        warnings.append(f"{', '.join(low)} under {MIN_SHARE:.0%} of the words")
    if warnings:
        return [CheckRow("sounds like a conversation", "warn", "; ".join(warnings))]
    return [CheckRow("sounds like a conversation", "pass", figures)]
