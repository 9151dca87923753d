"""What our rule components share: no training, no settings, only the person's own words are read."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


class RuleComponent(GraphComponent):
    """Applies `process_text` to every typed message; button payloads ("/intent") are left alone."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleComponent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                self.process_text(message, text)
        return messages

    def process_text(self, message: Message, text: str) -> None:
        raise NotImplementedError


def set_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    """Make `name` the message's intent, first in its ranking, keeping the other guesses after it."""
    chosen = {"name": name, "confidence": confidence}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
