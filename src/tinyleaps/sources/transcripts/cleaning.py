"""Cleaning real transcript noise.

Handles HTML entities, stray timestamps inside paragraphs, chapter headings that fall
mid-sentence, decimals split by the transcriber (``Llama 3. 1``), words glued together
(``need,a``, ``ago10``), model and company names the transcriber got wrong (``Lama``,
``Quen``, ``Cloud 3.5 Sonnet``; the lexicon of :mod:`tinyleaps.text.names`), empty turns,
placeholder speaker labels (``NA``), software voices played on a show (a ``ChatGPT``
voice, or a diarized voice heard only right after "let's play the clip"), one speaker
under two spellings (``ldj``/``LDJ``), whisper's end-of-recording hallucination
(``Okay.`` dozens of times) and passages repeated where two transcription passes were
stitched together. Version strings stay as said: ``4o`` is never ``4.0``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace

from ...text.names import Names, builtin_names
from ...text.sentences import split_at_stops
from .model import AI_VOICE, UNKNOWN_SPEAKER, Transcript, TranscriptTurn, is_credited_speaker
from .parsers import merge_fragments

PLACEHOLDER_SPEAKERS = frozenset(
    {
        "",
        "na",
        "n/a",
        "n.a.",
        "none",
        "null",
        "unknown",
        "?",
        "??",
        "-",
        "--",
        "tbd",
        "unidentified",
        "speaker",
        "inaudible",
    }
)
_STRAY_TS = re.compile(
    r"\s*[\[(]\s*\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\s*[\])]\s*"
    r"|\s+\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?(?=\s|$)"
)
_SPLIT_DECIMAL = re.compile(r"(\b[A-Z][\w-]*[ -]v?\d{1,2})\. (\d{1,2})\b(?![.,]?\d)")
#: words that precede a number, glued to it by the transcriber: "ago10", "about2,000"
_BEFORE_NUMBER = """ago about around only like than with and the at to of in for from over
    under nearly almost roughly just maybe costs cost was is are were be by on up to
    another another only some first last every each""".split()
_GLUED_BEFORE = re.compile(r"\b(" + "|".join(_BEFORE_NUMBER) + r")(\d)", re.IGNORECASE)
#: words that follow a number, glued to it: "10days"
_AFTER_NUMBER = """days weeks months years hours minutes seconds times people percent
    points dollars euros questions runs""".split()
_GLUED_AFTER = re.compile(r"(\d)(" + "|".join(_AFTER_NUMBER) + r")\b", re.IGNORECASE)
_STUTTER = re.compile(r"\b([A-Za-z]+(?:'[a-z]+)?)(?:,?\s+\1\b)+", re.IGNORECASE)
_GLUED_COMMA = re.compile(r"(?<=[A-Za-z]{2}),(?=[A-Za-z])")
_GLUED_STOP = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
_NOISE_ONLY = re.compile(
    r"^[\W_]*$|^\[(?:inaudible|music|silence|blank_audio|noise)\]$", re.IGNORECASE
)
SHORT_LINE_WORDS = 4
REPEAT_RUN = 3
DUP_MIN_WORDS = 12
DUP_WINDOW = 4


def clean_text(text: str, names: Names | None = None) -> str:
    """Entities, stray timestamps, glued words, split decimals, misspelt names and spacing
    of one turn's text."""
    text = html.unescape(html.unescape(text))
    text = _STRAY_TS.sub(" ", text)
    return _collapse_repeated_sentences(repair_words(text, names))


def repair_words(text: str, names: Names | None = None) -> str:
    """Glued words, stutters ("it's it's"), split decimals and misspelt names (again after
    fragments are joined: "Llama 3." and "1 8B" may come in two subtitle cues)."""
    text = _SPLIT_DECIMAL.sub(r"\1.\2", unglue(" ".join(text.split())))
    text = _STUTTER.sub(r"\1", text)
    return (names or builtin_names()).fix(text)


def unglue(text: str) -> str:
    """Words the transcriber glued: "need,a" -> "need, a", "ago10" -> "ago 10",
    "10days" -> "10 days", "fast.The" -> "fast. The"; names like "qwen3" or "4o" stay."""
    text = _GLUED_COMMA.sub(", ", text)
    text = _GLUED_STOP.sub(". ", text)
    text = _GLUED_BEFORE.sub(r"\1 \2", text)
    return _GLUED_AFTER.sub(r"\1 \2", text)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())


def _collapse_repeated_sentences(text: str) -> str:
    """``Okay. Okay. Okay. Okay.`` -> ``Okay.``; a long sentence said twice in a row -> once."""
    out: list[str] = []
    for sentence in split_at_stops(text):
        if out and _norm(sentence) == _norm(out[-1]) and _norm(sentence):
            continue
        out.append(sentence)
    return " ".join(out)


def canonical_speaker(name: str) -> str:
    name = " ".join(html.unescape(name).replace("*", "").split()).strip(" :")
    return UNKNOWN_SPEAKER if name.casefold() in PLACEHOLDER_SPEAKERS else name


def _speaker_key(name: str) -> str:
    return re.sub(r"[^\w]", "", name.casefold())


def unify_speakers(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """One name per person: spellings that differ only in case/punctuation become the
    most frequent spelling (ties: the first one seen)."""
    counts: dict[str, Counter[str]] = {}
    for t in turns:
        counts.setdefault(_speaker_key(t.speaker), Counter())[t.speaker] += 1
    best = {k: c.most_common(1)[0][0] for k, c in counts.items()}
    return [replace(t, speaker=best[_speaker_key(t.speaker)]) for t in turns]


def _is_short(text: str) -> bool:
    return 0 < len(text.split()) <= SHORT_LINE_WORDS


def drop_hallucinated_tail(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """Remove the run of one short line repeated at the end (``You``, ``Okay.``...)."""
    if not turns:
        return turns
    last = _norm(turns[-1].text)
    if not _is_short(turns[-1].text) and not _tail_repeats(turns[-1].text):
        return turns
    i = len(turns)
    while i > 0 and (_norm(turns[i - 1].text) == last or _tail_repeats(turns[i - 1].text)):
        i -= 1
    run = len(turns) - i
    if run >= REPEAT_RUN or _tail_repeats(turns[-1].text):
        return turns[:i]
    return turns


def _tail_repeats(text: str) -> bool:
    """One turn made only of the same short sentence many times over."""
    parts = [_norm(s) for s in split_at_stops(text) if _norm(s)]
    return len(parts) >= REPEAT_RUN and len(set(parts)) == 1 and _is_short(parts[0])


def collapse_short_runs(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """Identical short lines in a row from one speaker (``Yeah. Yeah.``) -> one line."""
    out: list[TranscriptTurn] = []
    for t in turns:
        same = bool(out) and _is_short(t.text) and _norm(t.text) == _norm(out[-1].text)
        if same and t.speaker == out[-1].speaker:
            out[-1].end = t.end if t.end is not None else out[-1].end
            continue
        out.append(t)
    return out


def drop_stitched_repeats(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """Drop sentences said again within the last ``DUP_WINDOW`` turns: two transcription
    passes stitched together. A repeated sentence goes when it is long (``DUP_MIN_WORDS``+
    words) or is part of a repeated passage (its neighbour is repeated too)."""
    seen: list[set[str]] = []
    out: list[TranscriptTurn] = []
    for t in turns:
        recent = set().union(*seen[-DUP_WINDOW:]) if seen else set()
        sentences = split_at_stops(t.text)
        keys = [_norm(s) for s in sentences]
        dup = [len(k.split()) >= 6 and k in recent for k in keys]
        drop = [d and (len(k.split()) >= DUP_MIN_WORDS or (i > 0 and dup[i - 1])
                       or (i + 1 < len(dup) and dup[i + 1]))
                for i, (d, k) in enumerate(zip(dup, keys, strict=True))]
        seen.append(set(keys))
        kept = [s for s, gone in zip(sentences, drop, strict=True) if not gone]
        if kept:
            out.append(replace(t, text=" ".join(kept)))
    return out


def join_split_sentences(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """A chapter heading that fell mid-sentence: the same speaker's next paragraph
    continues a sentence (no final punctuation, lowercase start) -> one turn."""
    out: list[TranscriptTurn] = []
    for t in turns:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.speaker == t.speaker
            and not prev.text.rstrip().endswith((".", "!", "?", "…", '"', "”", ":"))
            and t.text[:1].islower()
        ):
            prev.text = f"{prev.text} {t.text}"
            prev.end = t.end if t.end is not None else prev.end
            continue
        out.append(replace(t))
    return out


_SOFTWARE = re.compile(
    r"^(?:chat\s?gpt|gpt[-\s]?\w*|gemini(?: live)?|claude|siri|alexa|cortana|copilot|"
    r"grok|notebooklm|ai|a\.i\.|ai voice|assistant|bot|robot|computer|tts|voice mode|"
    r"advanced voice|elevenlabs)(?:\s+(?:voice|assistant|mode|clip|ai))*$", re.IGNORECASE)
_PLAY_CUE = re.compile(
    r"\b(?:let'?s (?:play|hear|listen)|play(?:ing)? (?:the|a|that) (?:clip|recording|answer)|"
    r"here'?s what it said|listen to (?:this|it)|we asked (?:the|it)|let me play)\b",
    re.IGNORECASE)


def mark_software_voices(turns: list[TranscriptTurn]) -> list[TranscriptTurn]:
    """Voices of software played on a show become ``AI_VOICE``: a speaker labelled as a
    product ("ChatGPT", "Gemini Live", "Assistant"), or an unnamed voice whose every turn
    comes right after a host says "let's play the clip" or "here's what it said"."""
    by_speaker: dict[str, list[int]] = {}
    for n, t in enumerate(turns):
        by_speaker.setdefault(t.speaker, []).append(n)
    software = {s for s in by_speaker if _SOFTWARE.match(s)}
    for speaker, idx in by_speaker.items():
        if speaker in software or len(idx) > 6 or is_credited_speaker(speaker):
            continue
        if all(_cued(turns, n) for n in idx):
            software.add(speaker)
    return [replace(t, speaker=AI_VOICE) if t.speaker in software else t for t in turns]


def _cued(turns: list[TranscriptTurn], n: int) -> bool:
    """Turn ``n`` follows a cue to play something (its own voice's turns may run on)."""
    k = n - 1
    while k >= 0 and turns[k].speaker == turns[n].speaker:
        k -= 1
    return k >= 0 and bool(_PLAY_CUE.search(turns[k].text))


def clean(transcript: Transcript, names: Names | None = None) -> Transcript:
    """A cleaned copy of ``transcript`` (turns only; title and metadata unchanged)."""
    turns = [
        replace(
            t,
            speaker=canonical_speaker(t.speaker),
            text=clean_text(t.text, names),
            chapter=clean_text(t.chapter, names),
        )
        for t in transcript.turns
    ]
    turns = [t for t in turns if not _NOISE_ONLY.match(t.text)]
    turns = unify_speakers(turns)
    turns = drop_hallucinated_tail(turns)
    turns = collapse_short_runs(turns)
    if transcript.merge_words:
        turns = merge_fragments(turns, transcript.merge_words)
        turns = [replace(t, text=repair_words(t.text, names)) for t in turns]
    turns = drop_stitched_repeats(turns)
    turns = join_split_sentences(turns)
    turns = mark_software_voices(turns)
    return replace(transcript, turns=turns, title=html.unescape(transcript.title), merge_words=None)
