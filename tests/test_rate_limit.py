"""Chat rate limits: token buckets per client and per organisation, and the 429 people see."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.rate_limit import MemoryRateLimiter, client_address
from assistant.content.store import get_engine
from assistant.content.users import add_user

PLAIN_MESSAGE = "You are sending messages very fast. Please wait a few seconds and try again."
ALLOWED = "https://carers.example.org"
SITE: dict[str, Any] = {
    "id": "example-carers",
    "display_name": "Example Carers Centre",
    "greeting": "Hello. Ask me about support for you and the person you care for.",
    "colours": {"brand": "#005a30", "brand_text": "#ffffff"},
    "allowed_origins": [ALLOWED],
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_the_burst_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock=clock)
    waits = [limiter.take("client:a", per_minute=30, burst=3) for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(2.0)  # 30 a minute: one token every 2 seconds
    assert limiter.take("client:b", per_minute=30, burst=3) == 0.0  # another client has its own bucket
    clock.now += 2.0
    assert limiter.take("client:a", per_minute=30, burst=3) == 0.0
    assert limiter.take("client:a", per_minute=30, burst=3) > 0


def test_a_rate_of_zero_means_no_limit() -> None:
    limiter = MemoryRateLimiter(clock=Clock())
    assert all(limiter.take("k", per_minute=0, burst=1) == 0.0 for _ in range(100))


def test_full_buckets_are_forgotten_when_there_are_too_many() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(clock=clock, max_buckets=10)
    for number in range(10):
        limiter.take(f"client:{number}", per_minute=60, burst=5)
    clock.now += 60
    limiter.take("client:new", per_minute=60, burst=5)
    assert len(limiter._buckets) == 1


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "method": "POST", "path": "/v1/chat", "headers": headers, "client": (peer, 5000)})


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.9", "198.51.100.1", "", "203.0.113.9"),  # no trusted proxy: the header is ignored
        ("203.0.113.9", "198.51.100.1", "127.0.0.1", "203.0.113.9"),  # the peer is not a trusted proxy
        ("127.0.0.1", "198.51.100.1", "127.0.0.1", "198.51.100.1"),
        ("127.0.0.1", "6.6.6.6, 198.51.100.1", "127.0.0.1", "198.51.100.1"),  # the client cannot pick a bucket
        ("10.0.0.2", "198.51.100.1, 10.0.0.1", "::1, 10.0.0.0/8", "198.51.100.1"),  # two proxies
        ("127.0.0.1", None, "127.0.0.1", "127.0.0.1"),
    ],
)
def test_the_client_is_the_peer_unless_a_trusted_proxy_forwarded_the_request(
    peer: str, forwarded: str | None, trusted: str, client: str
) -> None:
    assert client_address(_request(peer, forwarded), trusted) == client


@pytest.fixture
def limited_client(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app with Rasa stubbed, no limit per client, a burst of 2 per organisation, and one site."""
    from api.main import create_app
    from assistant.settings import get_settings

    monkeypatch.setenv("SDS_CHAT_RATE_PER_CLIENT", "0")
    monkeypatch.setenv("SDS_CHAT_RATE_PER_ORG", "1")
    monkeypatch.setenv("SDS_CHAT_BURST_PER_ORG", "2")
    get_settings.cache_clear()
    reply = [{"recipient_id": "c1", "custom": {"text": "Hello."}}]
    with TestClient(create_app()) as test_client:
        test_client.app.state.http = httpx.AsyncClient(  # type: ignore[attr-defined]
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json=reply))
        )
        token = add_user(get_engine(get_settings().content_db_url), "rita", role="reviewer")
        created = test_client.post("/v1/content/sites", json=SITE, headers={"Authorization": f"Bearer {token}"})
        assert created.status_code == 201
        yield test_client


def test_one_organisation_over_its_limit_gets_429_while_others_still_chat(limited_client: TestClient) -> None:
    body = {"conversation_id": "c1", "text": "hello", "org": "example-carers"}
    statuses = [limited_client.post("/v1/chat", json=body).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert limited_client.post("/v1/chat", json={"conversation_id": "c1", "text": "hello"}).status_code == 200


def test_someone_in_crisis_is_never_told_to_wait(limited_client: TestClient) -> None:
    body = {"conversation_id": "c1", "text": "hello", "org": "example-carers"}
    for _ in range(2):
        limited_client.post("/v1/chat", json=body)
    response = limited_client.post("/v1/chat", json={**body, "text": "i want to kill myself"})
    assert response.status_code == 200
    (message,) = response.json()["messages"]
    assert message["topic"] == "crisis" and "999" in message["text"]


def test_a_fast_client_gets_a_plain_429_with_retry_after_and_can_chat_again_after_waiting(
    tmp_path: Path, start_api: Callable[..., Any]
) -> None:
    settings = {"SDS_CHAT_RATE_PER_CLIENT": "12", "SDS_CHAT_BURST_PER_CLIENT": "2"}  # one every 5 s after 2
    with start_api(tmp_path / "var", **settings) as api, httpx.Client(base_url=api.base_url, timeout=30) as http:
        reviewer = {"Authorization": f"Bearer {api.token('rita', 'reviewer')}"}
        assert http.post("/v1/content/sites", json=SITE, headers=reviewer).status_code == 201
        body = {"conversation_id": "c1", "text": "hello", "org": "example-carers"}
        sent: list[httpx.Response] = []
        while len(sent) < 8 and (not sent or sent[-1].status_code == 200):  # a slow machine may refill a token
            sent.append(http.post("/v1/chat", json=body, headers={"Origin": ALLOWED}))
        statuses = [r.status_code for r in sent]
        assert statuses[:2] == [200, 200] and statuses[-1] == 429
        refused = sent[-1]
        assert refused.json()["error"] == {"code": "rate-limited", "message": PLAIN_MESSAGE}
        assert refused.headers["access-control-allow-origin"] == ALLOWED  # the widget can read and show it
        assert refused.headers["access-control-expose-headers"] == "Retry-After"
        wait_s = int(refused.headers["retry-after"])
        assert wait_s >= 1
        time.sleep(wait_s)
        assert http.post("/v1/chat", json=body, headers={"Origin": ALLOWED}).status_code == 200
