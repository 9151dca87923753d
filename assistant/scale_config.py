"""The nginx configuration of the scaled-out stack (`assistant.scale_stack`), for loopback and free ports.

`docs/deploy.md` shows the same routing for real servers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.scale_stack import Ports

# A server that refuses a connection or times out is skipped for `fail_timeout`; its requests go to
# the next one. A request already sent when a server dies is not sent again (POST is not idempotent):
# the client sees an error and may retry.
SERVER_OPTIONS = "max_fails=1 fail_timeout=5s"


def _upstream(name: str, ports: list[int], *, first_line: str = "") -> str:
    servers = "".join(f"        server 127.0.0.1:{port} {SERVER_OPTIONS};\n" for port in ports)
    return f"    upstream {name} {{\n{first_line}{servers}        keepalive 32;\n    }}\n"


def _proxy(port: int, upstream: str, *, read_timeout_s: int) -> str:
    return f"""    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout {read_timeout_s}s;
        }}
    }}
"""


def nginx_conf(tmp: Path, ports: Ports) -> str:
    """nginx in the foreground (`-g 'daemon off; pid ...;'`), logs and temporary files under `tmp`."""
    temp = "".join(f"    {kind}_temp_path {tmp / 'nginx' / kind};\n" for kind in ("client_body", "proxy"))
    temp += "".join(f"    {kind}_temp_path {tmp / 'nginx' / kind};\n" for kind in ("fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx").mkdir(exist_ok=True)
    return (
        f"worker_processes 1;\nerror_log {tmp / 'logs' / 'nginx-error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        # Which server answered each request (several when nginx moved on), for the kill test's summary.
        "    log_format routed '$server_port $status $arg_conversation $upstream_addr';\n"
        f"    access_log {tmp / 'logs' / 'nginx-access.log'} routed;\n"
        f"{temp}"
        # Keep bodies in memory: when we are root, nginx's workers run as `nobody`, who may not write
        # into our temporary directory (Rasa sends the action server the whole conversation).
        "    client_body_buffer_size 4m;\n    client_max_body_size 4m;\n    proxy_max_temp_file_size 0;\n"
        + _upstream("api", ports.api)
        # One conversation, one Rasa server: the API adds ?conversation=<id> to its Rasa URL.
        + _upstream("rasa", ports.rasa_servers, first_line="        hash $arg_conversation consistent;\n")
        + _upstream("actions", ports.action_servers)
        + _proxy(ports.public, "api", read_timeout_s=60)
        + _proxy(ports.rasa, "rasa", read_timeout_s=60)
        + _proxy(ports.actions, "actions", read_timeout_s=30)
        + "}\n"
    )
