"""A Rasa NLU component: a message that names one option gets that option when the classifier was
unsure (fallback) or picked a different option. Any other confident topic stays.

It runs right after the FallbackClassifier. See `assistant.hints`.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.components.base import RuleComponent, set_intent
from assistant.hints import OPTION_TOPICS, named_option_topic

FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicHints(RuleComponent):
    def process_text(self, message: Message, text: str) -> None:
        predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if predicted != FALLBACK_INTENT and predicted not in OPTION_TOPICS.values():
            return
        topic = named_option_topic(text)
        if topic is None or topic == predicted:
            return
        # Keep the classifier's own confidence for the topic: it was unsure, and says so.
        ranking = message.get(INTENT_RANKING_KEY) or []
        confidence = next((float(r["confidence"]) for r in ranking if r.get("name") == topic), 0.0)
        set_intent(message, topic, confidence)
        message.set("topic_hint", "named-option", add_to_output=True)
