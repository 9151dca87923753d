"""Hard edges through the real app: security headers on every route family, the body size limit,
no HTML built from user text, no third-party calls from our pages, and a store that is down.

The size limit is also checked over a real socket (uvicorn in a thread) with a chunked body, which
has no Content-Length to refuse early.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.main import create_app
from api.security import PAGE_CSP
from assistant.paths import REPO_DIR
from assistant.settings import get_settings

PAGES = ["/", "/editor", "/embed"]
NOT_PAGES = ["/widget.js", "/openapi.json", "/health", "/pictures/1F4B7.svg", "/no/such/page"]
COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.fixture
def app_client(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SDS_MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("SDS_RASA_PORT", "9")  # nothing listens: Rasa is down
    get_settings.cache_clear()
    with TestClient(create_app()) as client:
        yield client


def _assert_common(headers: object) -> None:
    for name, value in COMMON.items():
        assert headers[name] == value, name  # type: ignore[index]
    assert "camera=()" in headers["permissions-policy"]  # type: ignore[index]
    assert "geolocation=()" in headers["permissions-policy"]  # type: ignore[index]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_gets_the_page_csp_and_may_be_framed_only_by_us(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == PAGE_CSP
    assert "'unsafe-inline'" not in PAGE_CSP and "frame-ancestors 'self'" in PAGE_CSP
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    _assert_common(response.headers)


@pytest.mark.parametrize("path", NOT_PAGES)
def test_everything_that_is_not_a_page_gets_a_csp_that_allows_nothing(app_client: TestClient, path: str) -> None:
    response = app_client.get(path)
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response.headers["x-frame-options"] == "DENY"
    _assert_common(response.headers)


def test_chat_errors_and_replies_get_the_headers_too(app_client: TestClient) -> None:
    response = app_client.post("/v1/chat", json={"conversation_id": "c1", "text": "hello"})
    assert response.status_code == 503
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    _assert_common(response.headers)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_swagger_and_redoc_are_off_as_they_load_scripts_from_a_cdn(app_client: TestClient, path: str) -> None:
    assert app_client.get(path).status_code == 404
    assert app_client.get("/openapi.json").json()["paths"]["/v1/chat"]


# Comments and <code> examples (the embed snippet shows a partner's page) are not loaded by anyone.
COMMENTS_AND_EXAMPLES = re.compile(r"/\*.*?\*/|<!--.*?-->|<code>.*?</code>", re.DOTALL)


def test_our_pages_and_scripts_name_no_third_party_address() -> None:
    static = REPO_DIR / "api" / "static"
    external = re.compile(r"""(?:src|href|url\(|fetch\(|import)\s*=?\s*["']?(?:https?:)?//""", re.IGNORECASE)
    for path in static.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".mjs"):
            code = COMMENTS_AND_EXAMPLES.sub("", path.read_text(encoding="utf-8"))
            assert not external.search(code), path


@pytest.mark.parametrize(
    ("path", "method"),
    [("/v1/chat", "post"), ("/v1/content/check", "post"), ("/v1/content/answers", "post"), ("/health", "post")],
)
def test_a_body_over_the_limit_is_refused_with_413_on_every_route(
    app_client: TestClient, path: str, method: str
) -> None:
    response = app_client.request(method, path, content=b"x" * 5000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body-too-large"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_a_body_under_the_limit_reaches_the_route(app_client: TestClient) -> None:
    response = app_client.post("/v1/chat", content=b'{"conversation_id": "c1", "text": ""}')
    assert response.json()["error"]["code"] == "empty-message"


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "\u202e<b>x</b>"]
)
def test_the_api_answers_user_text_with_json_never_html(app_client: TestClient, text: str) -> None:
    for response in (
        app_client.post("/v1/chat", json={"conversation_id": "c1", "text": text}),
        app_client.post("/v1/chat", json={"conversation_id": text, "text": "hi"}),
        app_client.get(f"/v1/sites/{text}"),
        app_client.get(f"/pictures/{text}.svg"),
    ):
        assert response.headers["content-type"].startswith("application/json"), response.url
        assert "<script" not in response.text and "onerror=" not in response.text


def test_a_locked_store_gives_503_and_keeps_nothing(app_client: TestClient, reviewer: dict[str, str]) -> None:
    new = {"id": "locked-test", "status": "draft"}
    path = Path(get_settings().content_db_url.removeprefix("sqlite:///"))
    locker = sqlite3.connect(path, timeout=1, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock for longer than we wait
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("assistant.content.store._store_timeout_s", lambda: 0.2)
            from assistant.content.store import get_engine

            get_engine.cache_clear()
            response = app_client.post("/v1/content/answers", json=new, headers=reviewer)
            get_engine.cache_clear()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert response.status_code == 503 and response.json()["error"]["code"] == "store-unavailable"
    assert app_client.get("/v1/content/answers/locked-test", headers=reviewer).status_code == 404


# --- A real server: a chunked body has no Content-Length, so it is counted as it arrives ---------


@pytest.fixture
def server(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("SDS_MAX_BODY_BYTES", "4096")
    get_settings.cache_clear()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield port
    running.should_exit = True
    thread.join(timeout=10)


def _chunked_post(port: int, chunks: list[bytes]) -> tuple[int, dict[str, object]]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        head = (
            b"POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        conn.sendall(head)
        try:
            for chunk in chunks:
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the rest arrived
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            data = conn.recv(65536)
            if not data:
                break
            reply += data
    status = int(reply.split(b" ", 2)[1])
    body = reply.split(b"\r\n\r\n", 1)[1]
    if b"\r\n" in body and not body.startswith(b"{"):  # a chunked reply
        body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0", 1)[0]
    return status, json.loads(body)


def test_a_chunked_body_over_the_limit_gets_413(server: int) -> None:
    status, body = _chunked_post(server, [b"x" * 1024] * 8)
    assert status == 413 and body["error"]["code"] == "body-too-large"  # type: ignore[index]


def test_a_chunked_body_under_the_limit_is_read_whole(server: int) -> None:
    status, body = _chunked_post(server, [b'{"conversation_id": "c1", ', b'"text": "  "}'])
    assert status == 422 and body["error"]["code"] == "empty-message"  # type: ignore[index]
