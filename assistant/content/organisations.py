"""The organisation directory (`content/organisations.yml`): who gives free help, and where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.content.files import ID_PATTERN, ContentFileError, check_entry_keys, read_entry_list

KINDS = {
    "independent_support",
    "advocacy",
    "carers",
    "crisis",
    "complaints",
    "information",
    "pa_employers",
    "older_people",
    "dementia",
    "mental_health",
}
REQUIRED = {"id", "name", "about", "kinds", "areas", "sources"}
OPTIONAL = {"phone", "phone_hours", "website", "email"}
FILE_ORDER = ("phone", "phone_hours", "email", "website")  # optional keys, in the order entries write them
ALL_AREAS = "all"
FILE_KEY = "organisations"
FILE_HEADER = """\
# Organisations the assistant can point people to.
# Only organisations and phone numbers marked confirmed in /work/shared/sds-facts.md are listed.
# A phone number is left out when the fact base could not confirm it.
# Scotland-wide independent support and advocacy organisations come first:
# the app shows the first national ones with these kinds as "free help".
# `areas` is [all] for Scotland-wide help, or official council area names from content/council_areas.yml:
# "Find free help" lists an area's organisations first.
# Reviewers can also edit them in the content store; `python -m assistant export-content --out content/`
# writes the published ones back to this file.
"""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    about: str
    kinds: tuple[str, ...]
    areas: tuple[str, ...]
    sources: tuple[str, ...]
    phone: str = ""
    phone_hours: str = ""
    website: str = ""
    email: str = ""

    @property
    def national(self) -> bool:
        return ALL_AREAS in self.areas

    def to_data(self) -> dict[str, Any]:
        """The entry as the file holds it, in the file's key order (optional keys only when set)."""
        data: dict[str, Any] = {"id": self.id, "name": self.name, "about": self.about}
        data |= {"kinds": list(self.kinds), "areas": list(self.areas)}
        data |= {key: getattr(self, key) for key in FILE_ORDER if getattr(self, key)}
        return data | {"sources": list(self.sources)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "about": self.about,
            "kinds": list(self.kinds),
            "areas": list(self.areas),
            "phone": self.phone or None,
            "phone_hours": self.phone_hours or None,
            "website": self.website or None,
            "email": self.email or None,
        }


def parse_organisation(raw: Any, position: int, *, where: str = "") -> Organisation:
    """One entry by the closed schema; `where` names it in messages (default: its place in the file)."""
    where = where or f"organisation {position + 1}"
    check_entry_keys(raw, where, REQUIRED, OPTIONAL, not_mapping="bad-organisation")
    if not isinstance(raw["id"], str) or not ID_PATTERN.match(raw["id"]):
        raise ContentFileError("bad-id", f"{where} has a bad id: use lower-case letters, digits and hyphens.")
    for key in ("kinds", "areas", "sources"):
        if not isinstance(raw[key], list) or not raw[key] or not all(isinstance(v, str) for v in raw[key]):
            raise ContentFileError("bad-value", f"{where}: '{key}' must be a list of text items.")
    bad_kinds = sorted(set(raw["kinds"]) - KINDS)
    if bad_kinds:
        raise ContentFileError("bad-value", f"{where}: unknown kind '{bad_kinds[0]}'.")
    for key in ("name", "about", *OPTIONAL):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise ContentFileError("bad-value", f"{where}: '{key}' must be text.")
    return Organisation(
        id=raw["id"],
        name=raw["name"].strip(),
        about=raw["about"].strip(),
        kinds=tuple(raw["kinds"]),
        areas=tuple(raw["areas"]),
        sources=tuple(raw["sources"]),
        phone=str(raw.get("phone", "")).strip(),
        phone_hours=str(raw.get("phone_hours", "")).strip(),
        website=str(raw.get("website", "")).strip(),
        email=str(raw.get("email", "")).strip(),
    )


def read_organisations(path: Path) -> list[Organisation]:
    entries = read_entry_list(path, FILE_KEY, "bad-organisations-file")
    organisations = [parse_organisation(raw, i) for i, raw in enumerate(entries)]
    ids = [org.id for org in organisations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentFileError("duplicate-id", f"The organisation id '{duplicates[0]}' is used twice.")
    return organisations
