"""A Rasa NLU component: when the fallback fires but the message names one option, answer that option.

It runs right after the FallbackClassifier. See `assistant.hints`.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.hints import named_option_topic

FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicHints(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TopicHints:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            if not text or text.startswith("/") or intent.get(INTENT_NAME_KEY) != FALLBACK_INTENT:
                continue
            topic = named_option_topic(text)
            if topic is None:
                continue
            # Keep the classifier's own confidence for the topic: it was unsure, and says so.
            ranking = message.get(INTENT_RANKING_KEY) or []
            confidence = next((float(r["confidence"]) for r in ranking if r.get("name") == topic), 0.0)
            chosen = {"name": topic, "confidence": confidence}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, [chosen, *[r for r in ranking if r.get("name") != topic]], add_to_output=True
            )
            message.set("topic_hint", "named-option", add_to_output=True)
        return messages
