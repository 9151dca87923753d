"""Schemathesis against the whole API (/openapi.json), with a stubbed Rasa and a reviewer token: no 5xx.

Every operation gets up to MAX_EXAMPLES generated requests (valid and invalid ones), sent over HTTP to
the real API process and a real SQLite store. The only check is the one that matters here: no server error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def live_api(
    tmp_path_factory: pytest.TempPathFactory, start_api: Callable[..., Any]
) -> Iterator[tuple[str, dict[str, str]]]:
    """The API as a real process (seeded store, stub Rasa), and a reviewer's Authorization header."""
    with start_api(tmp_path_factory.mktemp("var"), SDS_CHAT_RATE_PER_CLIENT="0") as api:
        yield api.base_url, {"Authorization": f"Bearer {api.token('fuzz', 'reviewer')}"}


@pytest.fixture(scope="module")
def api_schema(live_api: tuple[str, dict[str, str]]) -> Any:
    return schemathesis.openapi.from_url(f"{live_api[0]}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_makes_the_api_fail_with_a_server_error(case: Any, live_api: tuple[str, dict[str, str]]) -> None:
    response = case.call(headers=live_api[1], timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
