"""Where the project's own files live. Paths only: nothing here reads the environment."""

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = REPO_DIR / "content"
ANSWERS_DIR = CONTENT_DIR / "easyread"
DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_DIR = Path(__file__).resolve().parent / "rules"
# The team's shared files (topics, facts, evaluation data) sit beside the repository.
SHARED_DIR = REPO_DIR.parent / "shared"
