"""Check answer files and the glossary: one `FileResult` per file, and a summary of the whole set."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.content.files import AnswerFile, ContentFileError, answer_paths, read_answer_file
from assistant.content.glossary import GlossaryTerm, read_glossary, term_lines
from assistant.readability.codes import Issue, issue, of_severity
from assistant.readability.report import ReadabilityReport, check_text
from assistant.readability.scores import Scores, combine_scores

HOW_TO = re.compile(r"\bhow (?:do i|can i|to|should i|do you|can you|do we)\b")
MAX_MEANING_SENTENCES = 3
MAX_MEANING_GRADE = 5.0


@dataclass(frozen=True)
class Section:
    name: str
    text: str
    report: ReadabilityReport


@dataclass(frozen=True)
class FileResult:
    path: Path
    gated: bool
    sections: tuple[Section, ...] = ()
    error: ContentFileError | None = None
    extra: tuple[Issue, ...] = field(default=())

    @property
    def issues(self) -> tuple[Issue, ...]:
        found = [i for s in self.sections for i in s.report.issues] + list(self.extra)
        return tuple(sorted(found, key=lambda i: (i.line, i.start, i.code)))

    @property
    def hard(self) -> tuple[Issue, ...]:
        return of_severity(self.issues, "hard")

    @property
    def soft(self) -> tuple[Issue, ...]:
        return of_severity(self.issues, "soft")

    @property
    def valid(self) -> bool:
        """Invalid: the file breaks the schema, or it is published (gated) and a hard rule fails."""
        return self.error is None and not (self.gated and self.hard)

    @property
    def scores(self) -> Scores:
        """The answer as a person reads it: the short section, then "tell me more"."""
        return combine_scores([s.report.scores for s in self.sections if s.name in ("short", "more")])

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": str(self.path), "valid": self.valid, "gated": self.gated}
        if self.error is not None:
            data["error"] = {"code": self.error.code, "message": self.error.message, "line": self.error.line}
            return data
        s = self.scores
        data["scores"] = {
            "grade": round(s.grade, 2),
            "reading_ease": round(s.reading_ease, 2),
            "mean_words_per_sentence": round(s.mean_words, 2),
            "longest_sentence": s.longest,
        }
        data["sections"] = {section.name: section.report.to_dict() for section in self.sections}
        data["issues"] = [i.to_dict() for i in self.issues]
        return data


def is_how_to(title: str, keywords: tuple[str, ...]) -> bool:
    return bool(HOW_TO.search(" | ".join([title, *keywords]).lower()))


def check_answer_path(path: Path) -> FileResult:
    try:
        answer = read_answer_file(path)
    except ContentFileError as exc:
        return FileResult(path=path, gated=True, error=exc)
    return check_answer(answer, path=path)


def check_answer(answer: AnswerFile, *, path: Path, gated: bool | None = None) -> FileResult:
    """Check every section of a parsed answer. `gated` (default: when it is published) makes hard issues fail it."""
    how_to = is_how_to(answer.title, answer.keywords)
    lines = answer.section_lines
    sections = [
        Section("short", answer.short, check_text(answer.short, first_line=lines.get("short", 1), how_to=how_to)),
        Section(
            "more",
            answer.more,
            check_text(answer.more, first_line=lines.get("more", 1), shown_before=answer.short, first_layer=False),
        ),
    ]
    if answer.simpler:
        report = check_text(answer.simpler, first_line=lines.get("simpler", 1), how_to=how_to)
        sections.append(Section("simpler", answer.simpler, report))
    is_gated = answer.status == "published" if gated is None else gated
    return FileResult(path=path, gated=is_gated, sections=tuple(sections))


def check_glossary_path(path: Path) -> FileResult:
    """Every glossary meaning must itself be easy read: at most 3 short sentences, grade 5 or lower."""
    try:
        terms = read_glossary(path)
    except ContentFileError as exc:
        return FileResult(path=path, gated=True, error=exc)
    return check_glossary_terms(terms, path=path, lines=term_lines(path, "term"))


def check_glossary_terms(terms: list[GlossaryTerm], *, path: Path, lines: dict[str, int]) -> FileResult:
    """Check glossary meanings (from a file, or one term from the editor API); `lines` maps terms to lines."""
    sections: list[Section] = []
    extra: list[Issue] = []
    for term in terms:
        line = lines.get(term.term, 1)
        report = check_text(term.meaning, first_line=line)
        sections.append(Section(term.term, term.meaning, report))
        where = {"line": line, "start": 0, "end": 0}
        if report.scores.sentences > MAX_MEANING_SENTENCES:
            message = f"The meaning of '{term.term}' has {report.scores.sentences} sentences. Use 1 to 3."
            extra.append(issue("glossary-meaning-too-long", message, **where))
        if report.scores.grade > MAX_MEANING_GRADE:
            message = f"The meaning of '{term.term}' has reading grade {report.scores.grade:.1f}. Use 5 or lower."
            extra.append(issue("glossary-grade-too-high", message, **where))
    return FileResult(path=path, gated=True, sections=tuple(sections), extra=tuple(extra))


def expand_paths(paths: list[Path], default_dir: Path) -> list[Path]:
    """Answer files under each path (a file or a directory); the default directory when none are given."""
    found: list[Path] = []
    for path in paths or [default_dir]:
        found.extend(answer_paths(path) if path.is_dir() else [path])
    return found


@dataclass(frozen=True)
class Summary:
    answers: int
    median_grade: float
    worst_grade: float
    median_reading_ease: float
    mean_words_per_sentence: float
    longest_sentence: int
    longest_where: str
    failing: int

    def lines(self) -> list[str]:
        return [
            f"Answers checked: {self.answers} ({self.failing} fail a hard rule)",
            f"Median grade: {self.median_grade:.1f} (worst {self.worst_grade:.1f})",
            f"Median reading ease: {self.median_reading_ease:.1f}",
            f"Mean words per sentence: {self.mean_words_per_sentence:.1f}",
            f"Longest sentence: {self.longest_sentence} words ({self.longest_where})",
        ]


def summarise(results: list[FileResult]) -> Summary:
    """Scores of the answers that parsed (published and drafts alike)."""
    scored = [r for r in results if r.error is None and r.sections]
    if not scored:
        return Summary(0, 0.0, 0.0, 0.0, 0.0, 0, "-", sum(1 for r in results if not r.valid))
    scores = [r.scores for r in scored]
    longest = max(
        ((u.words, f"{r.path.name}:{u.line}") for r in scored for s in r.sections for u in s.report.sentences),
        default=(0, "-"),
    )
    return Summary(
        answers=len(scored),
        median_grade=statistics.median(s.grade for s in scores),
        worst_grade=max(s.grade for s in scores),
        median_reading_ease=statistics.median(s.reading_ease for s in scores),
        mean_words_per_sentence=sum(s.words for s in scores) / max(1, sum(s.sentences for s in scores)),
        longest_sentence=longest[0],
        longest_where=longest[1],
        failing=sum(1 for r in results if not r.valid),
    )
