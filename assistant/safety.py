"""The crisis reply, read from the Rasa domain so the API can give it even when Rasa is down."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from assistant.paths import REPO_DIR


@lru_cache(maxsize=1)
def crisis_reply() -> dict[str, Any]:
    domain = yaml.safe_load((REPO_DIR / "domain.yml").read_text(encoding="utf-8"))
    custom: dict[str, Any] = domain["responses"]["utter_crisis"][0]["custom"]
    return dict(custom)
