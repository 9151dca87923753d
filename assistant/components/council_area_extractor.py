"""A Rasa NLU component that finds the council area a message names and adds it as an entity.

The entity `council_area` holds the official name ("Paisley" -> "Renfrewshire"); the slot of the same
name remembers it for the conversation. A message that is only a place ("I live in Fife") also gets
the intent `set_council_area`. It runs after the glossary detector and before the crisis detector,
so crisis still wins.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.components.base import RuleComponent, set_intent
from assistant.places import find_place
from assistant.topics import CRISIS

ENTITY = "council_area"
SET_COUNCIL_AREA = "set_council_area"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CouncilAreaExtractor(RuleComponent):
    def process_text(self, message: Message, text: str) -> None:
        match = find_place(text)
        intent = message.get(INTENT) or {}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != SET_COUNCIL_AREA]
        if match is None:
            # The classifier may guess `set_council_area` for a message that names no place.
            if intent.get("name") == SET_COUNCIL_AREA and ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            return
        entity = {
            "entity": ENTITY,
            "value": match.area.name,
            "start": match.start_char,
            "end": match.end_char,
            "confidence_entity": 1.0,
            "extractor": type(self).__name__,
        }
        others = [e for e in message.get(ENTITIES) or [] if e.get("entity") != ENTITY]
        message.set(ENTITIES, [*others, entity], add_to_output=True)
        if match.only_place and intent.get("name") != CRISIS:
            set_intent(message, SET_COUNCIL_AREA)
