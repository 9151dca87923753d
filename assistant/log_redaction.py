"""Personal details never reach the application logs: every log record is redacted when it is made.

`install()` wraps the process's log record factory, so it covers every logger (ours, uvicorn's,
rasa-sdk's) whatever handlers are set up later. Only records that will be emitted are built, so it
costs nothing for debug messages that are switched off. The API calls it on start and the action
server when it imports `actions`.
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.redaction import redact

_installed = False


def _redact_value(value: object) -> object:
    return redact(value, max_chars=None) if isinstance(value, str) else value


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message redacted.

    Plain arguments (text and numbers) are redacted one by one, so formatters that read them (uvicorn's
    access log) keep working; any other argument is formatted into the message first, then redacted.
    """
    args = record.args
    if isinstance(record.msg, str):
        record.msg = redact(record.msg, max_chars=None)
    if isinstance(args, tuple) and all(isinstance(a, str | int | float | None) for a in args):
        record.args = tuple(_redact_value(a) for a in args)
    elif isinstance(args, dict) and all(isinstance(v, str | int | float | None) for v in args.values()):
        record.args = {k: _redact_value(v) for k, v in args.items()}
    elif args:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record as logging would
            return record
        record.msg, record.args = redact(message, max_chars=None), None
    return record


def install() -> None:
    """Redact every log record made in this process from now on. Safe to call twice."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
