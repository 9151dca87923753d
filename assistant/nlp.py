"""The shared rule-based spaCy pipeline: `spacy.blank("en")` with a lookups lemmatizer. No trained weights."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Tokenizer and lemmas only; built once per process, on first use (spaCy is slow to import)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp
