"""Colour contrast as WCAG 2.2 measures it, for the colours an embedding organisation chooses.

`contrast_ratio("#ffffff", "#0b4f8a")` is about 8.6. Text needs at least 4.5:1 (success criterion
1.4.3, normal text); borders and focus rings need at least 3:1 against what is next to them (1.4.11).
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0
WHITE = "#ffffff"


def relative_luminance(colour: str) -> float:
    """The relative luminance of a `#rrggbb` colour, from 0 (black) to 1 (white)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter colour: from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
