"""Command line: `python -m assistant COMMAND`. Run with no command for help."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.paths import CONTENT_DIR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="measure the trained model on a JSONL file of questions")
    evaluate.add_argument("path", type=Path, help='JSONL file, one {"text": ..., "label": ...} a line')
    evaluate.add_argument("--model", type=Path, help="model file (default: the one for the current training data)")
    crossval = commands.add_parser("crossval", help="cross-validate the NLU training data and calibrate the fallback")
    crossval.add_argument("--folds", type=int, default=5, help="number of folds (default: 5)")
    crossval.add_argument("--out", type=Path, default=Path("build/crossval.json"), help="file for all predictions")
    crossval.add_argument("--from", dest="saved", type=Path, help="report on an earlier --out file without training")
    train = commands.add_parser("train", help="train the Rasa model if its training data changed")
    train.add_argument("--force", action="store_true", help="train even if a model for this data exists")
    commands.add_parser("model-path", help="print the model file for the current training data")
    commands.add_parser("seed", help="load content/ into the content store if it is empty")
    commands.add_parser("run", help="train if needed, seed, start every process and print the URL")
    export = commands.add_parser(
        "export-content", help="write every published answer, organisation and glossary term to content files"
    )
    export.add_argument(
        "--out", type=Path, default=Path("build/content-export"), help="folder (default: build/content-export)"
    )
    load = commands.add_parser("import-content", help="load a content folder into the content store as new revisions")
    load.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR, help="folder (default: content)")
    commands.add_parser("check-content", help="check answers against the easy-read rules", add_help=False)
    commands.add_parser("content-report", help="write an HTML readability report of all answers", add_help=False)
    commands.add_parser("bench", help="start everything on free ports; measure chat speed and memory", add_help=False)
    forget = commands.add_parser("forget", help="delete one conversation everywhere it is kept (see PRIVACY.md)")
    forget.add_argument("conversation_id", help="the conversation id, as the API and the widget use it")
    commands.add_parser("purge", help="delete conversations and feedback older than SDS_RETENTION_DAYS now")
    commands.add_parser("load", help="many conversations for a while; or a soak that watches memory", add_help=False)
    commands.add_parser(
        "scale-demo", help="2 of each server behind nginx; kill and restart one of each", add_help=False
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-content":
        from assistant.content_report import main_check_content

        return main_check_content(argv[1:])
    if argv and argv[0] == "content-report":
        from assistant.content_report import main_content_report

        return main_content_report(argv[1:])
    if argv and argv[0] == "bench":
        from assistant.bench import main as bench

        return bench(argv[1:])
    if argv and argv[0] == "load":
        from assistant.load import main as load

        return load(argv[1:])
    if argv and argv[0] == "scale-demo":
        from assistant.scale import main as scale_demo

        return scale_demo(argv[1:])
    args = _parser().parse_args(argv)
    from assistant.settings import get_settings
    from assistant.training import model_path, train_if_needed

    settings = get_settings()
    if args.command == "evaluate":
        from assistant.evaluate import EvaluationInputError
        from assistant.evaluate import main as evaluate

        model = args.model or model_path(settings.model_dir)
        if not model.exists():
            print(f"No trained model at {model}. Run `make train` first.", file=sys.stderr)
            return 2
        try:
            return evaluate(args.path, model)
        except (OSError, EvaluationInputError) as exc:
            print(f"evaluate: {exc}", file=sys.stderr)
            return 2
    if args.command == "crossval":
        from assistant.crossval import main as crossval

        if args.folds < 2:
            print("crossval: --folds must be at least 2", file=sys.stderr)
            return 2
        return crossval(folds=args.folds, out=args.out, saved=args.saved)
    if args.command == "train":
        path, seconds = train_if_needed(settings.model_dir, force=args.force)
        print(f"Model: {path}" + (f" (trained in {seconds:.0f} s)" if seconds is not None else " (up to date)"))
        return 0
    if args.command == "model-path":
        print(model_path(settings.model_dir))
        return 0
    if args.command == "seed":
        return _seed(settings.content_db_url)
    if args.command == "export-content":
        return _export_content(settings.content_db_url, args.out)
    if args.command == "import-content":
        return _import_content(settings.content_db_url, args.directory)
    if args.command in ("forget", "purge"):
        from assistant.retention import forget, purge

        if args.command == "purge":
            print(f"Older than {settings.retention_days} days, removed: {purge(settings).describe()}.")
        else:
            removed = forget(settings, args.conversation_id)
            print(f"Conversation {args.conversation_id}, removed: {removed.describe()}.")
        return 0
    if args.command == "run":
        from assistant.production import UnsafeSettings, check
        from assistant.supervisor import serve_forever

        try:
            check(settings)  # production mode refuses to start with a default secret
        except UnsafeSettings as exc:
            print(exc, file=sys.stderr)
            return 2

        path, seconds = train_if_needed(settings.model_dir)
        if seconds is not None:
            print(f"Trained the model in {seconds:.0f} s.")
        _seed(settings.content_db_url)
        return serve_forever(settings, path)
    return 2


def _seed(url: str) -> int:
    from assistant.content.store import get_engine, seed_from_files
    from assistant.paths import ANSWERS_DIR, CONTENT_DIR

    added = seed_from_files(get_engine(url), ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    print(f"Content store: {'added ' + str(added) + ' answers' if added else 'already seeded'}.")
    return 0


def _export_content(url: str, out: Path) -> int:
    from assistant.content.store import get_engine
    from assistant.content.sync import export_content

    _seed(url)
    result = export_content(get_engine(url), out)
    print(f"Exported to {out}: {len(result.written)} written, {len(result.unchanged)} unchanged.")
    if result.extra:
        print(f"Not published in the store, left alone: {', '.join(result.extra)}")
    return 0


def _import_content(url: str, directory: Path) -> int:
    from assistant.content.store import get_engine
    from assistant.content.sync import import_content

    _seed(url)
    result = import_content(get_engine(url), directory)
    for problem in result.problems:
        print(f"invalid: {problem}", file=sys.stderr)
    if not result.ok:
        print(f"Nothing was imported: {len(result.problems)} problem(s).", file=sys.stderr)
        return 1
    print(
        f"Imported {directory}: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged."
    )
    for label, ids in (("Created", result.created), ("Updated", result.updated)):
        if ids:
            print(f"{label}: {', '.join(ids)}")
    if result.missing:
        print(f"In the store but not in the folder, left alone: {', '.join(result.missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
