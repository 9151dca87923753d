"""The real answers: every published one passes the hard rules, and the set reads like easy read."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.content.files import answer_paths
from assistant.paths import ANSWERS_DIR
from assistant.readability.answers import FileResult, check_answer_path, summarise

PATHS = answer_paths(ANSWERS_DIR) if ANSWERS_DIR.exists() else []


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    if not PATHS:
        pytest.skip("content/easyread has no answer files yet")
    return [check_answer_path(path) for path in PATHS]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_published_answer_passes_every_hard_rule(path: Path) -> None:
    result = check_answer_path(path)
    assert result.error is None, result.error
    if result.gated:
        assert not result.hard, [f"{i.line}: {i.code}: {i.message}" for i in result.hard]


def test_answer_set_reads_like_easy_read(results: list[FileResult]) -> None:
    summary = summarise([r for r in results if r.gated])
    assert summary.median_grade <= 4.0
    assert summary.median_reading_ease >= 85.0
    assert summary.mean_words_per_sentence <= 10.0
