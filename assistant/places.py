"""Find the Scottish council area a message names: by its name, another name, or a big town.

A spaCy PhraseMatcher (on lower-case text) finds the names in `content/council_areas.yml`. Small
typos are tolerated too ("glasgw", "edinbrugh"), but only in longer words that are not ordinary
English words, so "how do I find free help" never names a place. The longest match wins:
"Port Glasgow" is in Inverclyde, not Glasgow City.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.content.council_areas import CouncilArea, read_council_areas
from assistant.nlp import get_nlp
from assistant.paths import CONTENT_DIR
from assistant.readability.scores import zipf

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

COUNCIL_AREAS_PATH = CONTENT_DIR / "council_areas.yml"
# Typos are only forgiven in words this long, against names at least this long ...
MIN_TYPO_WORD = 5
MIN_TYPO_NAME = 6
# ... by one change (a letter added, dropped, changed or two swapped), or two in names this long ...
TWO_TYPOS_FROM = 9
# ... and never in an ordinary English word (Zipf frequency 3 or more: "orders" is not "Borders").
ORDINARY_WORD_ZIPF = 3.0
# Words that, with a place, still mean "this is where I live" ("I'm in Paisley", "Fife please").
_FILLER_WORDS = (
    "i im m 'm am me we are re 're ive ve 've my our it its s 's is live lives living stay stays staying "
    "based have from in at near the of to moved now area council local authority region city town "
    "please pls thanks thank you ok okay yes"
)
FILLERS = frozenset(_FILLER_WORDS.split())


@dataclass(frozen=True)
class PlaceMatch:
    area: CouncilArea
    text: str
    start_char: int
    end_char: int
    # True when the message is only the place and filler words ("I live in Glasgow").
    only_place: bool
    exact: bool


@dataclass(frozen=True)
class Places:
    areas: dict[str, CouncilArea]
    phrases: PhraseMatcher
    # Every name as lower-case words, with its area's official name, for the typo check.
    names: tuple[tuple[tuple[str, ...], str], ...]


def build_places(areas: list[CouncilArea]) -> Places:
    from spacy.matcher import PhraseMatcher

    nlp = get_nlp()
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    names = []
    for area in areas:
        # spaCy splits some words by case ("St." but "st ."), so each name is added in both forms.
        docs = [nlp.make_doc(form) for name in area.names for form in dict.fromkeys((name, name.lower()))]
        phrases.add(area.name, docs)
        names += [(tuple(token.lower_ for token in doc), area.name) for doc in docs]
    return Places(areas={area.name: area for area in areas}, phrases=phrases, names=tuple(dict.fromkeys(names)))


@lru_cache(maxsize=1)
def get_places(path: Path = COUNCIL_AREAS_PATH) -> Places:
    return build_places(read_council_areas(path))


def council_areas() -> list[CouncilArea]:
    """The 32 council areas, in file order (alphabetical)."""
    return list(get_places().areas.values())


def council_area_named(name: str) -> CouncilArea | None:
    """The council area with this official name (any case), e.g. from a button payload."""
    wanted = " ".join(name.split()).lower()
    return next((area for area in council_areas() if area.name.lower() == wanted), None)


def typo_distance(a: str, b: str) -> int:
    """Edits from `a` to `b`: letters added, dropped or changed, and two letters swapped."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def is_typo_of(word: str, name_word: str) -> bool:
    """Whether `word` is a small typo of one word of a place name ("glasgw" of "glasgow")."""
    if len(word) < MIN_TYPO_WORD or len(name_word) < MIN_TYPO_NAME or not word.isalpha():
        return False
    allowed = 2 if len(name_word) >= TWO_TYPOS_FROM else 1
    if abs(len(word) - len(name_word)) > allowed or zipf(word) >= ORDINARY_WORD_ZIPF:
        return False
    return typo_distance(word, name_word) <= allowed


def _candidates(doc: Doc, places: Places) -> list[tuple[int, int, str, bool]]:
    """(start token, end token, official name, exact) for every place named in `doc`."""
    found = [(start, end, doc.vocab.strings[match_id], True) for match_id, start, end in places.phrases(doc)]
    words = [token.lower_ for token in doc]
    for name_words, area in places.names:
        size = len(name_words)
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if window == list(name_words):
                continue  # the phrase matcher found it already
            if all(w == n or is_typo_of(w, n) for w, n in zip(window, name_words, strict=True)):
                found.append((start, start + size, area, False))
    return found


def find_place(text: str, *, places: Places | None = None) -> PlaceMatch | None:
    """The council area `text` names, with where; the longest name wins, then exact, then the first."""
    places = places or get_places()
    doc = get_nlp().make_doc(text.replace("\u2019", "'").replace("\u2018", "'"))
    candidates = _candidates(doc, places)
    if not candidates:
        return None
    start, end, name, exact = min(candidates, key=lambda c: (c[0] - c[1], not c[3], c[0]))
    span = doc[start:end]
    rest = [token.lower_ for token in doc if not (start <= token.i < end) and not token.is_punct]
    return PlaceMatch(
        area=places.areas[name],
        text=span.text,
        start_char=span.start_char,
        end_char=span.end_char,
        only_place=all(word in FILLERS for word in rest),
        exact=exact,
    )


def find_council_area(text: str) -> CouncilArea | None:
    """The council area `text` names ("I live in Paisley" -> Renfrewshire), or None."""
    match = find_place(text)
    return match.area if match else None
