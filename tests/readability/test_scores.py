"""Flesch-Kincaid grade and Reading Ease on our own split, with textstat's en_US syllables."""

from __future__ import annotations

import pytest

from assistant.readability import check_text

POLICY = (
    "Local authorities have a legal duty to offer people who are eligible for social care four options "
    "about how their care and support is delivered."
)
EASY_READ = """You can get money from the council to pay for your support.
This is called a direct payment.
You choose who helps you.
- You can pay a person to help you.
- You can pay a group to help you.

You must keep a record of what you spend.
Ask your council if you want to know more."""


def test_policy_sentence_scores_grade_14_and_ease_39() -> None:
    scores = check_text(POLICY, allow=(), jargon=()).scores
    assert scores.grade == pytest.approx(14.0, abs=0.3)
    assert scores.reading_ease == pytest.approx(39.3, abs=1.0)


def test_well_made_easy_read_scores_grade_2_to_4() -> None:
    report = check_text(EASY_READ, allow=(), jargon=())
    assert 2.0 <= report.scores.grade <= 4.0
    assert report.scores.reading_ease >= 85
    assert report.passed


def test_short_sentences_and_bullets_count_as_sentences() -> None:
    scores = check_text("Yes.\n- Money\n- A plan", allow=(), jargon=()).scores
    assert (scores.sentences, scores.words) == (3, 4)


def test_rare_words_ignore_glossary_terms() -> None:
    text = "Your advocate helps you."
    assert check_text(text, allow=()).rare_words == ("advocate",)
    assert check_text(text, allow=["advocate"]).rare_words == ()
