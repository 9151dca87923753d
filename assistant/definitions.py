"""Answer "what does X mean?" for every published glossary term (`content/glossary.yml`, edited in the store).

A question counts as a definition question when, after a question frame such as "what does ...
mean" or "meaning of ...", what is left is exactly a glossary term or one of its other spellings.
Matching the whole remainder keeps "what is a direct payment" a definition question but leaves
"what can a direct payment pay for" to the classifier.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from assistant.content.glossary import GlossaryTerm, read_glossary
from assistant.paths import CONTENT_DIR

GLOSSARY_PATH = CONTENT_DIR / "glossary.yml"
MIN_FUZZY_CHARS = 7
FUZZY_CUTOFF = 0.82
# Question frames around a term, tried in order on lower-case text without punctuation.
FRAMES = tuple(
    # Words before a question word are allowed: "sorry if this is stupid but whats an ISF".
    re.compile(frame if frame.startswith("^(?P<term>") else frame.replace("^", r"^(?:.*\s)?", 1))
    for frame in (
        r"^(?:what|wat|wot) (?:does|do|dose) (?P<term>.+?) (?:mean|means|stand for|stands for)$",
        r"^(?:what|wat|wot) (?:is|are|s|is meant by|do you mean by|does it mean by) (?P<term>.+)$",
        r"^(?:whats|what's) (?P<term>.+)$",
        r"^(?:the )?(?:meaning|definition) of (?P<term>.+)$",
        r"^(?:define|explain) (?P<term>.+)$",
        r"^(?:can you |please )?(?:tell me|explain) what (?P<term>.+?) (?:is|are|means|mean)$",
        r"^(?:i dont know|i do not know|not sure) what (?P<term>.+?) (?:is|are|means|mean)$",
        r"^(?P<term>.+?) (?:meaning|definition|means what)$",
        r"^(?P<term>.+?) (?:whats that|what is that|what is it|what does that mean)$",
    )
)
_PUNCTUATION = re.compile(r"[^\w\s£'-]+")
_FILLERS = re.compile(r"^(?:a|an|the|this|that|these|those|my|your) |(?: please| exactly| again| then)+$")


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _PUNCTUATION.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip().replace("'", "")


def _key(term: str) -> str:
    key = normalise(term)
    return key[:-1] if key.endswith("s") and not key.endswith("ss") and len(key) > 3 else key


@lru_cache(maxsize=4)
def _file_terms(path: Path) -> tuple[GlossaryTerm, ...]:
    return tuple(read_glossary(path))


def live_terms() -> tuple[GlossaryTerm, ...]:
    """The published glossary from the content store, so an edit is live at once; the file if the store has none."""
    from assistant.content.store import get_engine, published_glossary
    from assistant.settings import get_settings

    url = get_settings().content_db_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return _file_terms(GLOSSARY_PATH)  # no store here (yet): never create one just to read
    return tuple(published_glossary(get_engine(url))) or _file_terms(GLOSSARY_PATH)


@lru_cache(maxsize=8)
def _terms_by_key(terms: tuple[GlossaryTerm, ...]) -> dict[str, GlossaryTerm]:
    found: dict[str, GlossaryTerm] = {}
    for term in terms:
        for name in (term.term, *term.aliases):
            found.setdefault(_key(name), term)
    return found


def find_definition_question(
    text: str, *, path: Path | None = None, terms: Sequence[GlossaryTerm] | None = None
) -> GlossaryTerm | None:
    """The glossary term that `text` asks the meaning of, or None.

    From `terms`, else the glossary file at `path`, else the live glossary (`live_terms`).
    """
    chosen = tuple(terms) if terms else _file_terms(path) if path else live_terms()
    terms_by_key = _terms_by_key(chosen)
    text = normalise(text)
    candidates = [m.group("term") for frame in FRAMES if (m := frame.match(text))]
    for candidate in candidates:
        previous = None
        while candidate != previous:
            previous, candidate = candidate, _FILLERS.sub("", candidate).strip()
        if (term := terms_by_key.get(_key(candidate))) is not None:
            return term
        # Misspelt terms ("direkt paymnt"): a close match on longer words only, so short words
        # never turn into a term by accident.
        if len(candidate) >= MIN_FUZZY_CHARS:
            close = difflib.get_close_matches(_key(candidate), list(terms_by_key), n=1, cutoff=FUZZY_CUTOFF)
            if close:
                return terms_by_key[close[0]]
    return None
