"""`python -m assistant check-content` and `content-report`: thin command lines over `assistant.readability`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.paths import ANSWERS_DIR, CONTENT_DIR, REPO_DIR

if TYPE_CHECKING:
    from assistant.readability.answers import FileResult

GLOSSARY = CONTENT_DIR / "glossary.yml"
DEFAULT_REPORT = REPO_DIR / "build" / "content-report.html"


def main_check_content(argv: list[str]) -> int:
    from assistant.readability.answers import check_answer_path, check_glossary_path, expand_paths

    parser = argparse.ArgumentParser(prog="python -m assistant check-content", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="answer files or directories (default: content/easyread)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    results: list[FileResult] = [check_answer_path(path) for path in expand_paths(args.paths, ANSWERS_DIR)]
    if not args.paths and GLOSSARY.exists():
        results.append(check_glossary_path(GLOSSARY))
    if args.format == "json":
        document = {"valid": all(r.valid for r in results), "files": [r.to_dict() for r in results]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for result in results:
            _print_result(result)
    return 0 if all(r.valid for r in results) else 1


def _print_result(result: FileResult) -> None:
    state = "valid" if result.valid else "invalid"
    note = "" if result.gated else " (draft: not gated)"
    print(f"{state}: {result.path}{note}")
    if result.error is not None:
        print(f"  {result.path}:{result.error.line}: hard {result.error.code}: {result.error.message}")
        return
    for i in result.issues:
        print(f"  {result.path}:{i.line}: {i.severity} {i.code}: {i.message}")


def main_content_report(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant content-report", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help="answer files or directories (default: content/easyread)")
    parser.add_argument("--out", type=Path, default=DEFAULT_REPORT, help="HTML file to write")
    args = parser.parse_args(argv)
    from assistant.readability.answers import check_answer_path, expand_paths, summarise
    from assistant.readability.html_report import render_report
    from assistant.readability.report import check_text

    started = time.perf_counter()
    check_text("You can start.")  # load spaCy, textstat and wordfreq before timing the check itself
    loaded = time.perf_counter()
    results = [check_answer_path(path) for path in expand_paths(args.paths, ANSWERS_DIR)]
    seconds = time.perf_counter() - loaded
    summary = summarise(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_report(results, summary, seconds=seconds), encoding="utf-8")
    for line in summary.lines():
        print(line)
    print(f"Start-up: {loaded - started:.2f} s; checked {len(results)} answers in {seconds:.2f} s")
    print(f"Report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main_check_content(sys.argv[1:]))
