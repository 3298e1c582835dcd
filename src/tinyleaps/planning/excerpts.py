"""What planning quotes from a comment or post: a short speakable excerpt, and which
comments carry no point of their own (one-liners, link dumps)."""

from __future__ import annotations

import re

from ..text.clean import (
    SPOKEN_LINK,
    URL,
    clean_prose,
    clean_prose_keep_lines,
    mend_link_holes,
    without_edits,
)
from ..text.sentences import paragraph_sentences
from ..text.words import count_tokens

MAX_EXCERPT_WORDS = 60
MAX_EXCERPT_SENTENCES = 3

_IMAGE_HOSTS = re.compile(r"\b(?:preview\.redd\.it|i\.redd\.it|v\.redd\.it|i\.imgur\.com|"
                          r"imgur\.com|giphy\.com|tenor\.com)\b|!\[", re.IGNORECASE)
_LEADING_TAG = re.compile(r"^\s*\[[^\]\n]{1,60}\]\s*")
#: whole comments that carry no point: "this", "lol", "+1", "same", "^ this"...
_ONE_LINERS = re.compile(
    r"^\W*(this|that|lol|lmao|rofl|haha+|same|yes|yep|yeah|no|nope|nice|cool|wow|ok|okay|"
    r"\+1|agreed|exactly|true|based|thanks|thank you|thx|ty|bump|following|remindme.*|"
    r"this\s*\^*|\^+\s*this|came here to say this|underrated comment|what|why|source\??)\W*$",
    re.IGNORECASE,
)


def speakable_excerpt(text: str, max_words: int = MAX_EXCERPT_WORDS) -> str:
    """The first 1–3 sentences of ``text``, at most ``max_words`` words, cut at a sentence
    boundary. A single over-long first sentence is cut at its last comma (or word) that
    fits, ending in an ellipsis. Afterthoughts ("Edit: ...") after the first words are
    left out, and so are links."""
    marked = clean_prose_keep_lines(without_edits(text), mark_links=True)
    sents = [m for s in paragraph_sentences(_LEADING_TAG.sub("", marked))
             for m in mend_link_holes(s)]
    out: list[str] = []
    words = 0
    for sent in sents[:MAX_EXCERPT_SENTENCES]:
        n = len(sent.split())
        if out and words + n > max_words:
            break
        if not out and n > max_words:
            return _cut_long(sent, max_words)
        out.append(sent)
        words += n
    while len(out) > 1 and out[-1].endswith(":"):  # "Parts:" whose list was dropped
        out.pop()
    if out and out[-1].endswith(":"):
        out[-1] = out[-1][:-1] + "."
    return " ".join(out)


def is_mostly_links(text: str) -> bool:
    """True for a comment that is mostly links or an image with a caption: an image link
    with fewer than 20 words of prose, or fewer than 8 words of prose per link."""
    links = len(URL.findall(text)) + len(SPOKEN_LINK.findall(text)) + \
        len(re.findall(r"!\[", text))
    if not links:
        return False
    words = count_tokens(clean_prose_keep_lines(text))
    if _IMAGE_HOSTS.search(text) and words < 20:
        return True
    return words < 8 * links


def _cut_long(sentence: str, max_words: int) -> str:
    words = sentence.split()[:max_words]
    head = " ".join(words)
    comma = max(head.rfind(","), head.rfind(";"), head.rfind(" -"), head.rfind(":"))
    if comma > len(head) // 2:
        head = head[:comma]
    return head.rstrip(" ,;:-–—") + "…"


def is_one_liner(text: str, min_words: int = 4) -> bool:
    """True for comments with no point of their own: "this", "lol", "+1", a bare link,
    or fewer than ``min_words`` words of prose."""
    raw = text.strip()
    if not raw or raw in ("[deleted]", "[removed]"):
        return True
    if _ONE_LINERS.match(raw):
        return True
    prose = clean_prose(raw)
    words = count_tokens(prose)
    if URL.search(raw) and words < 2 * min_words:  # a link or image with a caption
        return True
    return words < min_words
