"""Named things a thread is about: model releases, organisations, repositories, papers.

A model name is a family word from ``text/names.toml`` ("qwen", "glm", "kimi"...) followed
by versions, sizes and variant words: ``Qwen3-Coder-480B-A35B-Instruct`` is the release
``qwen 3`` with the variant ``coder`` and the size ``480b``. Two names are the same release
line when their family and version agree and neither has a variant the other lacks on both
sides (``GLM-4.5`` and ``GLM-4.5-Air`` agree; ``Qwen3-Coder`` and ``Qwen3-235B-2507`` do not,
unless they share a size). Links add repository and paper ids
(``huggingface.co/openai/gpt-oss-120b`` names the release ``gpt oss``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..text.names import Names, builtin_names

__all__ = ["ModelName", "Mentions", "model_names", "mentions", "compatible_names", "is_plain"]

VARIANTS = frozenset(
    """coder code image vl air dev mini nano turbo thinking think reasoning reasoner small
    medium large max plus pro flash lite omni audio tts embedding guard oss behemoth maverick
    scout sonnet opus haiku vision math distill preview exp beta alpha next ultra search
    voice video edit""".split()
)
#: variants that make another model, not another size of the same one ("coder", "image",
#: dates like "2507"); "air", "mini", "thinking"... are sizes and modes of one release
DEFINING = frozenset(
    """coder code image vl dev tts embedding guard oss audio vision omni math search voice video
    edit behemoth maverick scout sonnet opus haiku""".split()
)
_SAME_VARIANT = {"code": "coder", "think": "thinking", "reasoner": "reasoning"}
NOISE = frozenset(
    """instruct chat base it hf gguf mlx awq gptq fp8 fp16 fp4 bf16 int4 int8 bit dwq ud exl2
    exl3 q2 q3 q4 q5 q6 q8 k m s l xl xs kl nl iq1 iq2 iq3 iq4 iq5 a v""".split()
)
_SIZE = re.compile(r"^\d+(?:\.\d+)?[bmk]$")
_QUANT = re.compile(r"^(?:a\d+(?:\.\d+)?b|\d+(?:\.\d+)?a|i?q\d\w*|\d+bits?|fp\d+|bf16|int\d+|"
                    r"\d+x\d+b?)$")
_DATE = re.compile(r"^(?:2[3-6](?:0[1-9]|1[0-2])|0[1-9][0-3]\d|1[0-2][0-3]\d)$")
_VERSION = re.compile(r"^\d+(?:\.\d+)*[a-z]?$|^[a-z]\d+(?:\.\d+)?$")
_PART = re.compile(r"[a-z]+\d+(?:\.\d+)?[a-z]*|\d+(?:\.\d+)*[a-z]*|[a-z]+")
_LINK = re.compile(r"(?:huggingface\.co|github\.com)/([\w.-]+)/([\w.-]+)|arxiv\.org/(?:abs|pdf)/"
                   r"(\d{4}\.\d{4,5})", re.IGNORECASE)


@dataclass(frozen=True)
class ModelName:
    """A model name found in text: ``family`` ("qwen"), ``version`` ("3"), ``variants``
    ({"coder"}, dates like "2507" too) and ``sizes`` ({"480b"})."""

    family: str
    version: str = ""
    variants: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()

    @property
    def release(self) -> str:
        """``qwen 3 coder``: family, version and variants (what a story is about)."""
        return " ".join(p for p in [self.family, self.version, *sorted(self.variants)] if p)

    @property
    def story(self) -> str:
        """The story key: family, version and the variants that make another model
        (``qwen 3 coder``, ``glm 4.5``, ``gpt oss``; ``horizon`` for "Horizon Beta"); ''
        when the name is only a family word."""
        defining = sorted(v for v in self.variants if v in DEFINING or _DATE.match(v))
        if not self.version and not defining:
            return self.family if self.variants else ""
        return " ".join(p for p in [self.family, self.version, *defining] if p)

    def keys(self) -> list[str]:
        """Keys from coarse to fine: ``qwen``, ``qwen 3``, ``qwen 3 coder``."""
        out = [self.family]
        if self.version:
            out.append(f"{self.family} {self.version}")
        if self.variants:
            out.append(self.release)
        return out


def is_plain(name: ModelName | None) -> bool:
    """A family and version with no variant that makes another model ("Qwen 3",
    "Kimi K2"): the same words name the model and every later variant of it."""
    return name is not None and bool(name.version) and name.story == f"{name.family} {name.version}"


def compatible_names(a: ModelName, b: ModelName) -> bool:
    """The same model: family and the variants that make another model agree, and the
    versions too (when both have one). A plain name fits a name of its own version, or
    one without a version that shares its size ("Qwen3 30B" and "Qwen Coder 30b")."""
    if a.family != b.family or (a.version and b.version and a.version != b.version):
        return False
    if is_plain(a) or is_plain(b):
        return bool(a.version and b.version) or bool(a.sizes & b.sizes)
    return a.story.replace(a.version, "", 1).split() == b.story.replace(b.version, "", 1).split()


@cache
def _family_pattern(families: tuple[str, ...]) -> re.Pattern[str]:
    fam = "|".join(sorted((re.escape(f) for f in families), key=len, reverse=True))
    words = "|".join(sorted(VARIANTS | NOISE, key=len, reverse=True))
    piece = rf"\d+(?:\.\d+)*[a-z]*|[a-z]{{1,3}}\d+(?:\.\d+)?[a-z]*|(?:{words})(?![a-z])"
    tail = rf"(?:[\s_\-.:/(]{{0,2}}(?:{piece}))*"
    # not inside a longer name: "Eloisa-Qwen3-8B" is a fine-tune, not Qwen 3
    return re.compile(rf"(?<![\w.])(?<!\w-)(?:{fam})(?:\d+(?:\.\d+)*[a-z]?)?{tail}", re.IGNORECASE)


def _parse(span: str, names: Names) -> ModelName | None:
    parts = _PART.findall(span.lower().replace("-", " ").replace("_", " "))
    if not parts:
        return None
    head = next((f for f in names.families if parts[0].startswith(f)), None)
    if head is None:
        return None
    rest = [parts[0][len(head):], *parts[1:]] if parts[0] != head else parts[1:]
    version, variants, sizes = "", set(), set()
    for part in (p for p in rest if p):
        if _SIZE.match(part):
            sizes.add(part)
        elif _QUANT.match(part):
            continue
        elif _DATE.match(part):
            variants.add(part)
        elif _VERSION.match(part) and not version:
            version = part
        elif part in VARIANTS:
            variants.add(_SAME_VARIANT.get(part, part))
        elif part not in NOISE and not _VERSION.match(part):
            break  # an ordinary word: the name has ended
    if head in names.ambiguous and not (version or variants):
        return None
    return ModelName(head, version, frozenset(variants), frozenset(sizes))


def model_names(text: str, names: Names | None = None) -> list[ModelName]:
    """Model names in ``text``, in order, each once."""
    names = names or builtin_names()
    found: dict[ModelName, None] = {}
    for match in _family_pattern(tuple(names.families)).finditer(names.canonical(text)):
        name = _parse(match.group(0), names)
        if name is not None:
            found.setdefault(name)
    return list(found)


@dataclass
class Mentions:
    """What one text names: model names, organisations and link ids."""

    models: list[ModelName] = field(default_factory=list)
    orgs: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)

    def keys(self) -> set[str]:
        """Every key, for overlap counting: model keys, ``org:...``, ``link:...``."""
        out = {k for m in self.models for k in m.keys()}
        out |= {f"org:{o.lower()}" for o in self.orgs}
        return out | {f"link:{lk}" for lk in self.links}


@cache
def _org_pattern(orgs: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str], dict]:
    spelled = {v.lower(): name for name, others in orgs for v in (name, *others)}
    alts = "|".join(sorted((re.escape(s) for s in spelled), key=len, reverse=True))
    # "OpenAI-compatible API" names a protocol, not the company's news
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w])(?![\s\u2011-]*compatible)",
                      re.IGNORECASE), spelled


def mentions(text: str, links: list[str] | None = None, names: Names | None = None) -> Mentions:
    """Model names and organisations in ``text`` (made by a family's maker counts too),
    plus repository and paper ids from ``links``."""
    names = names or builtin_names()
    models = model_names(text, names)
    pattern, spelled = _org_pattern(tuple(sorted(names.organisations.items())))
    orgs = {spelled[m.group(0).lower()] for m in pattern.finditer(text)}
    orgs |= {names.families[m.family] for m in models if m.version}
    ids: set[str] = set()
    for link in links or []:
        for m in _LINK.finditer(link):
            if m.group(3):
                ids.add(f"arxiv {m.group(3)}")
                continue
            owner, repo = m.group(1).lower(), m.group(2).lower()
            ids.add(f"{owner}/{repo}")
            models += [n for n in model_names(repo, names) if n not in models]
    return Mentions(models, orgs, ids)
