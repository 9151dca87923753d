"""Two processes writing one SQLite store: each read-then-write is atomic, and none fails "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import sqlalchemy as sa

from assistant.content.store import get_engine
from assistant.paths import REPO_DIR

COUNTER = sa.Table("counter", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("n", sa.Integer))
WRITER = textwrap.dedent(
    """
    import sys
    import sqlalchemy as sa
    from assistant.content.store import get_engine
    engine = get_engine(sys.argv[1])
    for _ in range(150):
        # Read, then write from what was read (as a save checks the ETag, then writes).
        with engine.begin() as conn:
            n = conn.exec_driver_sql("SELECT n FROM counter WHERE id = 1").scalar_one()
            conn.exec_driver_sql("UPDATE counter SET n = ? WHERE id = 1", (n + 1,))
    print("done")
    """
)


def test_read_then_write_transactions_from_two_processes_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'content.db'}"
    engine = get_engine(url)
    with engine.begin() as conn:
        COUNTER.create(conn)
        conn.execute(COUNTER.insert().values(id=1, n=0))
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, url], cwd=REPO_DIR, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    assert all(o.strip() == "done" for o in outputs)
    with engine.connect() as conn:
        assert conn.execute(sa.select(COUNTER.c.n)).scalar_one() == 300
