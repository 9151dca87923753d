"""`python -m assistant crossval`: the fold splitting and the threshold arithmetic (no training here)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.crossval import (
    FoldPrediction,
    NluExample,
    curve_row,
    decide,
    fallback_settings,
    load_predictions,
    plain_text,
    read_nlu_examples,
    recommend,
    split_folds,
    threshold_curve,
    write_nlu,
)
from assistant.paths import DATA_DIR, REPO_DIR

EXAMPLES = (
    [NluExample(f"direct payment question {i}", "option1_direct_payment") for i in range(23)]
    + [NluExample(f"advocate question {i}", "advocacy") for i in range(12)]
    + [NluExample(f"weather {i}", "out_of_scope") for i in range(7)]
    + [NluExample("yes please", "affirm"), NluExample("yep", "affirm")]
    + [NluExample("hello", "greet")]
)


def test_split_holds_every_example_out_exactly_once() -> None:
    held_out = Counter(example for _, test in split_folds(EXAMPLES, folds=5) for example in test)
    assert held_out == Counter(e for e in EXAMPLES if e.intent != "greet")


def test_split_trains_on_everything_it_does_not_hold_out() -> None:
    for train, test in split_folds(EXAMPLES, folds=5):
        assert Counter(train) + Counter(test) == Counter(EXAMPLES)


def test_split_is_stratified_by_intent() -> None:
    for _, test in split_folds(EXAMPLES, folds=5):
        counts = Counter(example.intent for example in test)
        assert counts["option1_direct_payment"] in (4, 5)
        assert counts["advocacy"] in (2, 3)
        assert counts["out_of_scope"] in (1, 2)


def test_split_is_the_same_for_the_same_seed() -> None:
    assert split_folds(EXAMPLES, folds=5, seed=7) == split_folds(EXAMPLES, folds=5, seed=7)
    assert split_folds(EXAMPLES, folds=5, seed=7) != split_folds(EXAMPLES, folds=5, seed=8)


def test_split_keeps_small_intents_in_every_training_fold() -> None:
    for train, _ in split_folds(EXAMPLES, folds=5):
        intents = Counter(example.intent for example in train)
        assert intents["affirm"] >= 1
        assert intents["greet"] == 1


def test_split_refuses_fewer_than_two_folds() -> None:
    with pytest.raises(ValueError, match="2 folds"):
        split_folds(EXAMPLES, folds=1)


def test_written_training_data_reads_back_the_same(tmp_path: Path) -> None:
    (tmp_path / "nlu").mkdir()
    write_nlu(EXAMPLES, tmp_path / "nlu" / "nlu.yml")
    assert read_nlu_examples(tmp_path / "nlu") == EXAMPLES


def test_real_training_data_is_read_per_intent() -> None:
    intents = Counter(example.intent for example in read_nlu_examples(DATA_DIR / "nlu"))
    assert intents["crisis"] > 50
    assert intents["out_of_scope"] > 50
    assert "greet" in intents


@pytest.mark.parametrize(
    ("example", "text"),
    [
        ("i live in [Fife](council_area)", "i live in Fife"),
        ('im in [paisley]{"entity": "council_area", "value": "Renfrewshire"} now', "im in paisley now"),
        ("what is a direct payment [sic]", "what is a direct payment [sic]"),
    ],
)
def test_plain_text_drops_entity_annotations(example: str, text: str) -> None:
    assert plain_text(example) == text


def test_fallback_settings_come_from_the_project_config() -> None:
    threshold, ambiguity = fallback_settings(REPO_DIR / "config.yml")
    assert 0 < threshold < 1
    assert 0 <= ambiguity < threshold


def _prediction(
    intent: str, diet: str, confidence: float, second: float = 0.0, rule: str | None = None
) -> FoldPrediction:
    return FoldPrediction(0, "text", intent, diet, confidence, second, rule, None)


# Four in-scope questions, two out-of-scope ones and a crisis caught by the rules.
PREDICTIONS = [
    _prediction("advocacy", "advocacy", 0.9),
    _prediction("advocacy", "advocacy", 0.5, second=0.47),
    _prediction("assessment", "eligibility", 0.6),
    _prediction("assessment", "assessment", 0.3),
    _prediction("out_of_scope", "out_of_scope", 0.8),
    _prediction("out_of_scope", "assessment", 0.4),
    _prediction("crisis", "greet", 0.2, rule="crisis"),
]


@pytest.mark.parametrize(
    ("prediction", "threshold", "ambiguity", "label"),
    [
        (PREDICTIONS[0], 0.5, 0.05, "advocacy"),
        (PREDICTIONS[0], 0.95, 0.05, "fallback"),
        (PREDICTIONS[1], 0.5, 0.05, "fallback"),  # ambiguous: 0.50 - 0.47 < 0.05
        (PREDICTIONS[1], 0.5, 0.0, "advocacy"),
        (PREDICTIONS[6], 0.7, 0.05, "crisis"),  # the rules win whatever the threshold
        (_prediction("greet", "greet", 0.9), 0.5, 0.05, "social"),
    ],
)
def test_decide_replays_the_fallback_classifier(
    prediction: FoldPrediction, threshold: float, ambiguity: float, label: str
) -> None:
    assert decide(prediction, threshold=threshold, ambiguity=ambiguity) == label


def test_curve_row_counts_coverage_precision_and_recall() -> None:
    row = curve_row(PREDICTIONS, threshold=0.45, ambiguity=0.0)
    # answered in scope: 0.9 advocacy (right), 0.5 advocacy (right), 0.6 eligibility (wrong); 0.3 falls back
    assert row["coverage"] == 0.75
    assert row["answered_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert row["in_scope_recall"] == 0.5
    assert row["false_fallback_rate"] == 0.25
    # out of scope: one recognised, one (0.4) falls back
    assert row["out_of_scope_not_answered"] == 1.0


def test_curve_row_with_a_high_threshold_and_the_ambiguity_check() -> None:
    row = curve_row(PREDICTIONS, threshold=0.65, ambiguity=0.05)
    assert row["coverage"] == 0.25
    assert row["answered_precision"] == 1.0
    assert row["in_scope_recall"] == 0.25
    assert row["false_fallback_rate"] == 0.75


def test_curve_has_one_row_per_threshold_from_0_20_to_0_70() -> None:
    rows = threshold_curve(PREDICTIONS, ambiguity=0.05)
    assert [row["threshold"] for row in rows] == pytest.approx([0.2 + 0.05 * step for step in range(11)])


def test_curve_row_costs_two_for_a_wrong_reply_and_one_for_a_needless_fallback() -> None:
    row = curve_row(PREDICTIONS, threshold=0.45, ambiguity=0.0)
    # wrong: assessment -> eligibility (2); needless fallback: assessment at 0.3 (1); oos at 0.4 falls back (0)
    assert row["cost"] == pytest.approx(3 / 7, abs=1e-4)


def _row(threshold: float, precision: float, recall: float, cost: float) -> dict[str, float]:
    return {"threshold": threshold, "answered_precision": precision, "in_scope_recall": recall, "cost": cost}


def test_recommend_takes_the_best_recall_that_is_precise_enough() -> None:
    rows = [
        _row(0.3, 0.93, 0.90, 0.2),
        _row(0.4, 0.95, 0.88, 0.3),
        _row(0.5, 0.97, 0.88, 0.3),
        _row(0.6, 0.99, 0.8, 0.4),
    ]
    threshold, rule = recommend(rows)
    assert threshold == 0.5  # 0.4 and 0.5 tie on recall: the higher threshold is safer
    assert "recall" in rule


def test_recommend_takes_the_lowest_cost_when_nothing_is_precise_enough() -> None:
    rows = [
        _row(0.3, 0.83, 0.76, 0.36),
        _row(0.35, 0.84, 0.74, 0.35),
        _row(0.4, 0.85, 0.72, 0.35),
        _row(0.7, 0.92, 0.57, 0.44),
    ]
    threshold, rule = recommend(rows)
    assert threshold == 0.4
    assert "cost" in rule


def test_saved_predictions_load_back(tmp_path: Path) -> None:
    path = tmp_path / "crossval.json"
    rows = [{**asdict(p), "label": p.label} for p in PREDICTIONS]
    path.write_text(json.dumps({"folds": 5, "predictions": rows}), encoding="utf-8")
    assert load_predictions(path) == (5, PREDICTIONS)
