"""The checker never touches the network: first-use downloads would break it offline."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from assistant.paths import REPO_DIR

SCRIPT = textwrap.dedent(
    """
    import socket

    def refuse(*args, **kwargs):
        raise RuntimeError("network I/O attempted")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from assistant.content_report import main_check_content
    main_check_content(["--format", "json"])
    print("NO-NETWORK-OK")
    """
)


def test_checker_runs_on_all_content_without_network_io() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_DIR, capture_output=True, text=True, timeout=120, check=False
    )
    assert "network I/O attempted" not in done.stderr
    assert done.stdout.rstrip().endswith("NO-NETWORK-OK"), done.stderr[-2000:]
