"""Reported speech: what someone said, told in a host's words, in the third person.

This is the floor every model line must beat. Given a comment (or a transcript passage,
or a post's gist), :func:`key_sentences` picks the sentence or two that carry its point —
figures, names, claims; never "lol", an edit note or a bare link — and
:func:`third_person` shifts the speaker's first person to the third ("I run my 3090s at
250 W" -> "they run their 3090s at 250 W"), leaving anything they quote alone.
:func:`report` gives the verb that fits what the words do ("says", "reckons", "asks
whether", "pushes back:", "wants") and the clause, about 28 words at most, cut only where
a clause ends. A short line worth hearing in the author's own words (a joke, a one-line
verdict) can be kept as a quotation instead, never over 15 words (:func:`quotable`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.clean import squash
from ..text.sentences import split_sentences
from .speakable import clean
from .third_person import (
    ASIDE,
    MIN_CLAUSE_WORDS,
    QUOTED,
    UNCLOSED,
    lower_first,
    shift_pronouns,
    third_person,
    tidy,
)

#: the longest clause a host reports, and the longest quotation a host reads out
MAX_REPORT_WORDS = 28
MAX_QUOTE_WORDS = 15

_NAME = re.compile(r"\b(?:[A-Z][a-z]+[A-Z0-9][\w.-]*|[A-Za-z]*\d[\w.-]*[A-Za-z][\w.-]*|"
                   r"[A-Z]{2,}[\w-]*)\b")
_FIGURE = re.compile(r"\d")
#: sentences that carry nothing a listener needs
_EMPTY = re.compile(
    r"^(?:edit|update|eta|source|sources|link|links|tl;?dr|ps|p\.s)\b\s*\d*\s*[:\-]|"
    r"^(?:this|same|thanks?(?: you)?|thx|lol|lmao|haha\w*|wow|nice|cool|yes|no|yep|nope|"
    r"agreed|exactly|true|based|great|awesome|interesting|damn|huh|what)\W*$|"
    r"^(?:thanks|thank you) (?:for|so much)\b|^\W*$|^(?:hi|hello|hey)\b|^welcome to\b",
    re.IGNORECASE,
)
#: a sentence whose missing subject is the thing ("Doesn't seem to hit the quality...")
_NO_IT = re.compile(r"^(?:doesn't|does not|seems|looks|sounds|works|runs|feels)\b",
                    re.IGNORECASE)
#: a sentence with no subject ("Just tested it with...") gets "they"
_NO_SUBJECT = re.compile(r"^(?:just|tried|tested|ran|got|used|went|made|built|switched|bought|"
                         r"found|loved?|hated?|can't|cannot|couldn't|wish|need|want|have|"
                         r"had|been|was|am|gonna|going|finally|finished|can confirm|"
                         r"confirmed|managed|spent|paid|upgraded|moved)\b", re.IGNORECASE)


#: a first-person opinion that becomes the report's verb ("I think X" -> "thinks X")
_OPINION = re.compile(
    r"^i (?:(?:really|honestly|personally|kind of|kinda|do|still|also|strongly) )?"
    r"(think|believe|feel like|feel that|feel|suspect|guess|reckon|bet|doubt|agree|"
    r"disagree|love|hate|prefer|wish|hope|expect|find|found|suppose)\b(?: that)?,?\s*",
    re.IGNORECASE,
)
_OPINION_VERB = {
    "think": "thinks", "believe": "believes", "feel like": "feels", "feel that": "feels",
    "feel": "feels", "suspect": "suspects", "guess": "guesses", "reckon": "reckons",
    "bet": "bets", "doubt": "doubts", "agree": "agrees", "disagree": "disagrees",
    "love": "loves", "hate": "hates", "prefer": "prefers", "wish": "wishes",
    "hope": "hopes", "expect": "expects", "find": "finds", "found": "found",
    "suppose": "supposes",
}
_AUX = ("are", "is", "was", "were", "do", "does", "did", "can", "could", "will", "would",
        "should", "has", "have", "had", "isn't", "aren't", "doesn't", "don't", "won't",
        "wouldn't", "can't", "couldn't", "shouldn't")
_SUBJECT = ("i", "we", "you", "they", "it", "this", "that", "there", "he", "she",
            "anyone", "anybody", "someone", "people", "everyone")
#: a request: "Pls make a 20B version", "Please release the weights"
_REQUEST = re.compile(
    r"^(?:(?:pls|plz|please)[,!]?\s+(make|release|give|add|bring|open[- ]source|publish|"
    r"drop|ship|fix|let|do)|(make|release|give|add|bring))\b\s+(?!(?:is|are|was|means?|"
    r"sense|it's)\b)(.*)$", re.IGNORECASE)
_DOMAINS = {
    "huggingface.co": "Hugging Face", "hf.co": "Hugging Face", "github.com": "GitHub",
    "arxiv.org": "arXiv", "x.com": "X", "twitter.com": "X", "youtube.com": "YouTube",
    "youtu.be": "YouTube", "reddit.com": "Reddit", "ollama.com": "the Ollama site",
    "openrouter.ai": "OpenRouter", "modelscope.cn": "ModelScope",
}
_LINK_TO = re.compile(r"(?:\b(?:at|on|here:?|see|from)\s+)?\ba link to ((?:[\w-]+\.)+[a-z]{2,})"
                      r"(?:/[\w./-]*[\w/-])?", re.IGNORECASE)
_BARE_LINK = re.compile(r"\s*(?:\b(?:at|here|see)\s*:?\s*)?\ba link\b[:.]?", re.IGNORECASE)
_SUBORDINATE = re.compile(r"^(?:\w+,?\s+)?(?:when|if|because|although|though|while|since|"
                          r"unless|whereas|as soon as|once|after|before|but when|but if)\b",
                          re.IGNORECASE)
_CUT = re.compile(r"(?:,|;|:)\s+(?=(?:but|and|so|which|though|although|because|while|"
                  r"especially|although)\b)|;\s+|\s+-\s+|,\s+(?=(?:they|it|this|that|the|"
                  r"and|but|so)\b)|\s+(?=(?:I|I'm|I've|they)\s)")
_DANGLING_END = re.compile(r"\s+(?:a|an|the|at|of|to|for|with|and|or|in|on|is|are|was|by|"
                           r"from|but|that|than|as|its|their|they|which|who|because|so|"
                           r"like|if|when|while|very|really|more|most)$", re.IGNORECASE)
#: how a post warms up before its point ("Quick PSA since people keep asking...")
_PREAMBLE = re.compile(r"^(?:quick\s+)?psa\b|^tl;?dr\b|^(?:hey|hi|hello)\b|^so,?\s+(?:i|we)\b|"
                       r"^(?:long|quick|small) (?:post|update|question)\b", re.IGNORECASE)
#: sentences that lean on the one before ("Particularly with the 106B...", "If it were...")
_FRAGMENT = re.compile(r"^(?:particularly|especially|if|because|or|and then|even if|which|"
                       r"unless|although|though|whereas|like|such as|except|plus)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Report:
    """A reported point: the credit's verb and the clause it introduces."""

    verb: str  # "says", "thinks", "asks whether", "pushes back:", "wants"
    clause: str  # third person, no final punctuation (a question keeps its "?")

    def line(self, who: str) -> str:
        """``who verb clause.`` as one sentence."""
        end = "" if self.clause.endswith("?") else "."
        return f"{who} {self.verb} {self.clause}{end}"

    @property
    def words(self) -> int:
        return len(self.clause.split()) + len(self.verb.split())


# ---------------------------------------------------------------------- sentences


def speak_links(text: str) -> str:
    """Links said as a person says them: "at a link to huggingface.co" -> "on Hugging
    Face"; an unknown link is dropped with the preposition that led to it."""
    def named(m: re.Match[str]) -> str:
        host = m.group(1).lower().removeprefix("www.")
        name = _DOMAINS.get(host)
        return f" on {name}" if name else ""
    text = _LINK_TO.sub(named, text)
    text = _BARE_LINK.sub("", text)
    return squash(re.sub(r"\s+([,.;:!?])", r"\1", text))


def _weight(sentence: str, index: int, terms: set[str], lead: bool = False) -> float:
    """How much a sentence carries: figures, names, the topic's terms; not too short."""
    words = sentence.split()
    if _EMPTY.search(sentence) or len(words) < 3:
        return -5.0
    score = 1.0 if _FIGURE.search(sentence) else 0.0
    score += 0.5 * min(3, len(_NAME.findall(sentence)))
    score += 0.4 * min(4, len({w.lower().strip(".,!?") for w in words} & terms))
    score += (2.0 if len(words) >= 6 else 1.0) if index == 0 else 0.0
    score += 3.0 if lead and index == 0 and not _PREAMBLE.match(sentence) else 0.0
    if _PREAMBLE.match(sentence):
        score -= 1.0
    if _FRAGMENT.match(sentence):
        score -= 1.5
    if len(words) < MIN_CLAUSE_WORDS:
        score -= 1.5
    if len(words) > MAX_REPORT_WORDS + 6:
        score -= 1.5
    if sentence.rstrip().endswith("?"):
        score -= 0.8
    if _wholly_quoted(sentence):
        score -= 1.0
    return score


def _wholly_quoted(sentence: str) -> bool:
    s = sentence.strip(" .!?")
    return len(s) > 2 and s[0] in "'\"“‘" and s[-1] in "'\"”’"


def key_sentences(text: str, terms: set[str] | None = None,
                  lead: bool = False) -> list[list[str]]:
    """The sentences of ``text`` that could carry its point, best first; each entry is one
    sentence, or that sentence and the short one after it. ``lead``: a post, whose first
    sentence usually says what it is about, so it wins unless it says nothing."""
    sents = [speak_links(s) for s in split_sentences(clean(text))]
    sents = [s for s in sents if s.strip(" .!?'\"")]
    lowered = {t.lower() for t in (terms or set())}
    ranked = sorted(range(len(sents)), key=lambda i: -_weight(sents[i], i, lowered, lead))
    out: list[list[str]] = []
    for i in ranked:
        if _weight(sents[i], i, lowered) <= -5:
            continue
        group = [sents[i]]
        n = len(sents[i].split())
        if n < 12 and i + 1 < len(sents):
            nxt = sents[i + 1]
            if _weight(nxt, i + 1, lowered) > -1 and n + len(nxt.split()) <= MAX_REPORT_WORDS \
                    and not nxt.rstrip().endswith("?") and nxt.count(":") < 2:
                group.append(nxt)
        out.append(group)
    return out


# ---------------------------------------------------------------------- rewriting


def _cap(clause: str, limit: int) -> str | None:
    """``clause`` if it has at most ``limit`` words, else its head up to the latest safe
    clause boundary (not leaving a "when ..." or "if ..." without its main clause);
    None when there is no safe place to cut."""
    words = clause.split()
    if len(words) <= limit:
        return clause
    best = None
    for m in _CUT.finditer(clause):
        head = clause[: m.start()].rstrip(" ,;:")
        n = len(head.split())
        last = re.split(r"[,;:]\s+", head)[-1]
        if MIN_CLAUSE_WORDS + 2 <= n <= limit and not _SUBORDINATE.match(head) \
                and not _SUBORDINATE.match(last) and head.count("'") % 2 == 0:
            best = head
    if best is None:
        return None
    while _DANGLING_END.search(best) and len(best.split()) > MIN_CLAUSE_WORDS:
        best = _DANGLING_END.sub("", best)
    return best


def _join(sents: list[str]) -> str:
    """Two sentences as one clause: "A. B." -> "A, and B"."""
    parts = [s.rstrip(" .!…") for s in sents if s.strip(" .!?…")]
    if len(parts) == 1:
        return parts[0]
    return parts[0].rstrip("?") + ", and " + lower_first(parts[1])


_WH_QUESTION = re.compile(r"^(?:why|how|what|who|where|when)\s+(?:did|do|does|is|are|was|"
                          r"were|can|could|would|should|will|have|has)\b", re.IGNORECASE)


def _name_list(text: str) -> str | None:
    """A comment that only lists names ("GLM-4.5. Qwen3 Coder. Qwen3 235B Thinking") as
    the list: "GLM-4.5, Qwen3 Coder and Qwen3 235B Thinking"."""
    parts = [p.strip(" .,;") for p in re.split(r"[.\n;]\s+|\s*\n\s*", clean(text))
             if p.strip(" .,;")]
    if not 2 <= len(parts) <= 5:
        return None
    parts = [ASIDE.sub("", p).strip() for p in parts]
    if not all(len(p.split()) <= 6 and _NAME.search(p) and not re.search(
            r"\b(?:is|are|was|i|you|it|this|that|the)\b", p, re.IGNORECASE) for p in parts):
        return None
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _question(sentence: str) -> tuple[str, str]:
    """A question as reported speech: "Are we finally going to have X?" -> ("asks
    whether", "they are finally going to have X"); "Who has 1 TB of memory?" -> ("asks",
    "who has 1 TB of memory"); anything else -> ("asks:", the question, third person)."""
    q = sentence.rstrip(" ?!.")
    words = q.split()
    if len(words) >= 3 and words[0].lower() in _AUX and words[1].lower() in _SUBJECT \
            and "n't" not in words[0]:
        aux, subject, rest = words[0].lower(), words[1], " ".join(words[2:])
        subject = shift_pronouns(subject) if subject.lower() in ("i", "we") else subject.lower()
        if subject == "you":
            return "asks:", third_person(q) + "?"
        if aux in ("do", "does", "did"):
            verb_rest = rest if aux != "did" else rest
            return "asks whether", f"{subject} {third_person(verb_rest)}".strip()
        if subject == "they":
            aux = {"is": "are", "was": "were", "has": "have"}.get(aux, aux)
        return "asks whether", f"{subject} {aux} {third_person(rest)}".strip()
    if len(words) >= 3 and words[0].lower() in ("who", "what", "which") and \
            words[1].lower() not in _AUX:
        return "asks", lower_first(third_person(q))
    return "asks:", lower_first(third_person(q)) + "?"


def report(text: str, terms: set[str] | None = None, *, pushback: bool = False,
           limit: int = MAX_REPORT_WORDS, lead: bool = False) -> Report | None:
    """``text`` as reported speech, or None when nothing in it is worth saying.

    ``pushback`` marks a point that disagrees with what came before (the verb says so).
    The first candidate sentence (see :func:`key_sentences`) that can be told in at most
    ``limit`` words wins.
    """
    listed = _name_list(text)
    if listed:
        return Report("suggests", listed)
    for group in key_sentences(text, terms, lead):
        rep = _report_group([tidy(s) for s in group], pushback, limit)
        if rep is not None:
            return rep
    return None


def _report_group(sents: list[str], pushback: bool, limit: int) -> Report | None:
    sents = [s for s in sents if len(s.split()) >= 3]
    if not sents:
        return None
    first = sents[0]
    if _wholly_quoted(first):
        return None  # a quotation of someone else: only as a quote (quotable)
    if first.endswith("?") or _WH_QUESTION.match(first):
        verb, clause = _question(first)
        capped = _cap(clause.rstrip("?"), limit)
        if capped is None:
            return None
        return Report(verb, capped + ("?" if verb == "asks:" else ""))
    sents = [_unquote_long(s) for s in sents]
    verb, sents = _verb(sents, pushback)
    sents = [f"they {s[:1].lower()}{s[1:]}" if _NO_SUBJECT.match(s) and verb == "says" and i == 0
             else f"it {s[:1].lower()}{s[1:]}" if _NO_IT.match(s) and verb == "says" and i == 0
             else s for i, s in enumerate(sents)]
    clause = _join([third_person(s) for s in sents if s]).rstrip(" ?!.")
    if UNCLOSED.search(clause):
        clause += "'"
    if not verb.endswith(":"):
        clause = lower_first(clause)
    capped = _cap(clause, limit)
    if capped is None and len(sents) > 1:
        capped = _cap(third_person(sents[0]).rstrip(" ?!."), limit)
    if capped is None or len(capped.split()) < 3:
        return None
    return Report(verb, capped)


def _unquote_long(sentence: str) -> str:
    """A quotation of more than 15 words inside a sentence loses its quote marks (a host
    reads no quote that long; it is told like the rest)."""
    def unquote(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        return inner if len(inner.split()) > MAX_QUOTE_WORDS else m.group(0)
    return QUOTED.sub(unquote, sentence)


def _verb(sents: list[str], pushback: bool) -> tuple[str, list[str]]:
    """The reporting verb for ``sents`` and the sentences with the words the verb took
    over removed ("I think X" -> "thinks", "X"; "Please make X" -> "wants them to", "make
    X")."""
    first = sents[0]
    opinion = _OPINION.match(first)
    if opinion:
        verb = _OPINION_VERB[opinion.group(1).lower()]
        rest = first[opinion.end():]
        if len(rest.split()) >= 3:
            return verb, [rest, *sents[1:]]
        if len(sents) > 1:  # "I agree. The update made 235B decent." -> agrees, the update
            return verb + ("," if verb in ("agrees", "disagrees") else ""), sents[1:]
    request = _REQUEST.match(first)
    if request and len(first.split()) >= 4:
        body = f"{(request.group(1) or request.group(2)).lower()} {request.group(3)}".strip()
        return "wants them to", [body, *sents[1:]]
    if pushback:
        sents = [re.sub(r"^(?:but|no|nah|nope|not really)\b[,.!]?\s*", "", sents[0],
                        flags=re.IGNORECASE) or sents[0], *sents[1:]]
        return "pushes back:", [s for s in sents if s]
    return "says", sents


def quotable(text: str) -> str | None:
    """The whole of ``text`` when it is short enough to read out as a quotation (at most
    15 words, one or two sentences, no link), else None."""
    said = clean(text)
    body = tidy(speak_links(said)).strip("'\"“”‘’ ")
    words = body.split()
    if not 3 <= len(words) <= MAX_QUOTE_WORDS or "link" in said.lower():
        return None
    if len(split_sentences(body)) > 2:
        return None
    return body.rstrip(" ,;:")
