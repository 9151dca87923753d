"""The product scaled out on one machine, all on 127.0.0.1 and free ports, from Debian's packages.

PostgreSQL (tracker store and content store), Redis (Rasa's lock store), 2 action servers, 2 Rasa
servers, 2 API processes, and nginx with three listeners:
- public: round robin over the APIs;
- Rasa: `hash $arg_conversation consistent`, so one conversation goes to one Rasa server (the API adds
  `?conversation=<id>`); if that server is down, the next one takes over, with the tracker in
  PostgreSQL and the lock in Redis;
- actions: round robin over the action servers, the next one if a server is down.
Any replica can be killed and restarted (`kill`, `restart`). `docs/deploy.md` has the same topology on
real servers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from assistant.bench import free_ports
from assistant.supervisor import START_TIMEOUT_S, StartError, is_ready, spawn

if TYPE_CHECKING:
    from assistant.postgres_server import TempPostgres

REPLICAS = 2
# A Rasa server killed while it held a conversation's lock leaves a ticket in Redis: the next
# message of that conversation waits until it expires (Rasa's default is 60 s).
LOCK_LIFETIME_S = 15
API_RASA_TIMEOUT_S = 30  # longer than the lock lifetime, so a failed-over message waits, not fails


def _tcp_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Proc:
    """One process (a server and its children, in their own process group)."""

    name: str
    command: list[str]
    ready: Callable[[], bool]
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Ports:
    redis: int
    public: int  # nginx, to the APIs
    rasa: int  # nginx, to the Rasa servers
    actions: int  # nginx, to the action servers
    api: list[int]
    rasa_servers: list[int]
    action_servers: list[int]

    @classmethod
    def free(cls, replicas: int) -> Ports:
        redis, public, rasa, actions, *rest = free_ports(4 + 3 * replicas)
        api, rasa_servers, action_servers = rest[:replicas], rest[replicas : 2 * replicas], rest[2 * replicas :]
        return cls(redis, public, rasa, actions, api, rasa_servers, action_servers)


class ScaleStack:
    """Build with `scaled_out(tmp, model)`; `procs` maps names like `rasa-1` to their process."""

    def __init__(self, tmp: Path, model: Path, *, replicas: int = REPLICAS) -> None:
        self.tmp, self.model, self.replicas = tmp, model, replicas
        self.ports = Ports.free(replicas)
        self.logs = tmp / "logs"
        self.procs: dict[str, Proc] = {}
        self.postgres: TempPostgres | None = None
        self._cleanup: ExitStack = ExitStack()

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.public}"

    def database_url(self, name: str) -> str:
        assert self.postgres is not None
        return f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{name}"

    def pgids(self) -> dict[str, int]:
        """Each running process group, for memory readings (PostgreSQL's is its postmaster's)."""
        groups = {name: p.process.pid for name, p in self.procs.items() if p.process is not None and p.alive}
        if self.postgres is not None:
            with contextlib.suppress(OSError, ValueError, IndexError):
                postmaster = int((self.postgres.data / "postmaster.pid").read_text().split()[0])
                if os.getpgid(postmaster) == postmaster:  # pg_ctl starts it in a session of its own
                    groups["postgres"] = postmaster
        return groups

    # Start and stop --------------------------------------------------------------------------------

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self._start_postgres()
        self._launch(self._redis())
        self._seed_content()
        replicas = [proc for i in range(1, self.replicas + 1) for proc in self._replica(i)]
        for proc in replicas:
            self._launch(proc, wait=False)
        for proc in replicas:
            self._wait(proc)
        self._launch(self._nginx())

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.alive and proc.process is not None:
                os.killpg(proc.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            if proc.process is None:
                continue
            try:
                proc.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.process.pid, signal.SIGKILL)
                proc.process.wait()
        self._cleanup.close()

    def kill(self, name: str) -> None:
        """SIGKILL a replica's whole process group, as a crash would."""
        proc = self.procs[name]
        assert proc.process is not None
        os.killpg(proc.process.pid, signal.SIGKILL)
        proc.process.wait()

    def restart(self, name: str) -> float:
        """Start a killed replica again; returns the seconds until it was ready."""
        started = time.monotonic()
        self._launch(self.procs[name])
        return time.monotonic() - started

    def _launch(self, proc: Proc, *, wait: bool = True) -> None:
        log = self._cleanup.enter_context((self.logs / f"{proc.name}.log").open("ab"))
        proc.process = spawn(proc.command, {**os.environ, **proc.env}, log)
        self.procs[proc.name] = proc
        if wait:
            self._wait(proc)

    def _wait(self, proc: Proc) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not proc.ready():
            if not proc.alive:
                raise StartError(f"{proc.name} stopped while starting: see {self.logs / proc.name}.log")
            if time.monotonic() > deadline:
                raise StartError(f"{proc.name} did not start within {START_TIMEOUT_S:.0f} s")
            time.sleep(0.5)

    # The parts -------------------------------------------------------------------------------------

    def _start_postgres(self) -> None:
        from assistant.postgres_server import TempPostgres

        try:  # as the `postgres` user when we are root; data in a temporary folder of its own
            self.postgres = TempPostgres(listen_addresses="127.0.0.1").start()
        except RuntimeError as exc:
            raise StartError(f"PostgreSQL did not start: {exc}") from None
        self._cleanup.callback(self.postgres.stop)  # last, after every process that uses it
        for name in ("tracker", "content"):
            self.postgres.create_database(name)

    def _seed_content(self) -> None:
        """Seeded once here, so the two APIs starting together find it done."""
        from assistant.content.store import get_engine, seed_from_files
        from assistant.paths import ANSWERS_DIR, CONTENT_DIR

        seed_from_files(get_engine(self.database_url("content")), ANSWERS_DIR, CONTENT_DIR / "organisations.yml")

    def _redis(self) -> Proc:
        data = self.tmp / "redis"
        data.mkdir()
        port = self.ports.redis
        # Locks live a few seconds: nothing to persist (a restarted Redis only means nobody waits).
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data)]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        return Proc("redis", command, lambda: _tcp_open(port))

    def _replica(self, number: int) -> list[Proc]:
        i = number - 1
        python = sys.executable
        action_port, rasa_port, api_port = self.ports.action_servers[i], self.ports.rasa_servers[i], self.ports.api[i]
        content = {
            "SDS_DATABASE_URL": self.database_url("content"),
            "SDS_TRACKER_URL": self.database_url("tracker"),  # for the API's retention job
            "SDS_VAR_DIR": str(self.tmp / f"var-{number}"),
        }
        actions = Proc(
            f"actions-{number}",
            [python, "-m", "rasa_sdk", "--actions", "actions", "-p", str(action_port)],
            lambda: is_ready(f"http://127.0.0.1:{action_port}/health"),
            {**content, "SANIC_HOST": "127.0.0.1", "ACTION_SERVER_SANIC_WORKERS": "1"},
        )
        rasa_env = {
            "SDS_ACTION_ENDPOINT": f"http://127.0.0.1:{self.ports.actions}/webhook",
            "SDS_TRACKER_URL": self.database_url("tracker"),
            "SDS_REDIS_HOST": "127.0.0.1",
            "SDS_REDIS_PORT": str(self.ports.redis),
            "SDS_REDIS_PASSWORD": "",
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_S),
        }
        rasa_files = [
            "--model",
            str(self.model),
            "--endpoints",
            "endpoints.scale.yml",
            "--credentials",
            "credentials.yml",
        ]
        rasa = Proc(
            f"rasa-{number}",
            [python, "-m", "assistant.rasa_server", "run", "-i", "127.0.0.1", "-p", str(rasa_port), *rasa_files],
            lambda: is_ready(f"http://127.0.0.1:{rasa_port}/"),
            rasa_env,
        )
        api_env = {
            **content,
            "SDS_API_PORT": str(api_port),
            "SDS_RASA_PORT": str(self.ports.rasa),  # nginx, which picks the Rasa server
            "SDS_ACTION_PORT": str(self.ports.actions),
            "SDS_RASA_TIMEOUT_S": str(API_RASA_TIMEOUT_S),
            "SDS_CHAT_RATE_PER_CLIENT": "0",  # every simulated person comes from 127.0.0.1: no limit
        }
        api = Proc(
            f"api-{number}",
            [python, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(api_port)],
            lambda: is_ready(f"http://127.0.0.1:{api_port}/health"),
            api_env,
        )
        return [actions, rasa, api]

    def _nginx(self) -> Proc:
        from assistant.scale_config import nginx_conf

        conf = self.tmp / "nginx.conf"
        conf.write_text(nginx_conf(self.tmp, self.ports))
        command = ["nginx", "-p", str(self.tmp), "-c", str(conf), "-g", f"daemon off; pid {self.tmp / 'nginx.pid'};"]
        return Proc("nginx", command, lambda: is_ready(f"{self.public_url}/health"))


@contextmanager
def scaled_out(tmp: Path, model: Path, *, replicas: int = REPLICAS, log: IO[str] | None = None) -> Iterator[ScaleStack]:
    """Every part started and ready; everything stopped on exit (each log in `tmp/logs/`)."""
    stack = ScaleStack(tmp, model, replicas=replicas)
    started = time.monotonic()
    try:
        stack.start()
        if log is not None:
            print(f"Scaled-out stack ready in {time.monotonic() - started:.0f} s at {stack.public_url}", file=log)
        yield stack
    finally:
        stack.stop()
