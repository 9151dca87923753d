"""CORS per embedding organisation, through a real uvicorn server (and a stub Rasa): which websites may chat."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

ALLOWED = "https://carers.example.org"
OTHER = "https://not-listed.example.net"
SITE: dict[str, Any] = {
    "id": "example-carers",
    "display_name": "Example Carers Centre",
    "greeting": "Hello. Ask me about support for you and the person you care for.",
    "colours": {"brand": "#005a30", "brand_text": "#ffffff"},
    "contact": None,
    "allowed_origins": [ALLOWED],
}
PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, start_api: Callable[..., Any]) -> Iterator[Any]:
    """One API process for this module, with a site that lists ALLOWED (created through the content API)."""
    with start_api(tmp_path_factory.mktemp("var"), SDS_CHAT_RATE_PER_CLIENT="0") as api:
        reviewer = {"Authorization": f"Bearer {api.token('rita', 'reviewer')}"}
        created = httpx.post(f"{api.base_url}/v1/content/sites", json=SITE, headers=reviewer, timeout=60)
        assert created.status_code == 201, created.text
        api.reviewer = reviewer
        yield api


@pytest.fixture
def http(server: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        yield client


def chat(http: httpx.Client, origin: str | None, **body: str) -> httpx.Response:
    headers = {"Origin": origin} if origin else {}
    return http.post("/v1/chat", json={"conversation_id": "c1", "text": "hello", **body}, headers=headers)


def test_a_preflight_from_an_allowed_website_is_answered_with_its_exact_origin(http: httpx.Client) -> None:
    response = http.options("/v1/chat", headers={"Origin": ALLOWED, **PREFLIGHT})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"].lower() == "content-type"
    assert int(response.headers["access-control-max-age"]) > 0
    assert "Origin" in response.headers["vary"]
    assert "access-control-allow-credentials" not in response.headers


def test_a_preflight_from_another_website_is_refused_without_cors_headers(http: httpx.Client) -> None:
    response = http.options("/v1/chat", headers={"Origin": OTHER, **PREFLIGHT})
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers


def test_an_allowed_website_naming_its_organisation_gets_a_reply_it_may_read(http: httpx.Client, server: Any) -> None:
    response = chat(http, ALLOWED, org="example-carers", text="what is sds")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert response.json()["messages"] == [{"text": "You said: what is sds"}]
    assert server.rasa_requests[-1] == {"sender": "c1", "message": "what is sds"}


@pytest.mark.parametrize(
    ("origin", "org"),
    [
        (OTHER, "example-carers"),  # a website the organisation does not list
        (ALLOWED, None),  # no organisation named
        (ALLOWED, "sds-assistant"),  # an organisation that does not list this website
        (ALLOWED, "no-such-organisation"),
    ],
)
def test_a_chat_message_from_a_website_not_on_the_named_organisations_list_is_403_without_cors_headers(
    http: httpx.Client, server: Any, origin: str, org: str | None
) -> None:
    before = len(server.rasa_requests)
    response = chat(http, origin, **({"org": org} if org else {}))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin-not-allowed"
    assert "access-control-allow-origin" not in response.headers
    assert len(server.rasa_requests) == before  # Rasa never saw it


def test_our_own_pages_and_non_browser_clients_chat_without_naming_an_organisation(
    http: httpx.Client, server: Any
) -> None:
    assert chat(http, server.base_url).status_code == 200  # same origin
    assert chat(http, None).status_code == 200  # no Origin header (curl, the bench)


def test_a_refused_request_before_the_body_is_read_is_also_403(http: httpx.Client) -> None:
    response = http.post("/v1/chat", content=b"not json", headers={"Origin": OTHER, "Content-Type": "text/plain"})
    assert response.status_code == 403 and "access-control-allow-origin" not in response.headers


def test_errors_for_an_allowed_website_carry_cors_headers_so_the_widget_can_show_them(http: httpx.Client) -> None:
    response = chat(http, ALLOWED, org="example-carers", text="   ")
    assert response.status_code == 422 and response.json()["error"]["code"] == "empty-message"
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_a_site_s_public_settings_are_readable_only_by_its_own_websites(http: httpx.Client) -> None:
    allowed = http.get("/v1/sites/example-carers", headers={"Origin": ALLOWED})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED
    other = http.get("/v1/sites/example-carers", headers={"Origin": OTHER})
    assert other.status_code == 403 and "access-control-allow-origin" not in other.headers


def test_the_content_api_never_answers_other_websites(http: httpx.Client, server: Any) -> None:
    listed = http.get("/v1/content/sites", headers={"Origin": ALLOWED, **server.reviewer})
    assert "access-control-allow-origin" not in listed.headers
    preflight = http.options("/v1/content/sites", headers={"Origin": ALLOWED, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers


def test_widget_files_and_pictures_may_be_loaded_by_other_websites(http: httpx.Client) -> None:
    picture = http.get("/pictures/1F4B7.svg", headers={"Origin": OTHER})
    assert picture.status_code == 200
    assert picture.headers["cross-origin-resource-policy"] == "cross-origin"
    assert http.get("/widget.js").headers["cross-origin-resource-policy"] == "cross-origin"


def test_removing_a_website_from_the_list_takes_effect_at_once(http: httpx.Client, server: Any) -> None:
    address = "/v1/content/sites/example-carers"
    etag = http.get(address, headers=server.reviewer).headers["etag"]
    narrowed = {**SITE, "allowed_origins": ["https://other.example.org"]}
    assert http.put(address, json=narrowed, headers={**server.reviewer, "If-Match": etag}).status_code == 200
    try:
        assert chat(http, ALLOWED, org="example-carers").status_code == 403
        assert http.options("/v1/chat", headers={"Origin": ALLOWED, **PREFLIGHT}).status_code == 403
    finally:
        etag = http.get(address, headers=server.reviewer).headers["etag"]
        assert http.put(address, json=SITE, headers={**server.reviewer, "If-Match": etag}).status_code == 200
    assert chat(http, ALLOWED, org="example-carers").status_code == 200
