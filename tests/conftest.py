"""Shared fixtures. Tests use the real content files, a real SQLite store and (for e2e) real processes."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from assistant.content.store import get_engine, seed_from_files
from assistant.content.users import add_user
from assistant.paths import ANSWERS_DIR, CONTENT_DIR, REPO_DIR
from assistant.settings import get_settings


@pytest.fixture
def store(tmp_path: Path, backend_url: str | None) -> Engine:
    """A fresh content store seeded from the real `content/` files: SQLite, or PostgreSQL (see `backend`)."""
    engine = get_engine(backend_url or f"sqlite:///{tmp_path / 'content.db'}")
    seed_from_files(engine, ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    return engine


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the settings at a temporary var dir (for code that calls `get_settings()`)."""
    monkeypatch.setenv("SDS_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


@pytest.fixture
def client(settings_env: Path, backend_url: str | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The real app, started, on a temporary store. Modules that stub Rasa define their own."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    if backend_url:
        monkeypatch.setenv("SDS_DATABASE_URL", backend_url)
        get_settings.cache_clear()
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def engine(client: Any) -> Engine:
    """The content store the running app uses (and the action server would use)."""
    return get_engine(get_settings().content_db_url)


@pytest.fixture
def editor(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {add_user(engine, 'eddie', role='editor')}"}


@pytest.fixture
def reviewer(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {add_user(engine, 'rita', role='reviewer')}"}


@dataclass
class RunningApi:
    """A real uvicorn process serving `api.main:app` on a free port, with a stub Rasa."""

    base_url: str
    db_url: str
    rasa_requests: list[dict[str, Any]]
    process: subprocess.Popen[bytes] | None = None  # the uvicorn process (a test may kill it)

    def token(self, name: str, role: str) -> str:
        return add_user(get_engine(self.db_url), name, role=role)


class _StubRasa(BaseHTTPRequestHandler):
    """Answers every message on the REST channel with one echo message, like our actions' custom JSON."""

    seen: list[dict[str, Any]]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append(body)
        reply = json.dumps([{"recipient_id": body["sender"], "custom": {"text": f"You said: {body['message']}"}}])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply.encode())

    def log_message(self, *_args: Any) -> None:
        pass


@contextmanager
def running_api(var_dir: Path, **env: str) -> Iterator[RunningApi]:
    """Start the API in its own process (env: extra `SDS_...` settings) and a stub Rasa in a thread."""
    seen: list[dict[str, Any]] = []
    rasa = ThreadingHTTPServer(("127.0.0.1", 0), type("StubRasa", (_StubRasa,), {"seen": seen}))
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    environment = {**os.environ, "SDS_VAR_DIR": str(var_dir), "SDS_RASA_PORT": str(rasa.server_address[1]), **env}
    command = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
    var_dir.mkdir(parents=True, exist_ok=True)
    log_path = var_dir / "api.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError(f"the API stopped:\n{log_path.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(f"{base_url}/v1/sites/sds-assistant", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the API did not start")
        yield RunningApi(base_url, f"sqlite:///{var_dir / 'content.db'}", seen, server)
    finally:
        server.terminate()
        server.wait(timeout=10)
        rasa.shutdown()
        rasa.server_close()


@pytest.fixture(scope="session")
def start_api() -> Callable[..., AbstractContextManager[RunningApi]]:
    """`with start_api(tmp_path / "var", SDS_CHAT_RATE_PER_CLIENT="60") as api:` a real API process on a free port."""
    return running_api


# --- The content store on SQLite and on a real PostgreSQL server -------------------------------------
# A test module with `pytestmark = pytest.mark.both_backends` runs each of its tests twice: on SQLite
# and (marked `postgres`) on a PostgreSQL server that the test run starts (`assistant.postgres_server`).
# `--no-postgres` leaves the PostgreSQL runs out, for a quick local run; CI always runs them.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--no-postgres", action="store_true", help="skip the content store tests on PostgreSQL")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run the module's tests on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "postgres: runs on a real PostgreSQL server started by the test run")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        postgres = pytest.param("postgresql", marks=pytest.mark.postgres)
        metafunc.parametrize("backend", ["sqlite", postgres], scope="function")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--no-postgres"):
        keep = [item for item in items if item.get_closest_marker("postgres") is None]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture
def backend() -> str:
    """The content store's database: "sqlite", unless the module runs on both backends."""
    return "sqlite"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """One PostgreSQL server for the whole run, in a temporary folder; fails clearly when not installed."""
    from assistant.postgres_server import PostgresMissing, TempPostgres

    try:
        server = TempPostgres().start()
    except PostgresMissing as exc:
        pytest.fail(f"{exc} (or run with --no-postgres to leave these tests out)", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: Any) -> str:
    """A database migrated and seeded from `content/` once; each test gets a copy of it."""
    url = postgres_server.create_database("sds_seeded")
    engine = get_engine(url)
    seed_from_files(engine, ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    engine.dispose()
    return "sds_seeded"


@pytest.fixture
def backend_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite (each fixture picks its file); for PostgreSQL, the URL of a fresh seeded database."""
    if backend != "postgresql":
        yield None
        return
    server = request.getfixturevalue("postgres_server")
    name = f"sds_test_{os.getpid()}_{next(_DATABASE_NUMBERS)}"
    url = server.create_database(name, template=request.getfixturevalue("postgres_template"))
    yield url
    get_engine(url).dispose()
    server.drop_database(name)


_DATABASE_NUMBERS = itertools.count()
