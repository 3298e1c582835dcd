"""The extractive writer's phrase pools. Placeholders: {title} a spoken title, {op} and
{who} a credit (``@handle``), {to} the credit of the person replied to, {x} a quoted
excerpt, {today} 'tonight' or 'today'.

Rules these follow: never a promise the show does not keep ("more on that later"), no
hollow one-word agreement, each reaction says something about the point it follows.
"""

from __future__ import annotations

FIRST_TOPIC = (
    "First up: {title}",
    "Let's start with this one: {title}",
    "We'll kick things off with {title}",
    "Our first thread: {title}",
)

TRANSITIONS = (
    "Next up: {title}",
    "Let's switch gears. {title}",
    "Here's another one that got people talking: {title}",
    "Change of pace now: {title}",
    "On to our next thread: {title}",
    "Now, something a little different: {title}",
    "This next one caught my eye: {title}",
    "Shifting topics: {title}",
    "Okay, new thread. {title}",
    "Moving along to {title}",
    "Let's keep going with {title}",
    "Here's a thread worth a look: {title}",
)

LAST_TOPIC = (
    "And our last thread for {today}: {title}",
    "One more before we wrap up: {title}",
    "Last one for {today}: {title}",
)

OP_CREDIT = (
    "{op} started this thread.",
    "This one comes from {op}.",
    "{op} posted it.",
    "The thread is from {op}.",
    "It was started by {op}.",
)

GIST = (
    "The gist: {x}",
    "In short: {x}",
    "Here's the idea: {x}",
)

# (a gist in the poster's own first-person words)
GIST_QUOTE = (
    "In their words: \"{x}\"",
    "They write: \"{x}\"",
)

# (the first point after the opener)
BRIDGE = (
    "Let's see what people made of it.",
    "The comments had a lot to say about that.",
    "The replies got interesting quickly.",
    "And the community weighed in.",
    "So, the comments.",
)

PRESENT = (
    "{who} wrote: \"{x}\"",
    "Here's how {who} put it: \"{x}\"",
    "{who} chimed in with this: \"{x}\"",
    "Then there's {who}, who said: \"{x}\"",
    "{who} had a different angle: \"{x}\"",
    "{who} added: \"{x}\"",
    "Over to {who}: \"{x}\"",
)
PRESENT_TOP = (
    "The top comment came from {who}: \"{x}\"",
    "The most upvoted reply was from {who}: \"{x}\"",
)
PRESENT_OP = (
    "{who}, who started the thread, answered: \"{x}\"",
    "The original poster, {who}, jumped back in: \"{x}\"",
)
PRESENT_POST = (
    "In the post itself, {who} writes: \"{x}\"",
    "{who} also says in the post: \"{x}\"",
)
PRESENT_REPLY = (
    "{who} replied to {to}: \"{x}\"",
    "And {who} answered {to}: \"{x}\"",
)
PRESENT_PUSHBACK = (
    "{who} pushed back on {to}: \"{x}\"",
    "But {who} wasn't having it, replying to {to}: \"{x}\"",
)
PRESENT_REPLY_UNNAMED = (
    "Further down, {who} replied: \"{x}\"",
    "In a reply, {who} said: \"{x}\"",
)

REACT_NUMBERS = (
    "Those are real numbers, which I appreciate, but they come from one machine.",
    "A concrete figure beats a vibe any day.",
    "I'd love to see that number reproduced on a second setup.",
    "That's the kind of number you can check at home, which is the best part.",
    "Hold on to that figure, because it changes what hardware you actually need.",
    "Numbers like that are why I read the comments before the headlines.",
)
REACT_QUESTION = (
    "That's exactly the question I'd ask, too.",
    "Fair question, and not one a single thread can settle.",
    "That question sits underneath the whole thread, honestly.",
    "Good question. The honest answer is probably that it depends on your setup.",
    "I wanted to ask the same thing.",
)
REACT_PUSHBACK = (
    "So not everyone is convinced.",
    "That's a healthy dose of skepticism.",
    "Fair pushback, and I think it lands.",
    "A useful reality check.",
    "I like that the thread didn't just agree with itself.",
)
REACT_GENERIC = (
    "That's a practical way to look at it.",
    "I hadn't thought about it from that angle.",
    "That's the kind of detail that gets lost in the headlines.",
    "Interesting, because it cuts against the hype a bit.",
    "That's a sharper point than it looks at first.",
    "That sums up where a lot of people seem to be.",
    "I like that, it's grounded in actually using the thing.",
    "That's the part I'd want to test myself.",
    "That's a good reminder that the setup matters as much as the model.",
    "Honestly, that's the most useful comment in the thread for me.",
    "That one made me stop and think.",
)
REACT_ADVICE = (
    "Okay, that's a genuinely useful tip.",
    "Good advice, and easy to miss.",
    "That's worth writing down before you try it.",
    "Practical. I like advice you can act on tonight.",
)
REACT_DISAGREE = (
    "I'm not completely sold on that, though. One comment isn't a benchmark.",
    "I'd push back a little there; I suspect it depends a lot on the hardware.",
    "Maybe, but that sounds a bit optimistic to me.",
    "I see it a little differently. That reads like one good experience, not a rule.",
    "I'm less sure about that one, to be honest.",
)
REACT_OPENER = (
    "Oh, I saw this one.",
    "That's a big topic for one thread.",
    "I was hoping we'd get to this one.",
)

CLOSERS = (
    "The whole thread is linked in the show notes if you want to dig in.",
    "Worth reading the full thread if you're running this yourself.",
    "That's a good place to leave this one.",
    "Plenty to chew on there.",
    "I'll be thinking about that one for a while.",
)
