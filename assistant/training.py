"""Train the Rasa model only when its inputs changed: the model's name is a hash of them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from assistant.paths import DATA_DIR, REPO_DIR

TRAINING_INPUTS = ("config.yml", "domain.yml")
CODE_INPUTS = ("assistant/components",)


def venv_bin(name: str) -> str:
    """A console script next to the running interpreter (the project's `.venv/bin`)."""
    return str(Path(sys.executable).parent / name)


def training_files(repo: Path = REPO_DIR) -> list[Path]:
    files = [repo / name for name in TRAINING_INPUTS]
    files += sorted(DATA_DIR.rglob("*.yml"))
    for folder in CODE_INPUTS:
        files += sorted((repo / folder).rglob("*.py"))
    return files


def fingerprint(files: list[Path], repo: Path = REPO_DIR) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(model_dir: Path) -> Path:
    return model_dir / f"sds-{fingerprint(training_files())}.tar.gz"


def training_record_path(model: Path) -> Path:
    """`sds-<hash>.json` beside the model: how long training took and when (read by `make bench`)."""
    return model.with_name(model.name.removesuffix(".tar.gz") + ".json")


def train_if_needed(model_dir: Path, *, force: bool = False) -> tuple[Path, float | None]:
    """The model for the current training data; trains it first if missing. Returns (path, seconds or None)."""
    path = model_path(model_dir)
    if path.exists() and not force:
        return path, None
    model_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    command = [
        venv_bin("rasa"), "train",
        "--config", "config.yml",
        "--domain", "domain.yml",
        "--data", str(DATA_DIR.relative_to(REPO_DIR)),
        "--out", str(model_dir),
        "--fixed-model-name", path.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    subprocess.run(command, cwd=REPO_DIR, check=True)
    seconds = time.monotonic() - started
    record = {"seconds": round(seconds, 1), "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    training_record_path(path).write_text(json.dumps(record) + "\n")
    return path, seconds
