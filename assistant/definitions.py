"""Answer "what does X mean?" for every term in `content/glossary.yml`.

A question counts as a definition question when, after a question frame such as "what does ...
mean" or "meaning of ...", what is left is exactly a glossary term or one of its other spellings.
Matching the whole remainder keeps "what is a direct payment" a definition question but leaves
"what can a direct payment pay for" to the classifier.
"""

from __future__ import annotations

import difflib
import re
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


@lru_cache(maxsize=1)
def _terms_by_key(path: Path = GLOSSARY_PATH) -> dict[str, GlossaryTerm]:
    found: dict[str, GlossaryTerm] = {}
    for term in read_glossary(path):
        for name in (term.term, *term.aliases):
            found.setdefault(_key(name), term)
    return found


def find_definition_question(text: str, *, path: Path = GLOSSARY_PATH) -> GlossaryTerm | None:
    """The glossary term that `text` asks the meaning of, or None."""
    terms = _terms_by_key(path)
    text = normalise(text)
    candidates = [m.group("term") for frame in FRAMES if (m := frame.match(text))]
    for candidate in candidates:
        previous = None
        while candidate != previous:
            previous, candidate = candidate, _FILLERS.sub("", candidate).strip()
        if (term := terms.get(_key(candidate))) is not None:
            return term
        # Misspelt terms ("direkt paymnt"): a close match on longer words only, so short words
        # never turn into a term by accident.
        if len(candidate) >= MIN_FUZZY_CHARS:
            close = difflib.get_close_matches(_key(candidate), list(terms), n=1, cutoff=FUZZY_CUTOFF)
            if close:
                return terms[close[0]]
    return None
