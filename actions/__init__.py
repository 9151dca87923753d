"""Rasa custom actions: thin adapters from a Rasa tracker to `assistant`."""

from assistant import log_redaction

# rasa-sdk imports this package when the action server starts: from then on, no personal details in its logs.
log_redaction.install()
