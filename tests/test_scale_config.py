"""The scale demo's nginx configuration: valid for nginx, and routing a conversation by its id."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from assistant.scale_config import nginx_conf
from assistant.scale_stack import Ports

PORTS = Ports(
    redis=6001,
    public=6002,
    rasa=6003,
    actions=6004,
    api=[7001, 7002],
    rasa_servers=[7101, 7102],
    action_servers=[7201, 7202],
)


def _upstream(conf: str, name: str) -> str:
    match = re.search(r"upstream " + name + r" \{(.*?)\}", conf, re.S)
    assert match, f"no upstream {name}"
    return match.group(1)


def test_rasa_servers_are_chosen_by_a_hash_of_the_conversation_id(tmp_path: Path) -> None:
    conf = nginx_conf(tmp_path, PORTS)
    rasa = _upstream(conf, "rasa")
    assert "hash $arg_conversation consistent;" in rasa
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", rasa) == ["7101", "7102"]
    assert "hash" not in _upstream(conf, "api")  # any API process will do: round robin
    assert conf.count("proxy_next_upstream error timeout;") == 3


def test_every_listener_is_on_loopback(tmp_path: Path) -> None:
    conf = nginx_conf(tmp_path, PORTS)
    assert re.findall(r"listen ([^;]+);", conf) == ["127.0.0.1:6002", "127.0.0.1:6003", "127.0.0.1:6004"]


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, PORTS))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
