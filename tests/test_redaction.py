"""Personal details are taken out of messages before they are kept (`assistant.redaction`)."""

from __future__ import annotations

import pytest

from assistant.redaction import MAX_CHARS, redact, redact_for_nlu


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email me at jo.bloggs+sds@mail.co.uk please", "email me at [email] please"),
        ("JANE@EXAMPLE.ORG", "[email]"),
        ("my number is 07700 900123", "my number is [phone]"),
        ("ring 07700900123", "ring [phone]"),
        ("call +44 7700 900123 today", "call [phone] today"),
        ("+447700900123", "[phone]"),
        ("0141 496 0000", "[phone]"),
        ("(0131) 496 0000", "[phone]"),
        ("0044 (0)141 496 0000", "[phone]"),
        ("07700-900-123", "[phone]"),
        ("I live at G12 8QQ", "I live at [postcode]"),
        ("eh1 1aa", "[postcode]"),
        ("EH11AA near the shops", "[postcode] near the shops"),
        ("SW1A 1AA", "[postcode]"),
        ("born 12/03/1956", "born [date]"),
        ("dob 12.3.56", "dob [date]"),
        ("12-03-1956", "[date]"),
        ("1956-03-12", "[date]"),
        ("born on 3rd March 1956", "born on [date]"),
        ("3 march 56", "[date]"),
        ("March 3 1956", "[date]"),
        ("march 3rd, 1956 is my birthday", "[date] is my birthday"),
        ("my CHI is 1203561234", "my CHI is [CHI number]"),
        ("CHI 120356 1234", "CHI [CHI number]"),
        ("chi 0103561234", "chi [CHI number]"),
        ("my NI number is QQ 12 34 56 C", "my NI number is [NI number]"),
        ("ni ab123456d", "ni [NI number]"),
        ("sort code 12-34-56", "sort code [sort code]"),
        ("my sort code is 123456, account 12345678", "my sort code is [sort code], account [number]"),
        ("Sort-code: 12 34 56", "Sort-code: [sort code]"),
        ("GB29 NWBK 6016 1331 9268 19", "[IBAN]"),
        ("iban de89370400440532013000", "iban [IBAN]"),
        ("card 4111 1111 1111 1111", "card [number]"),
        ("this is jane speaking", "this is [name] speaking"),
        ("Hello, it's Jo Bloggs speaking", "Hello, it's [name] speaking"),
        ("my name is Jane Smith and I need help", "my name is [name] and I need help"),
        ("my name is jane and i need help", "my name is [name] and i need help"),
        ("My name's Ali", "My name's [name]"),
        ("i'm called Sam", "i'm called [name]"),
        ("I’m called Sam", "I’m called [name]"),
        ("I am called Morag MacLeod", "I am called [name]"),
        ("Hi this is Mary from Paisley", "Hi this is [name] from Paisley"),
        ("call me Dave", "call me [name]"),
        ("my mum is called Ann and she is 90", "my mum is called [name] and she is 90"),
        ("my dad's named Bob Jones", "my dad's named [name]"),
        ("my daughter is called Isla", "my daughter is called [name]"),
        ("my friend named Chris", "my friend named [name]"),
        (
            "My name is Jane Smith, jane@example.org, 0141 496 0000, G12 8QQ, born 3rd March 1956",
            "My name is [name], [email], [phone], [postcode], born [date]",
        ),
    ],
)
def test_redact_replaces_each_kind_of_personal_detail(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "option 1",
        "what is option 2",
        "£20",
        "I get £1,200 a month",
        "4 options",
        "2 hours a week",
        "can you call me back",
        "this is confusing",
        "This is Option 2, right?",
        "my name is not on the form",
        "what is self-directed support",
        "phone 999 or 111",
        "I may have 3 hours",
        "my mum is 85 and needs care",
        "this is about speaking to the council",
        "at12 this that and more",
        "I need 12 hours of support",
        "[name] [phone] [CHI number]",
        "",
    ],
)
def test_redact_leaves_ordinary_questions_unchanged(text: str) -> None:
    assert redact(text) == text


def test_redact_never_keeps_more_than_500_characters() -> None:
    assert len(redact("word " * 400)) == MAX_CHARS == 500
    assert redact("x" * 600, max_chars=10) == "x" * 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is Jane Smith. what is sds", "my name is. what is sds"),
        ("hi this is Mary from G12 8QQ, what is option 2", "hi this is from, what is option 2"),
        ("my NI number is QQ 12 34 56 C and my sort code is 12-34-56", "my NI number is and my sort code is"),
        ("what is option 2", "what is option 2"),
        ("07700 900123", "[phone]"),  # nothing else: the placeholder stays, so the message is never empty
    ],
)
def test_the_text_for_the_classifier_leaves_the_placeholders_out(text: str, expected: str) -> None:
    assert redact_for_nlu(text) == expected
