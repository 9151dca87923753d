"""Take personal details out of a message before it is kept: rule-based, with the rules as data.

`redact("my name is Jane Smith, call 07700 900123")` gives `"my name is [name], call [phone]"`.
Redaction is best effort: it finds the common shapes of emails, UK phone numbers, postcodes,
dates, National Insurance and CHI numbers, bank details (sort codes, account and card numbers,
IBANs) and names that people introduce ("my name is ...", "this is Jo speaking"), not every
personal detail. It is idempotent: redacting a redacted text changes nothing.

The API sends Rasa `redact_for_nlu(text)`: redacted, with the placeholders left out, so the tracker
store never holds personal details and the classifier is not confused by words it never saw in
training (measured with `python -m assistant evaluate`, see PRIVACY.md). The unanswered-questions
list keeps `redact(text)`, and `assistant.log_redaction` redacts application logs the same way.
"""

from __future__ import annotations

import functools
import re

MAX_CHARS = 500

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)?\d\d"
# A CHI number starts with the person's date of birth as DDMMYY, then 4 digits.
_CHI = r"(?:0[1-9]|[12]\d|3[01])\s?(?:0[1-9]|1[0-2])\s?\d\d\s?\d{4}"

# (placeholder, pattern), applied in this order (case-insensitive). Emails first: they hold digits.
# A placeholder may keep the words that introduced the detail with `\g<keep>` ("sort code [sort code]").
PATTERNS: tuple[tuple[str, str], ...] = (
    ("[email]", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # GB29 NWBK 6016 1331 9268 19, DE89370400440532013000: country, check digits, bank code, digits.
    ("[IBAN]", r"\b[a-z]{2}\d{2}\s?[a-z\d]{4}(?:\s?\d{4}){2,7}(?:\s?\d{1,3})?\b"),
    # QQ 12 34 56 C: two letters, six digits, A to D.
    ("[NI number]", r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b"),
    # 1203561234, 120356 1234: before phone numbers, as a CHI number may start with 0.
    ("[CHI number]", rf"(?<![\w+]){_CHI}(?![\w])"),
    # sort code 12-34-56, sort code: 123456 (without the words, 12-34-56 is taken as a date below).
    (r"\g<keep>[sort code]", r"(?P<keep>\bsort[\s-]?code(?:\s+is)?[\s:]*)\d{2}[\s-]?\d{2}[\s-]?\d{2}\b"),
    # +44 7700 900123, 0044 (0)141 123 4567, (0131) 496 0000, 07700-900-123: 10 or 11 digits in all.
    ("[phone]", r"(?<![\w+])(?:(?:\+|00)44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)"),
    # 12/03/1956, 12.3.56, 12-03-1956, 1956-03-12
    ("[date]", r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b"),
    # 3rd March 1956, 3 of march 56, March 3rd, 1956, march 3 1956
    ("[date]", rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}|{_MONTH}\.?\s+{_DAY},?\s+{_YEAR})\b"),
    # G12 8QQ, eh1 1aa, EH11AA, SW1A 1AA
    ("[postcode]", r"\b[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}\b"),
    # Any other long run of digits (an account, card or CHI number): 7 or more digits.
    ("[number]", r"(?<![\w.])\d(?:[\s-]?\d){6,}(?![\w.])"),
)

# Words that introduce a name. "strong" takes the next word whatever its case; "weak" only a
# capitalised one ("this is Mary", not "this is confusing").
NAME_INTRODUCERS: dict[str, tuple[str, ...]] = {
    "strong": (
        r"my name is",
        r"my name['’]s",
        r"i['’]?m called",
        r"i am called",
        r"my (?:mum|mother|dad|father|son|daughter|husband|wife|partner|brother|sister|gran|granny|grandad"
        r"|grandma|grandpa|friend|carer|aunt|auntie|uncle|nephew|niece|cousin)(?:'s)? (?:is )?(?:called|named)",
    ),
    "weak": (r"this is", r"call me"),
}
# "this is jo speaking", "it's Jo Bloggs speaking": a name before "speaking", whatever its case.
SPEAKING = re.compile(
    r"(?i:\b(?:this|it)(?:\s+is|['’]s)\s+)(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)(?=\s+(?i:speaking)\b)"
)
# Words that follow an introducer but are not names ("my name is not on the form", "this is Option 2").
# fmt: off
NOT_NAMES = frozenset({
    "a", "an", "the", "and", "or", "but", "so", "to", "of", "in", "on", "at", "by", "for", "from", "with",
    "about", "not", "no", "yes", "is", "are", "was", "it", "this", "that", "what", "how", "why", "when",
    "where", "who", "which", "my", "your", "our", "their", "his", "her", "i", "me", "we", "you", "they",
    "just", "still", "also", "back", "later", "today", "tomorrow", "soon", "now", "again", "please",
    "thanks", "thank", "hello", "hi", "option", "options", "sds", "self-directed", "direct", "payment",
    "payments", "council", "social", "care", "support", "advocacy", "carer", "carers", "scotland",
    "scottish", "nhs", "budget", "money", "help",
})
# fmt: on
_NAME_WORD = r"[^\W\d_][\w'’-]*"


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((placeholder, re.compile(pattern, re.IGNORECASE)) for placeholder, pattern in PATTERNS)


@functools.lru_cache(maxsize=1)
def _name_patterns() -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """(strong, pattern): the introducer, then up to two words that may be a first name and a surname."""
    found = []
    for kind, introducers in NAME_INTRODUCERS.items():
        for introducer in introducers:
            pattern = rf"(?i:\b{introducer})\s+(?P<first>{_NAME_WORD})(?:\s+(?P<second>{_NAME_WORD}))?"
            found.append((kind == "strong", re.compile(pattern)))
    return tuple(found)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _redact_names(text: str) -> str:
    text = SPEAKING.sub(_speaking_replacement, text)
    for strong, pattern in _name_patterns():
        text = pattern.sub(functools.partial(_name_replacement, strong=strong), text)
    return text


def _speaking_replacement(match: re.Match[str]) -> str:
    if match.group("name").split()[0].lower() in NOT_NAMES:
        return match.group(0)
    return match.group(0)[: match.start("name") - match.start(0)] + "[name]"


def _name_replacement(match: re.Match[str], *, strong: bool) -> str:
    first, second = match.group("first"), match.group("second")
    if first.lower() in NOT_NAMES or not (strong or _is_capitalised(first)):
        return match.group(0)
    start = match.start("first") - match.start(0)
    kept = match.group(0)[:start] + "[name]"
    is_surname = second and _is_capitalised(first) and _is_capitalised(second) and second.lower() not in NOT_NAMES
    if second and not is_surname:
        kept += match.group(0)[match.end("first") - match.start(0) :]
    return kept


def redact(text: str, *, max_chars: int | None = MAX_CHARS) -> str:
    """`text` with personal details replaced by placeholders, cut to `max_chars` (None: not cut)."""
    for placeholder, pattern in _compiled():
        text = pattern.sub(placeholder, text)
    text = _redact_names(text)
    return text if max_chars is None else text[:max_chars]


@functools.lru_cache(maxsize=1)
def _placeholders() -> re.Pattern[str]:
    names = {"[name]", *(found for placeholder, _ in PATTERNS for found in re.findall(r"\[[^\]]+\]", placeholder))}
    return re.compile(r"[ \t]*(?:" + "|".join(re.escape(name) for name in sorted(names)) + ")")


def redact_for_nlu(text: str) -> str:
    """`redact(text)` with the placeholders left out ("my name is [name]. hi" -> "my name is. hi").

    A message that is nothing but personal details keeps its placeholders, so it is never empty.
    """
    redacted = redact(text, max_chars=None)
    return _placeholders().sub("", redacted).strip() or redacted
