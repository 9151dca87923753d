"""Revisions: every saved version of a content item (answer, organisation, glossary term), numbered from 1.

Each kind of item (`Kind`, made concrete in `assistant.content.kinds`) has a revisions table with the
same columns and a live table that the assistant reads. The latest revision is what editors see; the
newest `published` revision of an item that has a live row is what the public and the assistant see.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

if TYPE_CHECKING:
    from assistant.readability.answers import FileResult

STATUSES = ("draft", "published", "deleted")


class Kind(ABC):
    """One kind of editable content: its tables, its JSON form, its file text, its rules."""

    name: str  # the address segment: "answers", "organisations", "glossary"
    noun: str  # "answer", "organisation", "term": the key of a saved item in responses, and error codes
    table: sa.Table  # every revision; the first primary key column is the item id
    live: sa.Table  # the published items the assistant reads (`id`, `position`, `data`, ...)
    read_only: tuple[str, ...] = ("revision", "updated_at", "updated_by")  # shown by GET, ignored when sent

    @property
    def id_column(self) -> sa.Column[Any]:
        return next(iter(self.table.primary_key.columns))

    @abstractmethod
    def item_id(self, item: Any) -> str: ...

    @abstractmethod
    def to_data(self, item: Any) -> dict[str, Any]:
        """The item as JSON data (what the revisions table stores and the API shows)."""

    @abstractmethod
    def from_data(self, data: Mapping[str, Any]) -> Any:
        """The item from data made by `to_data` (trusted: it came from the store)."""

    @abstractmethod
    def render(self, item: Any) -> str:
        """The item's text as the repository files hold it (for diffs)."""

    @abstractmethod
    def parse(self, conn: Connection, data: Mapping[str, Any], *, path_id: str | None) -> Any:
        """Data from an editor, by the closed schema and with every id it names known: `ContentFileError` if not."""

    @abstractmethod
    def check(self, item: Any) -> FileResult:
        """The easy-read check shown on save; its hard issues block publishing when it is gated."""

    @abstractmethod
    def write_live(self, conn: Connection, item: Any) -> None:
        """Make `item` the live version, where the assistant reads it."""

    def remove_live(self, conn: Connection, item_id: str) -> None:
        conn.execute(self.live.delete().where(self.live.c.id == item_id))

    def is_live(self, conn: Connection, item_id: str) -> bool:
        return (
            conn.execute(sa.select(self.live.c.id).where(*self.live_where(), self.live.c.id == item_id)).first()
            is not None
        )

    def live_where(self) -> list[sa.sql.ColumnElement[bool]]:
        """Extra conditions on live rows that the assistant uses."""
        return []

    def with_status(self, item: Any, status: str) -> Any:
        """The item as saved with `status` (answers keep their status in the item)."""
        return item

    def topic(self, item: Any) -> str | None:
        return None

    def search_text(self, item: Any) -> str:
        return " ".join(str(value) for value in self.to_data(item).values()).lower()

    def in_use_by(self, conn: Connection, item_id: str) -> list[str]:
        """Live answers that need this item (it cannot be deleted or unpublished while they do)."""
        return []

    def etag(self, item_id: str, revision: int) -> str:
        return make_etag(item_id if self.name == "answers" else f"{self.name}/{item_id}", revision)


@dataclass(frozen=True)
class Revision:
    kind: Kind
    item_id: str
    revision: int
    status: str  # draft, published or deleted
    action: str  # seed, create, save, publish, unpublish, delete, restore or import
    item: Any
    author: str
    created_at: dt.datetime
    diff: str

    @property
    def answer_id(self) -> str:
        return self.item_id

    @property
    def answer(self) -> Any:
        return self.item

    @property
    def etag(self) -> str:
        return self.kind.etag(self.item_id, self.revision)

    def to_dict(self) -> dict[str, Any]:
        """The item as the API shows it: its fields, with this revision's status, number, time and author."""
        return {
            **self.kind.to_data(self.item),
            "status": self.status,
            "revision": self.revision,
            "updated_at": self.created_at.isoformat(),
            "updated_by": self.author,
        }


def make_etag(item_id: str, revision: int) -> str:
    """A strong entity tag for one revision of one item."""
    return '"' + hashlib.sha256(f"{item_id}\n{revision}".encode()).hexdigest()[:32] + '"'


def etag_matches(if_match: str, etag: str) -> bool:
    """Strong comparison (RFC 9110): `*` or one of a comma-separated list of tags; weak tags never match."""
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or etag in tags


def _from_row(kind: Kind, row: Row) -> Revision:
    return Revision(
        kind=kind,
        item_id=row[0],
        revision=row.revision,
        status=row.status,
        action=row.action,
        item=kind.from_data(json.loads(row.data)),
        author=row.author,
        created_at=row.created_at,
        diff=row.diff,
    )


def _of(kind: Kind, item_id: str) -> sa.sql.Select:
    return sa.select(kind.table).where(kind.id_column == item_id)


def latest(conn: Connection, kind: Kind, item_id: str) -> Revision | None:
    row = conn.execute(_of(kind, item_id).order_by(kind.table.c.revision.desc()).limit(1)).first()
    return _from_row(kind, row) if row else None


def get_revision(conn: Connection, kind: Kind, item_id: str, revision: int) -> Revision | None:
    row = conn.execute(_of(kind, item_id).where(kind.table.c.revision == revision)).first()
    return _from_row(kind, row) if row else None


def history(conn: Connection, kind: Kind, item_id: str) -> list[Revision]:
    """Every revision of an item, newest first."""
    rows = conn.execute(_of(kind, item_id).order_by(kind.table.c.revision.desc())).all()
    return [_from_row(kind, row) for row in rows]


def _newest(kind: Kind, *conditions: Any) -> sa.sql.Select:
    """Every revision that is its item's newest (of those meeting `conditions`)."""
    table = kind.table
    newest = (
        sa.select(kind.id_column.label("item_id"), sa.func.max(table.c.revision).label("revision"))
        .where(*conditions)
        .group_by(kind.id_column)
        .subquery()
    )
    return sa.select(table).join(
        newest, sa.and_(kind.id_column == newest.c.item_id, table.c.revision == newest.c.revision)
    )


def latest_all(conn: Connection, kind: Kind) -> list[Revision]:
    """The latest revision of every item, deleted ones included."""
    return [_from_row(kind, row) for row in conn.execute(_newest(kind).order_by(kind.id_column)).all()]


def live_all(conn: Connection, kind: Kind, item_id: str | None = None) -> list[Revision]:
    """The revisions the assistant uses now, in the order it uses them."""
    live = kind.live
    query = (
        _newest(kind, kind.table.c.status == "published")
        .join(live, live.c.id == kind.id_column)
        .where(*kind.live_where())
        .order_by(live.c.position)
    )
    if item_id is not None:
        query = query.where(live.c.id == item_id)
    return [_from_row(kind, row) for row in conn.execute(query).all()]


def live_ids(conn: Connection, kind: Kind) -> set[str]:
    """The ids of the items the assistant uses now."""
    return set(conn.execute(sa.select(kind.live.c.id).where(*kind.live_where())).scalars())


def known_ids(conn: Connection, kind: Kind) -> set[str]:
    """Every id the store has ever had for this kind (deleted ones too)."""
    known = set(conn.execute(sa.select(kind.live.c.id)).scalars())
    return known | set(conn.execute(sa.select(kind.id_column).distinct()).scalars())


def text_diff(kind: Kind, before: Revision | None, after: Any, revision: int) -> str:
    """A unified diff of the file text of the revision before and the new one."""
    old = kind.render(before.item).splitlines() if before else []
    new = kind.render(after).splitlines()
    start = f"revision {before.revision}" if before else "nothing"
    return "\n".join(difflib.unified_diff(old, new, start, f"revision {revision}", lineterm=""))


def append(
    conn: Connection, kind: Kind, previous: Revision | None, item: Any, *, status: str, action: str, author: str
) -> Revision:
    """Add the next revision. A concurrent writer that took the same number makes this an IntegrityError."""
    number = previous.revision + 1 if previous else 1
    created = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    item_id = kind.item_id(item)
    diff = text_diff(kind, previous, item, number)
    values = {"revision": number, "status": status, "action": action, "author": author, "created_at": created}
    data = json.dumps(kind.to_data(item))
    conn.execute(kind.table.insert().values({kind.id_column.name: item_id, "data": data, "diff": diff, **values}))
    return Revision(kind, item_id, number, status, action, item, author, created, diff)
