"""Every problem the readability checker can report: its stable code, severity and what it means.

Codes are kebab-case and never change meaning: the CLI, CI, the tests and the editor API match on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["hard", "soft", "info"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    rule: int
    description: str


_CODES = (
    Code("sentence-too-long", "hard", 1, "A sentence, bullet or heading has more than 15 words."),
    Code("sentence-long", "soft", 1, "A sentence, bullet or heading has more than 12 words."),
    Code("mean-sentence-long", "soft", 2, "The sentences have more than 12 words on average."),
    Code("sentence-many-ideas", "soft", 3, "A sentence joins several clauses or has more than 1 comma."),
    Code("passive-voice", "soft", 4, "A sentence uses the passive voice ('is paid by')."),
    Code("passive-voice-many", "hard", 4, "The text uses the passive voice 3 or more times."),
    Code("acronym-unexplained", "hard", 5, "Initials or a short form (SDS, e.g.) that the text does not explain."),
    Code("jargon-unexplained", "hard", 6, "A word from the jargon list that the text does not explain."),
    Code("rare-words", "soft", 7, "More than 3% of the words are rare."),
    Code("syllables-per-word-high", "soft", 8, "The words have more than 1.40 syllables on average."),
    Code("long-words-many", "soft", 8, "More than 5% of the words have 3 or more syllables."),
    Code("grade-too-high", "hard", 9, "The Flesch-Kincaid grade is above 7."),
    Code("grade-above-aim", "soft", 9, "The Flesch-Kincaid grade is above 5."),
    Code("reading-ease-too-low", "hard", 10, "The Flesch Reading Ease is below 70."),
    Code("reading-ease-below-aim", "soft", 10, "The Flesch Reading Ease is below 80."),
    Code("number-in-words", "soft", 11, "A number above nine written in words."),
    Code("percentage", "soft", 11, "A percentage."),
    Code("fraction", "soft", 11, "A fraction."),
    Code("decimal", "soft", 11, "A decimal number that is not an amount of money."),
    Code("money-in-words", "soft", 11, "An amount of money written with 'pounds' instead of '£'."),
    Code("numeric-date", "soft", 11, "A date written in numbers."),
    Code("mixed-terms", "soft", 12, "Two different words for the same thing in one text."),
    Code("idiom", "soft", 13, "An idiom or figure of speech."),
    Code("you-missing", "info", 14, "3 sentences in a row do not talk to the reader ('you')."),
    Code("paragraph-too-long", "soft", 15, "A paragraph has more than 3 sentences."),
    Code("list-needs-bullets", "soft", 15, "A sentence lists 3 or more things: use bullets."),
    Code("too-many-bullets", "soft", 15, "A list has more than 7 bullets."),
    Code("answer-too-long", "soft", 16, "The first layer of the answer has more than 120 words."),
    Code("no-next-step", "soft", 17, "A 'how do I' answer has no clear next step with a contact."),
    Code("glossary-meaning-too-long", "hard", 0, "A glossary meaning has more than 3 sentences."),
    Code("glossary-grade-too-high", "hard", 0, "A glossary meaning has a reading grade above 5."),
)

CODES: dict[str, Code] = {code.code: code for code in _CODES}


@dataclass(frozen=True)
class Issue:
    """One problem: `line` is 1-based in the file; `start`/`end` are 0-based character columns in that line."""

    code: str
    severity: Severity
    message: str
    line: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "start": self.start,
            "end": self.end,
        }


def of_severity(issues: Iterable[Issue], severity: Severity) -> tuple[Issue, ...]:
    """The issues of one severity, in their order."""
    return tuple(i for i in issues if i.severity == severity)


def issue(code: str, message: str, *, line: int, start: int = 0, end: int = 0) -> Issue:
    """Build an issue with the severity the registry gives its code (a `KeyError` for an unknown code)."""
    return Issue(code=code, severity=CODES[code].severity, message=message, line=line, start=start, end=end)
