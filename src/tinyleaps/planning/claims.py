"""What a long recording's speakers actually said: their strongest claims, and a name for
what a stretch of talk is about.

A claim is one sentence of 8 to 50 words, cleaned of leading fillers ("um, so, I mean"),
scored (see :func:`claim_score`)::

    score = (0.3 + 1.0 * figures      # a number, a size, a price, a percentage
                 + 0.4 * names        # a model, product or company, or a proper noun
                 + 0.3 * comparison   # faster than, versus, beats, trails...
                 + 0.3 * decision)    # we chose, I'd recommend, would not use...
            * (0.5 + 0.5 * rarity)    # its words are not what every other sentence says
            * (0.3 + 0.7 * novelty)   # share of its word pairs said at most twice here:
                                      #   a new fact, not a talking point said again
            * 0.3 if said 3+ times in the stretch, * 0.2 if a question

Greetings, mic checks, sponsor reads, sign-offs and fragments (no closing punctuation)
score 0, and so does anything an AI voice played on the show says. A topic's name is a
phrase said in it: a model or product name, or a noun phrase said after "the" ("the Strix
Halo box"), frequent in this stretch and rare in the others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..artifacts import SourceItem
from ..sources.transcripts.model import AI_VOICE, is_credited_speaker
from ..text.sentences import spoken_sentences
from ..text.words import wordlist
from .entities import model_names

__all__ = ["Claim", "strongest_claims", "claim_score", "topic_name", "clean_sentence"]

MIN_WORDS = 8
MAX_WORDS = 50
PER_SPEAKER = 3
MIN_SCORE = 0.1  # below this a sentence is not worth quoting
RELATIVE = 0.25  # ...nor below this share of the stretch's best

_LEADING = re.compile(r"^(?:(?:um+|uh+|so|yeah|yep|okay|ok|right|well|like|and|but|oh|"
                      r"i mean|you know|honestly|basically|anyway)\s*[,.]?\s+)+", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(?:subscribe|sponsor\w*|brought to you by|promo code|leave a review|rate and review|"
    r"newsletter|mic check|can you hear me|testing,? testing|welcome (?:back )?to|thanks? "
    r"(?:you )?(?:so much )?for (?:listening|tuning in|watching|having me|joining)|see you "
    r"next|show notes|link in the description|first month|patreon|bye for now|take care|"
    r"we're rolling|hope your week|how's everyone|good to be back|happy to be here|"
    r"(?:hi|hello),? (?:everyone|everybody|all|folks)|with me (?:as always |today )?(?:is|are)|"
    r"our guest|this is (?:the )?[A-Z]\w+|episode \d+|I'm [A-Z][a-z]+,|let'?s play|"
    r"play the clip|here'?s what it said|let me play|supporting the show|thanks to \w+ for)",
    re.IGNORECASE)
_FIGURE = re.compile(r"\d|\b(?:percent|half|double|twice|million|billion|thousand|hundred)\b",
                     re.IGNORECASE)
_PROPER = re.compile(r"(?<=\s)[A-Z][a-z]+[A-Z0-9]\w*|(?<=\s)[A-Z]{2,}\w*|(?<=\s)[A-Z][a-z]+")
_COMPARE = re.compile(r"\b(?:than|versus|vs\.?|compared (?:to|with)|faster|slower|better|"
                      r"worse|beats?|outperforms?|trails?|behind|ahead of|on par)\b",
                      re.IGNORECASE)
_DECIDE = re.compile(
    r"\b(?:we (?:decided|chose|switched|picked|went with|use|ship|would not|wouldn't)|"
    r"i(?:'d| would) (?:recommend|not|never|still|buy)|you should|should always|don't use|"
    r"would not use|the trick is|the lesson)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9][a-z0-9.'-]*")
_STOP = wordlist("stopwords", "claims")


@dataclass
class Claim:
    """One sentence worth quoting, who said it and when."""

    item: SourceItem
    text: str
    score: float

    @property
    def at(self) -> float | None:
        start = self.item.extra.get("start")
        return float(start) if isinstance(start, int | float) else None


def clean_sentence(sentence: str) -> str:
    """A sentence without leading fillers, capitalised, whitespace collapsed."""
    text = _LEADING.sub("", " ".join(sentence.split()))
    return text[:1].upper() + text[1:]


def _content(sentence: str) -> list[str]:
    return [w for w in _WORD.findall(sentence.lower()) if w not in _STOP and len(w) > 1]


def _pairs(sentence: str) -> list[str]:
    """Neighbouring content words: what a sentence says, as pairs."""
    words = _content(sentence)
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def claim_score(sentence: str, rarity: float = 1.0, repeats: int = 1,
                novelty: float = 1.0) -> float:
    """The claim score of one cleaned sentence (module docstring)."""
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or sentence[-1:] not in ".!?…":
        return 0.0
    if _FILLER.search(sentence):
        return 0.0
    names = bool(model_names(sentence)) or bool(_PROPER.search(f" {sentence[1:]}"))
    score = (0.3 + 1.0 * bool(_FIGURE.search(sentence)) + 0.4 * names
             + 0.3 * bool(_COMPARE.search(sentence)) + 0.3 * bool(_DECIDE.search(sentence)))
    score *= (0.5 + 0.5 * rarity) * (0.3 + 0.7 * novelty)
    if repeats >= 3:
        score *= 0.3
    if sentence.endswith("?"):
        score *= 0.2
    return round(score, 4)


def strongest_claims(items: Sequence[SourceItem], limit: int, per_item: int = 1) -> list[Claim]:
    """The ``limit`` best claims of a stretch of turns, ``per_item`` per turn, at most
    ``PER_SPEAKER`` per speaker (any number for one article's paragraphs), none repeating
    another; in the order they were said."""
    said = [(item, clean_sentence(s)) for item in items if item.author != AI_VOICE
            for s in spoken_sentences(item.text)]
    counts = Counter(" ".join(_content(s)) for _i, s in said)
    df = Counter(w for _i, s in said for w in set(_content(s)))
    pair_df = Counter(p for _i, s in said for p in set(_pairs(s)))
    n = max(len(said), 1)
    scored: list[Claim] = []
    for item, sentence in said:
        toks = _content(sentence)
        if not toks:
            continue
        idf = [math.log((1 + n) / (1 + df[w])) for w in set(toks)]
        rarity = min(1.0, (sum(idf) / len(idf)) / math.log(1 + n)) if idf else 0.0
        pairs = set(_pairs(sentence))
        novelty = sum(pair_df[p] <= 2 for p in pairs) / len(pairs) if pairs else 0.0
        score = claim_score(sentence, rarity, counts[" ".join(toks)], novelty)
        if is_credited_speaker(item.author):
            score *= 1.1
        if score >= MIN_SCORE:
            scored.append(Claim(item, sentence, score))
    best = max((c.score for c in scored), default=0.0)
    if per_item > 1:  # one author's text: every sentence that says something may count
        return _pick([c for c in scored if c.score >= RELATIVE * best / 3], limit, per_item,
                     limit)
    return _pick([c for c in scored if c.score >= RELATIVE * best], limit, 1, PER_SPEAKER)


def _pick(scored: list[Claim], limit: int, per_item: int, per_speaker: int) -> list[Claim]:
    chosen: list[Claim] = []
    speakers: Counter[str] = Counter()
    for claim in sorted(scored, key=lambda c: -c.score):
        toks = set(_content(claim.text))
        same_item = sum(c.item.id == claim.item.id for c in chosen)
        if same_item >= per_item or speakers[claim.item.author] >= per_speaker:
            continue
        if any(len(toks & set(_content(c.text))) / max(1, min(len(toks), len(set(
                _content(c.text))))) >= 0.6 for c in chosen):
            continue
        chosen.append(claim)
        speakers[claim.item.author] += 1
        if len(chosen) == limit:
            break
    order = {id(c): n for n, c in enumerate(chosen)}
    return sorted(chosen, key=lambda c: (c.at if c.at is not None else 0.0, order[id(c)]))


# --------------------------------------------------------------------------- names

_DETERMINED = re.compile(r"\b(?:the|this|that|our|their|your|a)\s+((?:[\w.+-]+\s+){0,3}[\w.+-]+)",
                         re.IGNORECASE)
#: common verbs: a noun phrase ends before one ("the study started" is a clause)
_VERBS = frozenset("""is are was were be been has have had do does did get gets got make makes
    made run runs ran use uses used need needs seem seems feel feels felt work works take
    takes took give gives keep keeps go goes went come comes say says said think thinks
    know knows want wants change changes limit limits hurt hurts trade trades beat beats
    compare compares lag lags hold holds help helps let lets show shows find finds found
    stay stays start starts started look looks sound sounds cost costs ask asks asked
    speak speaks transcribe transcribes filter filters propose proposes double doubles
    rarely still just also really always never can could would should will may might""".split())
_BEFORE_OBJECT = frozenset("""of with for to from on in at by into onto about than like over
    under around through""".split())

Namer = Callable[[str], str]
"""Text of a stretch of talk -> a short name for it (e.g. written by a language model)."""


def _np_candidates(text: str) -> Counter[str]:
    """Subjects: phrases said after a determiner, not after "of", "with"..., and followed
    by a verb ("the study changes", "the draft model proposes"), 1-4 words."""
    found: Counter[str] = Counter()
    for match in _DETERMINED.finditer(text):
        before = text[max(0, match.start() - 12):match.start()].split()
        if before and before[-1].lower().strip(",") in _BEFORE_OBJECT:
            continue
        words = match.group(1).split()
        head = _until_verb(words)
        if not head or len(head) == len(words) or head[-1][-1:] in ",.;:!?":
            continue  # no verb follows: not a subject
        if head[-1].lower() in _STOP or head[0].lower() in _STOP:
            continue
        found[" ".join(head)] += 1
    return found


def _until_verb(words: list[str]) -> list[str]:
    """The words before the first verb-like one (a listed verb, or one ending in "ed")."""
    out: list[str] = []
    for word in words:
        low = word.lower().strip(",.;:!?")
        if low in _VERBS or (low.endswith("ed") and len(low) > 4):
            break
        out.append(word)
    return out


def _term_candidates(text: str) -> Counter[str]:
    """Two- and three-word terms of content words, no verbs ("speculative decoding")."""
    found: Counter[str] = Counter()
    for sentence in spoken_sentences(text):
        words = [w.strip(",.;:!?\"'()") for w in sentence.split()]
        for size in (2, 3):
            for k in range(len(words) - size + 1):
                gram = words[k:k + size]
                low = [w.lower() for w in gram]
                if any(not w or w in _STOP or w in _VERBS for w in low):
                    continue
                found[" ".join(gram)] += 1
    return found


def _name_candidates(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for sentence in spoken_sentences(text):
        for name in model_names(sentence):
            if name.story:
                found[name.release] += 1
        for match in re.finditer(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)+", sentence[1:]):
            found[match.group(0)] += 1
    return found


def topic_name(text: str, others: Sequence[str], namer: Namer | None = None) -> str:
    """A name for the stretch ``text``, said in it (module docstring). A ``namer``'s name is
    used when every word of it is said in the stretch."""
    if namer is not None:
        proposed = " ".join(namer(text).split()).strip(" .\"'")
        words = set(_content(text))
        if proposed and all(w in words for w in _content(proposed)):
            return proposed[:1].upper() + proposed[1:]
    scores: dict[str, float] = {}
    pools = ((_name_candidates(text), 1.5, 3), (_np_candidates(text), 1.2, 3),
             (_term_candidates(text), 0.8, 4))
    for pool, bonus, least in pools:
        for phrase, count in pool.items():
            pattern = _phrase_pattern(phrase)
            if count < least or not pattern.search(text):
                continue
            elsewhere = sum(len(pattern.findall(o)) for o in others) / max(len(others), 1)
            size = len(phrase.split())
            score = bonus * count * (1 + 0.3 * (size - 1)) / (1 + elsewhere)
            scores[phrase] = max(scores.get(phrase, 0.0), score)
    if not scores:
        return ""
    best = max(sorted(scores), key=lambda p: scores[p])
    return _surface(best, text)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as written with spaces, hyphens or nothing between its words."""
    return re.compile(r"(?<![\w-])" + r"[\s_-]?".join(re.escape(p) for p in phrase.split())
                      + r"(?![\w-])", re.IGNORECASE)


def _surface(phrase: str, text: str) -> str:
    """The phrase as it is written most often in ``text`` (a model name like "gpt oss" is
    said "gpt-oss"); "the" kept before a noun phrase that is said with it."""
    pattern = _phrase_pattern(phrase)
    forms = Counter(m.group(0) for m in pattern.finditer(text))
    best = forms.most_common(1)[0][0] if forms else phrase
    with_the = len(re.findall(rf"\bthe\s+{re.escape(best)}\b", text, re.IGNORECASE))
    return f"the {best}" if best[:1].islower() and with_the * 2 >= forms[best] else best
