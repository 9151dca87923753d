"""SDS Easy Read Assistant: the core logic shared by the Rasa actions, the API and the CLI."""

__version__ = "0.1.0"
