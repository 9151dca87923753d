"""Export the content store to answer files and import them back (`assistant.content.sync`)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.__main__ import main
from assistant.content import editing, revisions
from assistant.content import store as content_store
from assistant.content.files import answer_paths, read_answer_file, render_answer
from assistant.content.kinds import ANSWERS, GLOSSARY, ORGANISATIONS
from assistant.content.organisations import read_organisations
from assistant.content.revisions import Kind
from assistant.content.store import get_engine, seed_from_files
from assistant.content.sync import IMPORT_AUTHOR, export_answers, export_content, import_answers, import_content
from assistant.content.users import User, audit_entries
from assistant.paths import ANSWERS_DIR, CONTENT_DIR

pytestmark = pytest.mark.both_backends  # SQLite and PostgreSQL (tests/conftest.py)

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


def _content_files(folder: Path) -> dict[str, bytes]:
    paths = [*answer_paths(folder / "easyread"), folder / "organisations.yml", folder / "glossary.yml"]
    return {str(path.relative_to(folder)): path.read_bytes() for path in paths}


def _publish(engine: Engine, kind: Kind, item_id: str, **changes: str) -> None:
    user = User("rita", "reviewer")
    latest = editing.current(engine, kind, item_id, public=False)
    saved = editing.save(engine, kind, item_id, {**latest.to_dict(), **changes}, user=user, if_match=latest.etag)
    editing.publish(engine, kind, item_id, user=user, if_match=saved.revision.etag)


def test_exporting_a_store_seeded_from_content_gives_the_repository_files_byte_for_byte(
    store: Engine, tmp_path: Path
) -> None:
    result = export_content(store, tmp_path)
    assert result.extra == [] and len(result.written) == len(answer_paths(ANSWERS_DIR)) + 2
    assert _content_files(tmp_path) == _content_files(CONTENT_DIR)


def test_export_then_import_into_another_store_then_export_round_trips_byte_for_byte(
    store: Engine, tmp_path: Path
) -> None:
    export_content(store, tmp_path / "first")
    other = get_engine(f"sqlite:///{tmp_path / 'other.db'}")
    seed_from_files(other, ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    _publish(other, ANSWERS, "advocacy", short=NEW_SHORT)
    _publish(other, ORGANISATIONS, "samaritans", about="You can talk to them at any time.")
    _publish(other, GLOSSARY, "direct-payment", meaning="Money from the council. You buy your support.")
    imported = import_content(other, tmp_path / "first")
    assert imported.ok, imported.problems
    assert sorted(imported.updated) == ["advocacy", "glossary/direct-payment", "organisations/samaritans"]
    export_content(other, tmp_path / "second")
    assert _content_files(tmp_path / "second") == _content_files(CONTENT_DIR)


def test_importing_an_edited_organisations_file_makes_a_revision_the_assistant_uses(
    store: Engine, tmp_path: Path
) -> None:
    export_content(store, tmp_path)
    path = tmp_path / "organisations.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("They help you find an advocate who is on your side.", "They find you an advocate."))
    result = import_content(store, tmp_path)
    assert result.ok and result.updated == ["organisations/siaa"] and result.created == []
    [siaa] = [o for o in content_store.all_organisations(store) if o.id == "siaa"]
    assert siaa.about == "They find you an advocate."
    assert [o.id for o in content_store.all_organisations(store)] == [
        o.id for o in read_organisations(CONTENT_DIR / "organisations.yml")
    ]  # the file's order is kept


@pytest.mark.parametrize(
    ("name", "old", "new", "code"),
    [
        ("organisations.yml", "    areas: [all]\n", "    areas: [all]\n    colour: red\n", "unknown-key"),
        ("organisations.yml", "areas: [all]", "areas: [Atlantis]", "unknown-area"),
        ("glossary.yml", "topic: what_is_sds", "topic: weather", "bad-topic"),
    ],
)
def test_a_bad_organisations_or_glossary_file_fails_the_import_and_nothing_changes(
    store: Engine, tmp_path: Path, name: str, old: str, new: str, code: str
) -> None:
    export_content(store, tmp_path)
    _edit(tmp_path / "easyread", "what-is-sds", short=NEW_SHORT)  # a good change in the same import is not made
    path = tmp_path / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    before = _revision_rows(store)
    result = import_content(store, tmp_path)
    assert [(p.path.name, p.code) for p in result.problems] == [(name, code)]
    assert _revision_rows(store) == before


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
        latest = revisions.latest(conn, ANSWERS, "advocacy")
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
    assert _content_files(exported) == _content_files(CONTENT_DIR)
    _edit(exported / "easyread", "advocacy", short=NEW_SHORT)
    assert main(["import-content", str(exported)]) == 0
    assert "Updated: advocacy" in capsys.readouterr().out
    (exported / "easyread" / "advocacy.md").write_text("no front matter", encoding="utf-8")
    assert main(["import-content", str(exported)]) == 1
    assert "no-front-matter" in capsys.readouterr().err
