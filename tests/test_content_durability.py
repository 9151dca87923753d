"""SIGKILL the API in the middle of a burst of saves: after a restart, every acknowledged save is there."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx

from assistant.content import editing
from assistant.content.kinds import ANSWERS
from assistant.content.store import get_engine

ANSWER_IDS = ("advocacy", "what-is-sds", "assessment", "eligibility")  # one writer each: no 412s
SAVES_BEFORE_KILL = 20
MAX_SAVES_EACH = 200  # bounded: every writer stops at its first failed request anyway


def _writer(base_url: str, token: str, answer_id: str, acknowledged: list[tuple[str, int, str]]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    path = f"{base_url}/v1/content/answers/{answer_id}"
    with httpx.Client(timeout=10) as http:
        try:
            for number in range(MAX_SAVES_EACH):
                current = http.get(path, headers=headers)
                title = f"Save {number} of {answer_id}"
                body = {**current.json(), "title": title}
                saved = http.put(path, json=body, headers={**headers, "If-Match": current.headers["ETag"]})
                if saved.status_code // 100 == 2:
                    acknowledged.append((answer_id, saved.json()["answer"]["revision"], title))
        except httpx.TransportError:
            return  # the server was killed: this save was never acknowledged


def test_every_acknowledged_save_survives_a_kill_in_the_middle_of_a_burst(
    tmp_path: Path, start_api: Callable[..., AbstractContextManager[Any]]
) -> None:
    var_dir = tmp_path / "var"
    acknowledged: list[tuple[str, int, str]] = []
    with start_api(var_dir) as api:
        token = api.token("eddie", "editor")
        writers = [
            threading.Thread(target=_writer, args=(api.base_url, token, answer_id, acknowledged))
            for answer_id in ANSWER_IDS
        ]
        for thread in writers:
            thread.start()
        while len(acknowledged) < SAVES_BEFORE_KILL and any(t.is_alive() for t in writers):
            threading.Event().wait(0.01)
        api.process.send_signal(signal.SIGKILL)
        api.process.wait(timeout=10)
        for thread in writers:
            thread.join(timeout=30)
    assert len(acknowledged) >= SAVES_BEFORE_KILL
    assert len(acknowledged) < len(ANSWER_IDS) * MAX_SAVES_EACH  # the kill came mid-burst
    with start_api(var_dir) as restarted:
        assert httpx.get(f"{restarted.base_url}/v1/content/answers/advocacy").status_code == 200
        engine = get_engine(restarted.db_url)
        for answer_id, revision, title in acknowledged:
            history = {r.revision: r.item.title for r in editing.history(engine, ANSWERS, answer_id)}
            assert history.get(revision) == title, (answer_id, revision)
