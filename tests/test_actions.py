"""The Rasa actions, run on trackers like the ones Rasa sends, against a real seeded SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer, ActionSaySimpler, ActionTellMeMore
from actions.feedback import ActionFeedback
from actions.help import ActionAskCouncilArea, ActionDidYouMean, ActionFindHelp
from assistant.content import store as content_store
from assistant.paths import ANSWERS_DIR, CONTENT_DIR
from assistant.settings import get_settings


@pytest.fixture
def seeded(settings_env: Path) -> sa.engine.Engine:
    """The store the actions use (from the settings), seeded from the real content files."""
    engine = content_store.get_engine(get_settings().content_db_url)
    content_store.seed_from_files(engine, ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    return engine


def tracker(intent: str, text: str = "", *, entities: list[dict[str, Any]] | None = None, **slots: Any) -> Tracker:
    latest = {
        "text": text or f"/{intent}",
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": slots.pop("ranking", [{"name": intent, "confidence": 0.9}]),
        "entities": entities or [],
    }
    return Tracker("test-conversation", slots, latest, [], False, None, {}, "action_listen")


def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return [m["custom"] for m in dispatcher.messages], events


def test_answer_action_replies_with_the_topic_answer_and_remembers_it(seeded: sa.engine.Engine) -> None:
    messages, events = run(ActionAnswer(), tracker("option1_direct_payment", "what is a direct payment"))
    assert messages[0]["topic"] == "option1_direct_payment"
    answer_id = messages[0]["answer_id"]
    assert events == [
        SlotSet("answer_id", answer_id),
        SlotSet("topic", "option1_direct_payment"),
        SlotSet("fallback_count", 0),
    ]


def test_answer_action_uses_the_answer_named_by_a_button(seeded: sa.engine.Engine) -> None:
    second = content_store.published_answers(seeded, "employing_pa")[1]
    entities = [{"entity": "answer_id", "value": second.id}]
    messages, _ = run(ActionAnswer(), tracker("employing_pa", entities=entities))
    assert messages[0]["answer_id"] == second.id


def test_tell_me_more_action_gives_the_more_layer_of_the_last_answer(seeded: sa.engine.Engine) -> None:
    answer = content_store.published_answers(seeded, "advocacy")[0]
    messages, events = run(ActionTellMeMore(), tracker("tell_me_more", answer_id=answer.id))
    assert messages[0]["text"] == answer.more
    assert SlotSet("answer_id", answer.id) in events


def test_tell_me_more_with_no_answer_yet_asks_what_the_person_wants(seeded: sa.engine.Engine) -> None:
    dispatcher = CollectingDispatcher()
    ActionTellMeMore().run(dispatcher, tracker("tell_me_more"), {})
    assert dispatcher.messages[0]["response"] == "utter_anything_else"


def test_say_simpler_action_gives_the_simpler_layer(seeded: sa.engine.Engine) -> None:
    answer = content_store.published_answers(seeded, "what_is_sds")[0]
    messages, _ = run(ActionSaySimpler(), tracker("not_understood", answer_id=answer.id))
    assert messages[0]["text"] == answer.simpler


def test_did_you_mean_counts_misses_and_resets_after_the_second(seeded: sa.engine.Engine) -> None:
    ranking = [{"name": "nlu_fallback"}, {"name": "assessment"}, {"name": "eligibility"}]
    first, events = run(ActionDidYouMean(), tracker("nlu_fallback", "hmm", ranking=ranking, fallback_count=0))
    assert first[0]["topic"] == "fallback" and len(first[0]["buttons"]) == 3
    assert events == [SlotSet("fallback_count", 1)]
    second, events = run(ActionDidYouMean(), tracker("nlu_fallback", "hmm", ranking=ranking, fallback_count=1))
    assert [b["payload"] for b in second[0]["buttons"]] == ["/help_menu", "/find_help"]
    assert events == [SlotSet("fallback_count", 0)]


def test_find_help_action_lists_organisations_and_asks_for_the_council_area(seeded: sa.engine.Engine) -> None:
    messages, events = run(ActionFindHelp(), tracker("find_help"))
    assert messages[0]["topic"] == "independent_support_organisations"
    assert messages[0]["text"].count("\n- ") >= 1
    assert messages[-1]["text"].startswith("Which council area do you live in?")
    assert len(messages[-1]["buttons"]) == 32
    assert events == []


def test_find_help_action_uses_the_remembered_council_area(seeded: sa.engine.Engine) -> None:
    messages, events = run(ActionFindHelp(), tracker("find_help", council_area="Glasgow City"))
    assert messages[0]["text"].startswith("Help in Glasgow:\n- Glasgow Centre for Inclusive Living")
    assert events == [SlotSet("council_area", "Glasgow City")]


def test_find_help_action_prefers_the_council_area_just_picked(seeded: sa.engine.Engine) -> None:
    entities = [{"entity": "council_area", "value": "Aberdeenshire"}]
    t = tracker("set_council_area", entities=entities, council_area="Glasgow City")
    messages, events = run(ActionFindHelp(), t)
    assert messages[0]["text"].startswith("Help in Aberdeenshire:\n- Cornerstone")
    assert events == [SlotSet("council_area", "Aberdeenshire")]


def test_ask_council_area_action_forgets_the_area_and_asks_again(seeded: sa.engine.Engine) -> None:
    messages, events = run(ActionAskCouncilArea(), tracker("change_council_area", council_area="Fife"))
    assert len(messages[0]["buttons"]) == 32
    assert events == [SlotSet("council_area", None)]


@pytest.mark.parametrize(("intent", "helpful"), [("feedback_yes", True), ("feedback_no", False)])
def test_feedback_action_stores_the_answer_without_the_conversation_id(
    seeded: sa.engine.Engine, intent: str, helpful: bool
) -> None:
    run(ActionFeedback(), tracker(intent, answer_id="option1-direct-payment", topic="option1_direct_payment"))
    with seeded.connect() as conn:
        row = conn.execute(sa.select(content_store.feedback)).one()
    assert row.helpful is helpful and row.answer_id == "option1-direct-payment"
    assert row.conversation_hash != "test-conversation" and len(row.conversation_hash) == 64


def test_answer_action_offers_the_second_topic_of_a_mixed_question(seeded: sa.engine.Engine) -> None:
    ranking = [{"name": "charges_and_costs", "confidence": 0.55}, {"name": "carers_support", "confidence": 0.38}]
    text = "i care for my mum, can i get a break and does she pay for her care"
    messages, _ = run(ActionAnswer(), tracker("charges_and_costs", text, ranking=ranking))
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert messages[0]["topic"] == "charges_and_costs"
    assert "/carers_support" in payloads


@pytest.mark.parametrize(
    ("text", "second_confidence"),
    [("i care for my mum, can i get a break and does she pay for her care", 0.05), ("carer break?", 0.38)],
)
def test_answer_action_offers_no_second_topic_when_the_question_is_single(
    seeded: sa.engine.Engine, text: str, second_confidence: float
) -> None:
    ranking = [
        {"name": "charges_and_costs", "confidence": 0.55},
        {"name": "carers_support", "confidence": second_confidence},
    ]
    messages, _ = run(ActionAnswer(), tracker("charges_and_costs", text, ranking=ranking))
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert "/carers_support" not in payloads
