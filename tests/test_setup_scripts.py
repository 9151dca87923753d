"""The set-up finds Python 3.10 by itself, and says what to install when there is none."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.paths import REPO_DIR

SCRIPT = REPO_DIR / "scripts" / "find-python310.sh"


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def test_finds_a_python_310_named_by_the_person() -> None:
    result = _run({"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "PYTHON": sys.executable})
    assert result.returncode == 0
    found = result.stdout.strip()
    version = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    assert version.stdout.strip() == "(3, 10)"


def test_finds_python_310_in_pyenv_versions_without_a_shim(tmp_path: Path) -> None:
    fake_root = tmp_path / "pyenv"
    bin_dir = fake_root / "versions" / "3.10.99" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python3.10").symlink_to(sys.executable)
    tools = tmp_path / "tools"  # only the tools the script needs: no Python on PATH
    tools.mkdir()
    for tool in ("ls", "sort"):
        (tools / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    result = _run({"PATH": str(tools), "HOME": "/nonexistent", "PYENV_ROOT": str(fake_root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(bin_dir / "python3.10")


def test_says_what_to_install_when_there_is_no_python_310(tmp_path: Path) -> None:
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # A python3 that is not 3.10, like a machine with only a newer Python.
    (fake_bin / "python3").write_text("#!/bin/sh\nexit 1\n")
    (fake_bin / "python3").chmod(0o755)
    env = {"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")}
    if any(Path(p).exists() for p in ("/usr/local/bin/python3.10", "/usr/bin/python3.10")):
        pytest.skip("this machine has a system Python 3.10, which the script rightly finds")
    result = _run(env)
    assert result.returncode == 1
    assert "Python 3.10 is needed" in result.stderr
    assert "pyenv install 3.10" in result.stderr
