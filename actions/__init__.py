"""Rasa custom actions: thin adapters from a Rasa tracker to `assistant`."""
