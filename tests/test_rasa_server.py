"""Our Rasa start-up speed fixes keep Rasa's behaviour: the same reply check, the same event classes."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

from assistant.rasa_server import _resolve_by_type, _validate_action_result


def test_valid_action_server_reply_passes_the_check() -> None:
    reply = {"events": [{"event": "slot", "name": "topic", "value": "advocacy"}], "responses": [{"text": "Hi"}]}
    assert _validate_action_result(None, reply) is True


@pytest.mark.parametrize(
    "reply",
    [{"events": "not a list"}, {"events": [{"name": "no event key"}]}, {"events": [{"event": 1}]}],
)
def test_malformed_action_server_reply_is_rejected_as_rasa_would(reply: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _validate_action_result(None, reply)


@pytest.mark.parametrize("event_class", [SlotSet, UserUttered, ActionExecuted])
def test_event_types_resolve_to_the_same_classes(event_class: type[Event]) -> None:
    assert _resolve_by_type(event_class.type_name) is event_class


def test_unknown_event_types_fail_as_in_rasa() -> None:
    with pytest.raises(ValueError, match="Unknown event name"):
        _resolve_by_type("no-such-event")
    assert _resolve_by_type("topic") is None
    assert _resolve_by_type("no-such-event", default=SlotSet) is SlotSet


def test_rasa_waits_for_the_action_server_no_longer_than_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.core.actions.action

    from assistant.rasa_server import patch_rasa
    from assistant.settings import get_settings

    monkeypatch.setenv("SDS_ACTION_TIMEOUT_S", "2.5")
    monkeypatch.setattr(rasa.core.actions.action, "DEFAULT_REQUEST_TIMEOUT", 300)
    get_settings.cache_clear()
    try:
        patch_rasa()
    finally:
        get_settings.cache_clear()
    timeout = rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT
    assert (timeout.total, timeout.connect) == (2.5, 1.0)
