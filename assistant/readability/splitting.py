"""The line-aware sentence split every count uses.

Each line is split on its own, so a bullet, a heading or a line without a full stop is one unit and never
runs into the next. spaCy's tokenizer keeps "£1.50", "e.g." and "Option 1." whole. Markdown marks
(`**`, `[text](link)`, bullet and heading marks) are blanked out, not removed, so token offsets stay
the character columns of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.pipeline import Sentencizer
    from spacy.tokens import Doc, Span

Kind = Literal["sentence", "bullet", "heading"]

HEADING = re.compile(r"^(\s*#{1,6}\s+)")
BULLET = re.compile(r"^(\s*(?:[-*+•]|\d{1,2}[.)])\s+)")
LINK = re.compile(r"(\[)([^\]\n]+)(\]\([^)\s]*\))")
MARKS = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


@dataclass(frozen=True)
class Word:
    """A run of text between spaces with at least one letter or digit; `text` has no outer punctuation."""

    text: str
    start: int
    end: int
    is_link: bool


@dataclass(frozen=True, eq=False)
class Unit:
    """One sentence, bullet or heading. `start`/`end` are columns in file line `line`."""

    span: Span
    kind: Kind
    line: int
    start: int
    end: int
    block: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(str(self.span.text).split())


def blank_markdown(line: str) -> tuple[str, Kind]:
    """The line with Markdown marks replaced by spaces (same length), and the kind of line it is."""
    kind: Kind = "sentence"
    for pattern, found in ((HEADING, "heading"), (BULLET, "bullet")):
        match = pattern.match(line)
        if match:
            kind = "heading" if found == "heading" else "bullet"
            line = " " * match.end() + line[match.end() :]
            break
    line = LINK.sub(lambda m: " " + m.group(2) + " " * len(m.group(3)), line)
    line = MARKS.sub(lambda m: " " * len(m.group(0)), line)
    return line, kind


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def _words(span: Span) -> tuple[Word, ...]:
    words: list[Word] = []
    group: list[int] = []  # token indexes in the span's doc

    def flush() -> None:
        if not group:
            return
        doc = span.doc
        first, last = doc[group[0]], doc[group[-1]]
        raw = doc.text[first.idx : last.idx + len(last.text)]
        match = re.search(r"[\w£$€].*[\w%]|\w", raw)
        if match and re.search(r"[^\W_]", raw):
            is_link = any(doc[i].like_url or doc[i].like_email for i in group)
            words.append(
                Word(match.group(0).lstrip("£$€"), first.idx + match.start(), first.idx + match.end(), is_link)
            )
        group.clear()

    for token in span:
        if token.is_space:
            flush()
            continue
        group.append(token.i)
        if token.whitespace_:
            flush()
    flush()
    return tuple(words)


def split_lines(text: str, *, first_line: int = 1) -> list[Unit]:
    """Split `text` (Markdown) into units. `first_line` is the file line of the text's first line."""
    from assistant.nlp import get_nlp

    nlp = get_nlp()
    sentencizer = _sentencizer()
    lines = text.split("\n")
    blanked = [blank_markdown(line) for line in lines]
    docs: list[Doc] = list(nlp.pipe(line for line, _ in blanked))
    units: list[Unit] = []
    block, previous = 0, "blank"
    for number, ((_, kind), doc) in enumerate(zip(blanked, docs, strict=True), start=first_line):
        if not doc.text.strip():
            previous = "blank"
            continue
        if kind == "heading" or kind != previous:
            block += 1
        previous = kind
        doc = sentencizer(doc)
        for sent in doc.sents:
            words = _words(sent)
            if not words:
                continue
            units.append(
                Unit(span=sent, kind=kind, line=number, start=words[0].start, end=_end(sent), block=block, words=words)
            )
    return units


def _end(span: Span) -> int:
    last = next((t for t in reversed(span) if not t.is_space), span[-1])
    return int(last.idx + len(last.text))
