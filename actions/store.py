"""The content store engine for the action server, built on first use."""

from sqlalchemy.engine import Engine

from assistant.content.store import get_engine
from assistant.settings import get_settings


def engine() -> Engine:
    return get_engine(get_settings().content_db_url)
