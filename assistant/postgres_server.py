"""A throwaway PostgreSQL server in a temporary folder: the tests run the content store suites against it.

`TempPostgres.start()` finds Debian's server programs (`/usr/lib/postgresql/<version>/bin`, installed
by `scripts/setup-system.sh`), makes a cluster with `initdb`, and starts it with `pg_ctl` on a free
port with its socket in the same folder. PostgreSQL refuses to run as root, so as root the programs
run as the `postgres` user (`runuser -u postgres --`), which owns the folder. `stop()` removes it all.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa

SETUP_HINT = "Install PostgreSQL with `sudo scripts/setup-system.sh` (Debian's postgresql package)."
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"  # a test cluster: speed over durability


class PostgresMissing(RuntimeError):
    """The PostgreSQL server programs are not installed."""


def server_programs() -> Path:
    """The folder with `initdb`, `pg_ctl` and `postgres` (the newest version installed)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise PostgresMissing(f"No PostgreSQL server programs in /usr/lib/postgresql/*/bin. {SETUP_HINT}")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TempPostgres:
    def __init__(self, *, listen_addresses: str = "") -> None:
        """`listen_addresses` "" means the socket only; "127.0.0.1" adds TCP on loopback (the scale demo)."""
        self.listen_addresses = listen_addresses
        self.bin = server_programs()
        self.root = Path(tempfile.mkdtemp(prefix="sds-pg-"))  # short: a socket path has at most 107 bytes
        self.data = self.root / "data"
        self.port = free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self.root.chmod(0o700)

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as, *command], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            raise RuntimeError(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> TempPostgres:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses='{self.listen_addresses}' {FAST}"
        log = str(self.root / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg2://postgres@/{database}?host={self.root}&port={self.port}"

    def _admin(self, statement: str) -> None:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT", future=True)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(statement)
        finally:
            engine.dispose()

    def create_database(self, name: str, *, template: str = "template0") -> str:
        """A new database (a copy of `template`); returns its URL."""
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
