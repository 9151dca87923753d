"""The rule-based crisis detector: every crisis message caught, near misses left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from assistant.components.crisis_detector import CrisisDetector
from assistant.crisis import detect_crisis
from assistant.paths import DATA_DIR

DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _training_examples(*, crisis: bool) -> list[str]:
    """NLU training examples of the crisis intent, or of every topic intent."""
    from assistant.topics import in_scope_labels

    wanted = {"crisis"} if crisis else set(in_scope_labels())
    examples = []
    for path in sorted((DATA_DIR / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent") in wanted:
                examples += [e[2:].strip() for e in block["examples"].splitlines() if e.startswith("- ")]
    return examples


CRISIS = _lines("crisis_messages.txt")
NOT_CRISIS = _lines("not_crisis_messages.txt")


def test_crisis_test_set_is_large_and_varied() -> None:
    assert len(CRISIS) >= 60 and len(set(CRISIS)) == len(CRISIS)


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_message_is_detected(text: str) -> None:
    assert detect_crisis(text) is not None


def test_crisis_training_examples_are_all_detected_by_the_rules() -> None:
    missed = [text for text in _training_examples(crisis=True) if detect_crisis(text) is None]
    assert missed == []


def test_near_miss_questions_are_almost_never_sent_to_the_crisis_reply() -> None:
    flagged = [text for text in NOT_CRISIS if detect_crisis(text)]
    assert len(flagged) <= len(NOT_CRISIS) * 0.02, flagged


def test_in_scope_training_examples_are_almost_never_crisis() -> None:
    examples = _training_examples(crisis=False)
    flagged = [text for text in examples if detect_crisis(text)]
    assert len(flagged) <= len(examples) * 0.01, flagged


@pytest.mark.parametrize("text", ["I want to kill myself", "i CAN\u2019T go on, I want to end my life"])
def test_detection_ignores_case_and_curly_apostrophes(text: str) -> None:
    assert detect_crisis(text) is not None


def test_component_overrides_the_classifier_for_crisis_wording() -> None:
    message = Message(data={"text": "my carer hits me", "intent": {"name": "employing_pa", "confidence": 0.8}})
    message.set("intent_ranking", [{"name": "employing_pa", "confidence": 0.8}])
    (result,) = CrisisDetector().process([message])
    assert result.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert result.get("intent_ranking")[0]["name"] == "crisis"


def test_component_leaves_ordinary_questions_and_button_payloads_alone() -> None:
    ordinary = Message(data={"text": "how do i get a direct payment", "intent": {"name": "option1_direct_payment"}})
    payload = Message(data={"text": "/assessment", "intent": {"name": "assessment"}})
    results = CrisisDetector().process([ordinary, payload])
    assert [m.get("intent")["name"] for m in results] == ["option1_direct_payment", "assessment"]
