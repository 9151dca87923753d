"""The editor page (/editor) as the API serves it, and `GET /v1/content/me`, which the page uses to greet
the user. The page itself is driven in a real browser by tests/e2e/test_editor_page.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.paths import REPO_DIR

EDITOR_DIR = REPO_DIR / "api" / "static" / "editor"
PAGE = EDITOR_DIR / "index.html"


def test_editor_page_is_served_as_html_with_the_page_csp(client: Any) -> None:
    response = client.get("/editor")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<h1" in response.text


def test_every_file_the_editor_page_loads_is_served(client: Any) -> None:
    html = PAGE.read_text()
    assets = re.findall(r'(?:src|href)="(/static/editor/[^"]+)"', html)
    modules = [
        f"/static/editor/{m}"
        for p in EDITOR_DIR.glob("*.js")
        for m in re.findall(r"from '\./([\w.-]+)'", p.read_text())
    ]
    assert assets and modules
    for path in {*assets, *modules}:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", sorted(EDITOR_DIR.iterdir()), ids=lambda p: p.name)
def test_editor_files_use_no_inline_script_style_or_html_injection(path: Path) -> None:
    text = path.read_text()
    if path.suffix == ".html":
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", text), "inline style or event handler"
    if path.suffix == ".js":
        assert not re.search(r"innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|eval\(", text)


def test_me_says_who_the_token_belongs_to(client: Any, editor: dict[str, str], reviewer: dict[str, str]) -> None:
    assert client.get("/v1/content/me", headers=editor).json() == {
        "name": "eddie",
        "role": "editor",
        "can_publish": False,
    }
    assert client.get("/v1/content/me", headers=reviewer).json() == {
        "name": "rita",
        "role": "reviewer",
        "can_publish": True,
    }


def test_me_without_a_valid_token_is_unauthorised(client: Any) -> None:
    assert client.get("/v1/content/me").status_code == 401
    response = client.get("/v1/content/me", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorised"
