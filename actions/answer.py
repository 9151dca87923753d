"""Answer a topic, tell more about the last answer, or say it more simply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.store import engine
from assistant.answering import reply_for_layer, reply_for_topic, second_topic
from assistant.replies import Message


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        dispatcher.utter_message(json_message=message)


def _requested_answer_id(tracker: Tracker) -> str | None:
    value = next(tracker.get_latest_entity_values("answer_id"), None) or tracker.get_slot("answer_id")
    return str(value) if value else None


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        topic = tracker.get_intent_of_latest_message()
        text = tracker.latest_message.get("text") or ""
        button_answer = next(tracker.get_latest_entity_values("answer_id"), None)
        other = second_topic(tracker.latest_message.get("intent_ranking") or [], str(topic), text)
        messages, answer = reply_for_topic(
            engine(), str(topic), text, answer_id=button_answer, also=[other] if other else []
        )
        send(dispatcher, messages)
        return [
            SlotSet("answer_id", answer.id if answer else None),
            SlotSet("topic", topic),
            SlotSet("fallback_count", 0),
        ]


class ActionTellMeMore(Action):
    def name(self) -> str:
        return "action_tell_me_more"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        messages, answer = reply_for_layer(engine(), _requested_answer_id(tracker), "more")
        if answer is None:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        send(dispatcher, messages)
        return [SlotSet("answer_id", answer.id), SlotSet("topic", answer.topic)]


class ActionSaySimpler(Action):
    def name(self) -> str:
        return "action_say_simpler"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        messages, answer = reply_for_layer(engine(), _requested_answer_id(tracker), "simpler")
        if answer is None:
            dispatcher.utter_message(response="utter_menu")
            return []
        send(dispatcher, messages)
        return []
