"""Names of models, products and companies, and the transcriber spellings that mangle them.

The built-in list is ``names.toml`` beside this file; a user extends its ``[spellings]`` in
``lexicon.toml`` (the user config dir, then a show's folder), the same file the voice
lexicon reads. :func:`fix_spellings` is used by ingest (transcripts) and by the speech text,
so "Lama 3" and "Cloud 3.5 Sonnet" become "Llama 3" and "Claude 3.5 Sonnet" everywhere.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fsutil import read_text
from ..paths import config_dir

__all__ = ["Names", "Spelling", "builtin_names", "load_names", "fix_spellings", "read_lexicon",
           "is_placeholder_label"]

#: placeholder speaker labels: "Speaker 1", "SPEAKER_00", "spk2", "Guest 3", "Voice 2"
_PLACEHOLDER = re.compile(r"^(speaker|spk|voice|guest|participant)[\s_-]*\d+$", re.IGNORECASE)


def is_placeholder_label(name: str) -> bool:
    """A label a transcriber gives a voice it cannot name ("Speaker 1", "SPEAKER_00")."""
    return bool(_PLACEHOLDER.match(name.strip()))


@dataclass(frozen=True)
class Spelling:
    """One fix: ``wrong`` -> ``right``, only before one of ``next`` (when given) and never
    after one of ``not_after``."""

    wrong: str
    right: str
    next: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()

    def pattern(self) -> str:
        words = r"\s+".join(re.escape(w) for w in self.wrong.split())
        before = "".join(rf"(?<!{re.escape(w)} )" for w in self.not_after)
        after = ""
        if self.next:
            after = r"(?=\s+(?:" + "|".join(re.escape(n) for n in self.next) + r")(?![\w.]))"
        return rf"{before}(?<![\w@/.-]){words}(?![\w-]){after}"


@dataclass(frozen=True)
class Names:
    """Families (lower case -> maker), ambiguous family words, organisations (name ->
    other spellings) and spelling fixes."""

    families: dict[str, str] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    organisations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    spellings: tuple[Spelling, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    def with_spellings(self, more: list[Spelling]) -> Names:
        """These names with ``more`` fixes (a later fix of the same words wins)."""
        mine = {s.wrong: s for s in self.spellings}
        mine.update({s.wrong: s for s in more})
        return replace(self, spellings=tuple(mine.values()))

    def canonical(self, text: str) -> str:
        """``text`` with other ways of writing a model name replaced by the one the planner
        reads ("GPT OSS" -> "gpt-oss"); for finding names, not for saying them."""
        regex = _alias_pattern(self.aliases)
        if regex is None:
            return text
        table = {k.lower(): v for k, v in self.aliases}
        return regex.sub(lambda m: table[" ".join(m.group(0).lower().split())], text)

    def fix(self, text: str) -> str:
        """``text`` with every spelling fix applied."""
        regex, table = _compiled(self.spellings)
        if regex is None:
            return text
        return regex.sub(lambda m: table[m.lastgroup or ""], text)


@cache
def _alias_pattern(aliases: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    alts = sorted((r"\s+".join(map(re.escape, k.split())) for k, _ in aliases), key=len,
                  reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


@cache
def _compiled(spellings: tuple[Spelling, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if not spellings:
        return None, {}
    ordered = sorted(spellings, key=lambda s: -len(s.wrong))
    groups = {f"s{n}": s for n, s in enumerate(ordered)}
    regex = re.compile("|".join(f"(?P<{g}>{s.pattern()})" for g, s in groups.items()))
    return regex, {g: s.right for g, s in groups.items()}


def _spellings(table: Any, where: str) -> list[Spelling]:
    if not isinstance(table, dict):
        raise InputError(f'{where}: [spellings] must map words to words, e.g. "Lama" = "Llama"')
    out = []
    for wrong, value in table.items():
        if isinstance(value, str):
            out.append(Spelling(str(wrong), value))
        elif isinstance(value, dict) and isinstance(value.get("to"), str):
            out.append(Spelling(str(wrong), value["to"], _words(value.get("next"), where),
                                _words(value.get("not_after"), where)))
        else:
            raise InputError(f"{where}: spelling {wrong!r} needs a word or a table with 'to'")
    return out


def _words(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: 'next' and 'not_after' must be lists of words")
    return tuple(value)


@cache
def builtin_names() -> Names:
    """The names shipped in ``names.toml`` (beside this module)."""
    raw = resources.files(__package__).joinpath("names.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return Names(
        families={str(k): str(v) for k, v in data.get("families", {}).items()},
        ambiguous=frozenset(data.get("ambiguous", {}).get("words", [])),
        organisations={str(k): tuple(v) for k, v in data.get("organisations", {}).items()},
        spellings=tuple(_spellings(data.get("spellings", {}), "names.toml")),
        aliases=tuple((str(k), str(v)) for k, v in data.get("aliases", {}).items()),
    )


def read_lexicon(path: str | Path) -> dict[str, Any]:
    """The TOML of a ``lexicon.toml`` (``[words]`` for the voices, ``[spellings]`` for
    names); InputError naming the file when it cannot be read or parsed."""
    p = Path(path)
    try:
        return tomllib.loads(read_text(p, missing="lexicon not found"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: invalid TOML in lexicon: {exc}") from exc


def load_names(show_dir: str | Path | None = None) -> Names:
    """The built-in names plus the ``[spellings]`` of the user's ``lexicon.toml`` (config
    dir) and of ``show_dir/lexicon.toml``. InputError naming a file that is not valid."""
    names = builtin_names()
    paths = [config_dir("lexicon.toml")] + ([Path(show_dir, "lexicon.toml")] if show_dir else [])
    for path in paths:
        if not path.is_file():
            continue
        data = read_lexicon(path)
        if "spellings" in data:
            names = names.with_spellings(_spellings(data["spellings"], str(path)))
    return names


def fix_spellings(text: str, names: Names | None = None) -> str:
    """``text`` with model and company names spelled right ("Quen 3" -> "Qwen 3")."""
    return (names or builtin_names()).fix(text)
