"""Scores over our own split: Flesch-Kincaid grade, Flesch Reading Ease, syllables and rare words.

textstat counts syllables (with its `en_US` rules); we apply the formulas ourselves, because textstat's
own scores drop sentences of 2 words or fewer and merge lines without a full stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from assistant.readability.splitting import Unit, Word

RARE_ZIPF = 4.0


@lru_cache(maxsize=1)
def _textstat_en_us() -> None:
    import textstat

    textstat.set_lang("en_US")


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Syllables in one word (at least 1: "20" and "PA" are read aloud too)."""
    import textstat

    _textstat_en_us()
    return max(1, int(textstat.syllable_count(word)))


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """How common a word is in English, on wordfreq's Zipf scale (bundled data: no network)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def word_syllables(word: Word) -> int:
    return 1 if word.is_link else syllables(word.text.lower())


def flesch_kincaid_grade(words: int, sentences: int, syllable_count: int) -> float:
    if not words or not sentences:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


def flesch_reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllable_count / words


def is_rare(word: Word) -> bool:
    """Rare: a word of letters with a Zipf frequency below 4. Numbers and links are not words to look up."""
    text = word.text.lower()
    if word.is_link or not any(c.isalpha() for c in text) or any(c.isdigit() for c in text):
        return False
    return zipf(text) < RARE_ZIPF


@dataclass(frozen=True)
class Scores:
    sentences: int
    words: int
    syllables: int
    long_words: int
    mean_words: float
    longest: int
    grade: float
    reading_ease: float
    syllables_per_word: float
    long_word_share: float


def make_scores(*, sentences: int, words: int, syllable_count: int, long_words: int, longest: int) -> Scores:
    return Scores(
        sentences=sentences,
        words=words,
        syllables=syllable_count,
        long_words=long_words,
        mean_words=words / sentences if sentences else 0.0,
        longest=longest,
        grade=flesch_kincaid_grade(words, sentences, syllable_count),
        reading_ease=flesch_reading_ease(words, sentences, syllable_count),
        syllables_per_word=syllable_count / words if words else 0.0,
        long_word_share=long_words / words if words else 0.0,
    )


def score_units(units: list[Unit]) -> Scores:
    counts = [word_syllables(word) for unit in units for word in unit.words]
    return make_scores(
        sentences=len(units),
        words=len(counts),
        syllable_count=sum(counts),
        long_words=sum(1 for c in counts if c >= 3),
        longest=max((len(unit.words) for unit in units), default=0),
    )


def combine_scores(parts: list[Scores]) -> Scores:
    """Scores of several texts read as one (an answer's short and more sections)."""
    return make_scores(
        sentences=sum(p.sentences for p in parts),
        words=sum(p.words for p in parts),
        syllable_count=sum(p.syllables for p in parts),
        long_words=sum(p.long_words for p in parts),
        longest=max((p.longest for p in parts), default=0),
    )
