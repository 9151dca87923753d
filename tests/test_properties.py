"""Property tests (hypothesis): the readability checker and the redactor hold up on any text.

The checker never raises, its scores are finite and its issues point inside the text. The redactor
is idempotent, never leaves a generated personal detail, never grows text much, and leaves ordinary
words alone.
"""

from __future__ import annotations

import dataclasses
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.readability import check_text
from assistant.redaction import NOT_NAMES, redact, redact_for_nlu

# No time limits: these are checks of behaviour, not of speed (the first call loads spaCy).
# Any text a person could send: every Unicode character except lone surrogates (JSON cannot carry them).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
# Text shaped like Markdown answers: lines, bullets, headings, digits and punctuation.
MARKDOWN_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
        st.sampled_from(["- ", "# ", "## ", "1. ", "**", "\n", "\n\n", "...", "£20", "SDS", "e.g.", "http://x.y"]),
    ),
    max_size=30,
).map("".join)

# Ordinary words that are never personal details; text made of them must come out unchanged.
# fmt: off
ORDINARY_WORDS = [
    "what", "is", "self-directed", "support", "how", "do", "i", "get", "a", "direct", "payment", "option",
    "1", "2", "3", "4", "my", "council", "social", "worker", "can", "pay", "for", "help", "at", "home",
    "carer", "budget", "review", "assessment", "please", "thank", "you", "hello", "need", "12", "hours",
    "week", "£20", "it", "free", "who", "decides", "where", "find", "advocacy", "the", "and", "to", "of",
    "in", "on", "with", "about",
]
# fmt: on
ORDINARY_TEXT = st.lists(st.sampled_from(ORDINARY_WORDS), max_size=40).map(" ".join)

PHONES = st.builds(
    lambda prefix, area, rest: f"{prefix}{area} {rest}",
    st.sampled_from(["0", "+44 ", "+44", "0044 "]),
    st.sampled_from(["7700", "141", "131", "1224", "800", "345"]),
    st.from_regex(r"\A\d{3} ?\d{3}\Z"),
)
EMAILS = st.from_regex(r"\A[a-z][a-z0-9.+-]{0,12}@[a-z][a-z0-9-]{0,10}\.(?:org|co\.uk|com|scot)\Z")
POSTCODES = st.from_regex(r"\A[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\Z")
NI_NUMBERS = st.from_regex(r"\A[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\Z")
CHI_NUMBERS = st.builds(
    lambda day, month, year, rest: f"{day:02d}{month:02d}{year:02d}{rest:04d}",
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(0, 9999),
)
DETAILS = st.one_of(PHONES, EMAILS, POSTCODES, NI_NUMBERS, CHI_NUMBERS)
NAMES = st.from_regex(r"\A[A-Z][a-z]{2,10}\Z").filter(lambda name: name.lower() not in NOT_NAMES)
INTRODUCERS = st.sampled_from(["my name is", "My name is", "I'm called", "i am called", "call me", "this is"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN_TEXT)
def test_checker_never_raises_and_reports_finite_scores_and_issues_inside_the_text(text: str) -> None:
    report = check_text(text)
    for name, value in dataclasses.asdict(report.scores).items():
        assert math.isfinite(value), name
    lines = text.split("\n")  # the checker's lines, as editors see them
    for issue in report.issues:
        assert 1 <= issue.line <= len(lines), issue
        assert 0 <= issue.start <= issue.end <= len(lines[issue.line - 1]), issue
    for sentence in report.sentences:
        assert 1 <= sentence.line <= len(lines)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_checker_never_raises_on_any_unicode(text: str) -> None:
    report = check_text(text)
    assert math.isfinite(report.scores.reading_ease)
    assert math.isfinite(report.rare_word_share)


@settings(deadline=None)
@given(ANY_TEXT)
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text, max_chars=None)
    assert redact(once, max_chars=None) == once


@given(ANY_TEXT)
def test_redact_never_grows_text_more_than_twice_and_cuts_to_the_limit(text: str) -> None:
    assert len(redact(text, max_chars=None)) <= 2 * len(text) + 10
    assert len(redact(text)) <= 500


@given(ORDINARY_TEXT, DETAILS, ORDINARY_TEXT)
def test_redact_never_leaves_a_phone_email_postcode_ni_or_chi_number(before: str, detail: str, after: str) -> None:
    text = f"{before} {detail} {after}"
    for redacted in (redact(text, max_chars=None), redact_for_nlu(text)):
        assert detail not in redacted
        assert detail.replace(" ", "") not in redacted.replace(" ", "")


@given(ORDINARY_TEXT, INTRODUCERS, NAMES, ORDINARY_TEXT)
def test_redact_never_leaves_an_introduced_name(before: str, introducer: str, name: str, after: str) -> None:
    redacted = redact(f"{before}. {introducer} {name}. {after}", max_chars=None)
    assert f"{introducer} [name]" in redacted
    assert name not in redacted.split()


@given(ORDINARY_TEXT)
def test_redact_keeps_ordinary_text(text: str) -> None:
    assert redact(text, max_chars=None) == text
