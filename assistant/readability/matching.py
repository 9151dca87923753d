"""Small helpers to run spaCy matchers over one unit and to spell plurals of listed terms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.readability.splitting import Unit

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Span


def unit_matches(matcher: Matcher | PhraseMatcher, unit: Unit) -> list[tuple[str, Span]]:
    """(match label, span) pairs inside the unit, longest first where they overlap, in text order."""
    from spacy.util import filter_spans

    doc = unit.span.doc
    found = [
        (str(doc.vocab.strings[key]), doc[start:end])
        for key, start, end in matcher(doc)
        if unit.span.start <= start and end <= unit.span.end
    ]
    kept = {(span.start, span.end) for span in filter_spans([span for _, span in found])}
    result: list[tuple[str, Span]] = []
    for label, span in sorted(found, key=lambda item: item[1].start):
        if (span.start, span.end) in kept:
            kept.discard((span.start, span.end))
            result.append((label, span))
    return result


def plural_forms(names: Iterable[str]) -> list[str]:
    """Each name with the plural of its last word: "local authority" -> "local authorities"; "PA" -> "PAs"."""
    forms: list[str] = []
    for name in names:
        forms.append(name)
        if name.isupper():
            forms.append(name + "s")
        elif name.endswith("y") and not name.endswith(("ay", "ey", "oy", "uy")):
            forms.append(name[:-1] + "ies")
        elif name.endswith(("s", "x", "ch", "sh")):
            forms.append(name + "es")
        elif name[-1:].isalpha():
            forms.append(name + "s")
    return list(dict.fromkeys(forms))
