"""`python -m assistant evaluate PATH.jsonl`: measure the trained model on labelled questions.

Each line of the file is `{"text": ..., "label": ...}` with a label from `content/topics.yml`.
Prints per-label results, the confusion between labels and the misclassified questions, then,
as its LAST line, one JSON object with `n`, `in_scope_accuracy`, `out_of_scope_recall`,
`crisis_recall` and `false_fallback_rate`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.topics import CRISIS, FALLBACK, OUT_OF_SCOPE, get_topics

SOCIAL = "social"


class EvaluationInputError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True)
class Prediction:
    text: str
    label: str
    predicted: str
    confidence: float


def label_for_intent(intent: str | None) -> str:
    """Map a Rasa intent to an evaluation label: topics are themselves; `nlu_fallback` is `fallback`."""
    if intent is None or intent == "nlu_fallback":
        return FALLBACK
    return intent if intent in get_topics() else SOCIAL


def read_examples(path: Path) -> list[Example]:
    labels = get_topics()
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationInputError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("label"), str):
            raise EvaluationInputError(f'{path}:{number}: each line needs "text" and "label" strings')
        if row["label"] not in labels:
            raise EvaluationInputError(f"{path}:{number}: unknown label '{row['label']}'")
        examples.append(Example(text=row["text"], label=row["label"]))
    if not examples:
        raise EvaluationInputError(f"{path}: no examples")
    return examples


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarise(predictions: Sequence[Prediction]) -> dict[str, object]:
    topics = get_topics()
    in_scope = [p for p in predictions if p.label in topics and topics[p.label].in_scope]
    oos = [p for p in predictions if p.label == OUT_OF_SCOPE]
    crisis = [p for p in predictions if p.label == CRISIS]
    per_label = {}
    for label in sorted({p.label for p in predictions} | {p.predicted for p in predictions}):
        tp = sum(1 for p in predictions if p.label == label and p.predicted == label)
        gold = sum(1 for p in predictions if p.label == label)
        predicted = sum(1 for p in predictions if p.predicted == label)
        precision, recall = _share(tp, predicted), _share(tp, gold)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else 0.0
        per_label[label] = {"support": gold, "precision": precision, "recall": recall, "f1": f1}
    return {
        "n": len(predictions),
        "in_scope_accuracy": _share(sum(p.predicted == p.label for p in in_scope), len(in_scope)),
        "out_of_scope_recall": _share(sum(p.predicted == OUT_OF_SCOPE for p in oos), len(oos)),
        "out_of_scope_not_answered": _share(sum(p.predicted in (OUT_OF_SCOPE, FALLBACK) for p in oos), len(oos)),
        "crisis_recall": _share(sum(p.predicted == CRISIS for p in crisis), len(crisis)),
        "false_fallback_rate": _share(sum(p.predicted == FALLBACK for p in in_scope), len(in_scope)),
        "false_crisis_rate": _share(sum(p.predicted == CRISIS for p in in_scope), len(in_scope)),
        "per_label": per_label,
    }


def report_lines(
    predictions: Sequence[Prediction], summary: dict[str, object], *, list_misclassified: bool = True
) -> list[str]:
    lines = [f"{'label':36} {'n':>4} {'prec':>6} {'recall':>6} {'f1':>6}"]
    per_label = summary["per_label"]
    assert isinstance(per_label, dict)
    for label, row in per_label.items():
        precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
        lines.append(f"{label:36} {row['support']:>4} {precision:>6} {recall:>6} {row['f1']:>6.2f}")
    lines += confusion_matrix_lines(predictions)
    confused = Counter((p.label, p.predicted) for p in predictions if p.label != p.predicted)
    if confused:
        lines.append("")
        lines.append("Most confused (gold -> predicted: count):")
        lines += [f"  {gold} -> {predicted}: {count}" for (gold, predicted), count in confused.most_common(10)]
    if confused and list_misclassified:
        lines.append("")
        lines.append("Misclassified:")
        lines += [
            f"  [{p.label} -> {p.predicted} {p.confidence:.2f}] {p.text}" for p in predictions if p.label != p.predicted
        ]
    return lines


def confusion_matrix_lines(predictions: Sequence[Prediction]) -> list[str]:
    """Rows are the true labels, columns what the assistant did; columns are numbered to stay narrow."""
    labels = sorted({p.label for p in predictions} | {p.predicted for p in predictions})
    counts = Counter((p.label, p.predicted) for p in predictions)
    lines = ["", "Confusion matrix (rows: true label; columns: predicted, numbered as the rows):"]
    lines.append(" " * 40 + "".join(f"{n:>4}" for n in range(1, len(labels) + 1)))
    for number, gold in enumerate(labels, start=1):
        cells = "".join(f"{counts[(gold, predicted)] or '.':>4}" for predicted in labels)
        lines.append(f"{number:>3} {gold:36}{cells}")
    return lines


def evaluate(examples: Sequence[Example], parse: Callable[[str], tuple[str | None, float]]) -> list[Prediction]:
    predictions = []
    for example in examples:
        intent, confidence = parse(example.text)
        predictions.append(Prediction(example.text, example.label, label_for_intent(intent), confidence))
    return predictions


def rasa_parser(model: Path) -> Callable[[str], tuple[str | None, float]]:
    """Parse with the trained model, exactly as the Rasa server does (the crisis rules included)."""
    import asyncio

    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> tuple[str | None, float]:
        result = loop.run_until_complete(agent.parse_message(text))
        intent = result.get("intent") or {}
        return intent.get("name"), float(intent.get("confidence") or 0.0)

    return parse


def main(path: Path, model: Path) -> int:
    examples = read_examples(path)
    predictions = evaluate(examples, rasa_parser(model))
    summary = summarise(predictions)
    for line in report_lines(predictions, summary):
        print(line)
    headline = {k: v for k, v in summary.items() if k != "per_label"}
    print(json.dumps(headline))
    return 0
