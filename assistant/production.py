"""Production mode (`SDS_ENVIRONMENT=production`) refuses to start with a default secret.

Secrets come only from the environment. In production the API (and `python -m assistant run`)
stop with a clear message and a non-zero exit while any of these is true:
- `SDS_CONVERSATION_HASH_KEY` is empty, short or an example value;
- a database URL has no password (over the network) or a well-known one ("postgres", "password");
- Rasa or the action server would listen on an address other than loopback.
"""

from __future__ import annotations

import ipaddress

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from assistant.settings import Settings

PRODUCTION = "production"
ENVIRONMENTS = ("development", PRODUCTION)
MIN_KEY_CHARS = 32
WEAK_SECRETS = frozenset(
    {"", "postgres", "password", "secret", "changeme", "change-me", "example", "sds", "admin", "root", "test"}
)
LOOPBACK_NAMES = ("localhost",)


class UnsafeSettings(RuntimeError):
    """Production mode with a default secret or an exposed internal port."""


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _database_problem(name: str, url: str) -> str | None:
    if not url or url.startswith("sqlite"):
        return None
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"SDS_{name.upper()} is not a database URL."
    password = parsed.password or ""
    over_network = bool(parsed.host) and not _is_loopback(parsed.host)
    if password.lower() in WEAK_SECRETS - {""} or (over_network and not password):
        return f"SDS_{name.upper()} uses an empty or well-known password. Set a strong one."
    return None


def problems(settings: Settings) -> list[str]:
    """Everything that makes these settings unsafe for production (empty in development)."""
    if settings.environment not in ENVIRONMENTS:
        return [f"SDS_ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}, not '{settings.environment}'."]
    if settings.environment != PRODUCTION:
        return []
    found = []
    key = settings.conversation_hash_key
    if key.lower() in WEAK_SECRETS or len(key) < MIN_KEY_CHARS:
        found.append(
            f"SDS_CONVERSATION_HASH_KEY is empty or too short. Set it to a random secret of at least "
            f"{MIN_KEY_CHARS} characters (for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    for name, value in settings.dict().items():
        if name.endswith("url") and isinstance(value, str):
            problem = _database_problem(name, value)
            if problem:
                found.append(problem)
    for name in ("rasa_host", "action_host"):
        host = str(getattr(settings, name, "127.0.0.1"))
        if not _is_loopback(host):
            found.append(f"SDS_{name.upper()} is {host}: Rasa and the action server must listen on 127.0.0.1 only.")
    return found


def check(settings: Settings) -> None:
    """Raise UnsafeSettings listing every problem, so one start shows them all."""
    found = problems(settings)
    if found:
        lines = "\n".join(f"- {problem}" for problem in found)
        raise UnsafeSettings(f"Refusing to start in {settings.environment} mode:\n{lines}")
