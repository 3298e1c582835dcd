"""The angle a point covers, so a story's points say different things.

``angle_of(text)`` is the first rule that matches, in this order:

- ``question``: asks something (ends in "?", or opens with who/what/why/how... and asks)
- ``pushback``: disagrees or doubts ("No,", "Not really", "I doubt", "benchmaxxed", "worse
  than", "can't reproduce"...)
- ``numbers``: a first-hand measurement (I/my/we + a figure with a unit: "I get 40 t/s")
- ``performance``: how it performs (benchmarks, scores, faster/slower, beats, vs...)
- ``howto``: how to do it (use/try/set/run with, a ``--flag``, "make sure", "you need")
- ``experience``: first-hand use without figures ("I tried", "for me", "in my experience")
- ``new``: what is new (released, license, parameters, context, weights, MoE, open...)
- ``other``
"""

from __future__ import annotations

import re

ANGLES = ("new", "performance", "numbers", "pushback", "question", "howto", "experience",
          "other")

_QUESTION = re.compile(r"\?\s*[\"')\]]*\s*$|^(?:who|what|why|how|when|where|which|is|are|does|"
                       r"do|can|could|would|will|has|have|anyone)\b[^.!]*\?", re.IGNORECASE)
_PUSHBACK = re.compile(
    r"^\W*(?:no\b|nope|not really|not true|wrong|meh|hardly|yeah,? no|i disagree|disagree|"
    r"doubt|x to doubt|that's not|this is not|actually,? no)|\b(?:i doubt|benchmaxx\w*|"
    r"overhyped|over-hyped|worse than|can't reproduce|cannot reproduce|doesn't match|"
    r"misleading|not (?:that|even) (?:good|close|usable)|disappoint\w*|useless|lobotomi\w*|"
    r"terrible|garbage|press x|don't buy|skeptic\w*)\b",
    re.IGNORECASE)
_FIRST = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|we|our|we're)\b")
_FIGURE = re.compile(
    r"\d+(?:[.,]\d+)?\s?(?:%|t/s|tok/s|tk/s|tokens?/s(?:ec)?|tps|gb|gib|mb|ms|s\b|sec|"
    r"seconds|minutes|hours|x\b|k\b|w\b|watts|fps|pp|tg|ctx|context)|"
    r"\b(?:\d{2,4}\s?(?:mhz|gb/s))|\b(?:rtx|gtx|rx)\s?\d{3,4}|\b\d{4}\s?(?:ti|xt|xtx)\b|"
    r"\b(?:3090|4090|5090|3060|4060|4070|4080|5080|mi50|mi60|m[1-4] (?:max|ultra|pro))\b",
    re.IGNORECASE)
_PERFORMANCE = re.compile(
    r"\b(?:benchmark\w*|score[sd]?|leaderboard|beats?|outperform\w*|better than|faster|slower|"
    r"vs\.?|versus|compared to|on par|sota|accuracy|mmlu|gpqa|aime|swe-?bench|elo|arena|"
    r"perplexity|quality|performs?|performance|ranks?|speedup|throughput|latency|"
    r"acceptance rate|error rate|percent)\b", re.IGNORECASE)
_HOWTO = re.compile(
    r"(?:^|\.\s+)(?:use|try|set|run|add|install|download|pass|enable|disable|turn off|"
    r"make sure|you (?:need|can|should|have to)|just (?:use|set|run|add))\b|--[a-z][\w-]+|"
    r"\b(?:command|flag|config|setting|template)s?\b", re.IGNORECASE)
_EXPERIENCE = re.compile(
    r"\b(?:I (?:tried|tested|used|ran|use|run|switched|found|got|noticed|have been|'ve been)|"
    r"I've (?:tried|tested|used|been)|for me|in my (?:experience|tests?|testing)|my (?:own )?"
    r"(?:tests?|setup|experience|use case))\b", re.IGNORECASE)
_NEW = re.compile(
    r"\b(?:releas\w*|launch\w*|announc\w*|new|license|apache|mit|open[- ]?(?:source|weights?)|"
    r"weights|parameters|params|moe|experts|context|architecture|trained|dataset|available|"
    r"model card|paper|gguf|quants?)\b", re.IGNORECASE)


def angle_of(text: str) -> str:
    """The angle of one point (module docstring)."""
    text = text.strip()
    if _QUESTION.search(text):
        return "question"
    if _PUSHBACK.search(text):
        return "pushback"
    if _FIRST.search(text) and _FIGURE.search(text):
        return "numbers"
    if _PERFORMANCE.search(text):
        return "performance"
    if _HOWTO.search(text):
        return "howto"
    if _EXPERIENCE.search(text):
        return "experience"
    if _NEW.search(text):
        return "new"
    return "other"
