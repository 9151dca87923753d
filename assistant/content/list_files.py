"""Write YAML content as people write it by hand: the single-list files and answer front matter.

A header of `#` comments, the list's key, then one entry per item: short lists in flow style
(`kinds: [advocacy, carers]`), the lists named in `block` one item a line. `read_entry_list`
reads them back, so `render_list_file` of what it read gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

_WIDE = 1_000_000  # never fold a line


def _scalar(value: Any) -> str:
    """A YAML scalar in flow style: plain where it can be, else in double quotes (`phone: "111"`)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=_WIDE)
    text = text.removesuffix("\n").removesuffix("\n...")
    return json.dumps(value, ensure_ascii=False) if text.startswith("'") else text


def render_fields(data: Mapping[str, Any], *, block: Iterable[str] = ()) -> list[str]:
    """`key: value` lines: lists in flow style unless named in `block`, mappings nested two spaces in."""
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, list) and key in set(block):
            lines.append(f"{key}:")
            lines.extend(f"  - {_scalar(item)}" for item in value)
        elif isinstance(value, Mapping):
            lines.append(f"{key}:")
            lines.extend(f"  {line}" for line in render_fields(value, block=block))
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return lines


def render_entry(data: Mapping[str, Any], *, block: Iterable[str] = ()) -> str:
    """One list entry, indented for the file: `  - key: value` then `    key: value` lines."""
    lines = render_fields(data, block=block)
    return "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))


def render_list_file(
    header: str, key: str, entries: Iterable[Mapping[str, Any]], *, block: Iterable[str] = (), spaced: bool = False
) -> str:
    """The whole file: `header` (comment lines), `key:`, and each entry (with a blank line between when `spaced`)."""
    rendered = [render_entry(entry, block=block) for entry in entries]
    return header + f"{key}:\n" + ("\n" if spaced else "").join(rendered)
