"""A Rasa NLU component that sends any message matching the crisis rules to the `crisis` intent.

It runs last in the pipeline, after the classifier and the fallback, so a rule match always wins.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.components.base import RuleComponent, set_intent
from assistant.crisis import detect_crisis
from assistant.topics import CRISIS


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(RuleComponent):
    def process_text(self, message: Message, text: str) -> None:
        match = detect_crisis(text)
        if match is not None:
            set_intent(message, CRISIS)
            message.set("crisis_rule", match.group, add_to_output=True)
