"""Ask "Did you mean ...?" when the classifier is unsure, and list where to get free help."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import send
from actions.store import engine
from assistant.answering import clarify, help_organisations
from assistant.replies import find_help_messages


class ActionDidYouMean(Action):
    def name(self) -> str:
        return "action_did_you_mean"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        misses = int(tracker.get_slot("fallback_count") or 0) + 1
        ranking = tracker.latest_message.get("intent_ranking") or []
        send(dispatcher, clarify(ranking, misses=misses))
        return [SlotSet("fallback_count", 0 if misses >= 2 else misses)]


class ActionFindHelp(Action):
    def name(self) -> str:
        return "action_find_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, find_help_messages(help_organisations(engine())))
        return []
