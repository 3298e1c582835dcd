"""Tolerant parsing of a model's reply into turns.

Order of attempts: strict JSON; JSON after stripping ``<think>`` blocks, code fences,
prose around the object, trailing commas and smart quotes; then ``NAME: text`` lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

THINK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL | re.IGNORECASE)
FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
TRAILING_COMMA = re.compile(r",\s*([}\]])")
OBJECT = re.compile(r'\{[^{}]*"speaker"[^{}]*\}')
#: characters the model must write after a forced prefix before it may end that turn
FORCED_MORE_CHARS = 40
LINE = re.compile(r"^\s*[*_]*\[?([A-Za-z][\w .'-]{0,30}?)\]?[*_]*\s*:[*_]*\s*(.*)$")


@dataclass
class RawTurn:
    speaker: str
    text: str
    cites: list[str] = field(default_factory=list)


class ParseError(ValueError):
    """The reply holds no usable turns."""


def turns_schema(
    hosts: list[str],
    source_ids: list[str] | None = None,
    *,
    speakers: list[str] | None = None,
    first_prefix: str | None = None,
    max_chars: int | None = None,
) -> dict[str, Any]:
    """The JSON schema a segment reply must follow.

    With ``speakers`` the reply is a tuple of exactly that many turns, each pinned to its
    speaker (``prefixItems``; llama.cpp turns it into a grammar), and ``first_prefix``
    forces the first turn's text to start with those exact words (e.g. the sentence
    crediting the original poster); the model writes on from there. ``max_chars`` caps
    each turn's text (a small model otherwise rambles through its whole token budget in
    one turn).
    """
    turns: dict[str, Any]
    if speakers:
        items = [_turn_item([sp], first_prefix if i == 0 else None, max_chars)
                 for i, sp in enumerate(speakers)]
        turns = {"type": "array", "prefixItems": items,
                 "minItems": len(items), "maxItems": len(items)}
    else:
        turns = {"type": "array", "minItems": 2,
                 "items": _turn_item(list(hosts), None, max_chars)}
    return {"type": "object", "properties": {"turns": turns}, "required": ["turns"],
            "additionalProperties": False}


def _turn_item(speakers: list[str], prefix: str | None, max_chars: int | None) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 2}
    if max_chars:
        text["maxLength"] = max_chars
    if prefix:  # the model goes on after the prefix for FORCED_MORE_CHARS..max_chars
        upto = str(max(max_chars or 0, FORCED_MORE_CHARS * 2)) if max_chars else ""
        more = '[^"\\\\]{' + f"{FORCED_MORE_CHARS},{upto}" + "}"
        text = {"type": "string", "pattern": "^" + literal_pattern(prefix) + more + "$"}
    return {
        "type": "object",
        "properties": {"speaker": {"type": "string", "enum": speakers}, "text": text},
        "required": ["speaker", "text"],
        "additionalProperties": False,
    }


def speakable_prefix(text: str) -> str:
    """``text`` made safe to force inside a JSON string: no quotes, backslashes or
    control characters, single spaces."""
    text = text.replace('"', "'").replace("\\", " ")
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def literal_pattern(text: str) -> str:
    """A regex matching exactly ``text`` (only regex syntax escaped, as llama.cpp's
    pattern-to-grammar converter expects)."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in text)


_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}")


def strip_think(text: str) -> str:
    return THINK.sub("", text).strip()


def parse_turns(text: str, hosts: list[str]) -> list[RawTurn]:
    """Turns from a reply; ParseError when nothing usable is found."""
    cleaned = strip_think(text)
    data = _load_json(cleaned)
    if data is not None:
        turns = _turns_from_json(data)
        if turns:
            return turns
    turns = _turns_from_objects(cleaned) or _turns_from_lines(cleaned, hosts)
    if not turns:
        raise ParseError("the reply is not JSON with a \"turns\" list, nor NAME: text lines")
    return turns


def _load_json(text: str) -> Any:
    candidates = [text]
    candidates += FENCE.findall(text)
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    start, end = text.find("["), text.rfind("]")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for cand in candidates:
        for variant in (cand, _repair(cand)):
            try:
                return json.loads(variant)
            except json.JSONDecodeError:
                continue
    return None


def _repair(text: str) -> str:
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return TRAILING_COMMA.sub(r"\1", text.strip())


def _turns_from_json(data: Any) -> list[RawTurn]:
    items = data.get("turns") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return []
    turns: list[RawTurn] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        speaker = item.get("speaker") or item.get("name") or item.get("host") or ""
        cites = item.get("cites") or []
        turns.append(
            RawTurn(
                speaker=str(speaker).strip(),
                text=str(item.get("text") or item.get("line") or ""),
                cites=[str(c) for c in cites] if isinstance(cites, list) else [],
            )
        )
    return turns


def _turns_from_objects(text: str) -> list[RawTurn]:
    """Complete turn objects from a reply cut off by max_tokens (truncated JSON)."""
    found: list[Any] = []
    for m in OBJECT.finditer(text):
        try:
            found.append(json.loads(_repair(m.group(0))))
        except json.JSONDecodeError:
            continue
    return _turns_from_json(found)


def _turns_from_lines(text: str, hosts: list[str]) -> list[RawTurn]:
    """Last resort: ``NAME: text`` lines (continuation lines join the previous turn)."""
    upper = {h.upper() for h in hosts}
    turns: list[RawTurn] = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m and m.group(1).strip().upper() in upper:
            turns.append(RawTurn(speaker=m.group(1).strip(), text=m.group(2)))
        elif turns and line.strip():
            turns[-1].text = f"{turns[-1].text} {line.strip()}".strip()
    return turns
