"""Flesch-Kincaid grade and Reading Ease on our own split, with textstat's en_US syllables."""

from __future__ import annotations

import pytest

from assistant.readability import check_text

POLICY = (
    "Local authorities have a legal duty to offer people who are eligible for social care four options "
    "about how their care and support is delivered."
)
EASY_READ = """Self-directed Support is a way to get social care.
You have a say in the support you get.
The council must offer you 4 options.
- Option 1: the council gives you the money.
- Option 2: you choose, and someone else pays.
- Option 3: the council chooses your support.

You can change your option later.
Ask your social worker about the options."""


def test_policy_sentence_scores_grade_14_and_ease_39() -> None:
    scores = check_text(POLICY, allow=(), jargon=()).scores
    assert scores.grade == pytest.approx(14.0, abs=0.3)
    assert scores.reading_ease == pytest.approx(39.3, abs=1.0)


def test_well_made_easy_read_scores_grade_2_to_4() -> None:
    report = check_text(EASY_READ, allow=(), jargon=())
    assert 2.0 <= report.scores.grade <= 4.0
    assert report.scores.reading_ease >= 80
    assert report.passed


def test_short_sentences_and_bullets_count_as_sentences() -> None:
    scores = check_text("Yes.\n- Money\n- A plan", allow=(), jargon=()).scores
    assert (scores.sentences, scores.words) == (3, 4)


def test_rare_words_ignore_glossary_terms() -> None:
    text = "The ombudsman helps you."
    assert check_text(text, allow=()).rare_words == ("ombudsman",)
    assert check_text(text, allow=["ombudsman"]).rare_words == ()
