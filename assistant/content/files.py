"""The easy-read answer file format: YAML front matter, then `## Short`, `## More`, `## Simpler`.

The schema is closed: unknown keys, unknown sections and bad values are `ContentFileError`s
with a stable code and the line they concern. `content/easyread/README.md` documents it for editors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OPENMOJI_PATTERN = re.compile(r"^[0-9A-F]{4,6}(?:-[0-9A-F]{4,6})*$")
SECTION_PATTERN = re.compile(r"^##\s+(.+?)\s*$")
SECTIONS = ("short", "more", "simpler")
REQUIRED_SECTIONS = ("short", "more")
STATUSES = ("published", "draft")
META_KEYS = {
    "id",
    "topic",
    "title",
    "status",
    "last_reviewed",
    "keywords",
    "related",
    "organisations",
    "picture",
    "sources",
}
MAX_TITLE = 60


class ContentFileError(ValueError):
    """A content file breaks the schema. `code` is stable; `line` is 1-based in the file."""

    def __init__(self, code: str, message: str, line: int = 1) -> None:
        super().__init__(f"{code}: {message} (line {line})")
        self.code = code
        self.message = message
        self.line = line


def read_entry_list(path: Path, key: str, code: str) -> list[Any]:
    """The one list a closed-schema content file holds under `key`; `code` when the file is not that shape."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentFileError("bad-yaml", f"{path.name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list):
        raise ContentFileError(code, f"{path.name} must hold one list called '{key}'.")
    entries: list[Any] = data[key]
    return entries


def check_entry_keys(
    raw: Any, where: str, required: set[str], optional: set[str], *, not_mapping: str = "bad-entry"
) -> dict[str, Any]:
    """A list entry of a closed-schema content file: a mapping with every required key and no others."""
    if not isinstance(raw, dict):
        raise ContentFileError(not_mapping, f"{where} must be a set of 'key: value' lines.")
    unknown = sorted(set(raw) - required - optional)
    if unknown:
        raise ContentFileError("unknown-key", f"{where} has an unknown key '{unknown[0]}'.")
    missing = sorted(required - set(raw))
    if missing:
        raise ContentFileError("missing-key", f"{where} has no '{missing[0]}'.")
    return raw


@dataclass(frozen=True)
class Picture:
    openmoji: str
    alt: str


@dataclass(frozen=True)
class AnswerFile:
    id: str
    topic: str
    title: str
    status: str
    last_reviewed: dt.date
    keywords: tuple[str, ...]
    related: tuple[str, ...]
    organisations: tuple[str, ...]
    picture: Picture
    sources: tuple[str, ...]
    short: str
    more: str
    simpler: str = ""
    section_lines: dict[str, int] = field(default_factory=dict, compare=False)


def is_answer_file(path: Path) -> bool:
    """Answer files are lower-case `*.md`; README.md and TEMPLATE.md are for editors."""
    return path.suffix == ".md" and path.stem == path.stem.lower()


def answer_paths(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.md") if is_answer_file(p))


def read_answer_file(path: Path) -> AnswerFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentFileError("not-utf8", f"The file is not UTF-8 text: {exc}") from exc
    answer = parse_answer(text)
    if answer.id != path.stem:
        raise ContentFileError("id-not-file-name", f"The id '{answer.id}' must equal the file name '{path.stem}'.", 2)
    return answer


def parse_answer(text: str) -> AnswerFile:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentFileError("no-front-matter", "The file must start with a line '---'.")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentFileError("no-front-matter", "The front matter has no closing '---' line.") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise ContentFileError("bad-yaml", f"The front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentFileError("bad-yaml", "The front matter must be a set of 'key: value' lines.")
    sections, section_lines = _split_sections(lines, end + 1)
    return _build(meta, sections, section_lines, key_lines=_key_lines(lines[: end + 1]))


def answer_from_data(data: Mapping[str, Any]) -> AnswerFile:
    """Build an answer from JSON data (the editor API) by the same closed-schema rules as a file.

    The data is written out as answer-file text and parsed, so the API and the files never disagree.
    `short`, `more` and `simpler` are the sections; every other key is front matter.
    """
    meta = {key: value for key, value in data.items() if key not in SECTIONS}
    parts = []
    for name in SECTIONS:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise ContentFileError("bad-value", f"'{name}' must be text.")
        if name in REQUIRED_SECTIONS or value.strip():
            parts.append(f"## {name.title()}\n{value}\n")
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return parse_answer(f"---\n{front}---\n" + "\n".join(parts))


def _key_lines(front: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(front, start=1):
        match = re.match(r"^([A-Za-z_]+):", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def _split_sections(lines: list[str], start: int) -> tuple[dict[str, str], dict[str, int]]:
    sections: dict[str, list[str]] = {}
    section_lines: dict[str, int] = {}
    current: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        match = SECTION_PATTERN.match(line)
        if match:
            name = match.group(1).strip().lower()
            if name not in SECTIONS:
                raise ContentFileError(
                    "unknown-section",
                    f"Unknown section '## {match.group(1)}'. Use ## Short, ## More or ## Simpler.",
                    index + 1,
                )
            if name in sections:
                raise ContentFileError("duplicate-section", f"'## {match.group(1)}' appears twice.", index + 1)
            current = name
            sections[name] = []
            section_lines[name] = index + 2
            continue
        if current is None:
            if line.strip():
                raise ContentFileError(
                    "text-outside-section", "Text must go under ## Short, ## More or ## Simpler.", index + 1
                )
            continue
        sections[current].append(line)
    texts: dict[str, str] = {}
    for name, body in sections.items():
        while body and not body[0].strip():
            body.pop(0)
            section_lines[name] += 1
        texts[name] = "\n".join(body).strip()
    for name in REQUIRED_SECTIONS:
        if not texts.get(name):
            raise ContentFileError("missing-section", f"The '## {name.title()}' section is missing or empty.")
    return texts, section_lines


def _build(
    meta: dict[str, Any], sections: dict[str, str], section_lines: dict[str, int], key_lines: dict[str, int]
) -> AnswerFile:
    def fail(code: str, key: str, message: str) -> ContentFileError:
        return ContentFileError(code, message, key_lines.get(key, 1))

    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise fail("unknown-key", unknown[0], f"Unknown key '{unknown[0]}'. Allowed: {', '.join(sorted(META_KEYS))}.")
    missing = sorted(META_KEYS - set(meta))
    if missing:
        raise ContentFileError("missing-key", f"The key '{missing[0]}' is missing.")

    def text_value(key: str, max_length: int = 200) -> str:
        value = meta[key]
        if not isinstance(value, str) or not value.strip() or len(value) > max_length:
            raise fail("bad-value", key, f"'{key}' must be text of 1 to {max_length} characters.")
        return value.strip()

    def list_value(key: str, *, pattern: re.Pattern[str] | None = None, minimum: int = 0) -> tuple[str, ...]:
        value = meta[key]
        if not isinstance(value, list) or len(value) < minimum or not all(isinstance(v, str) for v in value):
            raise fail("bad-value", key, f"'{key}' must be a list of at least {minimum} text items.")
        if pattern is not None:
            for item in value:
                if not pattern.match(item):
                    raise fail("bad-value", key, f"'{item}' in '{key}' is not a valid id.")
        return tuple(v.strip() for v in value)

    answer_id = text_value("id", 80)
    if not ID_PATTERN.match(answer_id):
        raise fail("bad-id", "id", "The id may use only lower-case letters, digits and single hyphens.")
    status = text_value("status")
    if status not in STATUSES:
        raise fail("bad-status", "status", f"'status' must be one of: {', '.join(STATUSES)}.")
    reviewed = meta["last_reviewed"]
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            raise fail("bad-date", "last_reviewed", "'last_reviewed' must be a date like 2026-11-24.") from None
    if not isinstance(reviewed, dt.date):
        raise fail("bad-date", "last_reviewed", "'last_reviewed' must be a date like 2026-11-24.")
    picture = meta["picture"]
    if not isinstance(picture, dict) or set(picture) != {"openmoji", "alt"}:
        raise fail("bad-picture", "picture", "'picture' must have exactly 'openmoji' and 'alt'.")
    openmoji, alt = str(picture["openmoji"]).upper(), picture["alt"]
    if not OPENMOJI_PATTERN.match(openmoji) or not isinstance(alt, str) or not alt.strip():
        raise fail("bad-picture", "picture", "'picture' needs an OpenMoji code like 1F4B7 and alt text.")
    return AnswerFile(
        id=answer_id,
        topic=text_value("topic", 60),
        title=text_value("title", MAX_TITLE),
        status=status,
        last_reviewed=reviewed,
        keywords=list_value("keywords"),
        related=list_value("related", pattern=ID_PATTERN),
        organisations=list_value("organisations", pattern=ID_PATTERN),
        picture=Picture(openmoji=openmoji, alt=alt.strip()),
        sources=list_value("sources", minimum=1),
        short=sections["short"],
        more=sections["more"],
        simpler=sections.get("simpler", ""),
        section_lines=section_lines,
    )


def answer_metadata(answer: AnswerFile) -> dict[str, Any]:
    """The front matter of an answer as plain data, in the file's key order."""
    return {
        "id": answer.id,
        "topic": answer.topic,
        "title": answer.title,
        "status": answer.status,
        "last_reviewed": answer.last_reviewed.isoformat(),
        "keywords": list(answer.keywords),
        "related": list(answer.related),
        "organisations": list(answer.organisations),
        "picture": {"openmoji": answer.picture.openmoji, "alt": answer.picture.alt},
        "sources": list(answer.sources),
    }


def render_answer(answer: AnswerFile) -> str:
    """The repository text of an answer, as the files are written: `parse_answer(render_answer(a)) == a`.

    Short lists in flow style (`related: [a, b]`), sources one a line, the date plain.
    """
    from assistant.content.list_files import render_fields

    meta = {**answer_metadata(answer), "last_reviewed": answer.last_reviewed}
    front = "".join(line + "\n" for line in render_fields(meta, block=("sources",)))
    parts = [f"---\n{front}---\n", f"## Short\n{answer.short}\n", f"\n## More\n{answer.more}\n"]
    if answer.simpler:
        parts.append(f"\n## Simpler\n{answer.simpler}\n")
    return "".join(parts)
