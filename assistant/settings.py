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
    # Rasa tracker store in PostgreSQL when scaled out (endpoints.scale.yml reads the same variable);
    # empty means the SQLite file above. The retention job deletes old conversations there.
    tracker_url: str = ""
    model_dir: Path = REPO_DIR / "models"  # where trained Rasa models are kept
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_timeout_s: float = 4.5  # how long in all the API waits for Rasa before a friendly 503 (under 5 s)
    rasa_connect_timeout_s: float = 1.0  # how long the API waits to connect to Rasa
    action_timeout_s: float = 3.0  # how long Rasa waits for the action server (then the API gives free help)
    store_timeout_s: float = 15.0  # how long a store call waits for a lock, a connection or a statement
    max_body_bytes: int = 65_536  # the largest request body the API reads (then 413 body-too-large)
    # Privacy: conversations (by their last message) and feedback older than this are deleted (hourly).
    retention_days: int = 30
    # Key for hashing conversation ids in feedback. A secret: set it in production.
    conversation_hash_key: str = ""
    environment: str = "development"  # "production" refuses to start with default secrets
    max_message_chars: int = 1000
    unanswered_retention_days: int = 30  # unanswered questions older than this are deleted (on start, then hourly)
    # Chat rate limits (token buckets, in memory per API process; 0 = no limit). Per client = per IP address.
    chat_rate_per_client: float = 30.0  # messages a minute from one client
    chat_burst_per_client: int = 10  # messages one client may send at once before the rate applies
    chat_rate_per_org: float = 600.0  # messages a minute through one embedding organisation's widget
    chat_burst_per_org: int = 100
    trusted_proxies: str = ""  # comma-separated proxy IPs or networks whose X-Forwarded-For names the client

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
