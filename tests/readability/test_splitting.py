"""The line-aware split: bullets and headings are units, money and short forms do not split."""

from __future__ import annotations

import pytest

from assistant.readability.splitting import split_lines


def texts(text: str) -> list[str]:
    return [unit.text for unit in split_lines(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You get money.\n- For a PA\n- For a break", ["You get money.", "For a PA", "For a break"]),
        ("## What you can do\nYou can ask", ["What you can do", "You can ask"]),
        ("It costs £1.50 a day. You pay it.", ["It costs £1.50 a day.", "You pay it."]),
        ("You can buy things, e.g. food. Ask first.", ["You can buy things, e.g. food.", "Ask first."]),
        ("Yes. Thank you.", ["Yes.", "Thank you."]),
        ("1. First step\n2. Next step", ["First step", "Next step"]),
        ("Read **this** and [the guide](https://example.org).", ["Read this and the guide ."]),
    ],
    ids=["bullets", "heading", "money", "eg", "two-word-sentences", "numbered-list", "markdown"],
)
def test_split_makes_one_unit_per_sentence_bullet_and_heading(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_split_gives_file_lines_kinds_and_word_counts() -> None:
    units = split_lines("You get money.\n\n- For a personal assistant\n# Help", first_line=10)
    assert [(u.line, u.kind, len(u.words)) for u in units] == [
        (10, "sentence", 3),
        (12, "bullet", 4),
        (13, "heading", 1),
    ]


def test_word_count_keeps_money_and_contractions_whole() -> None:
    [unit] = split_lines("You don't pay £20 (for a PA).")
    assert [w.text for w in unit.words] == ["You", "don't", "pay", "20", "for", "a", "PA"]


def test_character_columns_point_into_the_original_line() -> None:
    line = "- Ask **your** council."
    [unit] = split_lines(line)
    assert line[unit.start : unit.end] == "Ask **your** council."
