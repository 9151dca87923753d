"""One running product for the end-to-end tests: the real trained model, real Rasa, action server and
API processes on free ports, and a runner for the browser tests (npm's playwright-core driving
Debian's Chromium, see `tests/browser/`).

Tests that stop or restart processes start a stack of their own with `start_stack`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from assistant.content.store import get_engine
from assistant.content.users import add_user
from assistant.paths import REPO_DIR
from assistant.settings import Settings
from assistant.supervisor import Service, restart, running_stack
from assistant.training import train_if_needed

BROWSER_TESTS = REPO_DIR / "tests" / "browser"
NODE_TIMEOUT_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    settings: Settings
    services: list[Service]
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.api_port}"

    def token(self, name: str, role: str) -> str:
        """A new editor or reviewer token in this stack's content store."""
        return add_user(get_engine(self.settings.content_db_url), name, role=role)

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def kill(self, name: str) -> None:
        """Kill a service's whole process group at once (SIGKILL: a crash, no clean shutdown)."""
        process = self.service(name).process
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def restart(self, name: str) -> None:
        """Start a killed service again, same command and environment; returns when it is ready."""
        with self.log_path.open("ab") as log:
            restart(self.service(name), self.settings, log=log)


@contextmanager
def start_stack(var_dir: Path, **overrides: object) -> Iterator[Stack]:
    """Start the whole product on free ports with its own var dir; print the process log on failure."""
    settings = Settings(
        var_dir=var_dir,
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        # Tests chat fast from one address (test_rate_limit tests limits); a cold model may answer slowly.
        **{"chat_rate_per_client": 0.0, "rasa_timeout_s": 60, **overrides},
    )
    model, _ = train_if_needed(settings.model_dir)
    log_path = var_dir / "processes.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        try:
            with running_stack(settings, model, log=log) as services:
                yield Stack(settings, services, log_path)
        except Exception:
            print(log_path.read_text(errors="replace")[-4000:])
            raise


@pytest.fixture(scope="session")
def stack_starter() -> Callable[..., AbstractContextManager[Stack]]:
    """`start_stack` for test modules (conftest modules cannot be imported with --import-mode=importlib)."""
    return start_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The product, shared by the e2e tests that do not stop any part of it."""
    with start_stack(tmp_path_factory.mktemp("var")) as running:
        yield running


@pytest.fixture(scope="session")
def browser_test() -> Callable[..., None]:
    """`run_browser_test` for test modules (conftest modules cannot be imported with --import-mode=importlib)."""
    return run_browser_test


@pytest.fixture(scope="session")
def api(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        yield client


def run_browser_test(script: str, *, base_url: str, artifacts: Path, **env: str) -> None:
    """Run `tests/browser/<script>` with node's test runner against `base_url`; fail with its output.

    The script finds the app at BASE_URL and writes screenshots and page dumps to ARTIFACTS_DIR.
    """
    artifacts.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["node", "--test", "--test-reporter=spec", str(BROWSER_TESTS / script)],
        cwd=REPO_DIR,
        env={**os.environ, "BASE_URL": base_url, "ARTIFACTS_DIR": str(artifacts), **env},
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT_S,
    )
    if result.returncode != 0:
        pytest.fail(f"{script} failed (exit {result.returncode}):\n{result.stdout[-8000:]}\n{result.stderr[-4000:]}")
