"""The public HTTP service (FastAPI): the only door to the assistant."""
