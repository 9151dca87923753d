"""Export the content store to answer files and import them back (`assistant.content.sync`)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.__main__ import main
from assistant.content import revisions
from assistant.content import store as content_store
from assistant.content.files import answer_paths, read_answer_file, render_answer
from assistant.content.sync import IMPORT_AUTHOR, export_answers, import_answers
from assistant.content.users import audit_entries
from assistant.paths import ANSWERS_DIR

NEW_SHORT = "An advocate is a person who helps you.\nThey are on your side."
TOO_LONG = "This sentence has far more than fifteen words in it so the checker will surely say it is too long."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the repository's answer files, to edit."""
    copy = tmp_path / "easyread"
    copy.mkdir()
    for path in answer_paths(ANSWERS_DIR):
        shutil.copyfile(path, copy / path.name)
    return copy


def _edit(folder: Path, answer_id: str, **changes: object) -> None:
    path = folder / f"{answer_id}.md"
    path.write_text(render_answer(dataclasses.replace(read_answer_file(path), **changes)), encoding="utf-8")


def _revision_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(content_store.answer_revisions)).scalar_one())


def test_export_then_import_then_export_is_byte_identical(store: Engine, tmp_path: Path) -> None:
    first = export_answers(store, tmp_path / "first")
    assert len(first.written) == len(answer_paths(ANSWERS_DIR)) and first.extra == []
    imported = import_answers(store, tmp_path / "first")
    assert imported.ok and imported.created == imported.updated == imported.missing == []
    export_answers(store, tmp_path / "second")
    for path in answer_paths(tmp_path / "first"):
        assert (tmp_path / "second" / path.name).read_bytes() == path.read_bytes()


def test_exported_files_hold_the_same_answers_as_the_repository_files(store: Engine, tmp_path: Path) -> None:
    # Not byte-identical: the repository files use flow-style lists; render_answer writes block style.
    export_answers(store, tmp_path)
    for path in answer_paths(ANSWERS_DIR):
        assert read_answer_file(tmp_path / path.name) == read_answer_file(path)


def test_export_leaves_unchanged_files_and_other_files_alone(store: Engine, tmp_path: Path) -> None:
    export_answers(store, tmp_path)
    (tmp_path / "an-old-answer.md").write_text("not touched", encoding="utf-8")
    again = export_answers(store, tmp_path)
    assert again.written == [] and again.extra == ["an-old-answer"]
    assert (tmp_path / "an-old-answer.md").read_text(encoding="utf-8") == "not touched"


def test_importing_the_repository_files_into_their_own_store_changes_nothing(store: Engine) -> None:
    before = _revision_rows(store)
    result = import_answers(store, ANSWERS_DIR)
    assert result.ok and result.created == result.updated == [] and len(result.unchanged) == before
    assert _revision_rows(store) == before


def test_importing_an_edited_file_makes_a_new_revision_that_the_assistant_says(store: Engine, folder: Path) -> None:
    _edit(folder, "advocacy", short=NEW_SHORT)
    result = import_answers(store, folder)
    assert result.ok, result.problems
    assert result.updated == ["advocacy"] and result.created == [] and "advocacy" not in result.unchanged
    answer = content_store.get_answer(store, "advocacy")
    assert answer is not None and answer.short == NEW_SHORT
    with store.connect() as conn:
        latest = revisions.latest(conn, "advocacy")
    assert latest is not None
    assert (latest.revision, latest.status, latest.action, latest.author) == (2, "published", "import", IMPORT_AUTHOR)
    assert "+An advocate is a person who helps you." in latest.diff
    assert [(e.actor, e.action, e.revision) for e in audit_entries(store, answer_id="advocacy")] == [
        ("content-files", "import", 2)
    ]


def test_import_creates_new_answers_keeps_drafts_off_air_and_reports_missing_ones(store: Engine, folder: Path) -> None:
    advocacy = read_answer_file(folder / "advocacy.md")
    first = dataclasses.replace(advocacy, id="advocacy-new-one", related=("advocacy-new-two",))
    second = dataclasses.replace(advocacy, id="advocacy-new-two", status="draft", related=("advocacy-new-one",))
    for answer in (first, second):
        (folder / f"{answer.id}.md").write_text(render_answer(answer), encoding="utf-8")
    (folder / "what-is-sds.md").unlink()
    result = import_answers(store, folder)
    assert result.ok, result.problems
    assert result.created == ["advocacy-new-one", "advocacy-new-two"]
    assert result.missing == ["what-is-sds"]
    assert content_store.get_answer(store, "advocacy-new-one") is not None
    assert content_store.get_answer(store, "advocacy-new-two") is None  # a draft is not live
    assert content_store.get_answer(store, "what-is-sds") is not None  # missing answers are left alone


@pytest.mark.parametrize(
    ("text_change", "code"),
    [
        (("topic: advocacy", "topic: advocacy\ncolour: red"), "unknown-key"),
        (("id: advocacy\n", "id: advocacy-other\n"), "id-not-file-name"),
        (("## More", "## Extra"), "unknown-section"),
        (("topic: advocacy", "topic: weather"), "unknown-topic"),
        (("organisations: [siaa]", "organisations: [no-such-organisation]"), "unknown-organisation"),
        (("related: [advocacy-right-to-advocate", "related: [no-such-answer"), "unknown-related"),
        (("## Short\n", f"## Short\n{TOO_LONG}\n"), "publish-blocked"),
    ],
)
def test_a_bad_file_fails_the_import_with_its_code_and_nothing_changes(
    store: Engine, folder: Path, text_change: tuple[str, str], code: str
) -> None:
    _edit(folder, "what-is-sds", short=NEW_SHORT)  # a good change in the same import is not made either
    path = folder / "advocacy.md"
    old, new = text_change
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    before = _revision_rows(store)
    result = import_answers(store, folder)
    assert not result.ok
    assert [(p.path.name, p.code) for p in result.problems] == [("advocacy.md", code)]
    assert result.created == result.updated == []
    assert _revision_rows(store) == before
    for answer_id in ("advocacy", "what-is-sds"):
        answer = content_store.get_answer(store, answer_id)
        assert answer == read_answer_file(ANSWERS_DIR / f"{answer_id}.md")


def test_importing_a_folder_that_does_not_exist_is_a_problem(store: Engine, tmp_path: Path) -> None:
    result = import_answers(store, tmp_path / "nowhere")
    assert [p.code for p in result.problems] == ["not-a-folder"]


def test_the_commands_export_to_build_by_default_and_import_from_a_folder(
    settings_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export-content"]) == 0
    exported = tmp_path / "build" / "content-export"
    assert len(answer_paths(exported)) == len(answer_paths(ANSWERS_DIR))
    _edit(exported, "advocacy", short=NEW_SHORT)
    assert main(["import-content", str(exported)]) == 0
    assert "Updated: advocacy" in capsys.readouterr().out
    (exported / "advocacy.md").write_text("no front matter", encoding="utf-8")
    assert main(["import-content", str(exported)]) == 1
    assert "no-front-matter" in capsys.readouterr().err
