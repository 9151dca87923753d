"""Rules about words: initials (rule 5), jargon (rule 6) and one word for one thing (rule 12)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.content.glossary import JargonEntry
from assistant.readability.codes import Issue, issue
from assistant.readability.matching import plural_forms, unit_matches
from assistant.readability.patterns import Patterns, phrase_matcher
from assistant.readability.splitting import Unit

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher

Spans = set[tuple[int, int, int]]  # (line, start column, end column)


@lru_cache(maxsize=16)
def _names_matcher(names: tuple[str, ...]) -> PhraseMatcher:
    return phrase_matcher({"allowed": plural_forms(names)})


@lru_cache(maxsize=16)
def _jargon_matcher(entries: tuple[JargonEntry, ...]) -> PhraseMatcher:
    return phrase_matcher({str(i): plural_forms(entry.names) for i, entry in enumerate(entries)})


@lru_cache(maxsize=4)
def _same_thing_matcher(groups: tuple[tuple[tuple[str, ...], ...], ...]) -> PhraseMatcher:
    return phrase_matcher({f"{g}:{w}": list(word) for g, group in enumerate(groups) for w, word in enumerate(group)})


def allowed_spans(units: list[Unit], names: tuple[str, ...]) -> Spans:
    """Where the text uses a term it may use unexplained (a glossary term, say): its words are exempt."""
    if not names:
        return set()
    matcher = _names_matcher(names)
    return {(unit.line, span.start_char, span.end_char) for unit in units for _, span in unit_matches(matcher, unit)}


def inside(spans: Spans, line: int, start: int, end: int) -> bool:
    return any(line == s_line and s_start <= start and end <= s_end for s_line, s_start, s_end in spans)


def overlaps(spans: Spans, line: int, start: int, end: int) -> bool:
    return any(line == s_line and s_start < end and start < s_end for s_line, s_start, s_end in spans)


def _parts(unit: Unit) -> list[str]:
    return [part for word in unit.words for part in re.split(r"[-/]", word.text.removesuffix("'s")) if part]


def _spells(letters: str, parts: list[str], small: frozenset[str]) -> bool:
    """Do the words' first letters spell the initials exactly? Small words ('and', 'of') may be skipped."""
    if not letters:
        return not parts or all(p.lower() in small for p in parts)
    if not parts:
        return False
    head, rest = parts[0], parts[1:]
    if head[0].lower() == letters[0].lower() and _spells(letters[1:], rest, small):
        return True
    return head.lower() in small and _spells(letters, rest, small)


def _written_in_full(letters: str, unit: Unit, small: frozenset[str]) -> bool:
    """ "personal assistant (PA)" or "PA (personal assistant)": the full words right beside the initials."""
    parts = _parts(unit)
    for index, part in enumerate(parts):
        if part not in (letters, letters + "s"):
            continue
        before, after = parts[:index], parts[index + 1 :]
        if any(_spells(letters, before[start:], small) for start in range(len(before))):
            return True
        if any(_spells(letters, after[:stop], small) for stop in range(1, len(after) + 1)):
            return True
    return False


def _has_cue(unit: Unit, cues: tuple[str, ...]) -> bool:
    text = " " + " ".join(unit.text.lower().split()) + " "
    return any(f" {cue} " in text for cue in cues)


def _letters(text: str, patterns: Patterns) -> str | None:
    match = patterns.acronym.match(text)
    if not match:
        return None
    return text[:-1] if match.group(1) else text


def acronym_issues(units: list[Unit], before: list[Unit], allowed: Spans, patterns: Patterns) -> list[Issue]:
    explained = {
        letters
        for unit in [*before, *units]
        for token in unit.span
        if (letters := _letters(token.text, patterns)) and _written_in_full(letters, unit, patterns.small_words)
    }
    issues: list[Issue] = []
    reported: set[str] = set()
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        for token in unit.span:
            start, end = token.idx, token.idx + len(token.text)
            lower = token.text.lower()
            if lower in patterns.abbreviations:
                plain = patterns.abbreviations[lower]
                issues.append(
                    issue(
                        "acronym-unexplained",
                        f"Write '{plain}' instead of '{token.text}'.",
                        line=unit.line,
                        start=start,
                        end=end,
                    )
                )
                continue
            letters = _letters(token.text, patterns)
            if (
                letters is None
                or token.like_url
                or token.like_email
                or letters in patterns.well_known
                or letters in explained
                or letters in reported
                or inside(allowed, unit.line, start, end)
                or _has_cue(unit, patterns.explain_cues)
                or (following is not None and _has_cue(following, patterns.explain_cues))
            ):
                continue
            reported.add(letters)
            issues.append(
                issue(
                    "acronym-unexplained",
                    f"'{token.text}' is initials. Write the words in full, like 'words (ABC)', or explain it.",
                    line=unit.line,
                    start=start,
                    end=end,
                )
            )
    return issues


def jargon_issues(units: list[Unit], allowed: Spans, jargon: tuple[JargonEntry, ...]) -> list[Issue]:
    if not jargon:
        return []
    matcher = _jargon_matcher(jargon)
    issues: list[Issue] = []
    for index, unit in enumerate(units):
        nearby = " ".join(u.text.lower() for u in units[index : index + 2])
        for label, span in unit_matches(matcher, unit):
            entry = jargon[int(label)]
            if inside(allowed, unit.line, span.start_char, span.end_char) or entry.plain.lower() in nearby:
                continue
            issues.append(
                issue(
                    "jargon-unexplained",
                    f"'{span.text}' is jargon. Write '{entry.plain}' instead, or explain it.",
                    line=unit.line,
                    start=span.start_char,
                    end=span.end_char,
                )
            )
    return issues


def mixed_term_issues(units: list[Unit], patterns: Patterns) -> list[Issue]:
    matcher = _same_thing_matcher(patterns.same_thing)
    first_word: dict[int, int] = {}
    issues: list[Issue] = []
    reported: set[tuple[int, int]] = set()
    for unit in units:
        for label, span in unit_matches(matcher, unit):
            group, word = (int(part) for part in label.split(":"))
            used = first_word.setdefault(group, word)
            if used == word or (group, word) in reported:
                continue
            reported.add((group, word))
            first = patterns.same_thing[group][used][0]
            issues.append(
                issue(
                    "mixed-terms",
                    f"You wrote '{first}' before and '{span.text}' here. Use one word for one thing: '{first}'.",
                    line=unit.line,
                    start=span.start_char,
                    end=span.end_char,
                )
            )
    return issues
