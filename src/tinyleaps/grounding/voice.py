"""Whose voice a host's line speaks in.

The hosts report what others did: first person is only for a host's own opinion ("I'd
want to see that on a second setup"), never the poster's experience ("I run my 3090s
at...", "I tried it"), never a slide into the poster's words ("@x says I run my..."),
and never talk to the person quoted. The line writer's checks (``writing/verify``) and
``tinyleaps check``'s conversation figures (``check/quality``) both use these patterns.
Pass the line without its quotations: a quotation may be in anyone's voice.
"""

from __future__ import annotations

import re

#: hosts speaking as if they had built, run or owned what the threads are about
FIRST_HAND = re.compile(
    r"\b(?!we(?:'ve| have) got\b)"  # "tonight we've got three stories" is the show talking
    r"(?:I|we)(?:'ve| have)? (?:been |just |also |finally )?(?:using|running|working with|"
    r"testing|bought|built|measured|tested|tried|run|use|own|experimenting|playing|messing|"
    r"tinkering|benchmarking|downloaded|installed|got|get|switched|upgraded|loaded|"
    r"fine-?tuned|trained|released|made)\b|\b(?:my|our) (?:own )?(?:build|rig|setup|model|"
    r"card|cards|gpu|gpus|machine|server|box|phone|laptop|mac|project|app|tests?|runs?|"
    r"experience)\b|\bin my (?:experience|tests?|testing)\b",
    re.IGNORECASE,
)
#: a host's own opinion may be in the first person
OPINION = re.compile(
    r"\bI(?:'d| would) (?:want|like|love|say|bet|guess|be|argue|need|wait|add|call|take)\b|"
    r"\bI (?:think|suspect|doubt|wonder|agree|disagree|buy|believe|suppose|reckon|guess|"
    r"can see|can't see|don't know|do wonder|wouldn't|hope)\b|"
    r"\bI'm (?:not sure|curious|skeptical|sceptical|with|not convinced|torn|glad|surprised|"
    r"impressed|wary|unsure|inclined|not buying|buying|going with)\b|\bto me\b|\bfor me\b",
    re.IGNORECASE,
)
#: a report that slides into the poster's own first person ("@x says I run my...")
AS_POSTER = re.compile(r"@[\w-]+\s+(?:\w+\s+){0,2}(?:says|said|writes|wrote|thinks|notes|"
                       r"adds|explains|mentions|reckons|argues)(?: that)?,?\s+(?:I|I'm|I've|"
                       r"I'd|my|we|our|we're)\b")
_SELF = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself)\b")
_TALK_TO = re.compile(r"@[\w-]+,\s+(?:you|your)\b|\bthank(?:s| you),? @", re.IGNORECASE)


def first_hand(spoken: str) -> str | None:
    """The words that claim hands-on experience ("I tried it"), else None."""
    match = FIRST_HAND.search(spoken)
    return match.group(0) if match else None


def first_person_beyond_opinion(spoken: str) -> bool:
    """First person left once the host's own opinions are taken out."""
    return bool(_SELF.search(OPINION.sub(" ", spoken)))


def slides_into_poster(spoken: str) -> bool:
    """A report that turns into the poster's own first person."""
    return bool(AS_POSTER.search(spoken))


def talks_to_quoted(spoken: str) -> bool:
    """The line addresses the person it quotes ("@x, you ...", "thanks, @x")."""
    return bool(_TALK_TO.search(spoken))


def as_poster(spoken: str) -> bool:
    """Does this line speak as the poster: hands-on experience, or first person that is
    not a host's opinion?"""
    return first_hand(spoken) is not None or first_person_beyond_opinion(spoken)
