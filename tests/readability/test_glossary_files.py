"""content/glossary.yml and content/jargon.yml are contracts: closed schemas, stable error codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.content.files import ContentFileError
from assistant.content.glossary import read_glossary, read_jargon
from assistant.paths import CONTENT_DIR
from assistant.readability.answers import check_glossary_path
from assistant.topics import in_scope_labels

GOOD_TERM = "- {term: carer, topic: carers_support, meaning: Someone who looks after a friend.}\n"


def test_real_glossary_loads_with_in_scope_topics() -> None:
    terms = read_glossary(CONTENT_DIR / "glossary.yml")
    assert 30 <= len(terms) <= 45
    assert {t.topic for t in terms} <= set(in_scope_labels())
    assert {"PA", "SDS", "HSCP"} <= {name for t in terms for name in t.names}


def test_real_glossary_meanings_are_easy_read() -> None:
    result = check_glossary_path(CONTENT_DIR / "glossary.yml")
    assert result.valid, [i for i in result.hard]


def test_real_jargon_list_has_the_required_words() -> None:
    words = {entry.word: entry.plain for entry in read_jargon(CONTENT_DIR / "jargon.yml")}
    assert words["local authority"] == "council"
    assert {"statutory", "eligible", "remuneration", "prior to", "co-production"} <= set(words)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("terms: [", "bad-yaml"),
        ("words: []\n", "bad-glossary-file"),
        ("terms:\n- just text\n", "bad-entry"),
        ("terms:\n- {term: carer, topic: carers_support, meaning: x, colour: red}\n", "unknown-key"),
        ("terms:\n- {term: carer, topic: carers_support}\n", "missing-key"),
        ("terms:\n- {term: carer, topic: crisis, meaning: Someone.}\n", "bad-topic"),
        ("terms:\n- {term: carer, topic: carers_support, meaning: '', aliases: []}\n", "bad-value"),
        ("terms:\n- {term: carer, topic: carers_support, meaning: x, aliases: 3}\n", "bad-value"),
        ("terms:\n" + GOOD_TERM + GOOD_TERM, "duplicate-term"),
    ],
    ids=["yaml", "file", "entry", "unknown", "missing", "topic", "empty", "aliases", "duplicate"],
)
def test_bad_glossary_is_rejected_with_a_stable_code(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "terms.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentFileError) as caught:
        read_glossary(path)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("jargon: {}\n", "bad-jargon-file"),
        ("jargon:\n- {word: statutory}\n", "missing-key"),
        ("jargon:\n- {word: statutory, plain: by law, note: x}\n", "unknown-key"),
        ("jargon:\n- {word: statutory, plain: by law, forms: [1]}\n", "bad-value"),
        ("jargon:\n- {word: criteria, plain: rules}\n- {word: Criteria, plain: rules}\n", "duplicate-term"),
    ],
    ids=["file", "missing", "unknown", "forms", "duplicate"],
)
def test_bad_jargon_list_is_rejected_with_a_stable_code(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "words.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentFileError) as caught:
        read_jargon(path)
    assert caught.value.code == code
