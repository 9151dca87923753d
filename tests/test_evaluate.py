"""`python -m assistant evaluate`: the metrics, the input errors, and the last-line JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.evaluate import (
    EvaluationInputError,
    Example,
    evaluate,
    label_for_intent,
    read_examples,
    report_lines,
    summarise,
)
from assistant.paths import REPO_DIR

EXAMPLES = [
    Example("what is a direct payment", "option1_direct_payment"),
    Example("can i pay my daughter", "paying_family"),
    Example("how do i complain", "complaints_and_appeals"),
    Example("i want to end it all", "crisis"),
    Example("what is the weather", "out_of_scope"),
    Example("football scores", "out_of_scope"),
]
PARSED = {
    "what is a direct payment": ("option1_direct_payment", 0.9),
    "can i pay my daughter": ("nlu_fallback", 0.3),
    "how do i complain": ("crisis", 1.0),
    "i want to end it all": ("crisis", 1.0),
    "what is the weather": ("out_of_scope", 0.8),
    "football scores": ("greet", 0.6),
}


def test_summary_counts_each_metric_from_the_predictions() -> None:
    predictions = evaluate(EXAMPLES, lambda text: PARSED[text])
    summary = summarise(predictions)
    assert summary["n"] == 6
    assert summary["in_scope_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert summary["false_fallback_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert summary["false_crisis_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert summary["crisis_recall"] == 1.0
    assert summary["out_of_scope_recall"] == 0.5


def test_report_lists_the_misclassified_questions() -> None:
    predictions = evaluate(EXAMPLES, lambda text: PARSED[text])
    report = "\n".join(report_lines(predictions, summarise(predictions)))
    assert "[paying_family -> fallback 0.30] can i pay my daughter" in report
    assert "complaints_and_appeals -> crisis: 1" in report


@pytest.mark.parametrize(
    ("intent", "label"),
    [("nlu_fallback", "fallback"), (None, "fallback"), ("greet", "social"), ("advocacy", "advocacy")],
)
def test_intents_map_to_evaluation_labels(intent: str | None, label: str) -> None:
    assert label_for_intent(intent) == label


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not JSON"),
        ('{"text": "hi"}\n', '"text" and "label"'),
        ('{"text": "hi", "label": "weather"}\n', "unknown label 'weather'"),
        ("\n\n", "no examples"),
    ],
)
def test_bad_evaluation_files_are_rejected_with_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=message):
        read_examples(path)


def test_evaluate_command_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text('{"text": "hi", "label": "weather"}\n', encoding="utf-8")
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "evaluate", str(path), "--model", str(model)],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown label 'weather'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_evaluate_command_prints_the_metrics_as_its_last_line(tmp_path: Path) -> None:
    from assistant.settings import get_settings
    from assistant.training import model_path

    model = model_path(get_settings().model_dir)
    if not model.exists():
        pytest.fail(f"no trained model at {model}: `make test` trains it before the tests")
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps({"text": e.text, "label": e.label}) for e in EXAMPLES), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "evaluate", str(path)],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    headline = json.loads(result.stdout.strip().splitlines()[-1])
    assert headline["n"] == len(EXAMPLES)
    assert headline["crisis_recall"] == 1.0
    for key in ("in_scope_accuracy", "out_of_scope_recall", "false_fallback_rate"):
        assert 0.0 <= headline[key] <= 1.0


def test_report_has_a_confusion_matrix_with_a_row_per_label() -> None:
    predictions = evaluate(EXAMPLES, lambda text: PARSED[text])
    lines = report_lines(predictions, summarise(predictions))
    start = next(i for i, line in enumerate(lines) if line.startswith("Confusion matrix"))
    table = lines[start + 2 : lines.index("", start + 1)]
    rows = {line.split()[1]: line.split()[2:] for line in table}
    labels = sorted(rows)
    assert len(labels) == 7  # 5 true labels, plus fallback and social as predicted
    complaints = rows["complaints_and_appeals"]
    assert complaints[labels.index("crisis")] == "1"
    assert rows["crisis"][labels.index("crisis")] == "1"
    assert rows["out_of_scope"][labels.index("social")] == "1"
