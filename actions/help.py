"""Ask "Did you mean ...?" when the classifier is unsure, and list where to get free help near the person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import send
from actions.store import engine
from assistant.answering import clarify
from assistant.local_help import ask_council_area, find_help, known_council_area


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
        named = next(tracker.get_latest_entity_values("council_area"), None)
        area = known_council_area(named, tracker.get_slot("council_area"))
        send(dispatcher, find_help(engine(), area))
        return [SlotSet("council_area", area.name)] if area else []


class ActionAskCouncilArea(Action):
    """Forget the council area and ask again ("Change my area")."""

    def name(self) -> str:
        return "action_ask_council_area"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        send(dispatcher, ask_council_area())
        return [SlotSet("council_area", None)]
