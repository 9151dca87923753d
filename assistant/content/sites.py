"""Embedding organisations ("sites"): the settings of each website that shows our chat widget.

One row per site in the `sites` table: the settings as JSON (schema in `site_schema.py`), the
revision number, its ETag, who changed it last and when. Reviewers create, change and delete sites
through the content API; every change is an audit row written in the same transaction. A write
names the version it changes (its ETag), so two reviewers cannot overwrite each other.

The store always has our own site, `sds-assistant` (our own pages only): `seed_default_site`
adds it to a store with no sites, so the widget has settings from the first start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine, Row

from assistant.content.revisions import etag_matches
from assistant.content.site_schema import SiteSettings, contrast_problems
from assistant.content.store import create_schema, metadata
from assistant.content.users import User, record

sites = sa.Table(
    "sites",
    metadata,
    sa.Column("id", sa.String(60), primary_key=True),
    sa.Column("data", sa.Text, nullable=False),  # `SiteSettings` as JSON
    sa.Column("revision", sa.Integer, nullable=False),  # 1 when created, +1 on every save
    sa.Column("etag", sa.String(40), nullable=False),
    sa.Column("updated_by", sa.String(80), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

DEFAULT_SITE_ID = "sds-assistant"
DEFAULT_SITE: dict[str, Any] = {
    "id": DEFAULT_SITE_ID,
    "display_name": "Self-directed Support: easy-read help",
    "greeting": "Hello. I can tell you about Self-directed Support. Type a question or pick one below.",
    "colours": {"brand": "#0b4f8a", "brand_text": "#ffffff"},  # as the demo page: 8.6:1
    "contact": None,
    "allowed_origins": [],
}
SEED_AUTHOR = "seed"
KIND = "sites"  # the audit log's `kind` for site changes (its `answer_id` holds the site id)
READ_ONLY = ("revision", "updated_at", "updated_by")  # shown by GET, ignored when sent back


class SiteError(Exception):
    """A site change that cannot be made. Each subclass has a stable `code`."""

    code = "site-error"
    detail: object = None


class SiteNotFound(SiteError):
    code = "site-not-found"


class SiteExists(SiteError):
    code = "site-exists"


class NotAllowed(SiteError):
    code = "forbidden"


class InvalidSite(SiteError):
    code = "invalid-site"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(p["msg"]) for p in problems))
        self.detail = problems


class ContrastTooLow(SiteError):
    code = "contrast-too-low"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(" ".join(p["message"] for p in problems))
        self.detail = problems


class GreetingNotEasyRead(SiteError):
    code = "greeting-not-easy-read"

    def __init__(self, issues: list[dict[str, Any]]) -> None:
        super().__init__(", ".join(sorted({i["code"] for i in issues})))
        self.detail = {"issues": issues}


class StaleSite(SiteError):
    code = "etag-mismatch"

    def __init__(self, current: Site) -> None:
        super().__init__(current.etag)
        self.current = current
        self.detail = {"current": current.to_dict()}


@dataclass(frozen=True)
class Site:
    settings: SiteSettings
    revision: int
    etag: str
    updated_by: str
    updated_at: dt.datetime

    @property
    def id(self) -> str:
        return self.settings.id

    def public(self) -> dict[str, Any]:
        return self.settings.public()

    def to_dict(self) -> dict[str, Any]:
        """The content API view: every setting, with the revision, its time and author."""
        return {
            **self.settings.dict(),
            "revision": self.revision,
            "updated_at": self.updated_at.isoformat(),
            "updated_by": self.updated_by,
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def make_etag(site_id: str, revision: int, updated_at: dt.datetime) -> str:
    """A strong tag; the time keeps a re-created site from matching a tag of the deleted one."""
    key = f"site\n{site_id}\n{revision}\n{updated_at.isoformat()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def validate_site(data: Mapping[str, Any], *, path_id: str | None = None) -> SiteSettings:
    """The settings, or `InvalidSite`, `ContrastTooLow` or `GreetingNotEasyRead` with every problem."""
    fields = {key: value for key, value in data.items() if key not in READ_ONLY}
    if path_id is not None:
        fields.setdefault("id", path_id)
    try:
        settings = SiteSettings.parse_obj(fields)
    except ValidationError as exc:
        raise InvalidSite([{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]) from None
    if path_id is not None and settings.id != path_id:
        raise InvalidSite([{"loc": ["id"], "msg": f"The id must be '{path_id}', as in the address."}])
    problems = contrast_problems(settings.colours)
    if problems:
        raise ContrastTooLow(problems)
    from assistant.readability import check_text  # loads spaCy: only when a site is written

    report = check_text(settings.greeting)
    if report.hard:
        raise GreetingNotEasyRead([issue.to_dict() for issue in report.hard])
    return settings


def _from_row(row: Row) -> Site:
    return Site(
        settings=SiteSettings.parse_obj(json.loads(row.data)),
        revision=row.revision,
        etag=row.etag,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _get(conn: Connection, site_id: str) -> Site | None:
    row = conn.execute(sa.select(sites).where(sites.c.id == site_id)).first()
    return _from_row(row) if row else None


def get_site(engine: Engine, site_id: str) -> Site | None:
    with engine.connect() as conn:
        return _get(conn, site_id)


def list_sites(engine: Engine) -> list[Site]:
    with engine.connect() as conn:
        return [_from_row(row) for row in conn.execute(sa.select(sites).order_by(sites.c.id)).all()]


def _values(settings: SiteSettings, revision: int, author: str) -> dict[str, Any]:
    updated_at = _now()
    return {
        "data": json.dumps(settings.dict()),
        "revision": revision,
        "etag": make_etag(settings.id, revision, updated_at),
        "updated_by": author,
        "updated_at": updated_at,
    }


def _reviewer(user: User, what: str) -> None:
    if not user.can_publish:
        raise NotAllowed(what)


def create_site(engine: Engine, data: Mapping[str, Any], *, user: User) -> Site:
    _reviewer(user, "create a site")
    settings = validate_site(data)
    try:
        with engine.begin() as conn:
            if _get(conn, settings.id):
                raise SiteExists(settings.id)
            conn.execute(sites.insert().values(id=settings.id, **_values(settings, 1, user.name)))
            record(conn, actor=user.name, action="create", kind=KIND, answer_id=settings.id, revision=1)
    except sa.exc.IntegrityError:  # someone created the same id at the same moment
        raise SiteExists(settings.id) from None
    return _existing(engine, settings.id)


def save_site(engine: Engine, site_id: str, data: Mapping[str, Any], *, user: User, if_match: str) -> Site:
    """Replace every setting. The widget and the CORS check use the new ones within seconds."""
    _reviewer(user, "change a site")
    _matching(_existing(engine, site_id), if_match)
    settings = validate_site(data, path_id=site_id)
    with engine.begin() as conn:
        seen = _matching(_get(conn, site_id), if_match)
        values = _values(settings, seen.revision + 1, user.name)
        done = conn.execute(sites.update().where(sites.c.id == site_id, sites.c.revision == seen.revision), values)
        if done.rowcount != 1:
            raise StaleSite(_get(conn, site_id) or seen)
        record(conn, actor=user.name, action="save", kind=KIND, answer_id=site_id, revision=seen.revision + 1)
    return _existing(engine, site_id)


def delete_site(engine: Engine, site_id: str, *, user: User, if_match: str) -> Site:
    """Remove a site: its widget falls back to the defaults and its websites lose access at once.

    The audit row keeps the settings, so a reviewer can create the site again.
    """
    _reviewer(user, "delete a site")
    with engine.begin() as conn:
        seen = _matching(_get(conn, site_id), if_match)
        done = conn.execute(sites.delete().where(sites.c.id == site_id, sites.c.revision == seen.revision))
        if done.rowcount != 1:
            raise StaleSite(_get(conn, site_id) or seen)
        detail = json.dumps(seen.settings.dict())
        record(
            conn, actor=user.name, action="delete", kind=KIND, answer_id=site_id, revision=seen.revision, detail=detail
        )
    return seen


def _existing(engine: Engine, site_id: str) -> Site:
    site = get_site(engine, site_id)
    if site is None:
        raise SiteNotFound(site_id)
    return site


def _matching(site: Site | None, if_match: str) -> Site:
    if site is None:
        raise SiteNotFound()
    if not etag_matches(if_match, site.etag):
        raise StaleSite(site)
    return site


def seed_default_site(engine: Engine) -> bool:
    """Add our own site to a store that has no sites. True if it was added; safe to run on every start."""
    create_schema(engine)
    settings = SiteSettings.parse_obj(DEFAULT_SITE)
    try:
        with engine.begin() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(sites)).scalar_one():
                return False
            conn.execute(sites.insert().values(id=settings.id, **_values(settings, 1, SEED_AUTHOR)))
    except sa.exc.IntegrityError:  # another API process seeded it at the same moment
        return False
    return True
