"""Free help near the person: organisations that serve their council area first, then national ones.

"Find free help" asks which council area the person lives in, once per conversation. The Rasa
actions remember the area in the `council_area` slot and call these functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from assistant.answering import help_organisations
from assistant.content import store
from assistant.content.council_areas import CouncilArea
from assistant.content.organisations import Organisation
from assistant.places import council_area_named, council_areas, find_council_area
from assistant.replies import MENU, Message, button, find_help_messages, organisation_lines

TOPIC = "independent_support_organisations"
CHANGE_AREA = "Change my area"
MAX_LOCAL_ORGANISATIONS = 4


def known_council_area(*values: object) -> CouncilArea | None:
    """The council area the first usable value names (an entity, then the slot), or None.

    A value is an official name from a button, or anything a person types ("Paisley").
    """
    for value in values:
        if isinstance(value, str) and value.strip():
            area = council_area_named(value) or find_council_area(value)
            if area is not None:
                return area
    return None


def local_organisations(engine: Engine, area: CouncilArea) -> list[Organisation]:
    """Organisations whose areas include `area` (not the national ones), in directory order."""
    chosen = [o for o in store.all_organisations(engine) if not o.national and area.name in o.areas]
    return chosen[:MAX_LOCAL_ORGANISATIONS]


def council_area_question(areas: Sequence[CouncilArea]) -> Message:
    """Ask where the person lives, with one button per council area, in order of the button titles."""
    ordered = sorted(areas, key=lambda area: area.title.lower())
    return {
        "text": "Which council area do you live in? Then I can show help near you.",
        "buttons": [button(area.title, "set_council_area", council_area=area.name) for area in ordered],
        "topic": TOPIC,
    }


def local_help_messages(
    area: CouncilArea, local: Sequence[Organisation], national: Sequence[Organisation]
) -> list[Message]:
    """Help in the person's council area first, then Scotland-wide help, then a way to change the area."""
    if local:
        first = f"Help in {area.title}:\n{organisation_lines(local)}"
        last = "Your council's social work team can also tell you about help near you."
    else:
        first = (
            f"Help in {area.title}:\nMy list has no local organisation for {area.title} yet. "
            "Ask your council's social work team. They can tell you about help near you."
        )
        last = "Do you live in a different area? Tap Change my area."
    return [
        {"text": first, "topic": TOPIC},
        {"text": f"Free help all over Scotland:\n{organisation_lines(national)}", "topic": TOPIC},
        {
            "text": last,
            "buttons": [button(CHANGE_AREA, "change_council_area"), button(MENU, "help_menu")],
            "topic": TOPIC,
        },
    ]


def find_help(engine: Engine, area: CouncilArea | None) -> list[Message]:
    """Local help when the council area is known; otherwise national help and the question where."""
    national = help_organisations(engine)
    if area is None:
        return [*find_help_messages(national), council_area_question(council_areas())]
    return local_help_messages(area, local_organisations(engine, area), national)


def ask_council_area() -> list[Message]:
    return [council_area_question(council_areas())]
