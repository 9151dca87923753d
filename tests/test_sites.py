"""Embedding organisations ("sites") through the real app and a real SQLite store: schema, contrast, roles, ETags."""

from __future__ import annotations

import copy
import datetime as dt
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from assistant.colours import contrast_ratio
from assistant.content.sites import DEFAULT_SITE_ID, list_sites, seed_default_site
from assistant.content.users import add_user, audit_entries
from assistant.embedding import contact_message, with_site_contact

SITE: dict[str, Any] = {
    "id": "example-carers",
    "display_name": "Example Carers Centre",
    "greeting": "Hello. Ask me about support for you and the person you care for.",
    "colours": {"brand": "#005a30", "brand_text": "#ffffff"},
    "contact": {"name": "Example Carers Centre", "phone": "0131 000 0000", "email": "help@example.org"},
    "allowed_origins": ["https://carers.example.org"],
}


def site(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SITE)
    data.update(changes)
    return data


def create(client: TestClient, headers: dict[str, str], data: dict[str, Any] | None = None) -> httpx.Response:
    return client.post("/v1/content/sites", json=data or SITE, headers=headers)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#777777", 4.48),
        ("#767676", "#ffffff", 4.54),
        ("#0b4f8a", "#0b4f8a", 1.0),
    ],
)
def test_contrast_ratio_gives_the_wcag_numbers(first: str, second: str, ratio: float) -> None:
    assert round(contrast_ratio(first, second), 2) == ratio


def test_text_below_4_5_to_1_on_the_brand_colour_is_refused_with_the_measured_ratio(
    client: TestClient, reviewer: dict[str, str]
) -> None:
    response = create(client, reviewer, site(colours={"brand": "#777777", "brand_text": "#ffffff"}))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "contrast-too-low" and "4.5" in error["message"]
    assert error["detail"] == [
        {
            "colour": "brand_text",
            "against": "brand",
            "ratio": 4.47,  # 4.478..., rounded down so it never shows as passing
            "minimum": 4.5,
            "message": "brand_text on brand has a contrast of 4.47:1. It needs at least 4.5:1.",
        }
    ]


def test_colours_at_4_5_to_1_or_more_are_accepted(client: TestClient, reviewer: dict[str, str]) -> None:
    response = create(client, reviewer, site(colours={"brand": "#767676", "brand_text": "#FFFFFF"}))
    assert response.status_code == 201
    assert response.json()["colours"] == {"brand": "#767676", "brand_text": "#ffffff"}


def test_a_brand_colour_too_pale_for_a_border_on_white_is_refused(client: TestClient, reviewer: dict[str, str]) -> None:
    response = create(client, reviewer, site(colours={"brand": "#ffdd00", "brand_text": "#000000"}))
    assert response.status_code == 422
    (problem,) = response.json()["error"]["detail"]
    assert (problem["colour"], problem["against"], problem["minimum"]) == ("brand", "white", 3.0)
    assert problem["ratio"] < 3.0


def test_a_greeting_that_fails_a_hard_easy_read_rule_is_refused(client: TestClient, reviewer: dict[str, str]) -> None:
    greeting = (
        "Notwithstanding the aforementioned considerations, comprehensive personalisation methodologies "
        "facilitate individualised outcomes."
    )
    response = create(client, reviewer, site(greeting=greeting))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "greeting-not-easy-read"
    assert {issue["severity"] for issue in error["detail"]["issues"]} == {"hard"}


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"allowed_origins": ["https://*.example.org"]}, "allowed_origins"),
        ({"allowed_origins": ["https://example.org/page"]}, "allowed_origins"),
        ({"allowed_origins": ["*"]}, "allowed_origins"),
        ({"allowed_origins": ["null"]}, "allowed_origins"),
        ({"allowed_origins": ["ftp://example.org"]}, "allowed_origins"),
        ({"contact": {"name": "Only a name"}}, "contact"),
        ({"contact": {"name": "X", "email": "not an email"}}, "contact"),
        ({"contact": {"name": "X", "website": "javascript:alert(1)"}}, "contact"),
        ({"contact": {"name": "X", "phone": "call us"}}, "contact"),
        ({"colours": {"brand": "blue", "brand_text": "#ffffff"}}, "colours"),
        ({"id": "Not A Slug"}, "id"),
        ({"display_name": "Two\nlines"}, "display_name"),
        ({"logo": "x.png"}, "logo"),
    ],
)
def test_settings_outside_the_closed_schema_are_refused(
    client: TestClient, reviewer: dict[str, str], changes: dict[str, Any], where: str
) -> None:
    response = create(client, reviewer, site(**changes))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid-site"
    assert where in {str(part) for problem in error["detail"] for part in problem["loc"]}


def test_origins_are_stored_the_way_browsers_send_them(client: TestClient, reviewer: dict[str, str]) -> None:
    origins = ["HTTPS://Carers.Example.org:443/", "http://localhost:8080", "https://carers.example.org"]
    response = create(client, reviewer, site(allowed_origins=origins))
    assert response.status_code == 201
    assert response.json()["allowed_origins"] == ["https://carers.example.org", "http://localhost:8080"]


def test_the_public_view_hides_the_allowed_websites_and_can_be_cached(
    client: TestClient, reviewer: dict[str, str]
) -> None:
    assert create(client, reviewer).status_code == 201
    response = client.get("/v1/sites/example-carers")
    assert response.status_code == 200
    assert response.json() == {
        "id": "example-carers",
        "display_name": "Example Carers Centre",
        "greeting": SITE["greeting"],
        "colours": SITE["colours"],
        "contact": {"name": "Example Carers Centre", "phone": "0131 000 0000", "email": "help@example.org"},
    }
    assert response.headers["etag"].startswith('W/"') and "max-age" in response.headers["cache-control"]
    again = client.get("/v1/sites/example-carers", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_our_own_site_is_seeded_once_and_an_unknown_one_is_404(client: TestClient, engine: Engine) -> None:
    assert seed_default_site(engine) is False
    assert [s.id for s in list_sites(engine)] == [DEFAULT_SITE_ID]
    own = client.get(f"/v1/sites/{DEFAULT_SITE_ID}").json()
    assert own["contact"] is None and "allowed_origins" not in own
    missing = client.get("/v1/sites/no-such-organisation")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "site-not-found"


def test_listing_and_reading_sites_needs_a_token(client: TestClient, editor: dict[str, str]) -> None:
    assert client.get("/v1/content/sites").status_code == 401
    listed = client.get("/v1/content/sites", headers=editor)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [DEFAULT_SITE_ID]
    one = client.get(f"/v1/content/sites/{DEFAULT_SITE_ID}", headers=editor)
    assert one.json()["allowed_origins"] == [] and one.headers["etag"]


def test_editors_cannot_create_change_or_delete_a_site(client: TestClient, editor: dict[str, str]) -> None:
    etag = client.get(f"/v1/content/sites/{DEFAULT_SITE_ID}", headers=editor).headers["etag"]
    writes = [
        create(client, editor),
        client.put(
            f"/v1/content/sites/{DEFAULT_SITE_ID}", json=site(id=DEFAULT_SITE_ID), headers={**editor, "If-Match": etag}
        ),
        client.delete(f"/v1/content/sites/{DEFAULT_SITE_ID}", headers={**editor, "If-Match": etag}),
    ]
    assert [(w.status_code, w.json()["error"]["code"]) for w in writes] == [(403, "forbidden")] * 3


def test_a_change_needs_the_current_etag(client: TestClient, reviewer: dict[str, str], engine: Engine) -> None:
    created = create(client, reviewer)
    first_etag = created.headers["etag"]
    address = "/v1/content/sites/example-carers"
    changed = site(greeting="Hello. I can help you find support.")
    assert client.put(address, json=changed, headers=reviewer).status_code == 428
    saved = client.put(address, json=changed, headers={**reviewer, "If-Match": first_etag})
    assert saved.status_code == 200 and saved.json()["revision"] == 2 and saved.json()["updated_by"] == "rita"
    stale = client.put(address, json=site(), headers={**reviewer, "If-Match": first_etag})
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "etag-mismatch"
    assert stale.headers["etag"] == saved.headers["etag"]
    assert stale.json()["error"]["detail"]["current"]["greeting"] == "Hello. I can help you find support."
    assert client.get("/v1/sites/example-carers").json()["greeting"] == "Hello. I can help you find support."
    actions = [(e.actor, e.action, e.answer_id, e.revision) for e in audit_entries(engine, kind="sites")]
    assert actions == [("rita", "create", "example-carers", 1), ("rita", "save", "example-carers", 2)]


def test_the_id_in_the_body_must_be_the_one_in_the_address(client: TestClient, reviewer: dict[str, str]) -> None:
    etag = create(client, reviewer).headers["etag"]
    response = client.put(
        "/v1/content/sites/example-carers", json=site(id="other"), headers={**reviewer, "If-Match": etag}
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid-site"


def test_creating_an_id_twice_is_a_conflict(client: TestClient, reviewer: dict[str, str]) -> None:
    assert create(client, reviewer).status_code == 201
    again = create(client, reviewer)
    assert again.status_code == 409 and again.json()["error"]["code"] == "site-exists"


def test_a_deleted_site_is_gone_and_its_settings_stay_in_the_audit_log(
    client: TestClient, reviewer: dict[str, str], engine: Engine
) -> None:
    etag = create(client, reviewer).headers["etag"]
    deleted = client.delete("/v1/content/sites/example-carers", headers={**reviewer, "If-Match": etag})
    assert deleted.status_code == 200 and deleted.json()["id"] == "example-carers"
    assert client.get("/v1/sites/example-carers").status_code == 404
    (entry,) = [e for e in audit_entries(engine, kind="sites") if e.action == "delete"]
    assert json.loads(entry.detail)["allowed_origins"] == SITE["allowed_origins"]
    recreated = create(client, reviewer)
    assert recreated.status_code == 201 and recreated.headers["etag"] != etag


# "Their own contact shown first among Find free help" -------------------------------------------------

FIND_HELP_REPLY = [
    {"recipient_id": "c1", "custom": {"text": "These organisations give free help:\n- A. Phone 1.",
                                      "topic": "independent_support_organisations"}},
    {"recipient_id": "c1", "custom": {"text": "Your council's social work team can also tell you about help near you.",
                                      "topic": "independent_support_organisations",
                                      "buttons": [{"title": "Main menu", "payload": "/help_menu"}]}},
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chat_client(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app with Rasa replaced by a stub that answers with the "Find free help" reply."""
    from api.main import create_app
    from assistant.settings import get_settings

    monkeypatch.setenv("SDS_RASA_PORT", str(_free_port()))
    get_settings.cache_clear()
    with TestClient(create_app()) as test_client:
        test_client.app.state.http = httpx.AsyncClient(  # type: ignore[attr-defined]
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json=FIND_HELP_REPLY))
        )
        yield test_client


def test_the_organisations_own_contact_comes_first_in_find_free_help(chat_client: TestClient) -> None:
    from assistant.content.store import get_engine
    from assistant.settings import get_settings

    token = add_user(get_engine(get_settings().content_db_url), "rita", role="reviewer")
    assert create(chat_client, {"Authorization": f"Bearer {token}"}).status_code == 201
    with_org = chat_client.post(
        "/v1/chat", json={"conversation_id": "c1", "text": "find free help", "org": "example-carers"}
    )
    texts = [m["text"] for m in with_org.json()["messages"]]
    assert texts[0] == "You can ask Example Carers Centre for help.\n- Phone 0131 000 0000\n- Email: help@example.org"
    assert texts[1:] == [item["custom"]["text"] for item in FIND_HELP_REPLY]
    without = chat_client.post("/v1/chat", json={"conversation_id": "c2", "text": "find free help"})
    assert len(without.json()["messages"]) == len(FIND_HELP_REPLY)


def test_other_replies_and_the_where_do_you_live_question_get_no_contact(
    client: TestClient, reviewer: dict[str, str]
) -> None:
    create(client, reviewer)
    from assistant.content.sites import get_site
    from assistant.content.store import get_engine
    from assistant.settings import get_settings

    found = get_site(get_engine(get_settings().content_db_url), "example-carers")
    assert found is not None and contact_message(found) is not None
    answer = [{"text": "A direct payment is money.", "topic": "option1_direct_payment"}]
    question = [{"text": "Which council area do you live in?", "topic": "independent_support_organisations",
                 "buttons": [{"title": "Fife", "payload": '/set_council_area{"council_area":"Fife"}'}]}]  # fmt: skip
    assert with_site_contact(answer, found) == answer
    assert with_site_contact(question, found) == question


def test_the_site_directory_reads_the_store_again_after_its_ttl_or_when_told(tmp_path: Path) -> None:
    from assistant.content.sites import create_site
    from assistant.content.store import get_engine
    from assistant.content.users import User
    from assistant.embedding import SiteDirectory

    url = f"sqlite:///{tmp_path / 'content.db'}"
    seed_default_site(get_engine(url))
    now = [0.0]
    directory = SiteDirectory(url, ttl_s=5.0, clock=lambda: now[0])
    assert not directory.any_allows("https://carers.example.org")
    create_site(get_engine(url), SITE, user=User("rita", "reviewer"))
    now[0] = 4.9
    assert not directory.any_allows("https://carers.example.org")  # still the copy read at 0 s
    now[0] = 5.0
    assert directory.allows("example-carers", "https://carers.example.org")
    assert not directory.allows(DEFAULT_SITE_ID, "https://carers.example.org")
    create_site(
        get_engine(url),
        site(id="second", allowed_origins=["https://second.example.org"]),
        user=User("rita", "reviewer"),
    )
    assert directory.get("second") is None
    directory.forget()  # what the content API does after a change in this process
    assert directory.any_allows("https://second.example.org")


@pytest.mark.parametrize("area_name", [None, "City of Edinburgh"])
def test_the_real_find_free_help_reply_gets_the_contact_first(store: Engine, area_name: str | None) -> None:
    from assistant.content.site_schema import SiteSettings
    from assistant.content.sites import Site
    from assistant.local_help import find_help, known_council_area

    area = known_council_area(area_name)
    assert (area is None) == (area_name is None)
    found = Site(SiteSettings.parse_obj(SITE), 1, '"x"', "rita", dt.datetime(2026, 1, 1))
    reply = find_help(store, area)
    shown = with_site_contact(reply, found)
    assert shown[0]["text"].startswith("You can ask Example Carers Centre for help.")
    assert shown[1:] == reply
