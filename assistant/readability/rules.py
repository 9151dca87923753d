"""Rules on sentences and on the shape of the text: rules 1-4, 11, 13-17 of easyread-rules.md."""

from __future__ import annotations

from itertools import groupby

from assistant.readability.codes import Issue, issue
from assistant.readability.matching import unit_matches
from assistant.readability.patterns import Patterns
from assistant.readability.splitting import Unit

MAX_WORDS = 15
WARN_WORDS = 12
MAX_JOINERS = 1
MAX_COMMAS = 1
MAX_PASSIVE = 2
MAX_PARAGRAPH = 3
MAX_BULLETS = 7
YOU_EVERY = 3
MAX_FIRST_LAYER = 120


def _at(code: str, message: str, unit: Unit) -> Issue:
    return issue(code, message, line=unit.line, start=unit.start, end=unit.end)


def sentence_length_issues(units: list[Unit]) -> list[Issue]:
    issues: list[Issue] = []
    for unit in units:
        count = len(unit.words)
        if count > MAX_WORDS:
            issues.append(_at("sentence-too-long", f"This has {count} words. Use {MAX_WORDS} or fewer.", unit))
        elif count > WARN_WORDS:
            issues.append(_at("sentence-long", f"This has {count} words. Try for {WARN_WORDS} or fewer.", unit))
    return issues


def idea_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    issues: list[Issue] = []
    for unit in units:
        joiners = len(unit_matches(patterns.clause_joiners, unit))
        commas = sum(1 for token in unit.span if token.text == ",")
        if joiners > MAX_JOINERS or commas > MAX_COMMAS:
            issues.append(
                _at(
                    "sentence-many-ideas",
                    f"This sentence has {joiners} joining words and {commas} commas. Split it: 1 idea a sentence.",
                    unit,
                )
            )
    return issues


def passive_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    issues: list[Issue] = []
    count = 0
    for unit in units:
        for _, span in unit_matches(patterns.passive_voice, unit):
            count += 1
            where = {"line": unit.line, "start": span.start_char, "end": span.end_char}
            text = f"'{span.text}' is passive. Say who does it: 'the council pays you', not 'you are paid'."
            issues.append(issue("passive-voice", text, **where))
            if count == MAX_PASSIVE + 1:
                many = f"The passive voice is used {MAX_PASSIVE + 1} or more times. Say who does each thing."
                issues.append(issue("passive-voice-many", many, **where))
    return issues


NUMBER_MESSAGES = {
    "number-in-words": "Write numbers as digits: '12', not 'twelve'.",
    "percentage": "Avoid percentages. Say 'some', 'most' or '1 in 4'.",
    "fraction": "Avoid fractions. Say 'half' or 'some', or use whole numbers.",
    "decimal": "Avoid decimals, except for money like £1.50. Round the number.",
    "money-in-words": "Write money with the £ sign: '£20'.",
    "numeric-date": "Write dates in words: '1 April 2025'.",
}


def number_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    issues: list[Issue] = []
    for unit in units:
        for rule in patterns.numbers:
            for _, span in unit_matches(rule.matcher, unit):
                if span.start > 0 and span.doc[span.start - 1].text in rule.unless_after:
                    continue
                message = f"'{span.text}': {NUMBER_MESSAGES[rule.code]}"
                issues.append(issue(rule.code, message, line=unit.line, start=span.start_char, end=span.end_char))
    return issues


def idiom_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    return [
        issue(
            "idiom",
            f"'{span.text}' is a figure of speech. Say what you mean in plain words.",
            line=unit.line,
            start=span.start_char,
            end=span.end_char,
        )
        for unit in units
        for _, span in unit_matches(patterns.idioms, unit)
    ]


def you_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    sentences = [unit for unit in units if unit.kind != "heading"]
    issues: list[Issue] = []
    run: list[Unit] = []
    for unit in sentences:
        if any(token.lower_ in patterns.you_words for token in unit.span):
            run = []
            continue
        run.append(unit)
        if len(run) == YOU_EVERY:
            issues.append(
                _at("you-missing", f"{YOU_EVERY} sentences in a row do not say 'you'. Talk to the reader.", run[0])
            )
    return issues


def layout_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    issues: list[Issue] = []
    for (_, kind), group in groupby(units, key=lambda unit: (unit.block, unit.kind)):
        block = list(group)
        if kind == "sentence" and len(block) > MAX_PARAGRAPH:
            message = f"This paragraph has {len(block)} sentences. Use {MAX_PARAGRAPH} or fewer, then a blank line."
            issues.append(_at("paragraph-too-long", message, block[MAX_PARAGRAPH]))
        if kind == "bullet" and len(block) > MAX_BULLETS:
            message = f"This list has {len(block)} bullets. Use {MAX_BULLETS} or fewer."
            issues.append(_at("too-many-bullets", message, block[MAX_BULLETS]))
    for unit in units:
        for _, span in unit_matches(patterns.inline_list, unit)[:1]:
            message = f"'{span.text}' lists 3 or more things. Put each thing on its own bullet."
            issues.append(
                issue("list-needs-bullets", message, line=unit.line, start=span.start_char, end=span.end_char)
            )
    return issues


def first_layer_issues(units: list[Unit]) -> list[Issue]:
    words = sum(len(unit.words) for unit in units)
    if words <= MAX_FIRST_LAYER or not units:
        return []
    message = f"The short answer has {words} words. Keep it to about {MAX_FIRST_LAYER}; put more in 'tell me more'."
    return [_at("answer-too-long", message, units[0])]


def has_next_step(units: list[Unit], patterns: Patterns) -> bool:
    """A sentence with an action word ('call', 'ask') and a way to get in touch (a phone number, 'council')."""
    return any(
        any(token.lower_ in patterns.next_step_actions for token in unit.span)
        and unit_matches(patterns.next_step_contacts, unit)
        for unit in units
    )


def next_step_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    if not units or has_next_step(units, patterns):
        return []
    message = "Give 1 clear next step with a contact, like 'Call your council on ...'."
    return [_at("no-next-step", message, units[0])]
