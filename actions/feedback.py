"""Store the answer to "Did this help?" (no personal data: the conversation id is hashed with a secret key)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import send
from actions.store import engine
from assistant.content.store import record_feedback
from assistant.replies import button
from assistant.retention import conversation_hash
from assistant.settings import get_settings


class ActionFeedback(Action):
    def name(self) -> str:
        return "action_feedback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        helpful = tracker.get_intent_of_latest_message() in ("feedback_yes", "affirm")
        record_feedback(
            engine(),
            conversation_hash=conversation_hash(tracker.sender_id, get_settings().conversation_hash_key),
            topic=tracker.get_slot("topic"),
            answer_id=tracker.get_slot("answer_id"),
            helpful=helpful,
        )
        if helpful:
            text = "Thank you. I am glad it helped. What else would you like to know?"
        else:
            text = "Thank you for telling me. Sorry it did not help. A person can help you for free."
        buttons = [button("Show me the menu", "help_menu"), button("Find free help", "find_help")]
        send(dispatcher, [{"text": text, "buttons": buttons, "topic": tracker.get_slot("topic") or "feedback"}])
        return []
