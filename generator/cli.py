"""``eachlabs-gen``: generate the client from the spec, check that it is up to date, import a
model file from an Eachlabs model page or discovery answer, or diff two versions of the spec."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import cache, output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eachlabs-gen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        (
            "generate",
            "render the spec into the output directory (only changed files are rewritten)",
        ),
        ("check", "exit 1 and list stale files when the output directory differs from the spec"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "--spec", type=Path, default=Path("spec"), help="spec directory (default: spec/)"
        )
        command.add_argument(
            "--out",
            type=Path,
            default=Path("generated"),
            help="output directory (default: generated/)",
        )
    for name, source, help_text in (
        ("import-doc", "PAGE", "write a model file from an Eachlabs model page (markdown)"),
        ("import-schema", "ANSWER", "write a model file from a GET /v1/model answer (JSON)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("source", type=Path, metavar=source)
        command.add_argument(
            "-o",
            "--out",
            type=Path,
            default=Path("spec/models"),
            help="directory for <slug>.yaml (default: spec/models/)",
        )
        command.add_argument("--force", action="store_true", help="overwrite an existing file")
    help_text = (
        "list the changes between two versions of the spec's models (files, directories or git "
        "revisions such as HEAD~1 or REV:PATH); exit 1 when any change is breaking"
    )
    command = commands.add_parser("diff", help=help_text, description=help_text)
    command.add_argument("old", metavar="OLD")
    command.add_argument("new", metavar="NEW")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``eachlabs-gen`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    # The importers and the differ are imported only when used: `generate` starts faster.
    if args.command in ("import-doc", "import-schema"):
        from . import import_command

        run_import = (
            import_command.import_page
            if args.command == "import-doc"
            else import_command.import_answer
        )
        return run_import(args.source, args.out, args.force)
    if args.command == "diff":
        from . import diff_command

        return diff_command.run_diff(args.old, args.new)
    files = rendered(args.spec)
    if isinstance(files, int):
        return files
    if args.command == "generate":
        changed = output.write(files, args.out)
        for name in changed:
            print(f"wrote {args.out / name}" if name in files else f"deleted {args.out / name}")
        print(f"{len(files)} files, {len(changed)} changed")
        return 0
    stale = output.compare(files, args.out)
    if stale:
        print(f"{args.out} is stale; run `eachlabs-gen generate`:", file=sys.stderr)
        for path, reason in stale:
            print(f"  {args.out / path}: {reason}", file=sys.stderr)
        return 1
    print(f"{args.out} is up to date ({len(files)} files)")
    return 0


def rendered(spec_dir: Path) -> dict[str, str] | int:
    """Every file the spec in ``spec_dir`` generates, or the exit status of a failure (its
    messages printed). Served from the output cache when this spec and generator made it
    before; the loader, the templates and ruff are only imported when they must run."""
    entry = cache.output_entry(spec_dir)
    files = cache.read_entry(entry)
    if files is not None:
        return files
    from .formatting import FormattingError
    from .render import render
    from .spec import SpecError, load_spec

    try:
        files = render(load_spec(spec_dir))
    except SpecError as exc:
        print(f"eachlabs-gen: the spec has {len(exc.issues)} problem(s):", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 2
    except FormattingError as exc:
        print(f"eachlabs-gen: a template produced invalid Python:\n{exc}", file=sys.stderr)
        return 3
    cache.write_entry(entry, files)
    return files


if __name__ == "__main__":
    sys.exit(main())
