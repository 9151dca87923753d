"""Export the content store to the repository's files, and import those files into it, so git review stays possible.

A content folder holds `easyread/<id>.md` (answers), `organisations.yml` and `glossary.yml`.
`export_content` writes every published item in exactly the repository's format, so exporting a
store seeded from `content/` gives the same bytes. `import_content` loads such a folder as new
revisions by `content-files`: all or nothing. Unchanged items are skipped; new ones are created;
items the folder does not have are left alone and reported. A file that breaks its schema, names
an unknown id or (when published) fails a hard easy-read rule is reported with its code, and then
nothing is imported. Organisations and glossary ids in the results are `organisations/<id>`,
`glossary/<id>`; answer ids are plain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from assistant.content import editing, revisions
from assistant.content.files import ContentFileError, answer_paths, read_answer_file
from assistant.content.kinds import ANSWERS, GLOSSARY, ORGANISATIONS, ListKind, check_references
from assistant.content.revisions import Kind
from assistant.content.store import SEED_AUTHOR, published_answers
from assistant.content.users import record

IMPORT_AUTHOR = SEED_AUTHOR  # "content-files": revisions that came from the repository's files
IMPORT_ACTION = "import"
ANSWERS_FOLDER = "easyread"
LIST_KINDS: tuple[ListKind, ...] = (ORGANISATIONS, GLOSSARY)  # imported before answers, which name organisations


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported, with a stable code and the line it concerns."""

    path: Path
    code: str
    message: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


@dataclass
class ExportResult:
    written: list[str] = field(default_factory=list)  # files (answer ids, or file names) that were new or changed
    unchanged: list[str] = field(default_factory=list)  # ... that already had these bytes
    extra: list[str] = field(default_factory=list)  # answer files in the folder that are not published answers


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the store, not in the folder: left alone
    problems: list[Problem] = field(default_factory=list)  # if any, nothing was imported

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _FileItem:
    kind: Kind
    path: Path
    item: Any
    status: str


def _label(kind: Kind, item_id: str) -> str:
    return item_id if kind is ANSWERS else f"{kind.name}/{item_id}"


def _write_if_changed(path: Path, text: str, name: str, result: ExportResult) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        result.unchanged.append(name)
        return
    path.write_bytes(data)
    result.written.append(name)


def export_answers(engine: Engine, out_dir: Path) -> ExportResult:
    """Write every published answer to `out_dir/<id>.md`. Files of other answers are left alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    exported = set()
    for answer in sorted(published_answers(engine), key=lambda a: a.id):
        _write_if_changed(out_dir / f"{answer.id}.md", ANSWERS.render(answer), answer.id, result)
        exported.add(answer.id)
    result.extra = [path.stem for path in answer_paths(out_dir) if path.stem not in exported]
    return result


def export_content(engine: Engine, out_dir: Path) -> ExportResult:
    """Write a content folder: `easyread/` answers, `organisations.yml` and `glossary.yml` (published items)."""
    result = export_answers(engine, out_dir / ANSWERS_FOLDER)
    with engine.connect() as conn:
        for kind in LIST_KINDS:
            items = [r.item for r in revisions.live_all(conn, kind)]
            _write_if_changed(out_dir / kind.file_name, kind.render_file(items), kind.file_name, result)
    return result


def import_answers(engine: Engine, directory: Path) -> ImportResult:
    """Load every answer file in `directory` as a new revision where it differs from the store. All or nothing."""
    result = ImportResult()
    if not directory.is_dir():
        result.problems.append(Problem(directory, "not-a-folder", "There is no folder here."))
        return result
    return _import(engine, {ANSWERS: _read_answers(directory, result.problems)}, result)


def import_content(engine: Engine, directory: Path) -> ImportResult:
    """Load a content folder (`easyread/`, `organisations.yml`, `glossary.yml`), all or nothing."""
    result = ImportResult()
    answers_dir = directory / ANSWERS_FOLDER
    if not answers_dir.is_dir():
        result.problems.append(Problem(answers_dir, "not-a-folder", "There is no folder here."))
        return result
    files: dict[Kind, dict[str, _FileItem]] = {}
    for kind in LIST_KINDS:
        files[kind] = _read_list(kind, directory / kind.file_name, result.problems)
    files[ANSWERS] = _read_answers(answers_dir, result.problems)
    return _import(engine, files, result)


def _read_answers(directory: Path, problems: list[Problem]) -> dict[str, _FileItem]:
    files = {}
    for path in answer_paths(directory):
        try:
            answer = read_answer_file(path)
        except ContentFileError as exc:
            problems.append(Problem(path, exc.code, exc.message, exc.line))
            continue
        files[answer.id] = _FileItem(ANSWERS, path, answer, answer.status)
    return files


def _read_list(kind: ListKind, path: Path, problems: list[Problem]) -> dict[str, _FileItem]:
    if not path.is_file():
        return {}  # nothing to import for this kind
    try:
        items = kind.read_file(path)
    except ContentFileError as exc:
        problems.append(Problem(path, exc.code, exc.message, exc.line))
        return {}
    return {kind.item_id(item): _FileItem(kind, path, item, "published") for item in items}


def _import(engine: Engine, files: dict[Kind, dict[str, _FileItem]], result: ImportResult) -> ImportResult:
    changed: list[_FileItem] = []
    with engine.connect() as conn:
        organisation_ids = revisions.live_ids(conn, ORGANISATIONS) | set(files.get(ORGANISATIONS, {}))
        answer_ids = revisions.known_ids(conn, ANSWERS) | set(files.get(ANSWERS, {}))
        for kind, found in files.items():
            latest = {r.item_id: r for r in revisions.latest_all(conn, kind)}
            for item_id, file_item in sorted(found.items()):
                previous = latest.get(item_id)
                label = _label(kind, item_id)
                if previous is not None and previous.status == file_item.status and previous.item == file_item.item:
                    result.unchanged.append(label)
                    continue
                problem = _problem(conn, file_item, answer_ids=answer_ids, organisation_ids=organisation_ids)
                if problem is not None:
                    result.problems.append(problem)
                    continue
                changed.append(file_item)
                (result.updated if previous is not None else result.created).append(label)
            gone = [i for i, r in latest.items() if i not in found and r.status != "deleted"]
            result.missing += sorted(_label(kind, i) for i in gone)
    if result.problems:
        result.created, result.updated = [], []
        return result
    _write(engine, changed, files)
    return result


def _problem(
    conn: Connection, file_item: _FileItem, *, answer_ids: set[str], organisation_ids: set[str]
) -> Problem | None:
    """What stops this changed item from being imported, or None."""
    kind, path, item = file_item.kind, file_item.path, file_item.item
    try:
        if kind is ANSWERS:
            check_references(item, answer_ids=answer_ids, organisation_ids=organisation_ids, path_id=None)
        else:
            kind.parse(conn, kind.to_data(item), path_id=None)
    except ContentFileError as exc:
        return Problem(path, exc.code, f"{kind.item_id(item)}: {exc.message}", exc.line)
    if file_item.status == "published":
        check = kind.check(item)
        if check.gated and check.hard:
            codes = ", ".join(sorted({issue.code for issue in check.hard}))
            return Problem(
                path, editing.PublishBlocked.code, f"{kind.item_id(item)}: a hard easy-read rule fails: {codes}."
            )
    return None


def _write(engine: Engine, changed: list[_FileItem], files: dict[Kind, dict[str, _FileItem]]) -> None:
    """One transaction: a revision and an audit row per item; published ones go live, in the files' order."""
    with engine.begin() as conn:
        for kind in files:
            editing.lock(conn, kind)
        for file_item in changed:
            kind, item = file_item.kind, file_item.item
            previous = revisions.latest(conn, kind, kind.item_id(item))
            status = file_item.status
            new = revisions.append(
                conn, kind, previous, item, status=status, action=IMPORT_ACTION, author=IMPORT_AUTHOR
            )
            if status == "published":
                kind.write_live(conn, item)
            record(
                conn,
                actor=IMPORT_AUTHOR,
                action=IMPORT_ACTION,
                kind=kind.name,
                answer_id=new.item_id,
                revision=new.revision,
            )
        for kind in LIST_KINDS:
            if files.get(kind):
                _follow_file_order(conn, kind, list(files[kind]))


def _follow_file_order(conn: Connection, kind: Kind, ids: list[str]) -> None:
    """Live items in the file's order, then any others the file does not have, in their old order."""
    live = kind.live
    rows = conn.execute(sa.select(live.c.id).order_by(live.c.position)).scalars().all()
    order = [i for i in ids if i in rows] + [i for i in rows if i not in ids]
    for position, item_id in enumerate(order):
        conn.execute(live.update().where(live.c.id == item_id).values(position=position))
