"""`check_text`: one answer text in, one `ReadabilityReport` out. The CLI, the tests and the API all call it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.content.glossary import JargonEntry, read_glossary, read_jargon
from assistant.paths import CONTENT_DIR
from assistant.readability import rules, terms
from assistant.readability.codes import Issue, issue, of_severity
from assistant.readability.patterns import get_patterns
from assistant.readability.scores import Scores, is_rare, score_units
from assistant.readability.splitting import Unit, split_lines

GLOSSARY_PATH = CONTENT_DIR / "glossary.yml"
JARGON_PATH = CONTENT_DIR / "jargon.yml"

MAX_MEAN_WORDS = 12.0
MAX_RARE_SHARE = 0.03
MAX_SYLLABLES_PER_WORD = 1.40
MAX_LONG_WORD_SHARE = 0.05
MAX_GRADE, AIM_GRADE = 7.0, 5.0
MIN_EASE, AIM_EASE = 70.0, 80.0


@dataclass(frozen=True)
class SentenceReport:
    text: str
    kind: str
    line: int
    start: int
    end: int
    words: int


@dataclass(frozen=True)
class ReadabilityReport:
    sentences: tuple[SentenceReport, ...]
    scores: Scores
    rare_words: tuple[str, ...]
    rare_word_share: float
    has_next_step: bool
    issues: tuple[Issue, ...]

    @property
    def hard(self) -> tuple[Issue, ...]:
        return of_severity(self.issues, "hard")

    @property
    def soft(self) -> tuple[Issue, ...]:
        return of_severity(self.issues, "soft")

    @property
    def passed(self) -> bool:
        """True when no hard rule fails."""
        return not self.hard

    def to_dict(self) -> dict[str, Any]:
        s = self.scores
        return {
            "passed": self.passed,
            "words": s.words,
            "sentences": s.sentences,
            "mean_words_per_sentence": round(s.mean_words, 2),
            "longest_sentence": s.longest,
            "grade": round(s.grade, 2),
            "reading_ease": round(s.reading_ease, 2),
            "syllables_per_word": round(s.syllables_per_word, 3),
            "long_word_share": round(s.long_word_share, 3),
            "rare_word_share": round(self.rare_word_share, 3),
            "rare_words": list(self.rare_words),
            "sentence_words": [{"line": u.line, "words": u.words, "text": u.text} for u in self.sentences],
            "issues": [i.to_dict() for i in self.issues],
        }


@lru_cache(maxsize=1)
def project_allow() -> tuple[str, ...]:
    """Every glossary term and alias: the assistant explains them, so answers may use them."""
    if not GLOSSARY_PATH.exists():
        return ()
    return tuple(name for term in read_glossary(GLOSSARY_PATH) for name in term.names)


@lru_cache(maxsize=1)
def project_jargon() -> tuple[JargonEntry, ...]:
    return tuple(read_jargon(JARGON_PATH)) if JARGON_PATH.exists() else ()


def check_text(
    text: str,
    *,
    first_line: int = 1,
    allow: Iterable[str] | None = None,
    jargon: Iterable[JargonEntry] | None = None,
    shown_before: str = "",
    first_layer: bool = True,
    how_to: bool = False,
) -> ReadabilityReport:
    """Check easy-read Markdown against every rule in easyread-rules.md.

    `first_line` is the file line of the text's first line (issues carry file lines). `allow` lists terms
    the text may use unexplained (default: the glossary); `jargon` the deny-list (default: content/jargon.yml).
    `shown_before` is text the reader has seen already (the short answer, before "tell me more"): it can
    explain initials. `first_layer` applies the length limit of a first answer; `how_to` asks for a next step.
    """
    patterns = get_patterns()
    allow_names = project_allow() if allow is None else tuple(allow)
    jargon_list = project_jargon() if jargon is None else tuple(jargon)
    units = split_lines(text, first_line=first_line)
    before = split_lines(shown_before) if shown_before else []
    scores = score_units(units)
    allowed = terms.allowed_spans(units, allow_names)

    issues: list[Issue] = [
        *rules.sentence_length_issues(units),
        *rules.idea_issues(units, patterns),
        *rules.passive_issues(units, patterns),
        *terms.acronym_issues(units, before, allowed, patterns),
        *terms.jargon_issues(units, allowed, jargon_list),
        *rules.number_issues(units, patterns),
        *terms.mixed_term_issues(units, patterns),
        *rules.idiom_issues(units, patterns),
        *rules.you_issues(units, patterns),
        *rules.layout_issues(units, patterns),
    ]
    if first_layer:
        issues += rules.first_layer_issues(units)
    if how_to:
        issues += rules.next_step_issues(units, patterns)

    rare = [
        w.text for u in units for w in u.words if is_rare(w) and not terms.overlaps(allowed, u.line, w.start, w.end)
    ]
    rare_share = len(rare) / scores.words if scores.words else 0.0
    issues += _score_issues(units, scores, rare, rare_share)
    return ReadabilityReport(
        sentences=tuple(
            SentenceReport(text=u.text, kind=u.kind, line=u.line, start=u.start, end=u.end, words=len(u.words))
            for u in units
        ),
        scores=scores,
        rare_words=tuple(dict.fromkeys(rare)),
        rare_word_share=rare_share,
        has_next_step=rules.has_next_step(units, patterns),
        issues=tuple(sorted(issues, key=lambda i: (i.line, i.start, i.code))),
    )


def _score_issues(units: list[Unit], scores: Scores, rare: list[str], rare_share: float) -> list[Issue]:
    if not units:
        return []
    where = {"line": units[0].line, "start": units[0].start, "end": units[0].end}
    found: list[Issue] = []

    def add(code: str, message: str) -> None:
        found.append(issue(code, message, **where))

    if scores.mean_words > MAX_MEAN_WORDS:
        add("mean-sentence-long", f"Sentences have {scores.mean_words:.1f} words on average. Aim for 7 to 10.")
    if rare_share > MAX_RARE_SHARE:
        words = ", ".join(dict.fromkeys(rare))
        add("rare-words", f"{rare_share:.0%} of the words are rare ({words}). Use common words.")
    if scores.syllables_per_word > MAX_SYLLABLES_PER_WORD:
        add(
            "syllables-per-word-high",
            f"Words have {scores.syllables_per_word:.2f} syllables on average. Use short words.",
        )
    if scores.long_word_share > MAX_LONG_WORD_SHARE:
        add("long-words-many", f"{scores.long_word_share:.0%} of the words have 3 or more syllables. Use short words.")
    if scores.grade > MAX_GRADE:
        add("grade-too-high", f"The reading grade is {scores.grade:.1f}. It must be {MAX_GRADE:.0f} or lower.")
    elif scores.grade > AIM_GRADE:
        add("grade-above-aim", f"The reading grade is {scores.grade:.1f}. Aim for {AIM_GRADE:.0f} or lower.")
    if scores.reading_ease < MIN_EASE:
        add("reading-ease-too-low", f"Reading ease is {scores.reading_ease:.0f}. It must be {MIN_EASE:.0f} or more.")
    elif scores.reading_ease < AIM_EASE:
        add("reading-ease-below-aim", f"Reading ease is {scores.reading_ease:.0f}. Aim for {AIM_EASE:.0f} or more.")
    return found
