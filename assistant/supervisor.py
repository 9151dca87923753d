"""Start the action server, the Rasa server and the API; wait until each is ready; stop them together.

Rasa and the action server listen on 127.0.0.1 only (never Rasa's HTTP API: CVE-2024-49375).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from assistant.paths import REPO_DIR
from assistant.settings import Settings

START_TIMEOUT_S = 240.0
PR_SET_PDEATHSIG = 1  # Linux prctl option


class StartError(RuntimeError):
    pass


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None


def services(settings: Settings, model: Path) -> list[Service]:
    env = {
        "SDS_ACTION_ENDPOINT": f"{settings.action_url}/webhook",
        "SDS_TRACKER_DB": settings.tracker_db_path,
    }
    python = sys.executable
    return [
        Service(
            "action server",
            [python, "-m", "rasa_sdk", "--actions", "actions", "-p", str(settings.action_port)],
            f"{settings.action_url}/health",
            {"SANIC_HOST": "127.0.0.1", "ACTION_SERVER_SANIC_WORKERS": "1"},
        ),
        Service(
            "Rasa server",
            [
                python,
                "-m",
                "assistant.rasa_server",  # `rasa` with a faster check of action server replies
                "run",
                "-i",
                "127.0.0.1",
                "-p",
                str(settings.rasa_port),
                "--model",
                str(model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
            f"{settings.rasa_url}/",
            env,
        ),
        Service(
            "API",
            [python, "-m", "uvicorn", "api.main:app", "--host", settings.api_host, "--port", str(settings.api_port)],
            f"http://127.0.0.1:{settings.api_port}/health",
        ),
    ]


def is_ready(url: str) -> bool:
    """True if `url` answers 200 within 2 seconds."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _stop(running: list[Service]) -> None:
    for service in reversed(running):
        if service.process and service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for service in running:
        if service.process is None:
            continue
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait()


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is free
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def check_ports_free(settings: Settings) -> None:
    """Fail early and clearly when another program (often an earlier `make run`) holds a port."""
    for name, port, setting in (
        ("API", settings.api_port, "SDS_API_PORT"),
        ("Rasa server", settings.rasa_port, "SDS_RASA_PORT"),
        ("action server", settings.action_port, "SDS_ACTION_PORT"),
    ):
        if _port_in_use(port):
            raise StartError(
                f"Port {port} for the {name} is already in use. Is the assistant already running? "
                f"Stop it, or choose another port with {setting}."
            )


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the supervisor dies, however it dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(command: list[str], env: Mapping[str, str], log: IO[bytes] | None) -> subprocess.Popen[bytes]:
    """Start `command` in the repository, in its own process group (stop it with `os.killpg`); on
    Linux it gets SIGTERM if this process dies. Output goes to `log` (None: this terminal)."""
    return subprocess.Popen(
        command,
        cwd=REPO_DIR,
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )


def stack_env(settings: Settings) -> dict[str, str]:
    """The environment every process of the stack gets: ours, plus each setting as `SDS_...`."""
    return {**os.environ, **{f"SDS_{k.upper()}": str(v) for k, v in settings.dict().items()}}


def restart(service: Service, settings: Settings, *, log: IO[bytes] | None = None) -> None:
    """Start a stopped (or killed) service again with the same command and environment; wait until ready."""
    if service.process is not None and service.process.poll() is None:
        raise StartError(f"The {service.name} is still running.")
    service.process = spawn(service.command, {**stack_env(settings), **service.env}, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not is_ready(service.ready_url):
        if service.process.poll() is not None:
            raise StartError(f"The {service.name} stopped while restarting (exit {service.process.returncode}).")
        if time.monotonic() > deadline:
            raise StartError(f"The {service.name} did not restart within {START_TIMEOUT_S:.0f} seconds.")
        time.sleep(0.5)


def _raise_keyboard_interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def running_stack(settings: Settings, model: Path, *, log: IO[bytes] | None = None) -> Iterator[list[Service]]:
    """All three processes, ready to serve; stopped (whole process groups) on exit."""
    check_ports_free(settings)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    started: list[Service] = []
    base_env = stack_env(settings)
    # A plain `kill` of the supervisor stops the processes too (Ctrl-C already does).
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        for service in services(settings, model):
            service.process = spawn(service.command, {**base_env, **service.env}, log)
            started.append(service)
        for service in started:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not is_ready(service.ready_url):
                if service.process is not None and service.process.poll() is not None:
                    raise StartError(f"The {service.name} stopped while starting (exit {service.process.returncode}).")
                if time.monotonic() > deadline:
                    raise StartError(f"The {service.name} did not start within {START_TIMEOUT_S:.0f} seconds.")
                time.sleep(0.5)
        yield started
    finally:
        _stop(started)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def serve_forever(settings: Settings, model: Path) -> int:
    """`make run`: start everything, print the URL, stop all on Ctrl-C or if one process dies."""
    started = time.monotonic()
    try:
        with running_stack(settings, model) as running:
            host = "127.0.0.1" if settings.api_host in ("0.0.0.0", "::") else settings.api_host
            print(f"\nReady in {time.monotonic() - started:.0f} s. Open http://{host}:{settings.api_port}/", flush=True)
            print("Press Ctrl-C to stop.", flush=True)
            while True:
                for service in running:
                    if service.process is not None and service.process.poll() is not None:
                        print(f"The {service.name} stopped (exit {service.process.returncode}).", file=sys.stderr)
                        return 1
                time.sleep(1)
    except StartError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping. Goodbye.", flush=True)
        return 0
