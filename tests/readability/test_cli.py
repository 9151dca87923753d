"""`check-content` exit codes, text and JSON output; `content-report` writes escaped HTML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.content_report import main_check_content, main_content_report
from assistant.paths import REPO_DIR

FRONT = """---
id: {id}
topic: option1_direct_payment
title: An example
status: {status}
last_reviewed: 2026-11-24
keywords: [money]
related: []
organisations: [sdss]
picture: {{openmoji: "1F4B7", alt: Money}}
sources: [https://example.org]
---
## Short
{short}

## More
You buy your own support.
"""
GOOD = "You get the money."
BAD = "Ask HMRC about <script> & your money."


def write(directory: Path, name: str, short: str, status: str = "published") -> Path:
    path = directory / f"{name}.md"
    path.write_text(FRONT.format(id=name, status=status, short=short), encoding="utf-8")
    return path


def test_check_content_passes_good_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "good", GOOD)
    assert main_check_content([str(path)]) == 0
    assert f"valid: {path}" in capsys.readouterr().out


def test_check_content_fails_on_a_hard_rule_with_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "bad", BAD)
    assert main_check_content([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"invalid: {tmp_path / 'bad.md'}" in out
    assert f"  {tmp_path / 'bad.md'}:14: hard acronym-unexplained:" in out


def test_check_content_reports_drafts_without_failing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "draft", BAD, status="draft")
    assert main_check_content([str(tmp_path)]) == 0
    assert "acronym-unexplained" in capsys.readouterr().out


def test_check_content_reports_schema_errors_as_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "broken", GOOD)
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: live"), encoding="utf-8")
    assert main_check_content([str(path)]) == 1
    assert "hard bad-status:" in capsys.readouterr().out


def test_check_content_json_is_one_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "good", GOOD)
    write(tmp_path, "bad", BAD)
    assert main_check_content([str(tmp_path), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is False
    by_name = {Path(f["path"]).name: f for f in document["files"]}
    assert by_name["good.md"]["valid"] is True
    codes = {(i["code"], i["severity"], i["line"]) for i in by_name["bad.md"]["issues"]}
    assert ("acronym-unexplained", "hard", 14) in codes
    assert by_name["bad.md"]["sections"]["short"]["grade"] < 7


def test_check_content_runs_as_a_module(tmp_path: Path) -> None:
    write(tmp_path, "bad", BAD)
    command = [sys.executable, "-m", "assistant", "check-content", str(tmp_path)]
    done = subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "invalid:" in done.stdout


def test_content_report_writes_escaped_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "bad", BAD)
    write(tmp_path, "good", GOOD)
    out = tmp_path / "report.html"
    assert main_content_report([str(tmp_path), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<mark>Ask HMRC about &lt;script&gt; &amp; your money.</mark>" in html
    assert "<script>" not in html
    assert html.index("bad.md") < html.index("good.md"), "worst answers come first"
    printed = capsys.readouterr().out
    assert "Median grade:" in printed
    assert "checked 2 answers in" in printed
