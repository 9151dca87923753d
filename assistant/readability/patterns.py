"""The checker's patterns (`assistant/rules/readability_patterns.yml`), read once and built into spaCy matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml

from assistant.paths import RULES_DIR

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher

PATTERNS_PATH = RULES_DIR / "readability_patterns.yml"


@dataclass(frozen=True)
class NumberRule:
    code: str
    matcher: Matcher
    unless_after: frozenset[str]


@dataclass(frozen=True)
class Patterns:
    clause_joiners: Matcher
    passive_voice: Matcher
    acronym: re.Pattern[str]
    well_known: frozenset[str]
    abbreviations: dict[str, str]
    small_words: frozenset[str]
    explain_cues: tuple[str, ...]
    numbers: tuple[NumberRule, ...]
    same_thing: tuple[tuple[tuple[str, ...], ...], ...]
    idioms: PhraseMatcher
    you_words: frozenset[str]
    inline_list: Matcher
    next_step_actions: frozenset[str]
    next_step_contacts: Matcher


def read_pattern_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8"))
    return data


def _matcher(name: str, patterns: list[list[dict[str, Any]]]) -> Matcher:
    from spacy.matcher import Matcher

    from assistant.nlp import get_nlp

    matcher = Matcher(get_nlp().vocab)
    matcher.add(name, patterns)
    return matcher


def phrase_matcher(phrases: dict[str, list[str]]) -> PhraseMatcher:
    """A lower-case phrase matcher: each key matches its phrases, tokenised like the text."""
    from spacy.matcher import PhraseMatcher

    from assistant.nlp import get_nlp

    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, items in phrases.items():
        matcher.add(key, [nlp.make_doc(item) for item in items])
    return matcher


@lru_cache(maxsize=1)
def get_patterns() -> Patterns:
    data = read_pattern_data()
    acronyms = data["acronyms"]
    numbers = tuple(
        NumberRule(
            code=code, matcher=_matcher(code, spec["patterns"]), unless_after=frozenset(spec.get("unless_after", []))
        )
        for code, spec in data["numbers"].items()
    )
    return Patterns(
        clause_joiners=_matcher("clause-joiner", data["clause_joiners"]),
        passive_voice=_matcher("passive-voice", data["passive_voice"]),
        acronym=re.compile(acronyms["pattern"]),
        well_known=frozenset(acronyms["well_known"]),
        abbreviations={str(k).lower(): str(v) for k, v in acronyms["abbreviations"].items()},
        small_words=frozenset(acronyms["small_words"]),
        explain_cues=tuple(acronyms["explain_cues"]),
        numbers=numbers,
        same_thing=tuple(tuple(tuple(str(w) for w in word) for word in group) for group in data["same_thing"]),
        idioms=phrase_matcher({"idiom": data["idioms"]}),
        you_words=frozenset(data["you_words"]),
        inline_list=_matcher("inline-list", data["inline_list"]),
        next_step_actions=frozenset(data["next_step"]["actions"]),
        next_step_contacts=_matcher("contact", data["next_step"]["contacts"]),
    )
