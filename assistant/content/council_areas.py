"""The council areas of Scotland (`content/council_areas.yml`): official names, button titles, towns.

"Find free help" asks which council area a person lives in. Each area has its official name (as in
the `areas` of `content/organisations.yml`), a short button title, and the other names and towns
people type. The schema is closed: problems are `ContentFileError`s with stable codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.content.files import ContentFileError, check_entry_keys, read_entry_list

REQUIRED = {"name", "title"}
OPTIONAL = {"other_names", "towns"}
MAX_TITLE = 25


@dataclass(frozen=True)
class CouncilArea:
    name: str
    title: str
    other_names: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Everything a person might type for this area: its names, its button title and its towns."""
        return tuple(dict.fromkeys((self.name, self.title, *self.other_names, *self.towns)))


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def parse_council_area(raw: Any, position: int) -> CouncilArea:
    where = f"council area {position + 1}"
    check_entry_keys(raw, where, REQUIRED, OPTIONAL)
    name, title = _text(raw["name"]), _text(raw["title"])
    if name is None or title is None:
        raise ContentFileError("bad-value", f"{where}: 'name' and 'title' must be text.")
    if len(title) > MAX_TITLE:
        raise ContentFileError("bad-value", f"{where}: 'title' must be at most {MAX_TITLE} characters.")
    lists: dict[str, tuple[str, ...]] = {}
    for key in sorted(OPTIONAL):
        value = raw.get(key, [])
        items = [_text(v) for v in value] if isinstance(value, list) else [None]
        if any(item is None for item in items):
            raise ContentFileError("bad-value", f"{where}: '{key}' must be a list of text items.")
        lists[key] = tuple(item for item in items if item is not None)
    return CouncilArea(name=name, title=title, other_names=lists["other_names"], towns=lists["towns"])


def read_council_areas(path: Path) -> list[CouncilArea]:
    """Every council area in the file, in file order. A name or town may belong to one area only."""
    entries = read_entry_list(path, "council_areas", "bad-council-areas-file")
    areas = [parse_council_area(raw, i) for i, raw in enumerate(entries)]
    owner: dict[str, str] = {}
    for area in areas:
        if area.name.lower() in owner:
            raise ContentFileError("duplicate-name", f"The council area '{area.name}' is listed twice.")
        owner[area.name.lower()] = area.name
    for area in areas:
        for name in area.names[1:]:
            if owner.setdefault(name.lower(), area.name) != area.name:
                raise ContentFileError(
                    "duplicate-name", f"'{name}' is given for both '{owner[name.lower()]}' and '{area.name}'."
                )
    return areas
