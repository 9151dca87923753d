"""Ten minutes of load: no process's memory grows more than 10% after the 2-minute warm-up.

Run by `make test-scale` (not `make test`): `python -m assistant load --soak 600` does the work.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.paths import REPO_DIR

pytestmark = pytest.mark.scale
SOAK_S = 600


def test_memory_stays_steady_through_a_ten_minute_soak(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    # 20 people who each read a reply for about 3 seconds, as `make soak` runs it.
    command = [sys.executable, "-m", "assistant", "load", "--soak", str(SOAK_S), "--think", "3", "--out", str(out)]
    result = subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True, timeout=SOAK_S + 600)
    print(result.stdout[-6000:])

    assert out.exists(), result.stderr[-4000:]
    report = json.loads(out.read_text())
    # Errors are replies that took longer than SDS_RASA_TIMEOUT_S: a few on a busy machine, not many.
    assert report["soak"]["errors"] <= report["soak"]["requests"] // 100, report["soak"]["errors_by_kind"]
    assert set(report["memory_growth"]) == {"action_server", "rasa", "api"}
    assert all(row["growth_pct"] <= 10 for row in report["memory_growth"].values()), report["memory_growth"]
    assert report["passed"] and result.returncode == 0
