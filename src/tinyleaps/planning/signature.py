"""What a story is about, as term weights (a signature) to compare stories by."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..text.clean import clean_prose
from ..text.words import singular, tokens

BODY_WORDS = 120  # words of a body that count for what a story is about


def signature(title: str, body: str, comments: Sequence[str]) -> dict[str, float]:
    """What a story is about, as term weights: 1 for a title term, 0.5 for a term of the
    body's first ``BODY_WORDS`` words, plus the share of ``comments`` that mention it."""
    sig: Counter[str] = Counter()
    sig.update({w: 1.0 for w in {singular(t) for t in tokens(clean_prose(title))}})
    body_terms = {singular(t) for t in tokens(clean_prose(" ".join(body.split()[:BODY_WORDS])))}
    sig.update({w: 0.5 for w in body_terms})
    if comments:
        seen: Counter[str] = Counter()
        for text in comments:
            seen.update({singular(t) for t in tokens(clean_prose(text))})
        sig.update({w: math.sqrt(n / len(comments)) for w, n in seen.items() if n > 1})
    return dict(sig)
