"""A Rasa NLU component that sends "what does X mean?" for a glossary term to the term's topic.

It runs after the classifier and the fallback and before the crisis detector, so crisis still wins.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from assistant.components.base import RuleComponent, set_intent
from assistant.definitions import find_definition_question


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GlossaryDetector(RuleComponent):
    def process_text(self, message: Message, text: str) -> None:
        term = find_definition_question(text)
        if term is not None:
            set_intent(message, term.topic)
            message.set("glossary_term", term.term, add_to_output=True)
