"""A Rasa NLU component: when the fallback fires but the message names one option, answer that option.

It runs right after the FallbackClassifier. See `assistant.hints`.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.components.base import RuleComponent, set_intent
from assistant.hints import named_option_topic

FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicHints(RuleComponent):
    def process_text(self, message: Message, text: str) -> None:
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != FALLBACK_INTENT:
            return
        topic = named_option_topic(text)
        if topic is None:
            return
        # Keep the classifier's own confidence for the topic: it was unsure, and says so.
        ranking = message.get(INTENT_RANKING_KEY) or []
        confidence = next((float(r["confidence"]) for r in ranking if r.get("name") == topic), 0.0)
        set_intent(message, topic, confidence)
        message.set("topic_hint", "named-option", add_to_output=True)
