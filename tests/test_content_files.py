"""The content files are a contract: closed schema, ids equal file names, every reference exists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.content.files import ContentFileError, answer_paths, parse_answer, read_answer_file, render_answer
from assistant.content.organisations import read_organisations
from assistant.paths import ANSWERS_DIR, CONTENT_DIR, SHARED_DIR
from assistant.pictures import picture_path
from assistant.topics import in_scope_labels, read_topics

ANSWER_PATHS = answer_paths(ANSWERS_DIR)
ANSWERS = {path.stem: read_answer_file(path) for path in ANSWER_PATHS}
ORGANISATIONS = {org.id: org for org in read_organisations(CONTENT_DIR / "organisations.yml")}

GOOD = """---
id: example
topic: option1_direct_payment
title: An example
status: draft
last_reviewed: 2026-11-24
keywords: [money]
related: []
organisations: [sdss]
picture: {openmoji: "1F4B7", alt: Money}
sources: [https://example.org]
---
## Short
You get the money.

## More
You buy your own support.
"""


def test_topic_labels_match_the_shared_topics_file() -> None:
    shared = SHARED_DIR / "topics.yml"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    ours = read_topics(CONTENT_DIR / "topics.yml")
    theirs = yaml.safe_load(shared.read_text(encoding="utf-8"))["topics"]
    assert {label: t.in_scope for label, t in ours.items()} == {k: v["in_scope"] for k, v in theirs.items()}


@pytest.mark.parametrize("label", in_scope_labels())
def test_every_in_scope_topic_has_at_least_two_published_answers(label: str) -> None:
    published = [a for a in ANSWERS.values() if a.topic == label and a.status == "published"]
    assert len(published) >= 2


@pytest.mark.parametrize("path", ANSWER_PATHS, ids=lambda p: p.stem)
def test_answer_file_references_exist(path: Path) -> None:
    answer = ANSWERS[path.stem]
    assert answer.topic in in_scope_labels()
    assert set(answer.related) <= set(ANSWERS), "related answers must exist"
    assert answer.id not in answer.related
    assert answer.organisations and set(answer.organisations) <= set(ORGANISATIONS)
    assert picture_path(answer.picture.openmoji) is not None, "the picture must be an installed OpenMoji"
    assert all(source.startswith("http") for source in answer.sources)


@pytest.mark.parametrize("path", ANSWER_PATHS, ids=lambda p: p.stem)
def test_answer_file_round_trips_through_render(path: Path) -> None:
    answer = ANSWERS[path.stem]
    assert parse_answer(render_answer(answer)) == answer


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("status: draft", "status: draft\ncolour: red"), "unknown-key"),
        (lambda t: t.replace("title: An example\n", ""), "missing-key"),
        (lambda t: t.replace("status: draft", "status: live"), "bad-status"),
        (lambda t: t.replace("id: example", "id: Bad_Id"), "bad-id"),
        (lambda t: t.replace("2026-11-24", "24/11/2026"), "bad-date"),
        (lambda t: t.replace('openmoji: "1F4B7"', "openmoji: money"), "bad-picture"),
        (lambda t: t.replace("## More", "## Extra"), "unknown-section"),
        (lambda t: t.replace("## More\nYou buy your own support.\n", ""), "missing-section"),
        (lambda t: t.replace("---\n## Short", "---\nstray text\n## Short"), "text-outside-section"),
        (lambda t: t.removeprefix("---\n"), "no-front-matter"),
        (lambda t: t.replace("keywords: [money]", "keywords: [money"), "bad-yaml"),
        (lambda t: t.replace("sources: [https://example.org]", "sources: []"), "bad-value"),
    ],
)
def test_bad_answer_file_is_rejected_with_a_stable_code(change, code: str) -> None:  # type: ignore[no-untyped-def]
    parse_answer(GOOD)  # the unchanged example is valid
    with pytest.raises(ContentFileError) as error:
        parse_answer(change(GOOD))
    assert error.value.code == code


def test_answer_id_must_equal_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.md"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ContentFileError) as error:
        read_answer_file(path)
    assert error.value.code == "id-not-file-name"


def test_section_lines_point_at_the_section_text_in_the_file() -> None:
    answer = parse_answer(GOOD)
    lines = GOOD.splitlines()
    assert lines[answer.section_lines["short"] - 1] == "You get the money."
    assert lines[answer.section_lines["more"] - 1] == "You buy your own support."


def test_organisations_file_rejects_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "organisations.yml"
    path.write_text(
        "organisations:\n  - {id: a, name: A, about: B, kinds: [advocacy], areas: [all], sources: [x], fax: '1'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentFileError) as error:
        read_organisations(path)
    assert error.value.code == "unknown-key"


def test_every_organisation_with_a_phone_number_has_a_source() -> None:
    assert ORGANISATIONS, "the directory must not be empty"
    for org in ORGANISATIONS.values():
        assert org.sources
        if org.phone:
            assert any(ch.isdigit() for ch in org.phone)
