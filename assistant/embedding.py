"""What the API needs about embedding organisations on every chat message, without a database read each time.

`SiteDirectory` keeps every site's settings in memory for `CACHE_TTL_S` seconds, so a change made
through the content API reaches every API process within seconds (the process that made the change
at once). `with_site_contact` puts the organisation's own contact first when a reply lists free help.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from functools import lru_cache

import sqlalchemy as sa

from assistant.content.sites import Site, list_sites
from assistant.content.store import get_engine
from assistant.replies import Message

CACHE_TTL_S = 5.0
FIND_HELP_TOPIC = "independent_support_organisations"
AREA_QUESTION_PAYLOAD = "/set_council_area"
log = logging.getLogger(__name__)


class SiteDirectory:
    """Every site, read from the content store at most once per `ttl_s` seconds in this process."""

    def __init__(self, db_url: str, *, ttl_s: float = CACHE_TTL_S, clock: Callable[[], float] = time.monotonic):
        self.db_url = db_url
        self.ttl_s = ttl_s
        self.clock = clock
        self._sites: dict[str, Site] = {}
        self._origins: frozenset[str] = frozenset()
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def _fresh(self) -> dict[str, Site]:
        now = self.clock()
        if self._read_at is not None and now - self._read_at < self.ttl_s:
            return self._sites
        with self._lock:
            if self._read_at is None or now - self._read_at >= self.ttl_s:
                try:
                    found = {site.id: site for site in list_sites(get_engine(self.db_url))}
                except sa.exc.SQLAlchemyError as exc:  # keep the last known sites; try again after the TTL
                    log.warning("Could not read the sites: %s", exc)
                    found = self._sites
                self._sites = found
                self._origins = frozenset(o for site in found.values() for o in site.settings.allowed_origins)
                self._read_at = now
        return self._sites

    def forget(self) -> None:
        """Read the store again on the next call (after this process changed a site)."""
        self._read_at = None

    def get(self, site_id: str | None) -> Site | None:
        return self._fresh().get(site_id) if site_id else None

    def allows(self, site_id: str | None, origin: str) -> bool:
        """True when the site exists and lists `origin` among its allowed websites."""
        site = self.get(site_id)
        return site is not None and origin in site.settings.allowed_origins

    def any_allows(self, origin: str) -> bool:
        """True when some site lists `origin` (enough for a preflight, which has no body to name the site)."""
        self._fresh()
        return origin in self._origins


@lru_cache(maxsize=8)
def get_site_directory(db_url: str) -> SiteDirectory:
    return SiteDirectory(db_url)


def contact_message(site: Site) -> Message | None:
    contact = site.settings.contact
    if contact is None:
        return None
    lines = [f"You can ask {contact.name} for help."]
    if contact.phone:
        lines.append(f"- Phone {contact.phone}")
    if contact.website:
        lines.append(f"- Website: {contact.website}")
    if contact.email:
        lines.append(f"- Email: {contact.email}")
    return {"text": "\n".join(lines), "topic": FIND_HELP_TOPIC}


def _lists_help(message: Message) -> bool:
    """A free-help message, not the question about where the person lives."""
    if message.get("topic") != FIND_HELP_TOPIC:
        return False
    buttons = message.get("buttons") or []
    return not any(str(b.get("payload", "")).startswith(AREA_QUESTION_PAYLOAD) for b in buttons)


def with_site_contact(messages: Sequence[Message], site: Site | None) -> list[Message]:
    """The reply with the site's own contact first among the free help it lists (unchanged otherwise)."""
    contact = contact_message(site) if site else None
    if contact is None or not any(_lists_help(m) for m in messages):
        return list(messages)
    first = next(i for i, m in enumerate(messages) if m.get("topic") == FIND_HELP_TOPIC)
    return [*messages[:first], contact, *messages[first:]]
