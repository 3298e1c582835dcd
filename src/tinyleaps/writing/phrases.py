"""The extractive writer's phrase pools. Placeholders: {title} a spoken title, {op} and
{who} a credit (``@handle`` on Reddit, a name elsewhere), {to} the credit of the person
replied to, {x} a quoted excerpt, {today} 'tonight' or 'today', {src} the source
("the livestream 'Open Weights'"), {medium} what it is ("livestream", "episode",
"conversation"), {at} when in a recording ("around the 46-minute mark"), {where} the
source as a whole ("the thread", "the livestream", "the article") and {full} how to get
all of it ("reading the full thread", "listening to the whole livestream").

Pools that talk about threads and comments are Reddit's; transcripts, articles and feed
items have their own (never "thread", "comments" or "posted" for them).

Rules these follow: never a promise the show does not keep ("more on that later"), no
hollow one-word agreement, each reaction says something about the point it follows and
is only used when the quote has the feature it talks about (``reactions.py``).
"""

from __future__ import annotations

FIRST_TOPIC = (
    "First up: {title}",
    "Let's start with this one: {title}",
    "We'll kick things off with {title}",
    "Our first topic: {title}",
)

TRANSITIONS = (
    "Next up: {title}",
    "Let's switch gears. {title}",
    "Here's another one that got people talking: {title}",
    "Change of pace now: {title}",
    "On to our next topic: {title}",
    "Now, something a little different: {title}",
    "This next one caught my eye: {title}",
    "Shifting topics: {title}",
    "Okay, new topic. {title}",
    "Moving along to {title}",
    "Let's keep going with {title}",
    "Here's one worth a look: {title}",
)

LAST_TOPIC = (
    "And our last topic for {today}: {title}",
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

# Reactions: see reactions.py for the feature each pool needs. {fig} a figure from the
# quote ("14 tok/s"), {word} a strong word from it ("useless"), {term} a name it shares
# with an earlier point or the title ("Qwen3"), {who}/{to} credits of quoted people.
REACT_NUMBERS = (
    "{fig} is a concrete number, and one you can check on your own machine.",
    "I'd love to see that {fig} reproduced on a second setup.",
    "A figure like {fig} beats a vibe any day.",
    "Keep in mind that {fig} is one person's number, though.",
    "{fig} is the number I'd write down from that.",
)
REACT_QUESTION = (
    "Good question, and I don't think there's one settled answer yet.",
    "That's the question I'd want answered before downloading anything.",
    "Fair question, and not one {where} can settle on its own.",
    "Good question. My guess is the answer depends a lot on your setup.",
    "I wanted to ask the same thing.",
)
REACT_PUSHBACK = (
    "So not everyone is convinced.",
    "That's a healthy dose of skepticism.",
    "Fair pushback, and I think it lands.",
    "A useful reality check.",
    "I like hearing the other side of it.",
)
# (a pushback reply: {who} answered {to} and disagreed)
REACT_CONTRAST = (
    "So {to} and {who} see this quite differently.",
    "That's {who} and {to} on opposite sides, which is where it gets interesting.",
    "I'm glad {who} pushed on that; {to}'s take needed a counterweight.",
)
REACT_HUMOUR = (
    "Ha. {where_cap} had some fun with this one.",
    "Okay, that got a laugh out of me.",
    "Half joking, I think, but only half.",
    "Tongue in cheek, but there's a real point in there.",
)
REACT_STRONG = (
    "'{Word}' is a strong word, though. I'd want to see that hold up on more than one setup.",
    "I'd be careful with '{word}'; that's one person's experience, not a benchmark.",
    "I'd push back on '{word}' a little. It's early days, and first impressions run hot.",
    "'{Word}' is doing a lot of work in that sentence.",
)
REACT_ADVICE = (
    "Okay, that's a genuinely useful tip.",
    "Good advice, and easy to miss.",
    "That's worth writing down before you try it.",
    "Practical. I like advice you can act on right away.",
)
# (the point names something an earlier speaker also named)
LINK_EARLIER = (
    "{who} brought up {term} too, so that's two people circling the same thing.",
    "That's the second mention of {term}, after {who}.",
    "{term} again; {who} raised it earlier, so it clearly matters here.",
)
# (the point names something in the topic's title or gist)
LINK_TITLE = (
    "And that brings it right back to {term}, which is what this is all about.",
    "So it keeps coming back to {term}.",
    "That ties straight back to {term}, the heart of this topic.",
)
# (nothing to react to: a short bridge to the next point, or nothing at all)
NEUTRAL = (
    "Here's another take.",
    "Another voice on this.",
    "And a different angle.",
    "There's more where that came from.",
)
REACT_OPENER = (
    "Oh, I saw this one.",
    "That's a big topic for one segment.",
    "I was hoping we'd get to this one.",
)

CLOSERS = (
    "{where_cap} is linked in the show notes if you want to dig in.",
    "Worth {full} if you're running this yourself.",
    "That's a good place to leave this one.",
    "Plenty to chew on there.",
    "I'll be thinking about that one for a while.",
)


# ---------------------------------------------------------------- beyond Reddit

# (who leads a transcript segment; {at} is when it starts in the recording)
OP_CREDIT_SPOKEN = (
    "It comes from {src}, {at}, with {op} doing most of the talking.",
    "This part of {src} starts {at}, and {op} leads it.",
    "We're taking this one from {src}, where {op} does most of the talking {at}.",
)
OP_CREDIT_SPOKEN_UNNAMED = (
    "It comes from {src}, {at}.",
    "This part of {src} starts {at}.",
)
OP_CREDIT_ARTICLE = (
    "It's an article by {op}.",
    "This one comes from an article by {op}.",
    "{op} wrote this one up.",
)
OP_CREDIT_FEED = (
    "It comes from a news feed, in a piece by {op}.",
    "This one is a news item by {op}.",
)
OP_CREDIT_UNSIGNED = (
    "It comes from {src}, which carries no byline.",
)

BRIDGE_SPOKEN = (
    "Here's how the conversation went.",
    "A few moments stood out.",
    "Let's hear what was said.",
    "So, the highlights.",
)
BRIDGE_WRITTEN = (
    "A few lines stood out to me.",
    "Here's what the piece argues.",
    "Let's get into the details.",
)

PRESENT_SPOKEN = (
    "As {who} put it {at}: \"{x}\"",
    "{who} said, {at}: \"{x}\"",
    "Here's {who}, {at}: \"{x}\"",
    "{who} made this point {at}: \"{x}\"",
    "Then {who} said, {at}: \"{x}\"",
)
PRESENT_SPOKEN_REPLY = (
    "And {who} answered {to}: \"{x}\"",
    "{who} came back on that: \"{x}\"",
)
PRESENT_WRITTEN = (
    "{who} writes: \"{x}\"",
    "In the piece, {who} writes: \"{x}\"",
    "As {who} writes: \"{x}\"",
)
# (the same author, right after their previous point)
PRESENT_WRITTEN_MORE = (
    "{who} also points out: \"{x}\"",
    "{who} goes on: \"{x}\"",
)
# (a point from another kind of source than the segment's own, e.g. a Reddit comment in a
# livestream segment)
ELSEWHERE = {
    "reddit": "Over on Reddit, ",
    "transcript": "In {src}, ",
    "article": "In {src}, ",
    "feed": "In {src}, ",
}

# (the post itself is only a link: no gist to give)
GIST_LINK = (
    "The post itself {x}, so the discussion is where the substance is.",
    "There's no write-up: the post {x}, so let's go straight to the replies.",
)

# (other threads merged into this topic; {x} their titles)
ALSO_ON_STORY = (
    "Another thread covered the same story: {x}",
    "It wasn't the only thread on this, either. Another one was titled: {x}",
)
# (a topic's closing line when the last point needs no reaction; {names} those quoted)
RECAP = (
    "So that's {names}, each coming at it from their own angle.",
    "Between {names}, that's a pretty good picture of where people stand.",
    "Thanks to {names} for giving us plenty to talk about here.",
)
# (the same, when many people were quoted; {count} how many, as a word)
RECAP_COUNT = (
    "That's {count} people weighing in, and no two of them saying quite the same thing.",
    "{Count} voices on one {medium}, and each one adds something.",
)
