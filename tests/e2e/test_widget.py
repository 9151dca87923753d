"""The chat widget in a real browser (Debian's Chromium) against the real product with the trained model.

Each test runs one node test file from `tests/browser/` (they say what they check, test by test).
Screenshots go to `build/browser/widget/`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.paths import REPO_DIR

pytestmark = pytest.mark.e2e

ARTIFACTS = REPO_DIR / "build" / "browser" / "widget"
BrowserTest = Callable[..., None]


def test_widget_works_by_keyboard_with_a_screen_reader_and_fails_in_plain_words(
    stack: Any, browser_test: BrowserTest
) -> None:
    browser_test("widget.test.mjs", base_url=stack.base_url, artifacts=ARTIFACTS)


def test_widget_pages_have_no_axe_violations_closed_open_long_and_high_contrast(
    stack: Any, browser_test: BrowserTest
) -> None:
    browser_test("widget-a11y.test.mjs", base_url=stack.base_url, artifacts=ARTIFACTS)
    for name in ("widget-320.png", "widget-1280.png"):
        assert (ARTIFACTS / name).stat().st_size > 1000


def test_widget_on_another_website_works_only_where_the_site_allows_it(stack: Any, browser_test: BrowserTest) -> None:
    token = stack.token("widget-rita", "reviewer")
    browser_test("widget-embed.test.mjs", base_url=stack.base_url, artifacts=ARTIFACTS, REVIEWER_TOKEN=token)
