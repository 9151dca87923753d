"""The glossary (`content/glossary.yml`) and the jargon list (`content/jargon.yml`), both for editors.

The glossary gives each term people meet in Self-directed Support an easy-read meaning; the assistant
answers "what does X mean?" from it, and the readability checker treats its terms as explained.
The jargon list names words answers must not use unexplained, each with plain words to use instead.
Both schemas are closed: problems are `ContentFileError`s with stable codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.content.files import ContentFileError, check_entry_keys, read_entry_list

GLOSSARY_KEYS = {"term", "meaning", "topic"}
GLOSSARY_OPTIONAL = {"aliases"}
JARGON_KEYS = {"word", "plain"}
JARGON_OPTIONAL = {"forms"}
MAX_MEANING = 300
GLOSSARY_FILE_KEY = "terms"
GLOSSARY_HEADER = """\
# The glossary: words people meet in Self-directed Support, each with an easy-read meaning.
# The assistant answers "what does X mean?" from this file, and the readability checker lets
# answers use these terms. Rules for each meaning: 1 to 3 short sentences (15 words or fewer each),
# plain words, reading grade 5 or lower. `python -m assistant check-content` checks them.
# Reviewers can also edit terms in the content store; `python -m assistant export-content --out content/`
# writes the published ones back to this file.
#   term:    the word or phrase
#   aliases: other ways people write it (optional)
#   topic:   the topic label it belongs to (content/topics.yml)
#   meaning: what it means, in easy read
"""
_NOT_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    meaning: str
    topic: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def id(self) -> str:
        """The term in lower case with hyphens ("Option 1" -> "option-1"): its address in the content API."""
        return _NOT_ID.sub("-", self.term.lower()).strip("-")

    def to_data(self) -> dict[str, Any]:
        """The entry as the file holds it, in the file's key order (`aliases` only when there are some)."""
        data: dict[str, Any] = {"term": self.term}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        return data | {"topic": self.topic, "meaning": self.meaning}


@dataclass(frozen=True)
class JargonEntry:
    word: str
    plain: str
    forms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.word, *self.forms)


def _check_keys(raw: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    entry = check_entry_keys(raw, where, required, optional)
    for key in sorted(required):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise ContentFileError("bad-value", f"{where}: '{key}' must be text.")
    return entry


def _text_list(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentFileError("bad-value", f"{where}: '{key}' must be a list of text items.")
    return tuple(" ".join(v.split()) for v in value)


def _no_duplicates(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise ContentFileError("duplicate-term", f"The {what} '{name}' is listed twice.")
        seen.add(name.lower())


def parse_glossary_term(raw: Any, position: int, topics: list[str], *, where: str = "") -> GlossaryTerm:
    """One entry by the closed schema; `where` names it in messages (default: its place in the file)."""
    where = where or f"glossary term {position + 1}"
    raw = _check_keys(raw, where, GLOSSARY_KEYS, GLOSSARY_OPTIONAL)
    meaning = " ".join(raw["meaning"].split())
    if len(meaning) > MAX_MEANING:
        raise ContentFileError("bad-value", f"{where}: 'meaning' must be at most {MAX_MEANING} characters.")
    if raw["topic"] not in topics:
        raise ContentFileError("bad-topic", f"{where}: '{raw['topic']}' is not an in-scope topic label.")
    return GlossaryTerm(
        term=" ".join(raw["term"].split()),
        meaning=meaning,
        topic=raw["topic"],
        aliases=_text_list(raw, "aliases", where),
    )


def read_glossary(path: Path) -> list[GlossaryTerm]:
    from assistant.topics import in_scope_labels

    topics = in_scope_labels()
    terms = [
        parse_glossary_term(raw, i, topics)
        for i, raw in enumerate(read_entry_list(path, GLOSSARY_FILE_KEY, "bad-glossary-file"))
    ]
    _no_duplicates([name for term in terms for name in term.names], "glossary term")
    return terms


def parse_jargon_entry(raw: Any, position: int) -> JargonEntry:
    where = f"jargon entry {position + 1}"
    raw = _check_keys(raw, where, JARGON_KEYS, JARGON_OPTIONAL)
    return JargonEntry(
        word=" ".join(raw["word"].split()),
        plain=" ".join(raw["plain"].split()),
        forms=_text_list(raw, "forms", where),
    )


def read_jargon(path: Path) -> list[JargonEntry]:
    entries = [parse_jargon_entry(raw, i) for i, raw in enumerate(read_entry_list(path, "jargon", "bad-jargon-file"))]
    _no_duplicates([name for entry in entries for name in entry.names], "jargon word")
    return entries


def term_lines(path: Path, key: str) -> dict[str, int]:
    """The file line where each entry's `key` is written, for reports (`- term: carer` -> line)."""
    found: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip().removeprefix("-").strip()
        if stripped.startswith(f"{key}:"):
            value = stripped[len(key) + 1 :].strip().strip("'\"")
            found.setdefault(value, number)
    return found
