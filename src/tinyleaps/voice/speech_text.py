"""Turn written script text into text a speech engine says right.

Only the TTS input is normalized; transcripts keep the script's own words. A user lexicon
(``[words] "GGUF" = "gee guff"`` in ``lexicon.toml``) is applied before the built-in rules
and its replacements are protected from them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..paths import config_dir
from ..text.names import fix_spellings, read_lexicon
from .model_names import (
    HANDLE,
    SAID_AS,
    SIZE_WORDS,
    SPELLED,
    speak_model_names,
    speak_quant,
    spell,
)
from .numbers import digits_words, number_words, pair_words, plural

# --------------------------------------------------------------------------- lexicon


@dataclass
class Lexicon:
    """Whole-word replacements (case-sensitive keys), applied before the built-in rules."""

    words: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        p = Path(path)
        data = read_lexicon(p)
        words = data.get("words", {})
        if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
            raise InputError(f'{p}: [words] must map strings to strings, e.g. "GGUF" = "gee guff"')
        return cls({str(k): v for k, v in words.items()})

    def merged(self, other: Lexicon) -> Lexicon:
        return Lexicon({**self.words, **other.words})

    def pattern(self) -> re.Pattern[str] | None:
        if not self.words:
            return None
        keys = sorted(self.words, key=len, reverse=True)
        return re.compile(r"(?<![\w@/])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w])")


def load_lexicon(show_dir: str | Path | None = None) -> Lexicon:
    """The user's ``lexicon.toml`` (config dir), overridden by one in ``show_dir``."""
    lex = Lexicon()
    for candidate in (config_dir("lexicon.toml"), Path(show_dir or "", "lexicon.toml")):
        if show_dir is None and candidate.name == "lexicon.toml" and candidate.parent == Path(""):
            continue
        if candidate.is_file():
            lex = lex.merged(Lexicon.load(candidate))
    return lex


_SHIELD = "\ue000"


def _shield(text: str, lexicon: Lexicon | None) -> tuple[str, list[str]]:
    pat = lexicon.pattern() if lexicon else None
    saved: list[str] = []
    if pat is None or lexicon is None:
        return text, saved

    def keep(m: re.Match[str]) -> str:
        saved.append(lexicon.words[m.group(0)])
        return f" {_SHIELD}{chr(0xE100 + len(saved) - 1)} "

    return pat.sub(keep, text), saved


def _unshield(text: str, saved: list[str]) -> str:
    return re.sub(_SHIELD + r"([\ue100-\ueeff])", lambda m: saved[ord(m.group(1)) - 0xE100], text)


# --------------------------------------------------------------------------- markup, links

_SITES = {
    "github.com": "GitHub", "huggingface.co": "Hugging Face", "hf.co": "Hugging Face",
    "reddit.com": "Reddit", "redd.it": "Reddit", "arxiv.org": "archive", "x.com": "X",
    "twitter.com": "Twitter", "youtube.com": "YouTube", "youtu.be": "YouTube",
    "ollama.com": "Ollama", "openai.com": "OpenAI", "wikipedia.org": "Wikipedia",
}
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff"
    "\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d\u20e3]+"
)


def site_name(url: str) -> str:
    """``https://huggingface.co/Qwen/...`` -> ``Hugging Face``; unknown: ``example dot org``."""
    host = re.sub(r"^(?:https?://)?(?:www\.|old\.|m\.|np\.)?", "", url.lower()).split("/")[0]
    host = host.split(":")[0]
    for domain, name in _SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host.replace(".", " dot ")


def _strip_markdown(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)[^)]*\)", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|~~)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", text)
    text = re.sub(r"(?m)^\s*(?:[-*_]\s*){3,}$", " ", text)
    return text.replace("&#x200B;", " ").replace("\\_", "_").replace("\\*", "*")


_TLDS = "com|co|org|net|io|ai|it|dev|app|me|be|gg|sh|xyz|info|edu|gov|uk|de|cn|ly"
_DOMAIN = re.compile(
    rf"(?<![\w@/.])((?:[A-Za-z0-9-]+\.)+(?:{_TLDS}))(?:/[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])?"
    r"(?![\w.]*\w)"
)


def _links(text: str) -> str:
    """URLs and bare domains (``huggingface.co``, ``preview.redd.it``) -> the site name."""
    text = _URL.sub(lambda m: f"a link to {site_name(m.group(0))}", text)
    return _DOMAIN.sub(lambda m: site_name(m.group(0)), text)


# --------------------------------------------------------------------------- handles


def speak_handle(name: str) -> str:
    """A handle as a person says it: ``Only-Letterhead-3411`` -> ``Only Letterhead
    thirty-four eleven``; ``DeepWisdomGuy`` -> ``Deep Wisdom Guy``; ``ggml_enjoyer`` ->
    ``G.G.M.L. enjoyer``; ``steny007`` -> ``steny zero zero seven``."""
    name = re.sub(r"[_-]+", " ", name).strip()
    name = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    name = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", name)
    return " ".join(_say_piece(piece) for piece in name.split())


def _say_piece(piece: str) -> str:
    """A handle piece no one could pronounce as a word (``ggml``, ``xkcd``) is spelled;
    digits are read the way people read them in a name (:func:`digits_words`)."""
    if piece.isdigit():
        return " ".join(digits_words(piece))
    if piece.isalpha() and len(piece) > 1 and (
            piece.upper() in SPELLED or not re.search(r"[aeiouyAEIOUY]", piece)):
        return spell(piece)
    return piece


# --------------------------------------------------------------------------- model names

_UNITS = {
    "GB": "gigabytes", "gb": "gigabytes", "GiB": "gigabytes", "MB": "megabytes", "MiB": "megabytes",
    "TB": "terabytes", "TiB": "terabytes", "KB": "kilobytes", "kB": "kilobytes",
    "Gb": "gigabits", "ms": "milliseconds", "W": "watts", "GHz": "gigahertz", "MHz": "megahertz",
    "Hz": "hertz", "tokens": "tokens", "x": "times",
}


# --------------------------------------------------------------------------- names


# --------------------------------------------------------------------------- numbers


def _money(m: re.Match[str]) -> str:
    """``$1,050`` -> ``one thousand fifty dollars``, ``$1,400`` -> ``fourteen hundred
    dollars``, ``$2.50`` -> ``2 dollars and 50 cents``, ``$5k`` -> ``5 thousand dollars``.
    Whole amounts are given as words: read as digits after "Price", Whisper and listeners
    alike take "ten fifty" for $10.50."""
    amount, scale = m.group(1).replace(",", ""), (m.group(2) or "").strip()
    unit = {"k": "thousand", "K": "thousand", "M": "million", "B": "billion"}.get(scale, scale)
    if re.fullmatch(r"\d+\.\d\d", amount) and not unit:
        dollars, cents = amount.split(".")
        return f"{dollars} dollars and {int(cents)} cents" if int(cents) else f"{dollars} dollars"
    if amount.isdigit() and not unit and len(amount) <= 7:
        n = int(amount)
        said = pair_words(n) if n % 100 == 0 and n % 1000 and n < 10000 else number_words(n)
        return " ".join(said) + (" dollar" if n == 1 else " dollars")
    return f"{amount} {unit}".strip() + " dollars"


def _numbers(text: str) -> str:
    scale = r"(?:\s?(k|K|M|B|million|billion|thousand)\b)?"
    text = re.sub(r"\$\s?(\d[\d,]*(?:\.\d+)?)" + scale, _money, text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"(\d)\s?%", r"\1 percent", text)
    text = re.sub(r"(?<=[\d\s])\+(?=\s|$)", " plus", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s?([BT])\b",
                  lambda m: f"{m[1]} {SIZE_WORDS[m[2].lower()]}", text)
    text = re.sub(r"\b([A-Z][a-z]{2,})(\d+(?:\.\d+)?)\b", r"\1 \2", text)  # Qwen3, Gemma3
    text = re.sub(r"\b(\d+)([kK])\b", r"\1 K", text)
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s?x\b", r"\1 times", text)
    units = sorted((u for u in _UNITS if u not in {"x", "tokens"}), key=len, reverse=True)
    unit_alt = "|".join(units)
    text = re.sub(
        rf"\b(\d+(?:\.\d+)?)\s?({unit_alt})(/s)?\b",
        lambda m: f"{m.group(1)} {_UNITS[m.group(2)]}" + (" per second" if m.group(3) else ""),
        text,
    )
    text = re.sub(r"\b\d+(?:\.\d+)+\b", lambda m: " point ".join(m.group(0).split(".")), text)
    return re.sub(r"\bv(\d)", r"version \1", text)


# --------------------------------------------------------------------------- words


def _words(text: str) -> str:
    for src, dst in sorted(SAID_AS.items(), key=lambda kv: len(kv[0]), reverse=True):
        left = r"(?<![\w])" if src[0].isalnum() else ""
        right = r"(?![\w])" if src[-1].isalnum() or src[-1] == "." else ""
        # a word keeps what it is joined to ("Qwen-30B" -> "Kwen-30B", one model name,
        # not "Kwen -30B", read "minus thirty"); symbols get room to be words
        pad = "" if src[0].isalnum() and src[-1].isalnum() else " "
        text = re.sub(left + re.escape(src) + right, f"{pad}{dst}{pad}", text)
    text = re.sub(r"\b(\w+)\.(cpp|js|py|rs)\b", lambda m: f"{m.group(1)} {spell(m.group(2))}", text)
    text = re.sub(r"\b([Ii]?[Qq]\d)((?:_[A-Za-z0-9]+)+)\b", speak_quant, text)
    text = re.sub(r"\b(FP|BF|fp|bf)(\d{1,2})\b", lambda m: f"{spell(m[1])} {m[2]}", text)
    text = re.sub(r"\b(INT|int)(\d{1,2})\b", r"int \2", text)
    text = _GPU_COUNT.sub(lambda m: f"{' '.join(number_words(int(m[1])))} ", text)
    text = _GPU.sub(_gpu, text)
    text = _CAMEL_ACRONYM.sub(lambda m: f"{m[1]} {spell(m[2])}", text)
    acr = "|".join(sorted((re.escape(a) for a in SPELLED), key=len, reverse=True))
    text = re.sub(rf"(?<![\w])(?:{acr})(?![\w])", lambda m: spell(m.group(0)), text)
    return text


# a word ending in an acronym: MegaTTS, ClosedAI, OpenAI's, WavVAE, ChatGPT
_CAMEL_ACRONYM = re.compile(r"\b([A-Z][a-z]+)([A-Z]{2,5})(?=s?\b|'s\b)")


_GPU_SUFFIX = {"Ti": "T.I.", "TI": "T.I.", "XT": "X.T.", "XTX": "X.T.X.", "Super": "Super",
               "SUPER": "Super"}
_GPU = re.compile(
    r"(?<![$\d,.])\b(?:(RTX|GTX|RX|GeForce|Radeon)\s?)?([1-9]\d{3})"
    rf"(?:(s)\b|\s?({'|'.join(sorted(_GPU_SUFFIX, key=len, reverse=True))})\b|\b)")
# "2x RTX 3090": two cards, not "two times"
_GPU_COUNT = re.compile(r"\b(\d{1,2})\s?x\s+(?=(?:RTX|GTX|RX|GeForce|Radeon|Tesla|[AHLVP]\d{2,3}\b"
                        r"|MI\d{2,3}\b|[1-9]0[5-9]0\b))")


def _gpu(m: re.Match[str]) -> str:
    """A graphics card's model number the way people say it: ``RTX 3090`` -> ``R.T.X.
    thirty ninety``, ``3090s`` -> ``thirty nineties``, ``4070 Ti`` -> ``forty seventy T.I.``.
    A bare four-digit number is read so only when it looks like a card (``x0[5-9]0``:
    1080, 3090, 4060) or carries a card suffix."""
    prefix, digits, plural_s, suffix = m.group(1), m.group(2), m.group(3), m.group(4)
    if not (prefix or suffix or re.fullmatch(r"[1-9]0[5-9]0", digits)):
        return m.group(0)
    words = pair_words(int(digits))
    words = plural(words) if plural_s else words
    parts = [spell(prefix) if prefix.isupper() else prefix] if prefix else []
    return " ".join([*parts, *words, *([_GPU_SUFFIX[suffix]] if suffix else [])])


# Spelled words the voices are given only to be said right ("lahma"), and the word they
# stand for: the word error rate compares what Whisper writes with the written word.
RESPELLINGS = {"lahma": "llama", "kwen": "qwen", "elyza": "eliza"}


def written_form(spoken: str) -> str:
    """``to_speech`` output with the voices' respellings turned back into the written
    words (``lahma C.P.P.`` -> ``llama C.P.P.``), the reference Whisper is scored on."""
    pattern = r"\b(" + "|".join(map(re.escape, RESPELLINGS)) + r")\b"
    return re.sub(pattern, lambda m: _same_case(RESPELLINGS[m.group(1).lower()], m.group(1)),
                  spoken, flags=re.I)


def _same_case(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def _tidy(text: str) -> str:
    text = re.sub(r"(?<=\b[A-Z]\.)\.", "", text)  # "T.I.." at a sentence end
    text = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " or ", text)
    text = re.sub(r"[*_#`|<>\[\]{}^\\]+", " ", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    return " ".join(text.split())


_SUBREDDIT = re.compile(r"(?<![\w/])/?r/([A-Za-z0-9_]{2,21})\b")


_RULES: tuple[Callable[[str], str], ...] = (
    html.unescape, _strip_markdown, _links,
    lambda t: HANDLE.sub(lambda m: speak_handle(m.group(1)), t),
    lambda t: _SUBREDDIT.sub(lambda m: "r slash " + m.group(1), t),
    lambda t: _EMOJI.sub(" ", t), _words, speak_model_names, _numbers, _words, _tidy,
)


def to_speech(text: str, lexicon: Lexicon | None = None) -> str:
    """The words a speech engine should be given for ``text`` (see module docstring)."""
    shielded, saved = _shield(fix_spellings(text), lexicon)  # "Lama 3" is Llama (names.py)
    for rule in _RULES:
        shielded = rule(shielded)
    return " ".join(_unshield(shielded, saved).split())
