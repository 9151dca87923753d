"""Find free help near me: organisations in the person's council area first, then national ones."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from assistant.answering import help_organisations
from assistant.local_help import ask_council_area, find_help, known_council_area, local_organisations
from assistant.places import council_area_named, council_areas

TOPIC = "independent_support_organisations"


def _area(name: str):  # type: ignore[no-untyped-def]
    area = council_area_named(name)
    assert area is not None
    return area


def test_find_help_without_an_area_gives_national_help_and_asks_where_the_person_lives(store: Engine) -> None:
    messages = find_help(store, None)
    assert all(org.name in messages[0]["text"] for org in help_organisations(store))
    question = messages[-1]
    assert question["text"] == "Which council area do you live in? Then I can show help near you."
    assert len(question["buttons"]) == 32
    assert question["buttons"][0] == {
        "title": "Aberdeen",
        "payload": '/set_council_area{"council_area":"Aberdeen City"}',
    }
    assert {m["topic"] for m in messages} == {TOPIC}


def test_find_help_for_an_area_lists_its_local_organisations_before_national_ones(store: Engine) -> None:
    messages = find_help(store, _area("City of Edinburgh"))
    text = "\n".join(m["text"] for m in messages)
    assert messages[0]["text"].startswith("Help in Edinburgh:")
    local = [text.index(name) for name in ("Lothian Centre for Inclusive Living", "VOCAL")]
    national = [text.index(org.name) for org in help_organisations(store)]
    assert max(local) < min(national)
    assert "Glasgow Centre for Inclusive Living" not in text
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/change_council_area", "/help_menu"]
    assert {m["topic"] for m in messages} == {TOPIC}


def test_find_help_for_an_area_with_no_local_organisation_says_so_plainly(store: Engine) -> None:
    messages = find_help(store, _area("Orkney Islands"))
    assert "no local organisation for Orkney yet" in messages[0]["text"]
    assert "social work team" in messages[0]["text"]
    assert all(org.name in messages[1]["text"] for org in help_organisations(store))
    assert messages[-1]["buttons"][0] == {"title": "Change my area", "payload": "/change_council_area"}


@pytest.mark.parametrize("area", council_areas(), ids=lambda a: a.name)
def test_local_organisations_serve_the_area_and_are_not_national(store: Engine, area) -> None:  # type: ignore[no-untyped-def]
    assert all(area.name in org.areas and not org.national for org in local_organisations(store, area))


def test_ask_council_area_offers_every_council_area_in_order_of_the_button_titles() -> None:
    (message,) = ask_council_area()
    titles = [b["title"] for b in message["buttons"]]
    assert titles == sorted((a.title for a in council_areas()), key=str.lower)
    assert titles.index("Edinburgh") > titles.index("Dundee")
    assert message["topic"] == TOPIC


@pytest.mark.parametrize(
    ("values", "official"),
    [
        (("Fife", None), "Fife"),
        (("glasgow city", "Fife"), "Glasgow City"),
        ((None, "Highland"), "Highland"),
        (("paisley", None), "Renfrewshire"),
        (("Atlantis", "Moray"), "Moray"),
        (("Atlantis", None), None),
        ((None, None), None),
    ],
)
def test_known_council_area_takes_the_first_value_that_names_an_area(values: tuple, official: str | None) -> None:  # type: ignore[type-arg]
    area = known_council_area(*values)
    assert (area.name if area else None) == official
