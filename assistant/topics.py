"""The topic labels (from `content/topics.yml`) and their button titles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.paths import CONTENT_DIR

OUT_OF_SCOPE = "out_of_scope"
CRISIS = "crisis"
FALLBACK = "fallback"


@dataclass(frozen=True)
class Topic:
    label: str
    title: str
    in_scope: bool


def read_topics(path: Path) -> dict[str, Topic]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        label: Topic(label=label, title=str(spec["title"]), in_scope=bool(spec["in_scope"]))
        for label, spec in data["topics"].items()
    }


@lru_cache(maxsize=1)
def get_topics() -> dict[str, Topic]:
    return read_topics(CONTENT_DIR / "topics.yml")


def in_scope_labels() -> list[str]:
    return [label for label, topic in get_topics().items() if topic.in_scope]
