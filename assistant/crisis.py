"""Rule-based crisis detection: spaCy Matcher and PhraseMatcher patterns kept as data.

`assistant/rules/crisis_patterns.yml` holds the patterns. The Rasa pipeline runs this after the
classifier (see `assistant.components.crisis_detector`) and the API runs it too, so no channel
can miss a person in danger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from assistant.nlp import get_nlp
from assistant.paths import RULES_DIR

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher

PATTERNS_PATH = RULES_DIR / "crisis_patterns.yml"
# Text-speak and run-together words the tokenizer cannot split ("wanna", "kms" are patterns).
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CrisisMatch:
    group: str
    text: str


@dataclass(frozen=True)
class CrisisRules:
    matcher: Matcher
    phrases: PhraseMatcher
    # group -> words that, right after a match, show it is an ordinary question
    # ("I don't want to live | in a care home").
    unless_followed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_patterns(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not set(data) <= {"patterns", "phrases", "unless_followed_by"}:
        raise ValueError(f"{path.name} must hold 'patterns', 'phrases' and 'unless_followed_by' only")
    return data


def build_rules(data: dict[str, Any]) -> CrisisRules:
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = get_nlp()
    matcher = Matcher(nlp.vocab, validate=True)
    for group in data.get("patterns") or []:
        matcher.add(str(group["id"]), group["patterns"])
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    for group_id, items in (data.get("phrases") or {}).items():
        phrases.add(str(group_id), [nlp.make_doc(item.lower()) for item in items])
    unless = {
        str(group): tuple(str(w).lower() for w in words)
        for group, words in (data.get("unless_followed_by") or {}).items()
    }
    return CrisisRules(matcher=matcher, phrases=phrases, unless_followed_by=unless)


@lru_cache(maxsize=1)
def get_rules() -> CrisisRules:
    return build_rules(read_patterns(PATTERNS_PATH))


def normalise(text: str) -> str:
    """Lower case, curly quotes made straight, apostrophes dropped ("can't" -> "cant")."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", text.replace("'", "")).strip()


def detect_crisis(text: str, rules: CrisisRules | None = None) -> CrisisMatch | None:
    """The first crisis rule that matches `text`, or None."""
    rules = rules or get_rules()
    nlp = get_nlp()
    # Both spellings: patterns may be written for "can't" (two tokens) or "cant" (one).
    for variant in dict.fromkeys((text.lower(), normalise(text))):
        doc = nlp(variant)
        for match_id, start, end in [*rules.phrases(doc), *rules.matcher(doc)]:
            group = doc.vocab.strings[match_id]
            rest = doc[end:].text
            if any(rest == words or rest.startswith(words + " ") for words in rules.unless_followed_by.get(group, ())):
                continue
            return CrisisMatch(group=group, text=doc[start:end].text)
    return None
