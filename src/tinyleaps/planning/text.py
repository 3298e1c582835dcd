"""Text helpers for planning: tokens, similarity, speakable excerpts and titles."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

MAX_EXCERPT_WORDS = 60
MAX_EXCERPT_SENTENCES = 3
BODY_WORDS = 120  # words of a body that count for what a story is about

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
#: a link the source backend already made speakable ("a link to github.com")
_SPOKEN_LINK = re.compile(r"\ba link to (?:[\w-]+\.)+[a-z]{2,}\b[/\w.-]*", re.IGNORECASE)
_IMAGE_HOSTS = re.compile(r"\b(?:preview\.redd\.it|i\.redd\.it|v\.redd\.it|i\.imgur\.com|"
                          r"imgur\.com|giphy\.com|tenor\.com)\b|!\[", re.IGNORECASE)
_LABEL = r"[A-Z][\w']*(?: [\w']+){0,3}:"
_EMPTY_LABEL = re.compile(rf"(?:(?<=^)|(?<=[.!?:] )){_LABEL}\s*(?:[.;,]|$|(?={_LABEL}))")
#: where an afterthought starts: "Edit:", "EDIT 2:", "Update -", "ETA:"
_EDIT = re.compile(r"(?:^|(?<=\s)|(?<=[.!?]))\(?(?:edit|update|eta)\b\s*\d*\s*[:\-]", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_BRACKET_TAG = re.compile(r"\[[^\]]{0,40}\]")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-_][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9@])")
_BARE_LABEL = re.compile(r"^[-*•\d.)\s]*[\w ]{0,30}:?\s*$")
_REPEATED_PUNCT = re.compile(r"([!?.,])\1+")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves im ive dont doesnt isnt its
    it's i'm i've don't can't cant get got like also really one thing think know even much
    still well way want make use using used anyone someone any new just gonna going likely
    mean means made next week today yet actually lot lots guy guys people thing things
    something anything everything need see say said look looks good great better best
    time first maybe sure probably already ever never always""".split()
)

#: whole comments that carry no point: "this", "lol", "+1", "same", "^ this"...
_ONE_LINERS = re.compile(
    r"^\W*(this|that|lol|lmao|rofl|haha+|same|yes|yep|yeah|no|nope|nice|cool|wow|ok|okay|"
    r"\+1|agreed|exactly|true|based|thanks|thank you|thx|ty|bump|following|remindme.*|"
    r"this\s*\^*|\^+\s*this|came here to say this|underrated comment|what|why|source\??)\W*$",
    re.IGNORECASE,
)


def strip_emoji(text: str) -> str:
    """Drop emoji, pictographs and other symbol characters; keep letters and punctuation."""
    if text.isascii():
        return text
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "So" or cat == "Cs" or cat == "Co" or ch in "\u200d\ufe0f\ufe0e":
            continue
        if cat == "Sk" and 0x1F3FB <= ord(ch) <= 0x1F3FF:  # skin tone modifiers
            continue
        kept.append(ch)
    return "".join(kept)


@lru_cache(maxsize=50_000)
def clean_prose(text: str, mark_links: bool = False) -> str:
    """Speakable plain text: markdown links → their words, bare URLs removed (or left as
    ``LINK_MARK`` when ``mark_links``), emoji and quote markers dropped, whitespace
    collapsed."""
    hole = f" {LINK_MARK} " if mark_links else " "
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _URL.sub(hole, text)
    text = _SPOKEN_LINK.sub(hole, text)
    text = _EMPTY_LABEL.sub(" ", " ".join(text.split()))  # "Model: ." once its link is gone
    text = re.sub(r">{2,}\s*|(?<=[\"“'‘(])\s*>\s*", "", text)  # ">> quoted" markers
    text = re.sub(r"^\s*>+\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"[*`#~]{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)", "", text)
    text = strip_emoji(text)
    text = re.sub(r"\s+([”’])", r"\1", text)  # a quote's emoji is gone: "done! ✅”"
    return " ".join(text.split())


def spoken_title(title: str) -> str:
    """A thread title a host can read out: no emoji, no ``[Tag]`` brackets, no runs of
    ``!!!!``, whitespace collapsed. Model names are left for the voice layer."""
    text = strip_emoji(title)
    text = _BRACKET_TAG.sub(" ", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = re.sub(r"([!?])(?=\w)", r"\1 ", text)
    text = " ".join(text.split()).strip(" -–—:|,;")
    return text or " ".join(strip_emoji(title).split())


def sentences(text: str) -> list[str]:
    """Split prose into sentences (a simple rule: end punctuation + space + capital)."""
    parts: list[str] = []
    for para in re.split(r"\n\s*\n|\n(?=\s*[-*•]\s)", text):
        para = " ".join(para.split())
        if para:
            parts.extend(p.strip() for p in _SENTENCE_END.split(para) if p.strip())
    return parts


_LEADING_TAG = re.compile(r"^\s*\[[^\]\n]{1,60}\]\s*")
LINK_MARK = "\u2060\u00a4\u2060"  # where a link was, until its sentence is mended
#: words a sentence cannot end on: its object was the link that is gone ("GGUFs are at")
_DANGLING = frozenset("""at here on to from via see in is are was the a an of for with by
    and or check out under into onto this these our my your their its over""".split())


def mend_link_holes(sentence: str) -> list[str]:
    """Sentences left once the links of ``sentence`` are gone: a link followed by a new
    capitalised sentence ends the one before; a part that ends on a word whose object was
    the link ("GGUFs are at") is dropped, and so is a sentence with a hole in its middle
    ("I used to test it" would say something else)."""
    if LINK_MARK not in sentence:
        return [sentence]
    out: list[str] = []
    parts = [p.strip() for p in sentence.split(LINK_MARK)]
    for n, part in enumerate(parts):
        nxt = parts[n + 1] if n + 1 < len(parts) else ""
        if nxt and nxt[:1].islower() and nxt[:1].isalpha():
            return out  # a hole in the middle of a sentence: the rest cannot be trusted
        words = part.rstrip(" .,:;!?-").split()
        if not words or words[-1].lower() in _DANGLING or part.endswith(":"):
            continue  # "GGUFs are at", "Model:": what they pointed at is gone
        out.append(part if part[-1:] in ".!?…" else part.rstrip(" ,:;-") + ".")
    return out


def speakable_excerpt(text: str, max_words: int = MAX_EXCERPT_WORDS) -> str:
    """The first 1–3 sentences of ``text``, at most ``max_words`` words, cut at a sentence
    boundary. A single over-long first sentence is cut at its last comma (or word) that
    fits, ending in an ellipsis. Afterthoughts ("Edit: ...") after the first words are
    left out, and so are links."""
    marked = clean_prose_keep_lines(without_edits(text), mark_links=True)
    sents = [m for s in sentences(_LEADING_TAG.sub("", marked)) for m in mend_link_holes(s)]
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


def without_edits(text: str) -> str:
    """``text`` up to its first "Edit:"/"Update:" afterthought (all of it when the edit
    comes first: then the edit is the comment)."""
    match = _EDIT.search(text)
    if match is None or not text[: match.start()].strip(" (\n"):
        return text
    return text[: match.start()].rstrip(" (\n")


def is_mostly_links(text: str) -> bool:
    """True for a comment that is mostly links or an image with a caption: an image link
    with fewer than 20 words of prose, or fewer than 8 words of prose per link."""
    links = len(_URL.findall(text)) + len(_SPOKEN_LINK.findall(text)) + \
        len(re.findall(r"!\[", text))
    if not links:
        return False
    words = len(_TOKEN.findall(clean_prose_keep_lines(text).lower()))
    if _IMAGE_HOSTS.search(text) and words < 20:
        return True
    return words < 8 * links


def clean_prose_keep_lines(text: str, mark_links: bool = False) -> str:
    """Like :func:`clean_prose` but keeps paragraph breaks (they end sentences) and drops
    lines left as a bare label once their link is gone ("- Model:")."""
    paras = re.split(r"\n\s*\n", text)
    out = []
    for para in paras:
        lines = [clean_prose(line, mark_links) for line in para.splitlines()]
        lines = [ln for ln in lines if ln and not _is_bare_label(ln)]
        if lines:
            out.append(" ".join(lines))
    return "\n\n".join(out)


def _is_bare_label(line: str) -> bool:
    """A line that was a label for a link that is gone: "- Model:", "Github: <link>"."""
    words = line.replace(LINK_MARK, " ").strip()
    if _BARE_LABEL.match(words) and words.endswith(":"):
        return True
    return LINK_MARK in line and len(words.split()) <= 3 and bool(_BARE_LABEL.match(words))


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
    words = len(_TOKEN.findall(prose.lower()))
    if _URL.search(raw) and words < 2 * min_words:  # a link or image with a caption
        return True
    return words < min_words


def tokens(text: str) -> list[str]:
    """Normalized content tokens. Compound names keep their whole form and their parts:
    ``Kimi-K2`` → ``kimi-k2``, ``kimi``, ``k2`` (so "Kimi K2" and "kimi-k2" match)."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        parts = [p for p in re.split(r"[.\-_]", tok) if p]
        if len(parts) > 1:
            out.append(tok.replace(".", "").replace("_", "-"))
            out.append("".join(parts))
        for part in parts:
            if part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                out.append(part)
    return [t for t in out if t not in STOPWORDS]


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two token sets (0 when both are empty)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller token set found in the other (repetition detector)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def signature(title: str, body: str, comments: Sequence[str]) -> dict[str, float]:
    """What a story is about, as term weights: 1 for a title term, 0.5 for a term of the
    body's first ``BODY_WORDS`` words, plus the share of ``comments`` that mention it."""
    sig: Counter[str] = Counter()
    sig.update({w: 1.0 for w in {_stem(t) for t in tokens(clean_prose(title))}})
    body_terms = {_stem(t) for t in tokens(clean_prose(" ".join(body.split()[:BODY_WORDS])))}
    sig.update({w: 0.5 for w in body_terms})
    if comments:
        seen: Counter[str] = Counter()
        for text in comments:
            seen.update({_stem(t) for t in tokens(clean_prose(text))})
        sig.update({w: math.sqrt(n / len(comments)) for w, n in seen.items() if n > 1})
    return dict(sig)


def tfidf_vectors(sigs: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """L2-normalized vectors: each term weight times its smoothed inverse document
    frequency ``ln((1 + n) / (1 + df)) + 1`` over the ``sigs`` given."""
    n = len(sigs)
    df: Counter[str] = Counter()
    for sig in sigs:
        df.update(sig.keys())
    vectors: list[dict[str, float]] = []
    for sig in sigs:
        vec = {t: w * (math.log((1 + n) / (1 + df[t])) + 1) for t, w in sig.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
