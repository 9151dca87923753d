"""When the classifier is unsure but the message names one of the 4 options, that option is answered."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from assistant.components.topic_hints import TopicHints
from assistant.hints import named_option_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what happens with option 3", "option3_council_arranged"),
        ("my social worker said opshun 1 what dose that mean", "option1_direct_payment"),
        ("tell me about option two", "option2_individual_service_fund"),
        ("Option4?", "option4_mix"),
        ("is option 2 or option 2 better", "option2_individual_service_fund"),
    ],
)
def test_a_message_naming_one_option_points_to_it(text: str, topic: str) -> None:
    assert named_option_topic(text) == topic


@pytest.mark.parametrize("text", ["option 1 or option 2", "which option is best", "i have 3 options", "option 5"])
def test_no_option_or_several_options_point_nowhere(text: str) -> None:
    assert named_option_topic(text) is None


def _message(text: str, intent: str) -> Message:
    ranking = [{"name": intent, "confidence": 0.45}, {"name": "option3_council_arranged", "confidence": 0.3}]
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.45}, "intent_ranking": ranking})


def test_component_answers_the_named_option_when_unsure_or_another_option_was_picked() -> None:
    unsure = _message("what happens with option 3", "nlu_fallback")
    other_option = _message("tell me about option 3", "option2_individual_service_fund")
    other_topic = _message("can option 3 pay for a holiday", "what_can_budget_pay_for")
    TopicHints().process([unsure, other_option, other_topic])
    assert unsure.get("intent") == {"name": "option3_council_arranged", "confidence": 0.3}
    assert unsure.get("intent_ranking")[0]["name"] == "option3_council_arranged"
    assert other_option.get("intent")["name"] == "option3_council_arranged"
    assert other_topic.get("intent")["name"] == "what_can_budget_pay_for"
