"""Start Rasa (`python -m assistant.rasa_server run ...`, same arguments as `rasa`) with two speed fixes.

Measured with py-spy under `make bench`, two pure-overhead paths took over half of Rasa's CPU time:
- every action server reply is checked with `jsonschema.validate`, which first re-checks the schema
  itself against the JSON Schema meta-schema (about 40%). We check replies against the same schema
  with a validator built once.
- loading a conversation looks up each event's class by walking every Event subclass, for every
  event (about 18%). We remember the answer per event type name.
Neither changes what Rasa does: the same schema check, the same event classes.

One hard edge: Rasa waits up to 5 minutes for the action server. We bound that wait with
`SDS_ACTION_TIMEOUT_S` (default 3 s, under the API's 4.5 s), so when the action server hangs Rasa
gives up in time and the API can still answer with the free help phone numbers.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every reply
    return validator_class(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match

    error = best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += ". Failed to validate Action server response from API."
    raise error


@cache
def _event_class(type_name: str) -> Any:
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    return next((c for c in rasa.shared.utils.common.all_subclasses(Event) if c.type_name == type_name), None)


def _resolve_by_type(type_name: str, default: Any = None) -> Any:
    found = _event_class(type_name)
    if found is not None:
        return found
    if type_name == "topic":
        return None  # as Rasa does: old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def action_server_timeout(seconds: float) -> Any:
    """The aiohttp timeout for one call to the action server: `seconds` in all, 1 s to connect."""
    import aiohttp

    return aiohttp.ClientTimeout(total=seconds, connect=min(1.0, seconds))


def patch_rasa() -> None:
    import rasa.core.actions.action
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    from assistant.settings import get_settings

    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    # RemoteAction.run passes this module constant as the request timeout (300 s in Rasa 3.6).
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_server_timeout(get_settings().action_timeout_s)


def main() -> None:
    from assistant import log_redaction

    log_redaction.install()  # Rasa only sees redacted text, but its logs are redacted too
    patch_rasa()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
