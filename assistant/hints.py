"""Words that name a topic outright, used only when the classifier is unsure.

"what happens with option 3" names Option 3 even when the classifier cannot decide between the
options. When the fallback fires, or the classifier picks another of the 4 options, and the message
names exactly one option, that option is the topic. Any other topic the classifier picks stays
("can option 3 pay for a holiday" is about what the money can pay for).
"""

from __future__ import annotations

import re

OPTION_TOPICS = {
    "1": "option1_direct_payment",
    "2": "option2_individual_service_fund",
    "3": "option3_council_arranged",
    "4": "option4_mix",
}
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}
# "option 3", "opshun 1", "optoin two", "option3"
OPTION_MENTION = re.compile(
    r"\b(?:option|options|opshun|optoin|opion|optin|opt)\s*(?:no\.?\s*)?([1-4]|one|two|three|four)\b", re.IGNORECASE
)


def named_option_topic(text: str) -> str | None:
    """The topic of the one option the message names, or None when it names none or several."""
    numbers = {NUMBER_WORDS.get(m.lower(), m) for m in OPTION_MENTION.findall(text)}
    if len(numbers) != 1:
        return None
    return OPTION_TOPICS[numbers.pop()]
