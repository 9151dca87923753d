"""One typed settings object, read from the environment (prefix `SDS_`) with safe defaults.

Every setting is documented in `.env.example`. Build it with `get_settings()`; tests override it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseSettings

from assistant.paths import REPO_DIR


class Settings(BaseSettings):
    var_dir: Path = REPO_DIR / "var"  # where databases and logs are kept
    database_url: str = ""  # content store URL; empty means SQLite in var_dir
    tracker_db: str = ""  # Rasa tracker store SQLite file; empty means var_dir/tracker.db
    model_dir: Path = REPO_DIR / "models"  # where trained Rasa models are kept
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_timeout_s: float = 10.0  # how long the API waits for Rasa before a friendly 503
    max_message_chars: int = 1000

    class Config:
        env_prefix = "SDS_"

    @property
    def content_db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'content.db'}"

    @property
    def tracker_db_path(self) -> str:
        return self.tracker_db or str(self.var_dir / "tracker.db")

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
