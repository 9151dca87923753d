"""The chat widget's files: small enough, served with the right types, and safe under a strict CSP.

The widget's behaviour is tested in a real browser: tests/e2e/test_widget.py.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.paths import REPO_DIR

STATIC = REPO_DIR / "api" / "static"
WIDGET_FILES = [STATIC / "widget" / "widget.js", STATIC / "widget" / "widget.css"]
PAGES = [STATIC / "demo.html", STATIC / "embed.html"]
SCRIPTS = [STATIC / "widget" / "widget.js", STATIC / "embed.js"]
MAX_GZIPPED_BYTES = 60 * 1024


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_widget_script_and_styles_together_are_under_60_kb_gzipped() -> None:
    total = sum(gzipped_size(path) for path in WIDGET_FILES)
    assert 0 < total < MAX_GZIPPED_BYTES, f"{total} bytes gzipped"


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/widget.js", "text/javascript"), ("/widget/widget.js", "text/javascript"), ("/widget/widget.css", "text/css")],
)
def test_widget_files_are_served_for_other_websites(client: Any, path: str, media_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"


@pytest.mark.parametrize(
    "path", ["/widget/nothing.js", "/widget/..%2Fdemo.html", "/widget/.hidden.css", "/widget/x.txt"]
)
def test_only_the_widgets_own_files_are_served(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not-found"


def test_embed_page_and_its_script_are_served(client: Any) -> None:
    page = client.get("/embed")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/embed.js" in page.text and "/static/embed.css" in page.text
    assert client.get("/static/embed.js").status_code == 200


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_have_no_inline_script_style_or_event_handler(page: Path) -> None:
    html = page.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_never_write_html_or_inline_styles(script: Path) -> None:
    source = script.read_text()
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert forbidden not in source, forbidden
    assert not re.search(r"setAttribute\(\s*['\"](style|on[a-z]+)['\"]", source)
