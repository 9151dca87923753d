"""Every easy-read rule fires on a bad example and stays quiet on a good one."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.content.glossary import JargonEntry
from assistant.readability import CODES, check_text

JARGON = (JargonEntry("local authority", "council", ()), JargonEntry("outcomes", "what matters to you", ()))
LONG = "You can ask the council for help with your support at home or when you go out today."
EIGHT_BULLETS = "You can get:\n" + "\n".join(f"- thing {n}" for n in range(1, 9))
SEVEN_BULLETS = "You can get:\n" + "\n".join(f"- thing {n}" for n in range(1, 8))
MANY_WORDS = " ".join(["You get help at home."] * 25)

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("sentence-too-long", LONG, "You can ask the council for help.", {}),
    ("sentence-long", "You can ask the council for help with your support at home today.", "You can ask for help.", {}),
    ("mean-sentence-long", "You can ask the council for help with your support at home today.\n" * 2, "You ask.", {}),
    ("sentence-many-ideas", "If you want, you can ask, because it helps.", "You can ask for help.", {}),
    ("passive-voice", "The money is paid to you.", "The council pays you.", {}),
    (
        "passive-voice-many",
        "The money is paid. The plan is made. The form is sent.",
        "The money is paid. The plan is made. You send the form.",
        {},
    ),
    ("acronym-unexplained", "Ask HMRC for help.", "Your personal assistant (PA) helps you. Your PA is kind.", {}),
    ("acronym-unexplained", "You can buy things, e.g. food.", "You can buy things, for example food.", {}),
    ("acronym-unexplained", "Ask the SPSO.", "Ask the SPSO. This is the group that looks at complaints.", {}),
    ("acronym-unexplained", "Ask the SPSO.", "Ask your doctor or the NHS. You are OK.", {}),
    ("jargon-unexplained", "The local authority decides.", "Your council decides.", {"jargon": JARGON}),
    (
        "jargon-unexplained",
        "Your outcomes matter.",
        "Your outcomes (what matters to you) come first.",
        {"jargon": JARGON},
    ),
    (
        "jargon-unexplained",
        "Your outcomes matter.",
        "Your outcomes matter.",
        {"jargon": JARGON, "other": {"allow": ["outcomes"]}},
    ),
    ("rare-words", "The ombudsperson adjudicates disputes.", "You get the money for your support.", {}),
    ("syllables-per-word-high", "Organisations facilitate opportunities.", "You get the money.", {}),
    ("long-words-many", "Organisations facilitate opportunities.", "You get the money.", {}),
    (
        "grade-too-high",
        "Local authorities have a legal duty to offer people who are eligible for social care four options "
        "about how their care and support is delivered.",
        "You can get help. The council pays for it.",
        {},
    ),
    ("grade-above-aim", "You can ask somebody to organise your support for you at home.", "You can get help.", {}),
    ("reading-ease-too-low", "Organisations facilitate opportunities.", "You get the money.", {}),
    (
        "reading-ease-below-aim",
        "You can ask somebody to organise your support for you at home.",
        "You can get help.",
        {},
    ),
    ("number-in-words", "You get twelve hours.", "You get 12 hours. You get four days.", {}),
    ("percentage", "You pay 50% of it.", "You pay some of it.", {}),
    ("percentage", "You pay 50 per cent of it.", "You pay half of it.", {}),
    ("fraction", "You pay 1/2 of it.", "Help is there 24/7.", {}),
    ("decimal", "It takes 2.5 weeks.", "It costs £1.50.", {}),
    ("money-in-words", "It costs 20 pounds.", "It costs £20.", {}),
    ("numeric-date", "It starts on 1/4/2025.", "It starts on 1 April 2025.", {}),
    ("numeric-date", "It starts on 2025-04-01.", "Call 0800 123 456.", {}),
    ("mixed-terms", "Ask your council. The local authority decides.", "Ask your council. The council decides.", {}),
    ("mixed-terms", "Ask your HSCP. Your council decides.", "Your personal assistant (PA) helps. Your PA is kind.", {}),
    ("idiom", "You are in the driving seat.", "You are in charge.", {}),
    ("you-missing", "The council helps. It pays. It plans.", "You get help. It pays. You plan.", {}),
    (
        "paragraph-too-long",
        "You ask. You wait. You get help. You say thanks.",
        "You ask. You wait.\n\nYou get help.",
        {},
    ),
    (
        "list-needs-bullets",
        "You get help with washing, dressing and eating.",
        "You get help with:\n- washing\n- eating",
        {},
    ),
    ("too-many-bullets", EIGHT_BULLETS, SEVEN_BULLETS, {}),
    ("answer-too-long", MANY_WORDS, MANY_WORDS, {"other": {"first_layer": False}}),
    ("no-next-step", "You can get help.", "Call your council on 0800 123 456.", {"how_to": True}),
]


def codes(text: str, options: dict[str, Any]) -> set[str]:
    options = {"allow": (), "jargon": (), **options}
    options.pop("other", None)
    return {i.code for i in check_text(text, **options).issues}


@pytest.mark.parametrize(("code", "bad", "good", "options"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_bad_text_and_not_on_good_text(code: str, bad: str, good: str, options: dict[str, Any]) -> None:
    assert code in codes(bad, options)
    good_options = {**options, **options.get("other", {})}
    good_options.pop("other", None)
    assert code not in codes(good, good_options)


def test_every_code_has_an_example() -> None:
    glossary_only = {"glossary-meaning-too-long", "glossary-grade-too-high"}
    assert {case[0] for case in CASES} == set(CODES) - glossary_only


def test_issue_carries_file_line_and_character_span() -> None:
    report = check_text("You get help.\nAsk HMRC now.", first_line=20, allow=(), jargon=())
    [found] = [i for i in report.issues if i.code == "acronym-unexplained"]
    assert (found.line, found.start, found.end, found.severity) == (21, 4, 8, "hard")


def test_glossary_terms_count_as_explained_by_default() -> None:
    report = check_text("Your outcomes matter to the council.")
    assert "jargon-unexplained" not in {i.code for i in report.issues}


def test_report_fails_only_on_hard_issues() -> None:
    assert check_text("You get help. The money is paid to you.", allow=(), jargon=()).passed
    assert not check_text("Ask HMRC.", allow=(), jargon=()).passed
