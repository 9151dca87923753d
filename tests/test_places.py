"""Council areas: the file is a contract, and places people type (with small typos) are recognised."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from assistant.components.council_area_extractor import CouncilAreaExtractor
from assistant.content.council_areas import read_council_areas
from assistant.content.files import ContentFileError
from assistant.content.organisations import ALL_AREAS, read_organisations
from assistant.paths import CONTENT_DIR, DATA_DIR
from assistant.places import COUNCIL_AREAS_PATH, find_council_area, find_place, typo_distance

AREAS = read_council_areas(COUNCIL_AREAS_PATH)
OFFICIAL_NAMES = [area.name for area in AREAS]


def _training_examples(*intents: str, skip: str = "") -> list[str]:
    examples = []
    for path in sorted((DATA_DIR / "nlu").glob("*.yml")):
        if path.name == skip:
            continue
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if not intents or block.get("intent") in intents:
                examples += [e[2:].strip() for e in block["examples"].splitlines() if e.startswith("- ")]
    return examples


def test_council_areas_file_lists_the_32_scottish_council_areas_once() -> None:
    assert len(OFFICIAL_NAMES) == 32 and len(set(OFFICIAL_NAMES)) == 32
    assert len({area.title for area in AREAS}) == 32


def test_every_organisation_area_is_an_official_council_area_name() -> None:
    areas = {a for org in read_organisations(CONTENT_DIR / "organisations.yml") for a in org.areas} - {ALL_AREAS}
    assert areas <= set(OFFICIAL_NAMES)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.name)
def test_every_name_and_town_of_an_area_is_recognised_as_that_area(area) -> None:  # type: ignore[no-untyped-def]
    for name in area.names:
        assert find_council_area(name) == area, name
        assert find_council_area(f"i live in {name.lower()}") == area, name


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Glasgow City", "Glasgow City"),
        ("City of Edinburgh", "City of Edinburgh"),
        ("Na h-Eileanan Siar", "Na h-Eileanan Siar"),
        ("glasgow", "Glasgow City"),
        ("Edinburgh please", "City of Edinburgh"),
        ("western isles", "Na h-Eileanan Siar"),
        ("the Borders", "Scottish Borders"),
        ("I'm from Dundee!", "Dundee City"),
        ("i stay in paisley", "Renfrewshire"),
        ("Kirkcaldy", "Fife"),
        ("dunfermline", "Fife"),
        ("livingston", "West Lothian"),
        ("motherwell", "North Lanarkshire"),
        ("east kilbride", "South Lanarkshire"),
        ("fort william", "Highland"),
        ("Ayr", "South Ayrshire"),
        ("kilmarnock", "East Ayrshire"),
        ("Stornoway", "Na h-Eileanan Siar"),
        ("lerwick", "Shetland Islands"),
        ("giffnock", "East Renfrewshire"),
        ("glasgw", "Glasgow City"),
        ("edinbrugh", "City of Edinburgh"),
        ("aberdeenshir", "Aberdeenshire"),
        ("i live in invernes", "Highland"),
        ("north lanarkshre", "North Lanarkshire"),
        ("dumfries and galoway", "Dumfries and Galloway"),
    ],
)
def test_place_is_recognised_by_name_other_name_town_or_small_typo(text: str, official: str) -> None:
    area = find_council_area(text)
    assert area is not None and area.name == official


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Port Glasgow", "Inverclyde"),
        ("East Dunbartonshire", "East Dunbartonshire"),
        ("West Dunbartonshire", "West Dunbartonshire"),
        ("north lanarkshire", "North Lanarkshire"),
        ("south lanarkshire", "South Lanarkshire"),
        ("East Renfrewshire", "East Renfrewshire"),
        ("renfrewshire", "Renfrewshire"),
        ("aberdeen", "Aberdeen City"),
        ("aberdeenshire", "Aberdeenshire"),
    ],
)
def test_longest_place_name_wins(text: str, official: str) -> None:
    area = find_council_area(text)
    assert area is not None and area.name == official


@pytest.mark.parametrize(
    "text",
    [
        "how do I find free help",
        "can I get support",
        "what is an advocate",
        "my budget is too low",
        "hello",
        "will the council allow me to pay my mum",
        "can i get a large budget",
        "court orders and guardianship",
        "how do i change my area",
        "i moved house",
    ],
)
def test_ordinary_sentence_names_no_place(text: str) -> None:
    assert find_council_area(text) is None


def test_no_training_example_of_another_intent_is_only_a_place() -> None:
    only_places = [t for t in _training_examples(skip="places.yml") if (m := find_place(t)) and m.only_place]
    assert only_places == []


def test_places_in_other_training_examples_are_real_place_names_not_typos() -> None:
    typos = [t for t in _training_examples(skip="places.yml") if (m := find_place(t)) and not m.exact]
    assert typos == []


def test_every_set_council_area_example_is_only_a_place() -> None:
    examples = _training_examples("set_council_area")
    assert examples
    assert [t for t in examples if not ((m := find_place(t)) and m.only_place)] == []


def test_no_change_council_area_example_names_a_place() -> None:
    assert [t for t in _training_examples("change_council_area") if find_place(t)] == []


@pytest.mark.parametrize(
    ("text", "only_place"),
    [
        ("fife", True),
        ("i live in glasgow", True),
        ("im in paisley", True),
        ("edinburgh please", True),
        ("Aberdeenshire", True),
        ("my area is falkirk", True),
        ("find help in glasgow", False),
        ("weather edinburgh", False),
        ("my mum lives in hamilton", False),
    ],
)
def test_message_that_is_only_a_place_and_filler_words_is_told_apart(text: str, only_place: bool) -> None:
    match = find_place(text)
    assert match is not None and match.only_place is only_place


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("glasgow", "glasgow", 0), ("glasgw", "glasgow", 1), ("edinbrugh", "edinburgh", 1), ("fife", "dundee", 5)],
)
def test_typo_distance_counts_added_dropped_changed_and_swapped_letters(a: str, b: str, distance: int) -> None:
    assert typo_distance(a, b) == distance


def _message(text: str, intent: str = "find_help") -> Message:
    ranking = [{"name": intent, "confidence": 0.6}, {"name": "advocacy", "confidence": 0.3}]
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.6}, "intent_ranking": ranking})


def test_component_adds_the_official_name_as_an_entity_and_sets_the_area_for_a_place_only_message() -> None:
    message = _message("I live in Paisley", intent="nlu_fallback")
    CouncilAreaExtractor().process([message])
    (entity,) = message.get("entities")
    assert entity["entity"] == "council_area" and entity["value"] == "Renfrewshire"
    assert "I live in Paisley"[entity["start"] : entity["end"]] == "Paisley"
    assert message.get("intent") == {"name": "set_council_area", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "set_council_area"


def test_component_keeps_the_intent_of_a_question_that_names_a_place() -> None:
    message = _message("where can i find free help in glasgow")
    CouncilAreaExtractor().process([message])
    assert message.get("entities")[0]["value"] == "Glasgow City"
    assert message.get("intent")["name"] == "find_help"


def test_component_never_overrides_crisis() -> None:
    message = _message("fife", intent="crisis")
    CouncilAreaExtractor().process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize(
    ("text", "intent"), [('/set_council_area{"council_area":"Fife"}', "set_council_area"), ("hello", "greet")]
)
def test_component_leaves_button_payloads_and_messages_without_a_place_alone(text: str, intent: str) -> None:
    message = _message(text, intent=intent)
    CouncilAreaExtractor().process([message])
    assert message.get("intent")["name"] == intent
    assert not message.get("entities")


def test_component_drops_a_guessed_set_council_area_when_no_place_is_named() -> None:
    message = _message("i live in a care home", intent="set_council_area")
    CouncilAreaExtractor().process([message])
    assert message.get("intent")["name"] == "advocacy"


GOOD = """council_areas:
  - name: Fife
    title: Fife
    other_names: [Kingdom of Fife]
    towns: [Kirkcaldy]
  - name: Angus
    title: Angus
"""


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("    towns: [Kirkcaldy]", "    towns: [Kirkcaldy]\n    colour: red"), "unknown-key"),
        (lambda t: t.replace("    title: Angus\n", ""), "missing-key"),
        (lambda t: t.replace("towns: [Kirkcaldy]", "towns: Kirkcaldy"), "bad-value"),
        (lambda t: t.replace("title: Angus", "title: ''"), "bad-value"),
        (lambda t: t.replace("title: Angus", "title: Angus and the towns and glens around it"), "bad-value"),
        (lambda t: t.replace("name: Angus", "name: Fife"), "duplicate-name"),
        (lambda t: t.replace("title: Angus", "title: Angus\n    towns: [Kirkcaldy]"), "duplicate-name"),
        (lambda t: t.replace("council_areas:", "areas:"), "bad-council-areas-file"),
        (lambda t: t.replace("  - name: Angus\n", "  - Angus\n  - name: Angus\n"), "bad-entry"),
        (lambda t: t.replace("[Kingdom of Fife]", "[Kingdom of Fife"), "bad-yaml"),
    ],
)
def test_bad_council_areas_file_is_rejected_with_a_stable_code(tmp_path: Path, change, code: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "council_areas.yml"
    path.write_text(GOOD, encoding="utf-8")
    assert [area.name for area in read_council_areas(path)] == ["Fife", "Angus"]
    path.write_text(change(GOOD), encoding="utf-8")
    with pytest.raises(ContentFileError) as error:
        read_council_areas(path)
    assert error.value.code == code
