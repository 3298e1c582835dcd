"""Spoken names for topics: how a host says what a story is, never the raw title.

A post title is written to be clicked, not said: "Qwen/Qwen3-30B-A3B-Instruct-2507 ·
Hugging Face", "GLM4.5 released!", "My $1,400 used-GPU build: two 3090s, 48 GB...", "we
have to delay it". :func:`spoken_name` turns it into a phrase that fits after "First up,"
or in a list of the day's stories: "the new Qwen3-30B-A3B-Instruct-2507 on Hugging
Face", "the GLM4.5 release", "a $1,400 used-GPU build", "a meme about OpenAI". The rules
(a model repository, a release, a first-person post, a question, a headline with a verb,
a meme) are listed in :func:`spoken_name`; a model writer may propose a better name,
which :mod:`.verify` checks against the title's own words.
"""

from __future__ import annotations

import re
from collections import Counter

from ..text.clean import spoken_title as cleaned_title
from ..text.words import STOPWORDS, norm, wordlist
from .speakable import clean
from .third_person import KNOWN_NAMES, lower_first, third_person

MAX_NAME_WORDS = 10

_HF = re.compile(r"^\s*([\w.-]+)/([\w.+-]+)\s*(?:·\s*hugging\s*face)?\s*$", re.IGNORECASE)
_RELEASE = re.compile(
    r"^(?:the\s+)?(.+?)\s+(?:(?:is|are|has been|have been|was|were|just|finally|now|weights?|"
    r"models?|officially|got)\s+)*(released|is out|are out|out now|is live|are live|"
    r"now live|is here|are here|dropped|launched|drops|lands|landed|available now|"
    r"now available|weights released|released on hugging face|open[- ]sourced)"
    r"(?:\s+on\s+[\w ]+)?[.!\s]*$",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"^(?:my|our)\s+", re.IGNORECASE)
_WE_MADE = re.compile(
    r"^(?:i|we)\s+(?:just\s+)?(?:built|made|released|trained|created|wrote|open[- ]sourced|"
    r"fine-?tuned|finetuned|benchmarked|tested|compared|ran|put together|shipped)\s+"
    r"(?:a|an|the|my|our|some)?\s*(.+)$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"\s*(?::|\s[-–—|]\s|\(|;|\?\s|!\s|\.\s)\s*")
_VERB_S = re.compile(r"^(.+?)\s+(releases|beats|makes|adds|gets|brings|hits|launches|drops|"
                     r"tops|outperforms|matches|shows|supports|runs|comes|goes|wins|"
                     r"announces|introduces|acquires|unveils|ships|gives|takes|needs|"
                     r"is|are|has|have)\s+(.+)$")
_DANGLING = {"a", "an", "the", "at", "of", "to", "for", "with", "and", "or", "in", "on",
             "is", "are", "was", "by", "from", "but", "that", "than", "as", "its", "it",
             "this", "vs", "vs.", "&", "who", "whom", "whose", "which", "when", "where",
             "while", "if", "those", "these", "their", "your", "our", "my", "can", "can't",
             "will", "would", "not", "so", "just", "very"}  # a cut that leaves a clause open
#: a thank-you or greeting before the title's news
_GREETING = re.compile(r"^(?:thank(?:s| you)\b[^!.?]*[!.]+|hey\b[^,!.?]*[,!.]+)\s*",
                       re.IGNORECASE)
_NAME_TERM = re.compile(r"\b(?:[A-Z][a-z]*[A-Z0-9][\w.-]*|[A-Za-z]+-?\d[\w.-]*|[A-Z]{2,}\w*|"
                        r"[A-Z][a-z]{2,})\b")
_NOT_TERMS = frozenset("""The This That These Those And But Yes No Not What Why How When
Who Which Just Also Here There They Their Them Edit Update Thanks Thank Lol Imagine
Another Everyone Anyone Someone Reddit Really Very Even Still Only Maybe Great Good
Nice Wow Honestly Well Yeah Sure Okay Damn Man I I'm I've It It's Its We We're You""".split())


def spoken_name(title: str, *, summary: str = "", image: bool = False, flair: str = "",
                comments: list[str] | None = None) -> str:
    """The topic ``title`` as a host says it.

    In order: a Hugging Face repository ("org/Model · Hugging Face") -> "the new Model
    on Hugging Face"; a release headline ("X released!", "X is live") -> "the X release";
    a first-person post ("My $1,400 build: ...", "We built a benchmark") -> "a $1,400
    build", "a new benchmark"; a question -> "the question of whether ..."; a meme or
    image -> "a meme about" the name in its caption or its comments; a title naming
    things -> "the Kimi K2 discussion" ("news", "release", "guide"... from the flair);
    anything else, its first clause (at most ten words), never the whole title.
    """
    text = _clean(title)
    if not text:
        return "an untitled thread"
    rest = _GREETING.sub("", text)  # "Thank you r/LocalLLaMA! Observer AI launches tonight!"
    text = rest if len(rest.split()) >= 2 else text
    m = _HF.match(text)
    if m and "/" in title:
        return f"the new {m.group(2)} on Hugging Face"
    m = _RELEASE.match(text)
    if m and len(m.group(1).split()) <= 6:
        return _trim(f"the {_strip_article(m.group(1))} release")
    first = _CLAUSE_SPLIT.split(text, maxsplit=1)[0].strip(" .!?") or text
    m = _RELEASE.match(first)
    if m and len(m.group(1).split()) <= 6:  # "Pebble-3B is out: a 3B model that..."
        return _trim(f"the {_strip_article(m.group(1))} release")
    short_head = re.match(r"^([\w.+-]+(?:\s[\w.+-]+)?)\s*:\s*(.+)$", text)
    if short_head and name_phrases(short_head.group(1)) + [""] and \
            len(short_head.group(2).split()) >= 3 and not _personal(short_head.group(2)):
        # "llama.cpp: q8_0 KV cache plus flash attention gave me 2x" -> "llama.cpp's q8_0
        # KV cache plus flash attention"
        noun = re.split(r"\s(?:gave|gives|give|is|are|was|were|makes|made|beats|runs|doubles|"
                        r"halves|cuts|works|got|gets|now|can|will|does|did)\b",
                        short_head.group(2))[0]
        if 2 <= len(noun.split()) <= 8:
            return _trim(f"{short_head.group(1)}'s {noun}")
    personal = _personal(first)
    if personal:
        return _trim(personal)
    if text.rstrip().endswith("?") and first == text.rstrip(" ?"):
        return _trim(_question_name(first), 14)
    terms = name_phrases(first)
    headline = re.match(r"^(.+?)\s*(?::|\s[-–—|]\s)", text)
    if headline and 3 <= len(headline.group(1).split()) <= 9 and terms and \
            flair.lower() not in ("funny", "meme"):
        return _trim(headline.group(1))  # "KV cache at 8 bits in KoboldCpp: twice the..."
    if flair.lower() in ("funny", "meme") or (image and not terms):
        term = terms[0] if terms else _common_term(comments or [])
        return f"a meme about {term}" if term else "a meme that took off"
    terms = [t for t in dict.fromkeys(terms) if not t.lower().startswith("r/")]
    terms = [t for i, t in enumerate(terms) if t.lower() not in
             {u.lower() for u in terms[:i]}]  # "Moonshot" and "moonshot" are one
    if terms:
        return _trim(f"the {' and '.join(terms[:2])} {_flair_noun(flair)}")
    name = _trim(_reshape(first))
    return name if norm(name) != norm(text) else f"a {_flair_noun(flair)} about {name}"


def name_phrases(text: str) -> list[str]:
    """Runs of name words in ``text`` ("Kimi K2", "GLM 4.5", "Qwen3-Coder", "Llama 4
    Behemoth"), in order. A run needs a strong name (a digit with letters, an inner
    capital, two capitals, or a known family like Qwen); capitalized words and numbers
    next to it join it; generic words (AI, LLM, GPU) never start one."""
    words = re.findall(r"[\w.+/'-]+", text)
    strong = [_strong(w.strip(".'")) for w in words]
    phrases: list[str] = []
    i = 0
    while i < len(words):
        if not strong[i]:
            i += 1
            continue
        start, end = i, i + 1
        while start > 0 and _joins(words[start - 1]) and not _starts_sentence(text, words,
                                                                                start - 1):
            start -= 1
        while end < len(words) and (strong[end] or _joins(words[end])):
            end += 1
        phrases.append(" ".join(w.strip(".'") for w in words[start:end][:4]))
        i = end
    return list(dict.fromkeys(phrases))


_TITLE_WORDS = frozenset("""a an come comes release released drops drop run runs one can
notes used early collection new is are was live here now out update model models
benchmarks benchmark results result guide tutorial demo news support review test tests
version weights""".split())
_KNOWN = KNOWN_NAMES
_GENERIC = wordlist("names", "generic")


def _strong(word: str) -> bool:
    low = word.lower()
    if low in _GENERIC or len(word) < 2 or low in STOPWORDS or low in _TITLE_WORDS:
        return False
    if low.split("-")[0] in _KNOWN or low in _KNOWN:
        return True
    has_digit = any(c.isdigit() for c in word)
    has_alpha = any(c.isalpha() for c in word)
    inner_cap = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    caps = sum(c.isupper() for c in word) >= 2 and word[:1].isupper()
    return (has_digit and has_alpha) or inner_cap or caps


def _joins(word: str) -> bool:
    w = word.strip(".'")
    if not w or w.lower() in _GENERIC or w in _NOT_TERMS or w.lower() in STOPWORDS:
        return False
    if re.fullmatch(r"\d[\w.]*", w):
        return True
    return w[:1].isupper() and not w.lower().endswith(("ing", "ed")) and \
        w.lower() not in _TITLE_WORDS


def _starts_sentence(text: str, words: list[str], i: int) -> bool:
    return i == 0


def _flair_noun(flair: str) -> str:
    f = flair.lower()
    for key, noun in (("new model", "release"), ("news", "news"), ("tutorial", "guide"),
                      ("guide", "guide"), ("resource", "project"), ("question", "question"),
                      ("discussion", "discussion"), ("generation", "demo"),
                      ("funny", "meme")):
        if key in f:
            return noun
    return "thread"


def _personal(first: str) -> str | None:
    """A first-person title as a topic: "My $1,400 build" -> "a $1,400 build"; "We built
    a triage benchmark" -> "a new triage benchmark"; "Why I'm betting against agents" ->
    "why they're betting against agents"."""
    m = _WE_MADE.match(first)
    if m:
        return f"a new {_strip_article(m.group(1))}"
    if _FIRST_PERSON.match(first):
        return f"a {_FIRST_PERSON.sub('', first)}"
    if re.match(r"^(?:why|how)\s+(?:i|i'm|i've|we|we're)\b", first, re.IGNORECASE):
        return lower_first(third_person(first))
    if re.match(r"^(?:i|i'm|i've|we|we're)\b", first, re.IGNORECASE):
        return f"a post on how {lower_first(third_person(first))}"
    mine = re.search(r"\b(?:my|our)\s+(.+?)(?=\s+(?:when|that|which|because|after|since|"
                     r"and|but|is|was|are|were)\b|$)", first, re.IGNORECASE)
    if mine and len(mine.group(1).split()) <= 6:
        thing = mine.group(1)
        return f"{'an' if thing[:1].lower() in 'aeiou' else 'a'} {thing}"
    return None


def _clean(title: str) -> str:
    text = cleaned_title(clean(title))
    text = re.sub(r"\((?:cw|tw|nsfw|spoiler)[^)]*\)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*·\s*Hugging Face\s*$", " · Hugging Face", text, flags=re.IGNORECASE)
    text = text.replace("\\o/", "").replace("&amp;", "&")
    return " ".join(text.split()).strip(" .!,;:-")


def _reshape(first: str) -> str:
    """A headline clause as a topic: "X has Y" -> "X's Y", "X releases Y" -> "X
    releasing Y", "X is Y" -> "X being Y"."""
    m = _VERB_S.match(first)
    if m and len(m.group(1).split()) <= 5:
        subject, verb, rest = m.group(1), m.group(2), m.group(3)
        if verb in ("has", "have"):
            return f"{subject}'s {rest}" if not subject.endswith("s") else f"{subject}' {rest}"
        if verb in ("is", "are"):
            return f"{subject} being {rest}"
        return f"{subject} {_gerund(verb)} {rest}"
    return first


_AUX = ("does", "do", "is", "are", "can", "could", "will", "would", "should", "has", "have",
        "did", "was", "were")


def _question_name(question: str) -> str:
    """A question title as a topic: "Does X work?" -> "whether X works"... "Why is the
    405B model taking so long?" -> "why the 405B model is taking so long";
    "Technologies that are now trivially easy?" -> "which technologies are now trivially
    easy"."""
    words = question.split()
    low = [w.lower() for w in words]
    if len(words) >= 3 and low[0] in _AUX:
        rest = lower_first(third_person(" ".join(words[1:])))
        return f"whether {rest}" if low[0] in ("does", "do", "did") else \
            f"whether {_move_aux(low[0], words[1:])}"
    if len(words) >= 4 and low[0] in ("why", "how", "what", "when", "where", "which", "who") \
            and low[1] in _AUX:
        return f"{low[0]} {_move_aux(low[1], words[2:])}"
    m = re.match(r"^(\w+)\s+that\s+(is|are|was|were)\s+(.+)$", question, re.IGNORECASE)
    if m:
        return f"which {m.group(1).lower()} {m.group(2)} {m.group(3)}"
    terms = name_phrases(question)
    return f"a question about {' and '.join(terms[:2])}" if terms else \
        f"a question: {lower_first(third_person(question))}"


def _move_aux(aux: str, rest: list[str]) -> str:
    """"is", ["the", "405B", "model", "taking", "so", "long"] -> "the 405B model is
    taking so long": the auxiliary goes before the first word ending in -ing/-ed (or
    after the subject's last name word)."""
    if aux in ("does", "do", "did"):
        return lower_first(third_person(" ".join(rest)))
    for i, w in enumerate(rest):
        if i and re.match(r"^\w+(?:ing|ed)$", w.lower()) or i and w.lower() in (
                "so", "too", "really", "still", "better", "worse", "worth", "any", "good",
                "bad", "possible", "likely", "not", "now", "actually"):
            return lower_first(third_person(" ".join([*rest[:i], aux, *rest[i:]])))
    return lower_first(third_person(" ".join([*rest, aux])))


def _gerund(verb: str) -> str:
    base = verb[:-2] if verb.endswith(("ches", "shes", "sses", "xes")) else verb[:-1]
    if base.endswith("e") and not base.endswith("ee"):
        return base[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", base) and len(base) <= 4:
        return base + base[-1] + "ing"
    return base + "ing"


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an|new)\s+", "", text.strip(), flags=re.IGNORECASE)


def _trim(name: str, limit: int = MAX_NAME_WORDS) -> str:
    words = name.replace("`", "").split()[:limit]
    while len(words) > 2 and (words[-1].lower().strip(",;:") in _DANGLING or
                              words[-1].count("(") > words[-1].count(")")):
        words.pop()
    return " ".join(words).strip(" ,;:-").rstrip(".!?") or "an untitled thread"


def _common_term(comments: list[str]) -> str:
    """The name-like word the most comments use (at least two of them)."""
    counts: Counter[str] = Counter()
    for c in comments:
        seen = {t for t in _NAME_TERM.findall(c) if t not in _NOT_TERMS and len(t) > 2}
        counts.update(seen)
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else ""


def short_name(name: str, title: str) -> str:
    """What a host calls a story in passing: a short name itself ("Horizon Beta"), its
    first name phrase ("GLM-4.5", a repository's model without its owner), for a thing
    someone made ("a $1,400 used-GPU build") "the build"; else "it"."""
    words = name.split()
    if len(words) >= 2 and words[0] in ("a", "an") and words[-1].isalpha() and \
            words[-1].lower() not in STOPWORDS:
        return f"the {words[-1]}"
    if 1 <= len(words) <= 3 and name[:1].isupper() and not name.endswith("?"):
        return name
    for text in (title, name):
        found = [_REPO.sub(r"\1", f).split()[0] if "/" in f else f for f in name_phrases(text)]
        found = [f for f in found if not f[:1].isdigit() and "$" not in f
                 and (len(f) > 3 or any(c.isdigit() for c in f))]
        if found and len(found[0].split()) <= 3:
            return found[0]
    return "it"


#: a repository id: its model without its owner ("mistralai/Voxtral-Mini" -> "Voxtral-Mini")
_REPO = re.compile(r"^[\w.-]+/([\w.+-]+)$")


def trim_name(name: str) -> str:
    """A name of at most ten words that does not end on "at" or "the"."""
    return _trim(name)
