"""Export the content store to answer files, and import answer files into it, so git review stays possible.

`export_answers` writes every published answer as `<id>.md` with `render_answer`.
`import_answers` loads a folder of answer files as new revisions by `content-files`: all or
nothing. Unchanged answers are skipped; new ones are created; answers the folder does not have are
left alone and reported. A file that breaks the schema, names an unknown id or (when published)
fails a hard easy-read rule is reported with its code, and then nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from assistant.content import editing, revisions
from assistant.content.files import AnswerFile, ContentFileError, answer_paths, read_answer_file, render_answer
from assistant.content.store import SEED_AUTHOR, published_answers
from assistant.content.users import record

IMPORT_AUTHOR = SEED_AUTHOR  # "content-files": revisions that came from the repository's files
IMPORT_ACTION = "import"


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
    written: list[str] = field(default_factory=list)  # ids whose file was new or changed
    unchanged: list[str] = field(default_factory=list)  # ids whose file already had these bytes
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


def export_answers(engine: Engine, out_dir: Path) -> ExportResult:
    """Write every published answer to `out_dir/<id>.md`. Files of other answers are left alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    exported = set()
    for answer in sorted(published_answers(engine), key=lambda a: a.id):
        path = out_dir / f"{answer.id}.md"
        data = render_answer(answer).encode("utf-8")
        exported.add(answer.id)
        if path.is_file() and path.read_bytes() == data:
            result.unchanged.append(answer.id)
            continue
        path.write_bytes(data)
        result.written.append(answer.id)
    result.extra = [path.stem for path in answer_paths(out_dir) if path.stem not in exported]
    return result


def import_answers(engine: Engine, directory: Path) -> ImportResult:
    """Load every answer file in `directory` as a new revision where it differs from the store. All or nothing."""
    result = ImportResult()
    if not directory.is_dir():
        result.problems.append(Problem(directory, "not-a-folder", "There is no folder here."))
        return result
    files = _read_files(directory, result.problems)
    with engine.connect() as conn:
        latest = {r.answer_id: r for r in revisions.latest_all(conn)}
        answer_ids, organisation_ids = editing.known_ids(conn)
    answer_ids |= set(files)  # a new answer may name another new answer
    changed: list[AnswerFile] = []
    for answer_id, (path, answer) in sorted(files.items()):
        previous = latest.get(answer_id)
        if previous is not None and previous.status == answer.status and previous.answer == answer:
            result.unchanged.append(answer_id)
            continue
        problem = _problem(path, answer, answer_ids=answer_ids, organisation_ids=organisation_ids)
        if problem is not None:
            result.problems.append(problem)
            continue
        changed.append(answer)
        (result.updated if previous is not None else result.created).append(answer_id)
    result.missing = sorted(i for i, r in latest.items() if i not in files and r.status != "deleted")
    if result.problems:
        result.created, result.updated = [], []
        return result
    _write(engine, changed)
    return result


def _read_files(directory: Path, problems: list[Problem]) -> dict[str, tuple[Path, AnswerFile]]:
    files = {}
    for path in answer_paths(directory):
        try:
            answer = read_answer_file(path)
        except ContentFileError as exc:
            problems.append(Problem(path, exc.code, exc.message, exc.line))
            continue
        files[answer.id] = (path, answer)
    return files


def _problem(path: Path, answer: AnswerFile, *, answer_ids: set[str], organisation_ids: set[str]) -> Problem | None:
    """What stops this changed answer from being imported, or None."""
    try:
        editing.check_references(answer, answer_ids=answer_ids, organisation_ids=organisation_ids, path_id=None)
    except ContentFileError as exc:
        return Problem(path, exc.code, exc.message, exc.line)
    if answer.status == "published":
        hard = editing.check(answer).hard
        if hard:
            codes = ", ".join(sorted({issue.code for issue in hard}))
            return Problem(path, editing.PublishBlocked.code, f"A hard easy-read rule fails: {codes}.")
    return None


def _write(engine: Engine, changed: list[AnswerFile]) -> None:
    """One transaction: a revision and an audit row per answer; published ones go live."""
    with engine.begin() as conn:
        for answer in changed:
            previous = revisions.latest(conn, answer.id)
            new = revisions.append(
                conn, previous, answer, status=answer.status, action=IMPORT_ACTION, author=IMPORT_AUTHOR
            )
            if answer.status == "published":
                editing.write_live_row(conn, answer)
            record(conn, actor=IMPORT_AUTHOR, action=IMPORT_ACTION, answer_id=answer.id, revision=new.revision)
