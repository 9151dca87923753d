"""Rate limits for `POST /v1/chat`: a token bucket per client (IP address) and one per organisation.

A bucket holds up to `burst` tokens and refills at `per_minute / 60` tokens a second; each message
takes one. An empty bucket gives 429 `rate-limited` with a `Retry-After` header (whole seconds).

`MemoryRateLimiter` keeps the buckets in this process's memory: with several API processes, each
one allows the full rate, and a restart forgets them. Anything with the same `take` method (for
example a Redis one, shared by every process) can replace it on `app.state.rate_limiter`.

The client is the socket peer's address as uvicorn gives it. Note that uvicorn itself already
replaces the peer with the client named in `X-Forwarded-For` when the peer is in its
`--forwarded-allow-ips` (default `127.0.0.1`, env `FORWARDED_ALLOW_IPS`): a reverse proxy on the
same machine needs nothing more. For a proxy elsewhere, list it in `SDS_TRUSTED_PROXIES`: then the
last address in `X-Forwarded-For` that is not a trusted proxy is the client. From any other peer
`X-Forwarded-For` is ignored, so no one can pick their own bucket.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from fastapi import Request

from api.errors import ApiError
from assistant.settings import Settings

MAX_BUCKETS = 50_000  # above this, full buckets are forgotten (a full bucket is the same as none)


class RateLimiter(Protocol):
    def take(self, key: str, *, per_minute: float, burst: int) -> float:
        """Take one token from `key`'s bucket: 0 if allowed, else the seconds until a token is free."""


class MemoryRateLimiter:
    """Token buckets in a dict, per process. Cheap: one dict lookup and a little arithmetic."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, max_buckets: int = MAX_BUCKETS) -> None:
        self.clock = clock
        self.max_buckets = max_buckets
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when counted)
        self._lock = threading.Lock()

    def take(self, key: str, *, per_minute: float, burst: int) -> float:
        if per_minute <= 0:
            return 0.0
        per_second = per_minute / 60
        capacity = max(burst, 1)
        with self._lock:
            now = self.clock()
            tokens, at = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - at) * per_second)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                if len(self._buckets) > self.max_buckets:
                    self._forget_full(now, per_second, capacity)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / per_second

    def _forget_full(self, now: float, per_second: float, capacity: int) -> None:
        full = [k for k, (tokens, at) in self._buckets.items() if tokens + (now - at) * per_second >= capacity]
        for key in full:
            del self._buckets[key]


@lru_cache(maxsize=8)
def _networks(trusted: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """`"127.0.0.1, 10.0.0.0/8"` -> its networks (a setting; a bad entry fails loudly on the first message)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted.split(",") if entry.strip())


def _is_trusted(address: str, trusted: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(trusted))


def client_address(request: Request, trusted: str) -> str:
    """The client's IP address: the socket peer, or what a trusted proxy says in `X-Forwarded-For`.

    `trusted` is the `trusted_proxies` setting: comma-separated addresses or networks.
    """
    peer = request.client.host if request.client else "unknown"
    if not trusted.strip() or not _is_trusted(peer, trusted):
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address, trusted):
            return address
    return forwarded[0] if forwarded else peer


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        limiter = request.app.state.rate_limiter = MemoryRateLimiter()
    return limiter


def limit_chat(request: Request, settings: Settings, *, org: str | None) -> None:
    """Count one chat message for its client and (when it names a known site) its organisation.

    Raises 429 `rate-limited` with `Retry-After` when either bucket is empty.
    """
    limiter = get_rate_limiter(request)
    client = client_address(request, settings.trusted_proxies)
    wait = limiter.take(
        f"client:{client}", per_minute=settings.chat_rate_per_client, burst=settings.chat_burst_per_client
    )
    if not wait and org is not None:
        wait = limiter.take(f"org:{org}", per_minute=settings.chat_rate_per_org, burst=settings.chat_burst_per_org)
    if wait:
        raise ApiError(429, "rate-limited", headers={"Retry-After": str(max(1, math.ceil(wait)))})
