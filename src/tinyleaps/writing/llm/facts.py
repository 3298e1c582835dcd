"""Keep a small model to the facts it was given.

The grounding checks of the contract cover people (every @handle is a cited author);
this covers numbers and copy-paste: every figure a host says (``32k``, ``6%``, ``$1,400``,
``3.1``) must appear in the notes the model got for that segment (titles, the post's gist,
the key points, the spoken time), and no turn may repeat another turn. A reply that
breaks this is sent back with the exact problem; on the last attempt the offending
sentences are dropped instead (:func:`drop_unsupported`), so what is left is grounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...artifacts import Rundown, ScriptSegment, Turn
from ...timephrase import parse_when, spoken_moment
from .postprocess import SENTENCE_END

# hosts speaking as if they had built, run or owned what the threads are about
_FIRST_HAND = re.compile(
    r"\bI(?:'ve| have)? (?:been )?(?:using|running|working with|testing|following|bought|"
    r"built|measured|tested|tried|run|use|own|experimenting|playing|messing|tinkering|"
    r"benchmarking|downloaded|installed)\b|\bmy (?:own )?(?:build|rig|setup|model|card|gpu|"
    r"machine|server|box)\b|\bI'm happy with it\b|\bin the coming turns\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\$?(\d[\d,]*(?:\.\d+)?)")
_QUOTE = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _numbers(text: str) -> set[str]:
    return {m.group(1).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def segment_facts(rundown: Rundown, seg: ScriptSegment, show_name: str) -> str:
    """The notes a segment may take its figures from."""
    parts = [show_name, rundown.origin, spoken_moment(parse_when(rundown.recorded_at))]
    for rs in rundown.segments:
        parts.append(rs.title)
        if seg.kind == "topic" and rs.id != seg.id:
            continue
        parts += [rs.spoken_title, rs.summary, rs.why, *(p.text for p in rs.points)]
        parts += [p.author for p in rs.points] + [rs.op]
    return "\n".join(parts)


def unsupported_numbers(text: str, facts: str) -> list[str]:
    """Figures in ``text`` (outside quotation marks) that the notes never mention."""
    allowed = _numbers(facts)
    return sorted(n for n in _numbers(_QUOTE.sub(" ", text)) if n not in allowed)


def repeated_turns(turns: list[Turn], earlier: Iterable[Turn] = ()) -> list[int]:
    """Indexes of turns that mostly repeat an earlier turn (>= 70 % of its words)."""
    seen = [content_words(t.text) for t in earlier]
    out = []
    for i, turn in enumerate(turns):
        words = content_words(turn.text)
        if words and any(len(words & s) >= 0.7 * min(len(words), len(s)) for s in seen if s):
            out.append(i)
        seen.append(words)
    return out


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry meaning (lowercase, longer than three letters)."""
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if len(w) > 3}


def fact_problems(turns: list[Turn], facts: str, earlier: Iterable[Turn] = ()) -> list[str]:
    """One actionable line per problem, for the repair prompt."""
    problems = []
    for i, turn in enumerate(turns):
        bad = unsupported_numbers(turn.text, facts)
        if bad:
            problems.append(
                f"turn {i + 1} ({turn.speaker}) says {', '.join(bad)}, which the notes never "
                "mention; use only figures from the notes, or leave the figure out"
            )
    for i, turn in enumerate(turns):
        claim = _FIRST_HAND.search(_QUOTE.sub(" ", turn.text))
        if claim:
            problems.append(f"turn {i + 1} ({turn.speaker}) says \"{claim.group(0)}\": the "
                            "hosts only report what the people in the notes did")
    for i in repeated_turns(turns, earlier):
        problems.append(f"turn {i + 1} ({turns[i].speaker}) repeats an earlier turn; "
                        "say something new: react, ask, or add a different point")
    return problems


def bad_sentence(sentence: str, facts: str, said: list[set[str]]) -> str | None:
    """Why a sentence must go (a made-up figure, a first-hand claim, a repeat, a
    fragment), or None when it may stay."""
    if unsupported_numbers(sentence, facts):
        return "made-up figure"
    if _FIRST_HAND.search(_QUOTE.sub(" ", sentence)):
        return "first-hand claim"
    words = content_words(sentence)
    if words and any(len(words & s) >= 0.7 * len(words) for s in said if s):
        return "repeat"
    if sentence.strip()[:1].islower():  # the tail of a sentence cut elsewhere
        return "fragment"
    return None


def drop_unsupported(turns: list[Turn], facts: str, earlier: Iterable[Turn] = ()) -> list[Turn]:
    """Remove sentences with made-up figures, first-hand claims, repeats of anything
    said before and fragments; a turn left empty goes, and the turns either side of it
    (the same host) become one, so the hosts still alternate."""
    said = [content_words(s) for t in earlier for s in SENTENCE_END.split(t.text)]
    kept: list[Turn] = []
    for turn in turns:
        sentences = []
        for sentence in SENTENCE_END.split(turn.text):
            if bad_sentence(sentence, facts, said) is None:
                sentences.append(sentence)
                said.append(content_words(sentence))
        text = " ".join(sentences).strip()
        if not text:
            continue
        if kept and kept[-1].speaker == turn.speaker:  # a cut turn between them: merge
            prev = kept[-1]
            kept[-1] = Turn(prev.speaker, f"{prev.text} {text}", prev.segment,
                            [*prev.cites, *(c for c in turn.cites if c not in prev.cites)])
        else:
            kept.append(Turn(turn.speaker, text, turn.segment, list(turn.cites)))
    return kept
