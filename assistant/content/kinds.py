"""The three kinds of editable content: answers, organisations and glossary terms.

Each says how its items are stored, shown as JSON, written as file text, validated by the closed
schema of its content file, checked for easy read, and put live where the assistant reads them.
`assistant.content.editing` and `assistant.content.sync` work on any of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from abc import abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from assistant.content import glossary, organisations, revisions, store
from assistant.content.files import ID_PATTERN, AnswerFile, ContentFileError, answer_from_data, parse_answer
from assistant.content.files import render_answer as render_answer_file
from assistant.content.glossary import GlossaryTerm, parse_glossary_term
from assistant.content.list_files import render_entry, render_list_file
from assistant.content.organisations import ALL_AREAS, OPTIONAL, Organisation, parse_organisation
from assistant.readability.answers import FileResult, Section, check_answer, check_glossary_terms
from assistant.topics import in_scope_labels

MAX_ID = 80  # the id columns' length


def _fail_unless(ok: bool, code: str, message: str) -> None:
    if not ok:
        raise ContentFileError(code, message)


def _editor_data(kind: revisions.Kind, data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in kind.read_only}


class AnswerKind(revisions.Kind):
    name, noun = "answers", "answer"
    table, live = store.answer_revisions, store.answers

    def item_id(self, item: AnswerFile) -> str:
        return item.id

    def to_data(self, item: AnswerFile) -> dict[str, Any]:
        return store.answer_to_dict(item)

    def from_data(self, data: Mapping[str, Any]) -> AnswerFile:
        return store.answer_from_dict(dict(data))

    def render(self, item: AnswerFile) -> str:
        return render_answer_file(item)

    def parse(self, conn: Connection, data: Mapping[str, Any], *, path_id: str | None) -> AnswerFile:
        answer = answer_from_data(_editor_data(self, data))
        answer_ids = revisions.known_ids(conn, self)
        organisation_ids = revisions.live_ids(conn, ORGANISATIONS)
        check_references(answer, answer_ids=answer_ids, organisation_ids=organisation_ids, path_id=path_id)
        return answer

    def check(self, item: AnswerFile) -> FileResult:
        """Check an answer as if it were published: hard issues make it invalid."""
        parsed = parse_answer(render_answer_file(item))  # gives the checker file line numbers
        return check_answer(parsed, path=Path(f"{item.id}.md"), gated=True)

    def write_live(self, conn: Connection, item: AnswerFile) -> None:
        write_live_answer(conn, item)

    def live_where(self) -> list[sa.sql.ColumnElement[bool]]:
        return [store.answers.c.status == "published"]

    def with_status(self, item: AnswerFile, status: str) -> AnswerFile:
        return dataclasses.replace(item, status=status)

    def topic(self, item: AnswerFile) -> str | None:
        return item.topic

    def search_text(self, item: AnswerFile) -> str:
        return " ".join([item.id, item.title, *item.keywords, item.short, item.more, item.simpler]).lower()


def check_references(
    answer: AnswerFile, *, answer_ids: set[str], organisation_ids: set[str], path_id: str | None
) -> None:
    """Raise `ContentFileError` if the answer names an unknown topic, answer or organisation."""
    problems = [
        ("id-not-path", path_id is None or answer.id == path_id, f"The id must be '{path_id}'."),
        ("unknown-topic", answer.topic in in_scope_labels(), f"There is no topic '{answer.topic}'."),
        ("self-related", answer.id not in answer.related, "An answer cannot be related to itself."),
        ("unknown-related", set(answer.related) <= answer_ids, "Every related answer must exist."),
        ("no-organisation", bool(answer.organisations), "Name at least one organisation that gives free help."),
        ("unknown-organisation", set(answer.organisations) <= organisation_ids, "Every organisation must exist."),
    ]
    for code, ok, message in problems:
        _fail_unless(ok, code, message)


def write_live_answer(conn: Connection, answer: AnswerFile) -> None:
    """Put the published answer where `store.published_answers` and `store.get_answer` read it."""
    answers = store.answers
    values = {
        "topic": answer.topic,
        "status": "published",
        "data": json.dumps(store.answer_to_dict(answer)),
        "updated_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
    }
    if conn.execute(sa.select(answers.c.id).where(answers.c.id == answer.id)).first():
        conn.execute(answers.update().where(answers.c.id == answer.id).values(**values))
    else:
        conn.execute(answers.insert().values(id=answer.id, position=0, **values))
    rows = conn.execute(sa.select(answers.c.id, answers.c.topic, answers.c.position)).all()
    order = sorted(rows, key=lambda r: (r.id != r.topic.replace("_", "-"), r.id))  # as `store.overview_first`
    for position, row in enumerate(order):
        if row.position != position:
            conn.execute(answers.update().where(answers.c.id == row.id).values(position=position))


class ListKind(revisions.Kind):
    """Items of a single-list file (organisations, glossary terms): live rows keep the file's order."""

    read_only = (*revisions.Kind.read_only, "status")
    file_name: str  # in content/
    file_key: str  # the one key of the file, holding the list
    header: str  # the file's comment lines
    block: tuple[str, ...] = ()  # lists written one item a line
    spaced = False  # a blank line between entries

    @abstractmethod
    def read_file(self, path: Path) -> list[Any]:
        """Every item of the file, in order, by its closed schema (`ContentFileError` if not)."""

    def render(self, item: Any) -> str:
        return render_entry(item.to_data(), block=self.block)

    def render_file(self, items: list[Any]) -> str:
        """The whole file, byte for byte as the repository keeps it."""
        entries = [item.to_data() for item in items]
        return render_list_file(self.header, self.file_key, entries, block=self.block, spaced=self.spaced)

    def write_live(self, conn: Connection, item: Any) -> None:
        """Update the live row in place, or add it after the others."""
        live, item_id, data = self.live, self.item_id(item), json.dumps(self.to_data(item))
        if conn.execute(sa.select(live.c.id).where(live.c.id == item_id)).first():
            conn.execute(live.update().where(live.c.id == item_id).values(data=data))
            return
        last = conn.execute(sa.select(sa.func.max(live.c.position))).scalar_one_or_none()
        conn.execute(live.insert().values(id=item_id, position=0 if last is None else last + 1, data=data))


class OrganisationKind(ListKind):
    name, noun = "organisations", "organisation"
    table, live = store.organisation_revisions, store.organisations
    file_name, file_key, header = "organisations.yml", organisations.FILE_KEY, organisations.FILE_HEADER
    block, spaced = ("sources",), True

    def read_file(self, path: Path) -> list[Organisation]:
        return organisations.read_organisations(path)

    def item_id(self, item: Organisation) -> str:
        return item.id

    def to_data(self, item: Organisation) -> dict[str, Any]:
        return item.to_data()

    def from_data(self, data: Mapping[str, Any]) -> Organisation:
        return parse_organisation(dict(data), 0)

    def parse(self, conn: Connection, data: Mapping[str, Any], *, path_id: str | None) -> Organisation:
        """The closed schema of `organisations.yml`. Phone numbers are kept exactly as written: never made up."""
        given = {key: value for key, value in _editor_data(self, data).items() if key not in OPTIONAL or value}
        org = parse_organisation(given, 0, where="The organisation")  # an empty optional key is no key
        _fail_unless(path_id is None or org.id == path_id, "id-not-path", f"The id must be '{path_id}'.")
        from assistant.places import council_areas

        unknown = sorted(set(org.areas) - {area.name for area in council_areas()} - {ALL_AREAS})
        _fail_unless(not unknown, "unknown-area", f"'{unknown[0] if unknown else ''}' is not a council area name.")
        return org

    def check(self, item: Organisation) -> FileResult:
        """The easy-read report of `about`, for the editor: it does not block publishing."""
        from assistant.readability.report import check_text

        return FileResult(
            path=Path("organisations.yml"),
            gated=False,
            sections=(Section("about", item.about, check_text(item.about)),),
        )

    def in_use_by(self, conn: Connection, item_id: str) -> list[str]:
        rows = conn.execute(sa.select(store.answers.c.id, store.answers.c.data).where(*ANSWERS.live_where())).all()
        return sorted(row.id for row in rows if item_id in json.loads(row.data)["organisations"])


class GlossaryKind(ListKind):
    name, noun = "glossary", "term"
    table, live = store.glossary_revisions, store.glossary_terms
    read_only = (*ListKind.read_only, "id")
    file_name, file_key, header = "glossary.yml", glossary.GLOSSARY_FILE_KEY, glossary.GLOSSARY_HEADER

    def read_file(self, path: Path) -> list[GlossaryTerm]:
        return glossary.read_glossary(path)

    def item_id(self, item: GlossaryTerm) -> str:
        return item.id

    def to_data(self, item: GlossaryTerm) -> dict[str, Any]:
        return store.glossary_data(item)

    def from_data(self, data: Mapping[str, Any]) -> GlossaryTerm:
        return parse_glossary_term({k: v for k, v in data.items() if k != "id"}, 0, in_scope_labels())

    def parse(self, conn: Connection, data: Mapping[str, Any], *, path_id: str | None) -> GlossaryTerm:
        """The closed schema of `glossary.yml`; no name may be another term's name or alias."""
        term = parse_glossary_term(_editor_data(self, data), 0, in_scope_labels(), where="The term")
        ok_id = bool(ID_PATTERN.match(term.id)) and len(term.id) <= MAX_ID
        _fail_unless(ok_id, "bad-id", f"The term must have a letter or digit, and at most {MAX_ID} characters.")
        _fail_unless(path_id is None or term.id == path_id, "id-not-path", f"The term must make the id '{path_id}'.")
        others = [r.item for r in revisions.latest_all(conn, self) if r.status != "deleted" and r.item_id != term.id]
        taken = {name.lower() for other in others for name in other.names}
        clash = [name for name in term.names if name.lower() in taken]
        _fail_unless(not clash, "duplicate-term", f"'{clash[0] if clash else ''}' is already a glossary term.")
        return term

    def check(self, item: GlossaryTerm) -> FileResult:
        return check_glossary_terms([item], path=Path("glossary.yml"), lines={item.term: 1})

    def topic(self, item: GlossaryTerm) -> str | None:
        return item.topic


ANSWERS = AnswerKind()
ORGANISATIONS = OrganisationKind()
GLOSSARY = GlossaryKind()
KINDS = {kind.name: kind for kind in (ANSWERS, ORGANISATIONS, GLOSSARY)}
