"""Command line: ``ordinance`` opens the app; subcommands work headless.

Only the app path imports Textual (through ``ordinance_tui.tui``); every other
command uses the core and the exporters alone.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import Any

from .core.problems import InputError, Problem

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
_finished = False  # set by main() when a one-shot command ran


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser.

    With ``only``, the other commands are listed (with their help) but their
    options are not built: building every option takes a tenth of a short build.
    """
    parser = argparse.ArgumentParser(
        prog="ordinance",
        description="Draft local laws on surveillance technology (a drafting aid, "
                    "not legal advice). With no command, opens the app.")
    parser.add_argument("--library", action="append", default=[], metavar="DIR", type=Path,
                        help="a clause pack layered over the built-in library (repeatable)")
    parser.add_argument("--no-builtin", action="store_true",
                        help="use only the --library packs, not the built-in library")
    sub = parser.add_subparsers(dest="command")
    for name, (text, add_options) in _COMMANDS.items():
        command = sub.add_parser(name, help=text)
        if only is None or only == name:
            add_options(command)
    return parser


def _build_options(build: argparse.ArgumentParser) -> None:
    _draft_args(build)
    build.add_argument("-f", "--format", default="md",
                       help="md, txt, docx or html (default: md)")
    build.add_argument("-o", "--output", type=Path,
                       help="file to write (default: standard output, text formats only)")
    build.add_argument("--annotated", action="store_true",
                       help="add each section's commentary and sources (for teaching)")
    build.add_argument("--force", action="store_true", help="replace an existing output file")
    build.add_argument("--date", help="date the draft (ISO, e.g. 2027-01-31); default: today")
    build.add_argument("--coverage", metavar="LAWS",
                       help="with --annotated and docx, html or md: append a coverage table "
                            "against reference laws (ids joined by commas, 'family' or 'all')")
    build.add_argument("--reference-docx", metavar="FILE.docx", type=Path,
                       help="docx: take fonts, margins, header and footer from this Word "
                            "template (it must define the style names the README lists)")


def _library_options(library: argparse.ArgumentParser) -> None:
    lsub = library.add_subparsers(dest="library_command", required=True)
    check = lsub.add_parser("check", help="check the library (and packs) for every problem")
    check.add_argument("packs", nargs="*", type=Path, help="pack folders to check as well")


def _new_options(new: argparse.ArgumentParser) -> None:
    new.add_argument("--seed", required=True, help="seed id (see 'ordinance seeds')")
    new.add_argument("-o", "--output", type=Path, required=True, help="draft file to write")
    new.add_argument("--force", action="store_true", help="replace an existing file")


def _compare_options(compare: argparse.ArgumentParser) -> None:
    _draft_args(compare)
    compare.add_argument("--with", dest="with_laws", metavar="LAWS",
                         help="reference law ids joined by commas (e.g. oakland,boston-16-62), "
                              "'family' (the default: the draft's seed family) or 'all'")
    compare.add_argument("-f", "--format", choices=("text", "md", "json"), default="text",
                         help="text (default), md or json")
    compare.add_argument("--all", action="store_true",
                         help="list all 50 elements, not only those the draft or a law has")


def _serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="a loopback address: 127.0.0.1 (default), ::1 or localhost")


def _version_options(version: argparse.ArgumentParser) -> None:
    vsub = version.add_subparsers(dest="version_command", required=True)
    vadd = vsub.add_parser("add", help="save the draft's current state as a named version")
    vadd.add_argument("draft", type=Path, help="draft file (YAML)")
    vadd.add_argument("name", help="the version's name, e.g. 'as introduced'")
    vadd.add_argument("--date", help="the version's date (ISO, e.g. 2027-01-31); default: today")
    vlist = vsub.add_parser("list", help="list a draft's versions")
    vlist.add_argument("draft", type=Path, help="draft file (YAML)")
    vremove = vsub.add_parser("remove", help="remove a named version from a draft")
    vremove.add_argument("draft", type=Path, help="draft file (YAML)")
    vremove.add_argument("name", help="the version's name")


def _redline_options(redline: argparse.ArgumentParser) -> None:
    redline.add_argument("old", help="old draft: FILE or 'FILE@version name'")
    redline.add_argument("new", help="new draft: FILE or 'FILE@version name'")
    redline.add_argument("-o", "--output", type=Path,
                         help="file to write (html may go to standard output)")
    redline.add_argument("-f", "--format", choices=("docx", "html"),
                         help="docx or html (default: from the -o suffix, else docx)")
    redline.add_argument("--mode", choices=("tracked", "formatted"),
                         help="docx: tracked changes to accept or reject (default), or "
                              "formatted (struck-through deletions, underlined additions)")
    redline.add_argument("--author", help="author of the tracked changes (default: the new "
                                          "version's name, else ordinance-tui)")
    redline.add_argument("--date", help="date the text and the changes (ISO); default: the new "
                                        "version's date, else the draft's date or today")
    redline.add_argument("--force", action="store_true", help="replace an existing output file")


def _draft_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("draft", nargs="?", type=Path, help="draft file (YAML)")
    parser.add_argument("--seed", help="use a seed instead of a draft file")


def _no_options(parser: argparse.ArgumentParser) -> None:
    pass


# Each command: its help line and what adds its options.
_COMMANDS: dict[str, tuple[str, Any]] = {
    "build": ("assemble a draft and export it", _build_options),
    "lint": ("check a draft and print diagnostics", _draft_args),
    "library": ("work with the clause library", _library_options),
    "new": ("start a draft file from a seed", _new_options),
    "seeds": ("list the starting drafts", _no_options),
    "compare": ("the draft's elements next to enacted laws', and the answers that would add "
                "what it lacks", _compare_options),
    "serve": ("serve the app to a web browser on this computer", _serve_options),
    "version": ("keep named versions of a draft", _version_options),
    "redline": ("the new text with its changes from the old marked (docx or html)",
                _redline_options),
}
# Commands whose process may end without tearing the interpreter down (serve runs on).
_ONE_SHOT = set(_COMMANDS) - {"serve"}


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `ordinance DRAFT.yaml` opens that draft in the app.
    commands = {*_COMMANDS, "-h", "--help"}
    positional = [a for a in args_list if not a.startswith("-")]
    first = positional[0] if positional else None
    after_library = first is not None and _after_library(args_list, first)
    if first is not None and first not in commands and not after_library:
        return _run_app(args_list)
    parser = _parser(first if first in _COMMANDS and not after_library else None)
    args = parser.parse_args(args_list)
    if args.command is None:
        return _run_app(args_list)
    global _finished
    try:
        _finished = args.command in _ONE_SHOT
        return {"build": _build, "lint": _lint, "library": _library_check, "new": _new,
                "seeds": _seeds, "version": _version, "redline": _redline,
                "compare": _compare, "serve": _serve}[args.command](args)
    except InputError as exc:
        _print_problems(exc.problems)
        return EXIT_INPUT
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"ordinance: cannot write or read{where}: {exc.strerror or exc}. "
              "Check the path and its permissions.", file=sys.stderr)
        return EXIT_INPUT


def _after_library(args: list[str], value: str) -> bool:
    """Whether ``value`` is the argument of a --library option."""
    return any(a == "--library" and i + 1 < len(args) and args[i + 1] == value
               for i, a in enumerate(args))


def _sources(packs: list[Path], builtin: bool = True) -> list[Any]:
    from .core.library import builtin_source, pack_source

    return [builtin_source()] * builtin + [pack_source(p) for p in packs]


def load(packs: list[Path], builtin: bool = True, laws: bool = True) -> Any:
    """Load the built-in library plus packs; exit with the problems if any is an error.

    ``laws=False`` for commands that never read the reference laws.
    """
    from .core.library import load_library
    from .core.paths import cache_dir

    library = load_library(_sources(packs, builtin), cache_dir=cache_dir(), laws=laws)
    if library.errors:
        raise InputError(library.problems + [Problem(
            "library", 0, "the library has errors; run 'ordinance library check' for the list")])
    return library


def _draft(args: argparse.Namespace, library: Any) -> tuple[Any, str]:
    from .core.draft import check_against_library, draft_from_data, load_draft

    if args.seed:
        seed = library.seeds.get(args.seed)
        if seed is None:
            raise InputError([Problem("--seed", 0, f"no seed {args.seed!r}; expected one of "
                                      f"{', '.join(sorted(library.seeds))}")])
        draft, problems = draft_from_data(seed.data, seed.where.file)
        name = seed.where.file
    elif args.draft is not None:
        draft, problems = load_draft(args.draft)
        name = str(args.draft)
    else:
        raise InputError([Problem("ordinance", 0, "name a draft file or use --seed NAME")])
    problems += check_against_library(draft, library, name)
    _print_problems(problems)
    return draft, name


def _build(args: argparse.Namespace) -> int:
    from .core.assemble import assemble
    from .core.fileio import atomic_write
    from .export import FORMATS, render

    if args.format not in FORMATS:
        print(f"ordinance: unknown format {args.format!r}; expected one of "
              f"{', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    binary = FORMATS[args.format][2]
    if args.output is None and binary:
        print(f"ordinance: {args.format} output needs a file: add -o FILE", file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None and args.output.exists() and not args.force:
        print(f"ordinance: {args.output} exists; add --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    if args.coverage and not (args.annotated and args.format in ("docx", "html", "md")):
        print("ordinance: --coverage adds a table to the annotated edition; use it with "
              "--annotated and -f docx, html or md", file=sys.stderr)
        return EXIT_USAGE
    if args.reference_docx and args.format != "docx":
        print("ordinance: --reference-docx is a Word template; use it with -f docx",
              file=sys.stderr)
        return EXIT_USAGE
    today = None
    if args.date:
        try:
            today = _dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"ordinance: --date {args.date!r} is not a date like 2027-01-31",
                  file=sys.stderr)
            return EXIT_USAGE
    library = load(args.library, not args.no_builtin, laws=bool(args.coverage))
    draft, _ = _draft(args, library)
    ordinance = assemble(library, draft, today=today)
    _warn_lint(library, draft, ordinance)
    coverage = None
    if args.coverage:
        from .core.coverage import coverage as _coverage
        from .core.coverage import pick_laws

        laws, how = pick_laws(library, draft, args.coverage)
        coverage = _coverage(library, draft, laws, how=how, ordinance=ordinance)
    options = {"reference_docx": args.reference_docx} if args.reference_docx else {}
    data = render(ordinance, args.format, annotated=args.annotated, coverage=coverage, **options)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        atomic_write(args.output, data)
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _warn_lint(library: Any, draft: Any, ordinance: Any) -> None:
    """One line on standard error when the built draft has lint errors."""
    from .core.lint import lint_errors

    errors = lint_errors(library, draft, ordinance)
    if errors:
        print(f"ordinance: built, but the draft has {len(errors)} lint error(s), e.g. "
              f"{errors[0].code}: {errors[0].message}. Run 'ordinance lint' for all.",
              file=sys.stderr)


def _lint(args: argparse.Namespace) -> int:
    from .core.lint import lint

    library = load(args.library, not args.no_builtin, laws=False)
    draft, name = _draft(args, library)
    diagnostics = lint(library, draft)
    for d in diagnostics:
        print(d.format(name))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    print(f"{errors} error(s), {warnings} warning(s), "
          f"{len(diagnostics) - errors - warnings} note(s)", file=sys.stderr)
    return EXIT_INPUT if errors else EXIT_OK


def _library_check(args: argparse.Namespace) -> int:
    from .core.check import check_library
    from .core.library import load_library

    library = load_library(_sources(args.library + list(args.packs), not args.no_builtin))
    problems = check_library(library)
    _print_problems(problems, stream=sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    print(f"{len(library.clauses)} clauses, {len(library.questions)} questions, "
          f"{sum(len(v) for v in library.definitions.values())} definitions, "
          f"{len(library.styles)} styles, {len(library.seeds)} seeds, "
          f"{len(library.laws)} reference laws: "
          f"{errors} error(s), {len(problems) - errors} warning(s)")
    return EXIT_INPUT if errors else EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .core.draft import draft_from_data, save_draft

    library = load(args.library, not args.no_builtin, laws=False)
    seed = library.seeds.get(args.seed)
    if seed is None:
        print(f"ordinance: no seed {args.seed!r}; expected one of "
              f"{', '.join(sorted(library.seeds))}", file=sys.stderr)
        return EXIT_USAGE
    if args.output.exists() and not args.force:
        print(f"ordinance: {args.output} exists; add --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    draft, _ = draft_from_data(seed.data, seed.where.file)
    save_draft(draft, args.output)
    print(f"wrote {args.output} (from seed {seed.id!r}: {seed.name})", file=sys.stderr)
    return EXIT_OK


def _seeds(args: argparse.Namespace) -> int:
    import textwrap

    library = load(args.library, not args.no_builtin, laws=False)
    for seed in sorted(library.seeds.values(), key=lambda s: s.id):
        print(f"{seed.id}: {seed.name}")
        for line in textwrap.wrap(" ".join(seed.description.split()), 76):
            print(f"    {line}")
    return EXIT_OK


def _iso_date(value: str | None, option: str = "--date") -> _dt.date | None:
    """An ISO date option; raises InputError naming the option when it is not one."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError([Problem(option, 0, f"{value!r} is not a date like 2027-01-31")]
                         ) from None


def _version(args: argparse.Namespace) -> int:
    from .core.draft import load_draft, save_draft

    draft, problems = load_draft(args.draft)
    _print_problems(problems)
    if args.version_command == "list":
        for v in draft.versions:
            print(f"{v.date or '(no date)':<10}  {v.name}")
        if not draft.versions:
            print(f"{args.draft} has no versions yet; add one with "
                  f"'ordinance version add {args.draft} NAME'", file=sys.stderr)
        return EXIT_OK
    try:
        if args.version_command == "add":
            date = _iso_date(args.date) or _dt.date.today()
            draft = draft.with_version(args.name, date)
            done = f"added version {draft.versions[-1].name!r} ({date.isoformat()})"
        else:
            name = draft.version(args.name).name
            draft = draft.without_version(name)
            done = f"removed version {name!r}"
    except ValueError as exc:
        raise InputError([Problem(str(args.draft), 0, str(exc))]) from None
    save_draft(draft, args.draft)
    print(f"{done} in {args.draft}", file=sys.stderr)
    return EXIT_OK


def _redline(args: argparse.Namespace) -> int:
    from .core.assemble import assemble
    from .core.draft import check_against_library, load_draft_spec
    from .core.fileio import atomic_write
    from .core.redline import compare

    suffix = args.output.suffix.lower() if args.output is not None else ""
    fmt = args.format or ("html" if suffix in (".html", ".htm") else "docx")
    if fmt == "html" and args.mode == "tracked":
        print("ordinance: HTML marks changes with <del> and <ins>; --mode is for docx",
              file=sys.stderr)
        return EXIT_USAGE
    if fmt == "docx" and args.output is None:
        print("ordinance: a docx redline needs a file: add -o FILE.docx", file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None and args.output.exists() and not args.force:
        print(f"ordinance: {args.output} exists; add --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    date = _iso_date(args.date)
    library = load(args.library, not args.no_builtin)
    sides = []
    for spec in (args.old, args.new):
        draft, problems, version = load_draft_spec(spec)
        name = version.name if version else Path(spec).name
        _print_problems(problems + check_against_library(draft, library, spec))
        sides.append((draft, version, name))
    (old, _, old_name), (new, new_version, new_name) = sides
    today = date or (_dt.date.fromisoformat(new_version.date)
                     if new_version and new_version.date else None)
    redline = compare(assemble(library, old, today=today), assemble(library, new, today=today))
    if not redline.changed:
        print(f"ordinance: no differences between {args.old} and {args.new}", file=sys.stderr)
    if fmt == "html":
        from .export.redline_html import render_redline_html

        data = render_redline_html(redline, old_name=old_name, new_name=new_name).encode()
    else:
        from .export.redline_docx import render_redline_docx

        data = render_redline_docx(
            redline, tracked=args.mode != "formatted",
            author=args.author or (new_version.name if new_version else "ordinance-tui"),
            date=today.isoformat() if today else redline.new.date,
            old_name=old_name, new_name=new_name)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    atomic_write(args.output, data)
    print(f"wrote {args.output}: {len(redline.insertions())} insertion(s), "
          f"{len(redline.deletions())} deletion(s)", file=sys.stderr)
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    import json

    from .core.coverage import coverage, coverage_data, format_markdown, format_text, pick_laws

    library = load(args.library, not args.no_builtin)
    draft, name = _draft(args, library)
    laws, how = pick_laws(library, draft, args.with_laws)
    cov = coverage(library, draft, laws, how=how)
    title = f"seed {args.seed}" if args.seed else name
    if args.format == "json":
        out = json.dumps(coverage_data(cov), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "md":
        out = format_markdown(cov, title=title, all_rows=args.all)
    else:
        out = format_text(cov, title=title, all_rows=args.all)
    sys.stdout.write(out)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    """The app in a browser through textual-serve, on a loopback address only."""
    import ipaddress
    import shlex
    import socket

    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        print(f"ordinance: --host {args.host} is not a loopback address. Serve on 127.0.0.1, "
              "::1 or localhost: whoever reaches the port runs the app as you, with your "
              "files", file=sys.stderr)
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        print(f"ordinance: --port {args.port} is not a port number (1 to 65535)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        print(f"ordinance: serving needs textual-serve ({exc}); install it with "
              "'pip install textual-serve'", file=sys.stderr)
        return EXIT_USAGE
    load(args.library, not args.no_builtin)  # a broken pack is reported here, not in a tab
    ipv6 = ":" in args.host
    try:
        with socket.create_server((args.host, args.port),
                                  family=socket.AF_INET6 if ipv6 else socket.AF_INET):
            pass
    except OSError as exc:
        print(f"ordinance: cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
              "choose another --port", file=sys.stderr)
        return EXIT_USAGE
    command = [sys.executable, "-m", "ordinance_tui.cli"]
    for pack in args.library:
        command += ["--library", str(pack.resolve())]
    if args.no_builtin:
        command.append("--no-builtin")
    url = f"http://[{args.host}]:{args.port}" if ipv6 else f"http://{args.host}:{args.port}"
    Server(shlex.join(command), host=args.host, port=args.port, public_url=url,
           title="Ordinance drafting assistant").serve()
    return EXIT_OK


def _run_app(args_list: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ordinance")
    parser.add_argument("--library", action="append", default=[], type=Path)
    parser.add_argument("--no-builtin", action="store_true")
    parser.add_argument("draft", nargs="?", type=Path)
    args = parser.parse_args(args_list)
    try:
        from .tui.app import create_app
    except ImportError as exc:
        print(f"ordinance: the app could not start ({exc}); the command line works: "
              "ordinance --help", file=sys.stderr)
        return EXIT_USAGE
    # The library loads on a worker thread once the welcome screen is drawn; its
    # problems, if any, are shown there.
    app = create_app(library_loader=lambda: load(args.library, not args.no_builtin),
                     draft_path=args.draft)
    app.run()
    return EXIT_OK


def _print_problems(problems: list[Problem], stream: Any = None) -> None:
    for problem in problems:
        print(problem, file=stream or sys.stderr)


def entry() -> None:
    """The ``ordinance`` command: run ``main`` and end the process.

    After a one-shot command every file is written and closed, so the process
    flushes its output and ends at once instead of freeing each module and object
    one by one, which takes a tenth of a short build. The app and ``serve`` end
    normally, with their own clean-up.
    """
    code = main()
    if _finished:
        import os

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                code = code or EXIT_INPUT
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
