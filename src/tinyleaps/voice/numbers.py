"""Numbers as people say them, and back.

:func:`number_words` and :func:`pair_words` give the words the voices are told to say
(``1050`` -> "one thousand fifty", ``3090`` -> "thirty ninety"). :func:`canonical_numbers`
goes the other way for the word error rate: it turns both digit strings and number words
into one digit form, so "thirty ninety", "30 90" and "3090" compare equal (as Whisper's
own English text normalizer does), while a number heard wrong still counts as an error.
"""

from __future__ import annotations

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
_PLURAL_TENS = {t[:-1] + "ies": t for t in _TENS[2:]}  # nineties -> ninety


def number_words(n: int) -> list[str]:
    """English words for a non-negative integer (``1234`` -> one thousand two hundred
    thirty four)."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    for value, name in _SCALES:
        if n >= value:
            head, rest = divmod(n, value)
            return number_words(head) + [name] + (number_words(rest) if rest else [])
    raise AssertionError("unreachable")


def pair_words(n: int) -> list[str]:
    """A four-digit model number or year said in pairs: ``3090`` -> thirty ninety,
    ``4070`` -> forty seventy, ``1400`` -> fourteen hundred, ``2005`` -> two thousand five."""
    head, tail = divmod(n, 100)
    if not 10 <= head <= 99 or n % 1000 < 10:
        return number_words(n)
    if tail == 0:
        return number_words(head) + ["hundred"]
    if tail < 10:
        return number_words(head) + ["oh", _ONES[tail]]
    return number_words(head) + number_words(tail)


def digits_words(digits: str) -> list[str]:
    """The digits in a name as a person reads them: ``3411`` -> thirty-four eleven,
    ``1804`` -> eighteen oh four, ``2000`` -> two thousand, ``804`` -> eight oh four,
    ``42`` -> forty-two; ``007`` and five digits or more one by one."""
    if not digits.isdigit():
        raise ValueError(f"not digits: {digits!r}")
    if len(digits) > 4 or (len(digits) > 1 and digits.startswith("0")):
        return [_ONES[int(d)] for d in digits]
    n = int(digits)
    if n < 100:
        return [_two(n)]
    head, tail = divmod(n, 100)
    if len(digits) == 4 and n % 1000 < 10:  # 2000, 2005
        return [_ONES[n // 1000], "thousand", *([_ONES[tail]] if tail else [])]
    if tail == 0:
        return [_two(head), "hundred"]
    return [_two(head), *(["oh", _ONES[tail]] if tail < 10 else [_two(tail)])]


def _two(n: int) -> str:
    """``34`` -> thirty-four: a number under 100 as one (hyphenated) word."""
    return "-".join(number_words(n))


def plural(words: list[str]) -> list[str]:
    """``thirty ninety`` -> thirty nineties (``3090s``)."""
    last = words[-1]
    return words[:-1] + [last[:-1] + "ies" if last.endswith("y") else last + "s"]


# --------------------------------------------------------------------------- words -> digits

_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 10 * i for i, w in enumerate(_TENS) if i > 1}
_SCALE = {"hundred": 100, "thousand": 1000}


def _kind(value: int) -> str:
    if value < 10:
        return "unit"
    if value < 20:
        return "teen"
    return "tens" if value < 100 and value % 10 == 0 else "other"


class _Reader:
    """Reads number words left to right into numbers (``one thousand and fifty`` -> 1050,
    ``thirty ninety`` -> 30, 90); everything else passes through."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.total = 0
        self.cur: int | None = None
        self.last = ""  # kind of the last number word read
        self.suffix = ""

    def flush(self) -> None:
        if self.cur is not None:
            self.out.append(f"{self.total + self.cur}{self.suffix}")
        self.total, self.cur, self.last, self.suffix = 0, None, "", ""

    def number(self, value: int, kind: str) -> None:
        joins = (self.cur is not None and not self.suffix and (
            (kind == "unit" and self.last == "tens")
            or (kind in ("unit", "teen", "tens") and self.last in ("hundred", "thousand"))))
        if not joins:
            self.flush()
            self.cur = 0
        self.cur = (self.cur or 0) + value
        self.last = kind

    def scale(self, word: str) -> bool:
        """``hundred``/``thousand`` after a number multiplies it; False if there is none."""
        if self.cur is None or self.last in ("", "hundred", "thousand") or self.suffix:
            return False
        if word == "hundred" and self.cur < 100:
            self.cur *= 100
        elif word == "thousand" and self.total == 0 and 0 < self.cur < 1000:
            self.total, self.cur = self.cur * 1000, 0
        else:
            return False
        self.last = word
        return True

    def word(self, w: str) -> None:
        self.flush()
        self.out.append(w)


def _read(words: list[str]) -> list[str]:
    r = _Reader()
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        base = _PLURAL_TENS.get(w, w)
        if base in _VALUE:
            r.number(_VALUE[base], _kind(_VALUE[base]))
            r.suffix = "s" if base != w else ""
        elif w.isdigit() and not (len(w) > 1 and w.startswith("0")):
            r.number(int(w), "other" if int(w) >= 100 else _kind(int(w)))
        elif w in _SCALE and r.scale(w):
            continue
        elif w == "a" and nxt in _SCALE:  # a hundred, a thousand
            r.number(1, "unit")
        elif w == "and" and r.last in ("hundred", "thousand") and _is_number(nxt):
            continue
        else:
            r.word(w)
    r.flush()
    return r.out


def _is_number(w: str) -> bool:
    return w.isdigit() or _PLURAL_TENS.get(w, w) in _VALUE


def _decimals(words: list[str]) -> list[str]:
    """``3 point 1 4`` -> ``3.14``: the digits after "point" are said one by one."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] == "point" and out and out[-1].isdigit() and i + 1 < len(words):
            j = i + 1
            digits = ""
            while j < len(words) and (words[j] in ("oh", "o") or
                                      (words[j].isdigit() and len(words[j]) == 1)):
                digits += "0" if words[j] in ("oh", "o") else words[j]
                j += 1
            if digits:
                out[-1] += "." + digits
                i = j
                continue
        out.append(words[i])
        i += 1
    return out


def _pairs(words: list[str]) -> list[str]:
    """Two numbers of two digits said in a row are one four-digit number said in pairs
    (``30 90`` -> 3090, ``20 25`` -> 2025); ``20 oh 5`` -> 2005."""
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if prev.isdigit() and 10 <= int(prev) <= 99 and len(w) >= 2 and w[:2].isdigit() \
                and (w.isdigit() or w[2:] == "s") and 10 <= int(w.rstrip("s")) <= 99:
            out[-1] = prev + w
        elif len(out) >= 2 and prev == "oh" and out[-2].isdigit() and 10 <= int(out[-2]) <= 99 \
                and w.isdigit() and len(w) == 1:
            out[-2:] = [out[-2] + "0" + w]
        else:
            out.append(w)
    return out


def canonical_numbers(words: list[str]) -> list[str]:
    """Number words and digit strings in ``words`` (lowercase tokens, decimals already split
    as ``3 point 1``) turned into one digit form: ``one thousand and fifty`` -> 1050,
    ``thirty nineties`` -> 3090s, ``three point one`` -> 3.1, ``twenty oh five`` -> 2005."""
    return _decimals(_pairs(_read(words)))
