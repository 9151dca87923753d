"""`python -m assistant crossval`: k-fold cross-validation of the NLU training data.

Each intent's examples are shuffled with a fixed seed and dealt into k folds. For every fold an
NLU-only model is trained with `config.yml` on the other folds and parses the held-out examples.
For each one we keep the gold intent, the DIET classifier's own top intent and confidences (taken
before the FallbackClassifier and our rule components change them), any rule override and the
final intent. From these we print per-label results and a table of what each FallbackClassifier
threshold (and `ambiguity_threshold`) would do, recommend a threshold (see `recommend`), and print,
as the LAST line, one JSON object. `--from build/crossval.json` reports again without training.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from assistant.evaluate import Prediction, label_for_intent, report_lines, summarise
from assistant.paths import DATA_DIR, REPO_DIR
from assistant.topics import FALLBACK, OUT_OF_SCOPE, get_topics
from assistant.training import venv_bin

THRESHOLDS = tuple(round(0.20 + 0.05 * step, 2) for step in range(11))
AMBIGUITIES = (0.0, 0.03, 0.05, 0.08, 0.1)
MIN_PRECISION = 0.95
# A wrong answer misleads; a needless "Did you mean ...?" costs one tap on a topic button.
WRONG_ANSWER_COST = 2.0
CLASSIFIERS = ("DIETClassifier", "FallbackClassifier")
RULE_MARKERS = ("crisis_rule", "glossary_term")  # what our rule components add to a message they decide
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


class CrossValidationError(RuntimeError):
    pass


@dataclass(frozen=True)
class NluExample:
    text: str
    intent: str


@dataclass(frozen=True)
class FoldPrediction:
    fold: int
    text: str
    intent: str  # gold intent
    diet_intent: str  # DIET's top intent, before the fallback and the rules
    diet_confidence: float
    diet_second_confidence: float  # the runner-up's confidence (for the ambiguity check)
    rule_intent: str | None  # set when the crisis or glossary rules override the classifier
    final_intent: str | None  # what the whole pipeline returned

    @property
    def label(self) -> str:
        return label_for_intent(self.intent)


def read_nlu_examples(folder: Path) -> list[NluExample]:
    """Every intent example in the folder's YAML files (our files hold intents only)."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" not in item or not isinstance(item.get("examples"), str):
                raise CrossValidationError(f"{path}: only intents with an examples block are supported")
            for line in item["examples"].splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    examples.append(NluExample(text, item["intent"]))
    return examples


def plain_text(example: str) -> str:
    """The message a person would type: `i live in [Fife](council_area)` -> `i live in Fife`."""
    return ANNOTATION.sub(r"\1", example)


def split_folds(
    examples: Sequence[NluExample], *, folds: int = 5, seed: int = 42
) -> list[tuple[list[NluExample], list[NluExample]]]:
    """(train, test) per fold, stratified by intent and the same for the same seed.

    Each intent's examples are shuffled and dealt round the folds, starting where the previous
    intent stopped so the folds come out the same size. An intent with a single example is never
    held out, so it is always in training; any other intent keeps at least one training example.
    """
    if folds < 2:
        raise ValueError("need at least 2 folds")
    by_intent: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        by_intent[example.intent].append(index)
    rng = random.Random(seed)
    fold_of: dict[int, int] = {}
    start = 0
    for intent in sorted(by_intent):
        indices = by_intent[intent]
        if len(indices) < 2:
            continue
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            fold_of[index] = (start + position) % folds
        start += len(indices)
    return [
        (
            [example for index, example in enumerate(examples) if fold_of.get(index) != fold],
            [example for index, example in enumerate(examples) if fold_of.get(index) == fold],
        )
        for fold in range(folds)
    ]


def decide(prediction: FoldPrediction, *, threshold: float, ambiguity: float) -> str:
    """The evaluation label the pipeline would give with these FallbackClassifier settings."""
    if prediction.rule_intent is not None:  # the rules run after the fallback and always win
        return label_for_intent(prediction.rule_intent)
    confidence = prediction.diet_confidence
    if confidence < threshold or confidence - prediction.diet_second_confidence < ambiguity:
        return FALLBACK
    return label_for_intent(prediction.diet_intent)


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def curve_row(predictions: Sequence[FoldPrediction], *, threshold: float, ambiguity: float) -> dict[str, Any]:
    topics = get_topics()
    in_scope = [p for p in predictions if p.label in topics and topics[p.label].in_scope]
    decided = [decide(p, threshold=threshold, ambiguity=ambiguity) for p in in_scope]
    answered = [(p, label) for p, label in zip(in_scope, decided, strict=True) if label != FALLBACK]
    correct = sum(p.label == label for p, label in answered)
    oos = [decide(p, threshold=threshold, ambiguity=ambiguity) for p in predictions if p.label == OUT_OF_SCOPE]
    return {
        "threshold": threshold,
        "ambiguity": ambiguity,
        "coverage": _share(len(answered), len(in_scope)),
        "answered_precision": _share(correct, len(answered)),
        "in_scope_recall": _share(correct, len(in_scope)),
        "false_fallback_rate": _share(len(in_scope) - len(answered), len(in_scope)),
        "out_of_scope_not_answered": _share(sum(label in (OUT_OF_SCOPE, FALLBACK) for label in oos), len(oos)),
        "cost": round(cost(predictions, threshold=threshold, ambiguity=ambiguity), 4),
    }


def cost(predictions: Sequence[FoldPrediction], *, threshold: float, ambiguity: float) -> float:
    """Mean cost a message: a wrong reply costs WRONG_ANSWER_COST, a fallback 1 (0 for out-of-scope ones)."""
    total = 0.0
    for prediction in predictions:
        label = decide(prediction, threshold=threshold, ambiguity=ambiguity)
        if label == FALLBACK:
            total += 0.0 if prediction.label == OUT_OF_SCOPE else 1.0
        elif label != prediction.label:
            total += WRONG_ANSWER_COST
    return total / len(predictions) if predictions else 0.0


def threshold_curve(
    predictions: Sequence[FoldPrediction], *, ambiguity: float, thresholds: Sequence[float] = THRESHOLDS
) -> list[dict[str, Any]]:
    return [curve_row(predictions, threshold=t, ambiguity=ambiguity) for t in thresholds]


def lowest_cost(rows: Sequence[dict[str, Any]]) -> float:
    """The threshold with the lowest mean `cost` (on a tie the higher one)."""
    return float(min(rows, key=lambda r: (r["cost"], -r["threshold"]))["threshold"])


def recommend(rows: Sequence[dict[str, Any]], *, min_precision: float = MIN_PRECISION) -> tuple[float, str]:
    """(threshold, the rule that chose it).

    The best in-scope recall among thresholds whose answers are right at least `min_precision` of the
    time. If no threshold is that precise, raising it further only trades answers for fallbacks, so
    take the lowest mean `cost` instead. Ties go to the higher (safer) threshold.
    """
    precise = [r for r in rows if (r["answered_precision"] or 0.0) >= min_precision]
    if precise:
        best = max(precise, key=lambda r: ((r["in_scope_recall"] or 0.0), r["threshold"]))
        return float(best["threshold"]), f"best in-scope recall with answered precision >= {min_precision}"
    return lowest_cost(rows), (
        f"no threshold reaches answered precision {min_precision}, so the lowest cost"
        f" (a wrong reply costs {WRONG_ANSWER_COST:g}, a needless fallback 1)"
    )


def curve_lines(rows: Sequence[dict[str, Any]], *, key: str) -> list[str]:
    columns = {
        "coverage": "coverage",
        "answered_precision": "precision",
        "in_scope_recall": "recall",
        "false_fallback_rate": "fallback",
        "out_of_scope_not_answered": "oos_not_answered",
        "cost": "cost",
    }
    lines = [f"{key:>10}" + "".join(f" {title:>{len(title) + 1}}" for title in columns.values())]
    for row in rows:
        cells = ("-" if row[c] is None else f"{row[c]:.3f}" for c in columns)
        lines.append(
            f"{row[key]:>10.2f}"
            + "".join(f" {cell:>{len(t) + 1}}" for cell, t in zip(cells, columns.values(), strict=True))
        )
    return lines


def fallback_settings(config: Path = REPO_DIR / "config.yml") -> tuple[float, float]:
    """The FallbackClassifier's (threshold, ambiguity_threshold) in the project config."""
    for component in yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]:
        if component["name"] == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    raise CrossValidationError(f"{config}: no FallbackClassifier in the pipeline")


def write_nlu(examples: Sequence[NluExample], path: Path) -> None:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"  - intent: {intent}", "    examples: |", *(f"      - {text}" for text in texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def train_fold(examples: Sequence[NluExample], folder: Path) -> Path:
    folder.mkdir(parents=True)
    write_nlu(examples, folder / "nlu.yml")
    command = [
        venv_bin("rasa"), "train", "nlu",
        "--config", "config.yml",
        "--nlu", str(folder / "nlu.yml"),
        "--out", str(folder),
        "--fixed-model-name", "nlu",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True)
    model = folder / "nlu.tar.gz"
    if result.returncode != 0 or not model.exists():
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise CrossValidationError(f"training failed in {folder}")
    return model


def predict_fold(model: Path, examples: Sequence[NluExample], *, fold: int) -> list[FoldPrediction]:
    """Parse each example up to the DIET classifier, up to the FallbackClassifier, and through the
    whole pipeline. Whatever changes the intent after the fallback (the crisis, glossary and place
    rules) is recorded as a rule override."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE

    agent = Agent.load(str(model))
    nodes = agent.processor.model_metadata.predict_schema.nodes
    diet, fallback = (next(n for n, node in nodes.items() if node.uses.__name__ == name) for name in CLASSIFIERS)

    def run_to(node: str, text: str) -> Any:
        outputs = agent.processor.graph_runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)]}, targets=[node])
        return outputs[node][0]

    loop = asyncio.new_event_loop()
    predictions = []
    try:
        for example in examples:
            text = plain_text(example.text)
            ranking = run_to(diet, text).get("intent_ranking")
            after_fallback = run_to(fallback, text).get("intent")["name"]
            parsed = loop.run_until_complete(agent.parse_message(text))
            final = parsed["intent"]["name"]
            overridden = final != after_fallback or any(parsed.get(key) for key in RULE_MARKERS)
            predictions.append(
                FoldPrediction(
                    fold=fold,
                    text=example.text,
                    intent=example.intent,
                    diet_intent=ranking[0]["name"],
                    diet_confidence=float(ranking[0]["confidence"]),
                    diet_second_confidence=float(ranking[1]["confidence"]) if len(ranking) > 1 else 0.0,
                    rule_intent=final if overridden else None,
                    final_intent=final,
                )
            )
    finally:
        loop.close()
    return predictions


def run_folds(examples: Sequence[NluExample], *, folds: int, seed: int) -> list[FoldPrediction]:
    predictions: list[FoldPrediction] = []
    with tempfile.TemporaryDirectory(prefix="sds-crossval-") as tmp:
        for fold, (train, test) in enumerate(split_folds(examples, folds=folds, seed=seed)):
            started = time.monotonic()
            model = train_fold(train, Path(tmp) / f"fold{fold}")
            predictions += predict_fold(model, test, fold=fold)
            seconds = time.monotonic() - started
            print(
                f"fold {fold + 1}/{folds}: {len(train)} trained, {len(test)} held out, {seconds:.0f} s", file=sys.stderr
            )
    return predictions


def load_predictions(path: Path) -> tuple[int, list[FoldPrediction]]:
    """(folds, predictions) saved by an earlier run in its `--out` file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = [field.name for field in fields(FoldPrediction)]
    return int(data["folds"]), [FoldPrediction(**{name: row[name] for name in names}) for row in data["predictions"]]


def main(*, folds: int, out: Path, seed: int = 42, saved: Path | None = None) -> int:
    """Train and test every fold (or reuse the predictions `saved` by an earlier run), then report."""
    if saved is not None:
        folds, predictions = load_predictions(saved)
    else:
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(30)  # WARNING: keep rasa's per-message debug lines off stdout
        predictions = run_folds(read_nlu_examples(DATA_DIR / "nlu"), folds=folds, seed=seed)
    threshold, ambiguity = fallback_settings()
    final = [Prediction(p.text, p.label, label_for_intent(p.final_intent), p.diet_confidence) for p in predictions]
    summary = summarise(final)
    curve = threshold_curve(predictions, ambiguity=ambiguity)
    recommended, rule = recommend(curve)
    ambiguity_rows = [curve_row(predictions, threshold=recommended, ambiguity=a) for a in AMBIGUITIES]
    agree = sum(
        decide(p, threshold=threshold, ambiguity=ambiguity) == label_for_intent(p.final_intent) for p in predictions
    )

    print(f"{folds}-fold cross-validation of {len(predictions)} examples (config: threshold {threshold}, "
          f"ambiguity {ambiguity})")  # fmt: skip
    print(*report_lines(final, summary, list_misclassified=False), sep="\n")
    print(f"\nThe replayed fallback agrees with the pipeline on {agree}/{len(predictions)} examples.")
    print(f"\nFallbackClassifier threshold (ambiguity_threshold {ambiguity}):")
    print(*curve_lines(curve, key="threshold"), sep="\n")
    for at in sorted({recommended, lowest_cost(curve)}):
        print(f"\nambiguity_threshold at threshold {at}:")
        rows = [curve_row(predictions, threshold=at, ambiguity=a) for a in AMBIGUITIES]
        print(*curve_lines(rows, key="ambiguity"), sep="\n")
    print(
        f"\nRecommended threshold: {recommended}. Rule: {rule}; ties go to the higher threshold."
        f"\nLowest cost (a wrong reply costs {WRONG_ANSWER_COST:g}, a needless fallback 1): {lowest_cost(curve)}."
    )
    per_label = summary["per_label"]
    assert isinstance(per_label, dict)
    headline = {
        "folds": folds,
        "n": len(predictions),
        "in_scope_accuracy": summary["in_scope_accuracy"],
        "per_label_f1": {label: row["f1"] for label, row in per_label.items()},
        "threshold_curve": curve,
        "recommended_threshold": recommended,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    details = {
        **headline,
        "recommendation_rule": rule,
        "seed": seed,
        "ambiguity_curve": ambiguity_rows,
        "summary": summary,
    }
    details["predictions"] = [{**asdict(p), "label": p.label} for p in predictions]
    out.write_text(json.dumps(details, indent=1) + "\n", encoding="utf-8")
    print(f"All predictions: {out}")
    print(json.dumps(headline))
    return 0
