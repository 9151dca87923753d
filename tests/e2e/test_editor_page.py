"""The editor page (/editor) in a real browser (Debian's Chromium) against the real product and trained model.

Each test runs one node test file from `tests/browser/` (they say what they check, test by test).
Screenshots go to `build/browser/editor/`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.paths import REPO_DIR

pytestmark = pytest.mark.e2e

ARTIFACTS = REPO_DIR / "build" / "browser" / "editor"
BrowserTest = Callable[..., None]


def test_reviewer_edits_sees_problems_as_they_type_publishes_and_the_chat_says_the_new_text(
    stack: Any, browser_test: BrowserTest
) -> None:
    token = stack.token("rita", "reviewer")
    browser_test("editor.test.mjs", base_url=stack.base_url, artifacts=ARTIFACTS, TOKEN=token)
    for name in ("editor-sign-in-error.png", "editor-list.png", "editor-edit-problems.png"):
        assert (ARTIFACTS / name).stat().st_size > 1000


def test_editor_never_loses_work_on_reload_or_when_someone_else_saved_first(
    stack: Any, browser_test: BrowserTest
) -> None:
    editor, reviewer = stack.token("eddie", "editor"), stack.token("rory", "reviewer")
    browser_test(
        "editor-safety.test.mjs", base_url=stack.base_url, artifacts=ARTIFACTS, TOKEN=editor, OTHER_TOKEN=reviewer
    )
    assert (ARTIFACTS / "editor-conflict.png").stat().st_size > 1000
