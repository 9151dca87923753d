"""What the assistant says when part of it is broken: plain words and free help phone numbers.

When the action server is down, Rasa answers a topic question with no messages. The API then sends
`service_problem_reply()` instead of silence. Its phone numbers come from a copy of the published
organisations kept in memory: loaded when the API starts and refreshed every hour, so the reply
needs neither the action server nor the store. If the store could never be read, the copy comes
from `content/organisations.yml`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from sqlalchemy.engine import Engine

from assistant.content import store
from assistant.content.organisations import Organisation, read_organisations
from assistant.paths import CONTENT_DIR
from assistant.replies import Message

TOPIC = "service_problem"
HELP_KINDS = ("independent_support", "advocacy", "information")
MAX_HELP_LINES = 2
log = logging.getLogger(__name__)

_lock = threading.Lock()
_help_lines: list[tuple[str, str]] = []


def help_lines_from(organisations: Sequence[Organisation]) -> list[tuple[str, str]]:
    """(name, phone) of the first national organisations that give free help and have a phone number."""
    chosen = [(o.name, o.phone) for o in organisations if o.national and o.phone and set(o.kinds) & set(HELP_KINDS)]
    return chosen[:MAX_HELP_LINES]


def refresh_help_lines(engine: Engine) -> bool:
    """Copy the phone numbers from the store. On failure keep the copy we have. Never raises."""
    global _help_lines
    try:
        lines = help_lines_from(store.all_organisations(engine))
    except Exception:  # the store is down: the copy we have is still good
        log.warning("Could not refresh the free help phone numbers", exc_info=True)
        return False
    if lines:
        with _lock:
            _help_lines = lines
    return bool(lines)


def help_lines() -> list[tuple[str, str]]:
    """The cached copy; the content file's numbers if the store was never read."""
    global _help_lines
    with _lock:
        if not _help_lines:
            _help_lines = help_lines_from(read_organisations(CONTENT_DIR / "organisations.yml"))
        return list(_help_lines)


def service_problem_reply() -> list[Message]:
    lines = "\n".join(f"- {name}. Phone {phone}." for name, phone in help_lines())
    text = (
        "Sorry, part of me is not working right now. I cannot answer your question. "
        "Please try again in a few minutes.\n"
        f"A person can help you for free:\n{lines}\n"
        "If you are in danger, phone 999. For urgent help, phone NHS 24 on 111."
    )
    return [{"text": text, "topic": TOPIC}]
