"""Command line: ``ordinance`` opens the app; subcommands work headless.

Only the app path imports Textual (through ``ordinance_tui.tui``); every other
command uses the core and the exporters alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .core.problems import InputError, Problem, UsageError
from .export.registry import ExportError

if TYPE_CHECKING:
    # Types only: the command line imports these modules when a command needs them.
    from .core.document import Ordinance
    from .core.draft import Draft
    from .core.library import Library, LibrarySource
    from .core.lint import Diagnostic
    from .export.common import CompanionFormat
    from .export.registry import ExportFormat
    from .tui.app import OrdinanceApp

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
_loaded: list[Library] = []  # libraries load() gave this command: their compiled code is saved


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser.

    With ``only``, the other commands are listed (with their help) but their
    options are not built: building every option takes a tenth of a short build.
    """
    parser = argparse.ArgumentParser(
        prog="ordinance",
        usage="ordinance [--library DIR] [--no-builtin] [DRAFT.yaml | COMMAND ...]",
        description="Draft local laws on surveillance technology (a drafting aid, "
                    "not legal advice). 'ordinance' opens the app; 'ordinance DRAFT.yaml' "
                    "opens that draft in it.",
        epilog="Exit status: 0 done, 1 the input has errors (each reported with its file "
               "and line), 2 a usage error (an unknown command, option, seed, law or date, "
               "or an output that exists without --force). 'ordinance COMMAND --help' "
               "lists a command's options.")
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
    build.add_argument("drafts", nargs="*", type=Path, metavar="draft",
                       help="draft file(s) (YAML); several build into the -o folder")
    build.add_argument("--seed", help="use a seed instead of a draft file")
    build.add_argument("-f", "--format",
                       help="md, txt, docx, html, akn (Akoma Ntoso XML) or pdf (accessible, "
                            "through LibreOffice) (default: from the -o suffix, else md)")
    build.add_argument("-o", "--output",
                       help="file to write (default, or -: standard output, text formats only), or "
                            "a folder (ending in /, or existing) for one file per draft")
    build.add_argument("--annotated", action="store_true",
                       help="add the commentary and sources of each section, recital and "
                            "defined term (for teaching)")
    build.add_argument("--force", action="store_true", help="replace existing output files")
    build.add_argument("--date", help="date the draft (ISO, e.g. 2027-01-31); default: today")
    build.add_argument("--coverage", metavar="LAWS",
                       help="with --annotated and docx, pdf, html or md: append a coverage table "
                            "against reference laws (ids joined by commas, 'family' or 'all')")
    build.add_argument("--reference-docx", metavar="FILE.docx", type=Path,
                       help="docx and pdf: take fonts, margins, header and footer from this "
                            "Word template (it must define the style names the README lists)")


def _library_options(library: argparse.ArgumentParser) -> None:
    lsub = library.add_subparsers(dest="library_command", required=True)
    check = lsub.add_parser("check", help="check the library (and packs) for every problem")
    check.add_argument("packs", nargs="*", type=Path, help="pack folders to check as well")


def _new_options(new: argparse.ArgumentParser) -> None:
    new.add_argument("--seed", required=True, help="seed id (see 'ordinance seeds')")
    new.add_argument("-o", "--output", type=Path, required=True, help="draft file to write")
    new.add_argument("--force", action="store_true", help="replace an existing file")


def _import_options(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("existing", type=Path, metavar="EXISTING",
                     help="the existing ordinance or code chapter: .docx, .txt, .md, .html or "
                          ".xml (Akoma Ntoso)")
    imp.add_argument("-o", "--output", type=Path, required=True, help="draft file to write")
    imp.add_argument("--force", action="store_true", help="replace an existing file")


def _compare_options(compare: argparse.ArgumentParser) -> None:
    _draft_args(compare)
    compare.add_argument("--with", dest="with_laws", metavar="LAWS",
                         help="reference law ids joined by commas (e.g. oakland,boston-16-62), "
                              "'family' (the default: the draft's seed family) or 'all'")
    compare.add_argument("-f", "--format", choices=("text", "md", "json"), default="text",
                         help="text (default), md or json")
    compare.add_argument("--all", action="store_true",
                         help="list all 50 elements, not only those the draft or a law has")


def _analyze_options(analyze: argparse.ArgumentParser) -> None:
    analyze.add_argument("draft", nargs="?", type=Path, metavar="FILE",
                         help="the law to read: a draft file (YAML)")
    analyze.add_argument("--seed", help="read a seed's text instead of a file")
    analyze.add_argument("--laws", "--with", dest="with_laws", metavar="LAWS",
                         help="reference law ids joined by commas, 'family' (the default: "
                              "the draft's seed family) or 'all'")
    analyze.add_argument("-f", "--format", choices=("text", "md", "json"), default="text",
                         help="text (default), md or json")
    analyze.add_argument("--add", metavar="ELEMENT",
                         help="write the draft with this missing element added (e.g. E47): "
                              "an answer change, or, for a draft of own sections only, the "
                              "library clause's text as a new section; needs -o")
    analyze.add_argument("-o", "--output", type=Path, help="the draft --add writes")
    analyze.add_argument("--force", action="store_true", help="replace an existing --output")


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


def _handout_options(handout: argparse.ArgumentParser) -> None:
    _draft_args(handout)
    handout.add_argument("-f", "--format", choices=("md", "html", "docx"),
                         help="md, html or docx (default: from the -o suffix, else md)")
    handout.add_argument("-o", "--output", type=Path,
                         help="file to write (default: standard output, md and html only)")
    handout.add_argument("--force", action="store_true", help="replace an existing file")


def _summary_options(summary: argparse.ArgumentParser) -> None:
    _draft_args(summary)
    summary.add_argument("-f", "--format", choices=("md", "html", "docx"),
                         help="md, html or docx (default: from the -o suffix, else md)")
    summary.add_argument("-o", "--output", type=Path,
                         help="file to write (default: standard output, md and html only)")
    summary.add_argument("--date", help="date the draft (ISO, e.g. 2027-01-31); default: today")
    summary.add_argument("--force", action="store_true", help="replace an existing file")


def _amend_options(amend: argparse.ArgumentParser) -> None:
    amend.add_argument("old", help="the law as it is: FILE or 'FILE@version name'")
    amend.add_argument("new", help="the law as amended: FILE or 'FILE@version name'")
    amend.add_argument("-f", "--format", choices=("docx", "md", "html", "akn"),
                       help="docx, md, html or akn (default: from the -o suffix, else md)")
    amend.add_argument("-o", "--output", type=Path,
                       help="file to write (default: standard output, all but docx)")
    amend.add_argument("--form", choices=("set-out", "instructions"),
                       help="sections set out in full with changes marked, or instructions "
                            "(\"by striking ... and inserting ...\"); default: the style's")
    amend.add_argument("--date", help="date the texts (ISO); default: the new version's, "
                                      "else today")
    amend.add_argument("--force", action="store_true", help="replace an existing file")


def _packet_options(packet: argparse.ArgumentParser) -> None:
    _draft_args(packet)
    packet.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="the folder to create for the packet")
    packet.add_argument("--date", help="date the draft (ISO, e.g. 2027-01-31); default: today")
    packet.add_argument("--force", action="store_true", help="replace an existing packet folder")


def _lint_options(lint: argparse.ArgumentParser) -> None:
    _draft_args(lint)
    lint.add_argument("--reference-docx", metavar="FILE.docx", type=Path,
                      help="check the Word file's accessibility on this template (default: "
                           "the shipped one)")


def _draft_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("draft", nargs="?", type=Path, help="draft file (YAML)")
    parser.add_argument("--seed", help="use a seed instead of a draft file")


def _no_options(parser: argparse.ArgumentParser) -> None:
    pass


# Each command: its help line and what adds its options.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "build": ("assemble a draft and export it", _build_options),
    "lint": ("check a draft and print diagnostics", _lint_options),
    "library": ("work with the clause library", _library_options),
    "new": ("start a draft file from a seed", _new_options),
    "import": ("start a draft from an existing ordinance or code chapter (docx, txt, md, html, "
               "Akoma Ntoso)", _import_options),
    "seeds": ("list the starting drafts", _no_options),
    "compare": ("the draft's elements next to enacted laws', and the answers that would add "
                "what it lacks", _compare_options),
    "analyze": ("which of the 50 elements a law's text contains, each with its sentence, "
                "and the library clause that adds what it lacks", _analyze_options),
    "serve": ("serve the app to a web browser on this computer", _serve_options),
    "version": ("keep named versions of a draft", _version_options),
    "redline": ("the new text with its changes from the old marked (docx or html)",
                _redline_options),
    "handout": ("the whole interview as a document for teaching (with a draft: its answers "
                "marked)", _handout_options),
    "summary": ("a plain-language summary of a draft, with the calendar of its deadlines",
                _summary_options),
    "packet": ("the council packet: Word, accessible PDF, redline, summary, coverage and "
               "open items, in one folder", _packet_options),
    "amend": ("the amending ordinance that turns the old text into the new (docx, md, html, "
              "akn)", _amend_options),
}


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # `ordinance DRAFT.yaml` opens that draft in the app.
    commands = {*_COMMANDS, "-h", "--help"}
    positional = [a for a in args_list if not a.startswith("-")]
    first = positional[0] if positional else None
    after_library = first is not None and _after_library(args_list, first)
    if first is not None and first not in commands and not after_library:
        mistyped = _mistyped_command(first)
        if mistyped:
            return _usage(mistyped)
        return _run_app(args_list)
    parser = _parser(first if first in _COMMANDS and not after_library else None)
    args = parser.parse_args(args_list)
    if args.command is None:
        return _run_app(args_list)
    try:
        return {"build": _build, "lint": _lint, "library": _library_check, "new": _new,
                "seeds": _seeds, "version": _version, "redline": _redline,
                "compare": _compare, "analyze": _analyze, "serve": _serve, "handout": _handout,
                "summary": _summary, "packet": _packet, "amend": _amend,
                "import": _import}[args.command](args)
    except UsageError as exc:
        _print_problems(exc.problems)
        return EXIT_USAGE
    except InputError as exc:
        _print_problems(exc.problems)
        return EXIT_INPUT
    except ExportError as exc:
        print(f"ordinance: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        # The reader went away (`ordinance build ... | head`): nothing more to say. Standard
        # output now points at /dev/null, so the exit's own flush does not fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INPUT
    except OSError as exc:
        from .core.fileio import NotARegularFile

        if isinstance(exc, NotARegularFile):
            print(f"ordinance: will not write {exc.filename}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        where = f" {exc.filename}" if exc.filename else ""
        print(f"ordinance: cannot write or read{where}: {exc.strerror or exc}. "
              "Check the path and its permissions.", file=sys.stderr)
        return EXIT_INPUT
    finally:
        while _loaded:  # after the command, never during it: assembly writes nothing
            _loaded.pop().save_compiled()


def _mistyped_command(word: str) -> str | None:
    """A message when ``word`` reads as a misspelt command rather than a draft file.

    A word that names an existing file, or ends in .yaml or .yml, is a draft.
    """
    import difflib

    if Path(word).suffix.lower() in (".yaml", ".yml") or Path(word).exists():
        return None
    close = difflib.get_close_matches(word, _COMMANDS, n=1, cutoff=0.6)
    if close:
        return f"unknown command {word!r}; did you mean {close[0]!r}? (see ordinance --help)"
    if Path(word).suffix == "" and "/" not in word:
        return (f"unknown command {word!r}; the commands are {', '.join(_COMMANDS)}; a draft "
                "file is named with its .yaml suffix (see ordinance --help)")
    return None


def _after_library(args: list[str], value: str) -> bool:
    """Whether ``value`` is the argument of a --library option."""
    return any(a == "--library" and i + 1 < len(args) and args[i + 1] == value
               for i, a in enumerate(args))


def _sources(packs: list[Path], builtin: bool = True) -> list[LibrarySource]:
    from .core.library import builtin_source, pack_source

    return [builtin_source()] * builtin + [pack_source(p) for p in packs]


def load(packs: list[Path], builtin: bool = True, laws: bool = True) -> Library:
    """Load the built-in library plus packs; exit with the problems if any is an error.

    ``laws=False`` for commands that never read the reference laws.
    """
    from .core.library import load_library

    library = load_library(_sources(packs, builtin), laws=laws)
    _loaded.append(library)
    problems = list(library.problems)
    if packs and not library.errors:
        # What `library check` refuses in a pack, a build refuses too (same checks).
        from .core.check import check_library

        problems = check_library(library, packs_only=True)
    if any(p.severity == "error" for p in problems):
        where = " ".join(str(p) for p in packs) if packs else ""
        raise InputError([*problems, Problem(
            "library", 0, "the library has errors; run 'ordinance library check"
            f"{' ' + where if where else ''}' for the list")])
    return library


def _draft(args: argparse.Namespace, library: Library, *, refuse: bool = True
           ) -> tuple[Draft, str]:
    """The draft named by ``--seed`` or the file argument, and its name.

    An answer its question refuses is an error (exit 1), unless ``refuse`` is false
    (a comparison, which writes no law): then it is printed as a warning, and the
    question's default stands in for it, as in the app.
    """
    from .core.draft import check_against_library, draft_from_data, load_draft

    if args.seed:
        seed = library.seeds.get(args.seed)
        if seed is None:
            raise UsageError([Problem("--seed", 0, f"no seed {args.seed!r}; expected one of "
                                      f"{', '.join(sorted(library.seeds))}")])
        draft, problems = draft_from_data(seed.data, seed.where.file)
        name = seed.where.file
    elif args.draft is not None:
        draft, problems = load_draft(args.draft)
        name = str(args.draft)
    else:
        raise UsageError([Problem("ordinance", 0, "name a draft file or use --seed NAME")])
    problems = problems + check_against_library(draft, library, name)
    if refuse:
        _refuse_errors(problems)
    else:
        _print_problems([dataclasses.replace(p, severity="warning") for p in problems])
    return draft, name


def _refuse_errors(problems: list[Problem]) -> None:
    """Print a draft's warnings; raise its errors (an answer its question refuses)."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(problems)
    _print_problems(problems)


def _build(args: argparse.Namespace) -> int:
    import os

    from .export import FORMATS, for_path

    if args.format is not None and args.format not in FORMATS:
        return _usage(f"unknown format {args.format!r}; expected one of {', '.join(FORMATS)}")
    if args.seed and args.drafts:
        return _usage("build either draft files or --seed, not both")
    out = Path(args.output) if args.output and args.output != "-" else None  # -: stdout
    batch = len(args.drafts) > 1 or (out is not None and (
        out.is_dir() or args.output.endswith(("/", os.sep))))
    if batch:
        plan = _batch_plan(args, out)
        if isinstance(plan, str):
            return _usage(plan)
        fmt, targets = plan
    else:
        by_suffix = for_path(out) if out is not None else None
        if args.format is None and out is not None and by_suffix is None:
            return _usage(f"cannot tell the format of {out} from its suffix; add -f with one "
                          f"of {', '.join(FORMATS)}")
        fmt = FORMATS[args.format] if args.format else by_suffix or FORMATS["md"]
        if out is not None and by_suffix is not None and by_suffix is not fmt:
            return _usage(f"-f {fmt.name} does not match {out}, a {by_suffix.label} file; name "
                          f"it {out.with_suffix(fmt.suffix).name} or use -f {by_suffix.name}")
        if out is None and fmt.binary:
            return _usage(f"{fmt.name} output needs a file: add -o FILE{fmt.suffix}")
        if out is not None and out.exists() and not args.force:
            return _usage(f"{out} exists; add --force to replace it")
    if args.coverage and not (args.annotated and fmt.coverage):
        return _usage("--coverage adds a table to the annotated edition; use it with "
                      "--annotated and -f docx, pdf, html or md")
    if args.reference_docx and fmt.name not in ("docx", "pdf"):
        return _usage("--reference-docx is a Word template; use it with -f docx or pdf")
    if fmt.name == "pdf":
        from .export.pdf import find_soffice

        find_soffice()  # without LibreOffice, say so (and exit 1) before assembling anything
    if args.date:
        try:
            _dt.date.fromisoformat(args.date)
        except ValueError:
            return _usage(f"--date {args.date!r} is not a date like 2027-01-31")
    library = load(args.library, not args.no_builtin, laws=bool(args.coverage))
    if batch:
        return _build_batch(args, library, fmt, targets)
    draft_args = argparse.Namespace(seed=args.seed, draft=args.drafts[0] if args.drafts else None)
    data = _build_one(args, library, draft_args, fmt)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        from .core.fileio import atomic_write

        atomic_write(out, data)
        print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def _usage(message: str) -> int:
    """Report a usage error and return its exit status."""
    print(f"ordinance: {message}", file=sys.stderr)
    return EXIT_USAGE


def _build_one(args: argparse.Namespace, library: Library, draft_args: argparse.Namespace,
               fmt: ExportFormat, *, batch: bool = False) -> bytes:
    """Assemble one draft (``draft_args``: seed and draft) and render it in ``fmt``.

    In a ``batch``, the lint warning names the draft.
    """
    from .core.assemble import assemble

    draft, name = _draft(draft_args, library)
    today = _dt.date.fromisoformat(args.date) if args.date else None
    ordinance = assemble(library, draft, today=today)
    _warn_lint(library, draft, ordinance, f"{name}: " if batch else "")
    coverage = None
    if args.coverage:
        from .core.coverage import coverage as _coverage
        from .core.coverage import pick_laws

        laws, how = pick_laws(library, draft, args.coverage)
        coverage = _coverage(library, draft, laws, how=how, ordinance=ordinance)
    options = {"reference_docx": args.reference_docx} if args.reference_docx else {}
    if fmt.name not in ("docx", "pdf"):
        return fmt.render(ordinance, annotated=args.annotated, coverage=coverage, **options)
    # Word, and the PDF made from it: check the Word file's accessibility on the way
    from .export import FORMATS
    from .export.accessibility import check_docx

    docx = FORMATS["docx"].render(ordinance, annotated=args.annotated, coverage=coverage,
                                  **options)
    for finding in check_docx(docx):
        print(f"ordinance: {f'{name}: ' if batch else ''}accessibility warning {finding}",
              file=sys.stderr)
    if fmt.name == "docx":
        return docx
    from .export.pdf import docx_to_pdf

    return docx_to_pdf(docx)


def _batch_plan(args: argparse.Namespace, folder: Path | None
                ) -> tuple[ExportFormat, dict[Path, Path]] | str:
    """The format and each output file (to its draft) of a batch, or what is wrong."""
    from .export import FORMATS

    if args.format is None:
        return f"building into a folder needs the format: add -f with one of {', '.join(FORMATS)}"
    fmt = FORMATS[args.format]
    if folder is None or (folder.exists() and not folder.is_dir()):
        return "several drafts build into a folder: add -o FOLDER/"
    if not args.drafts:
        return "name the draft files to build into the folder (--seed builds one file: -o FILE)"
    targets: dict[Path, Path] = {}
    for draft_path in args.drafts:
        target = folder / (draft_path.stem + fmt.suffix)
        if target in targets:
            return (f"{draft_path} and {targets[target]} would both write {target}; build them "
                    "into different folders")
        targets[target] = draft_path
    existing = [str(t) for t in targets if t.exists()] if not args.force else []
    if existing:
        return (f"{len(existing)} output file(s) exist: {', '.join(existing)}; add --force to "
                "replace them")
    return fmt, targets


def _build_batch(args: argparse.Namespace, library: Library, fmt: ExportFormat,
                 targets: dict[Path, Path]) -> int:
    """Build each draft into its target file; go on past failures (then exit 1)."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    from .core.fileio import atomic_write

    folder = next(iter(targets)).parent
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    # Each file is written (and synced) on a writer thread while the next draft is built.
    writes: deque[tuple[Path, Path, Future[None]]] = deque()

    def report(block: bool) -> None:
        nonlocal failed
        while writes and (block or writes[0][2].done()):
            draft_path, target, future = writes.popleft()
            exc = future.exception()
            if exc is None:
                print(f"wrote {target}", file=sys.stderr)
            else:
                failed += 1
                print(f"ordinance: {draft_path}: not built: cannot write {target}: "
                      f"{getattr(exc, 'strerror', None) or exc}", file=sys.stderr)

    with ThreadPoolExecutor(max_workers=1) as writer:
        for target, draft_path in targets.items():
            try:
                data = _build_one(args, library, argparse.Namespace(seed=None, draft=draft_path),
                                  fmt, batch=True)
            except InputError as exc:
                failed += 1
                _print_problems(exc.problems)
                print(f"ordinance: {draft_path}: not built", file=sys.stderr)
            except OSError as exc:
                failed += 1
                print(f"ordinance: {draft_path}: not built: cannot read {exc.filename or ''}: "
                      f"{exc.strerror or exc}", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - one broken draft must not stop the batch
                failed += 1
                print(f"ordinance: {draft_path}: not built: {type(exc).__name__}: {exc}",
                      file=sys.stderr)
            else:
                writes.append((draft_path, target, writer.submit(atomic_write, target, data)))
            report(block=False)
        report(block=True)
    print(f"built {len(targets) - failed} of {len(targets)} draft(s) into {folder}"
          + (f"; {failed} failed" if failed else ""), file=sys.stderr)
    return EXIT_INPUT if failed else EXIT_OK


def _warn_lint(library: Library, draft: Draft, ordinance: Ordinance, prefix: str = ""
               ) -> None:
    """One line on standard error when the built draft has lint errors."""
    from .core.lint import lint_errors

    errors = lint_errors(library, draft, ordinance)
    if errors:
        print(f"ordinance: {prefix}built, but the draft has {len(errors)} lint error(s), e.g. "
              f"{errors[0].code}: {errors[0].message}. Run 'ordinance lint' for all.",
              file=sys.stderr)


def _lint(args: argparse.Namespace) -> int:
    from .core.lint import lint

    library = load(args.library, not args.no_builtin, laws=False)
    draft, name = _draft(args, library)
    diagnostics = lint(library, draft)
    diagnostics += _word_accessibility(library, draft, args.reference_docx)
    for d in diagnostics:
        print(d.format(name))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    print(f"{errors} error(s), {warnings} warning(s), "
          f"{len(diagnostics) - errors - warnings} note(s)", file=sys.stderr)
    return EXIT_INPUT if errors else EXIT_OK


def _word_accessibility(library: Library, draft: Draft, reference: Path | None
                        ) -> list[Diagnostic]:
    """The Word file's accessibility (title, language, heading order, colour alone) as
    lint warnings, on the shipped template or ``reference``."""
    from .core.assemble import assemble
    from .core.lint import Diagnostic
    from .export import FORMATS
    from .export.accessibility import check_docx

    options: dict[str, Any] = {"reference_docx": reference} if reference else {}
    data = FORMATS["docx"].render(assemble(library, draft), **options)
    return [Diagnostic(f.code, "warning", f"the Word file: {f.message}",
                       "the style names and properties of the Word template decide this; "
                       "see the README on --reference-docx")
            for f in check_docx(data)]


def _library_check(args: argparse.Namespace) -> int:
    from .core.check import check_library
    from .core.library import load_library

    packs = args.library + list(args.packs)
    library = load_library(_sources(packs, not args.no_builtin))
    # With packs, the built-in templates (checked by `library check` alone) are not checked
    # again: a pack cannot change what their checks find (core.check.check_library).
    problems = check_library(library, pack_templates_only=bool(packs) and not args.no_builtin)
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
    save_draft(draft, args.output, keep_jurisdiction=tuple(seed.data.get("jurisdiction") or ()))
    print(f"wrote {args.output} (from seed {seed.id!r}: {seed.name})", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """``ordinance import EXISTING -o DRAFT``: the existing law as a draft of its own sections.

    What could not be placed is listed with its line on standard error (and kept in the
    draft's ``imported:`` block). The draft is assembled before it is written: a law that
    does not make a draft writes nothing.
    """
    from .core.assemble import assemble
    from .core.draft import parse_draft
    from .core.fileio import atomic_write
    from .core.importing import import_law
    from .core.readers import READERS, reader_for

    if reader_for(args.existing) is None:
        known = ", ".join(s for r in READERS for s in r.suffixes)
        return _usage(f"cannot tell what kind of file {args.existing} is from its suffix; "
                      f"import reads {known}")
    if args.output.exists() and not args.force:
        return _usage(f"{args.output} exists; add --force to replace it")
    result = import_law(args.existing)
    draft, problems = parse_draft(result.draft_text, str(args.output))
    _refuse_errors(problems)
    library = load(args.library, not args.no_builtin, laws=False)
    for problem in assemble(library, draft).problems:  # a reference it could not follow ...
        print(Problem(str(args.output), 0, str(problem), "warning"), file=sys.stderr)
    if not result.law.name:
        print(Problem(str(args.existing), 0, "no caption names the jurisdiction (such as 'CITY "
                      f"OF RIVERTON'); the draft says {draft.jurisdiction.name!r}: change "
                      "jurisdiction: name:", "warning"), file=sys.stderr)
    for line, text in result.unplaced:
        print(Problem(str(args.existing), line, f"not placed (kept in the draft's imported: "
                      f"block): {text[:120]}", "warning"), file=sys.stderr)
    atomic_write(args.output, result.draft_text, private=True)
    law = result.law
    print(f"wrote {args.output}: {len(law.sections)} sections, {len(law.definitions)} "
          f"definitions, {len(result.unplaced)} not placed", file=sys.stderr)
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
    """An ISO date option; raises UsageError naming the option when it is not one."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError([Problem(option, 0, f"{value!r} is not a date like 2027-01-31")]
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
        _refuse_errors(problems + check_against_library(draft, library, spec))
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
    draft, name = _draft(args, library, refuse=False)  # an invalid answer: its default
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


def _analysis_draft(args: argparse.Namespace, library: Library) -> tuple[Draft, str]:
    """The draft ``analyze`` reads: a draft file, a seed, or an existing law in any format
    ``import`` reads (docx, txt, md, html, Akoma Ntoso), imported on the way."""
    path = args.draft
    if args.seed or path is None or path.suffix.lower() in (".yaml", ".yml"):
        return _draft(args, library)
    from .core.draft import parse_draft
    from .core.importing import import_law
    from .core.readers import READERS, reader_for

    if reader_for(path) is None:
        known = ", ".join(s for r in READERS for s in r.suffixes)
        raise UsageError([Problem(str(path), 0, "cannot tell what kind of file this is from "
                                  f"its suffix; analyze reads a draft (.yaml) or {known}")])
    result = import_law(path)
    draft, problems = parse_draft(result.draft_text, str(path))
    _refuse_errors(problems)
    for line, text in result.unplaced:
        print(Problem(str(path), line, f"not placed, so not read: {text[:120]}", "warning"),
              file=sys.stderr)
    return draft, str(path)


def _analyze(args: argparse.Namespace) -> int:
    import json

    from .core import analyze as an
    from .core.assemble import assemble
    from .core.coverage import pick_laws

    library = load(args.library, not args.no_builtin)
    draft, name = _analysis_draft(args, library)
    ordinance = assemble(library, draft)
    if args.add:
        element = args.add.strip().upper()
        if element not in an.library_elements(library):
            return _usage(f"--add {args.add!r}: expected an element id, E01 to E50")
        if args.output is None:
            return _usage("--add writes a new draft: name it with -o NEW.yaml")
        if args.output.exists() and not args.force:
            return _usage(f"{args.output} exists; add --force to replace it")
        if an.detect({element: an.library_elements(library)[element]},
                     an.passages(ordinance))[0].present:
            print(f"ordinance: the text already has {element}; nothing added",
                  file=sys.stderr)
            return EXIT_OK
        from .core.draft import save_draft

        try:
            new, done = an.add_element(library, draft, element, ordinance)
        except ValueError as exc:
            print(f"ordinance: {exc}", file=sys.stderr)
            return EXIT_INPUT
        save_draft(new, args.output)
        print(f"wrote {args.output}: {done}", file=sys.stderr)
        return EXIT_OK
    laws, how = pick_laws(library, draft, args.with_laws)
    analysis = an.analyze(library, draft, laws, how=how, ordinance=ordinance)
    title = f"seed {args.seed}" if args.seed else name
    if args.format == "json":
        out = json.dumps(an.analysis_data(analysis), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "md":
        out = an.format_markdown(analysis, title=title)
    else:
        out = an.format_text(analysis, title=title)
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
        from .serve import GuardedServer
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
    GuardedServer(shlex.join(command), host=args.host, port=args.port,
                  title="Ordinance drafting assistant").serve()
    return EXIT_OK


def _handout(args: argparse.Namespace) -> int:
    from .core.handout import handout
    from .export.handout import HANDOUT_FORMATS

    def produce(library: Library) -> object:
        draft, name = _draft(args, library) if args.seed or args.draft else (None, "")
        return handout(library, draft, name)

    return _document(args, HANDOUT_FORMATS, produce)


def _summary(args: argparse.Namespace) -> int:
    from .core.assemble import assemble
    from .core.summary import summarize
    from .export.summary import SUMMARY_FORMATS

    def produce(library: Library) -> object:
        draft, _ = _draft(args, library)
        today = _iso_date(args.date)
        return summarize(library, draft, assemble(library, draft, today=today))

    return _document(args, SUMMARY_FORMATS, produce)


def _amend(args: argparse.Namespace) -> int:
    """``ordinance amend OLD NEW``: the amending ordinance (``core.amendment``)."""
    from .core.amendment import amendment
    from .core.draft import check_against_library, load_draft_spec
    from .export.amendment import AMENDMENT_FORMATS

    if args.format is None and args.output is not None and \
            args.output.name.lower().endswith(".akn.xml"):
        args.format = "akn"
    date = _iso_date(args.date)

    def produce(library: Library) -> object:
        sides = []
        for spec in (args.old, args.new):
            draft, problems, version = load_draft_spec(spec)
            _refuse_errors(problems + check_against_library(draft, library, spec))
            sides.append((draft, version))
        (old, _), (new, new_version) = sides
        today = date or (_dt.date.fromisoformat(new_version.date)
                         if new_version and new_version.date else None)
        try:
            made = amendment(library, old, new, form=args.form, today=today)
        except ValueError as exc:
            raise InputError([Problem(args.new, 0, str(exc))]) from None
        if not made.changed:
            print(f"ordinance: no differences between {args.old} and {args.new}",
                  file=sys.stderr)
        return made

    return _document(args, AMENDMENT_FORMATS, produce)


def _packet(args: argparse.Namespace) -> int:
    from .export.packet import packet_files, write_packet

    if args.output.exists() and not args.force:
        return _usage(f"{args.output} exists; add --force to replace it")
    if args.output.exists() and not args.output.is_dir():
        return _usage(f"{args.output} is not a folder; name a folder for the packet")
    today = _iso_date(args.date)
    library = load(args.library, not args.no_builtin)
    draft, _ = _draft(args, library)
    files = packet_files(library, draft, today=today)
    write_packet(files, args.output, force=args.force)
    print(f"wrote {args.output}/: " + ", ".join(f.name for f in files), file=sys.stderr)
    return EXIT_OK


def _document(args: argparse.Namespace, formats: Mapping[str, CompanionFormat[Any]],
              produce: Callable[[Library], object]) -> int:
    """Write a companion document (handout, summary) in the format -f or -o's suffix names."""
    by_suffix = next((f for f in formats.values()
                      if args.output is not None and args.output.suffix.lower() == f.suffix),
                     None)
    if args.format is None and args.output is not None and by_suffix is None:
        return _usage(f"cannot tell the format of {args.output} from its suffix; add -f with "
                      f"one of {', '.join(formats)}")
    fmt = formats[args.format] if args.format else by_suffix or formats["md"]
    if by_suffix is not None and by_suffix is not fmt:
        return _usage(f"-f {fmt.name} does not match {args.output}, a {by_suffix.label} file")
    if args.output is None and fmt.binary:
        return _usage(f"{fmt.name} output needs a file: add -o FILE{fmt.suffix}")
    if args.output is not None and args.output.exists() and not args.force:
        return _usage(f"{args.output} exists; add --force to replace it")
    library = load(args.library, not args.no_builtin, laws=False)
    data = fmt.render(produce(library))
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    from .core.fileio import atomic_write

    atomic_write(args.output, data)
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _run_app(args_list: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ordinance")
    parser.add_argument("--library", action="append", default=[], type=Path)
    parser.add_argument("--no-builtin", action="store_true")
    parser.add_argument("draft", nargs="?", type=Path)
    args = parser.parse_args(args_list)
    import os

    # textual-serve runs the app with its own driver over pipes; anywhere else the app
    # needs a terminal, and without one it would draw into a pipe and wait forever.
    if "TEXTUAL_DRIVER" not in os.environ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        return _usage("the app needs a terminal, and standard input or output is not one; in "
                      "a script use a command such as 'ordinance build DRAFT.yaml -o OUT.docx' "
                      "(see ordinance --help), or 'ordinance serve' for a web browser")
    try:
        app = app_for(args.library, not args.no_builtin, args.draft)
    except ImportError as exc:
        print(f"ordinance: the app could not start ({exc}); the command line works: "
              "ordinance --help", file=sys.stderr)
        return EXIT_USAGE
    app.run()
    return EXIT_OK


def app_for(packs: list[Path], builtin: bool, draft: Path | None) -> OrdinanceApp:
    """The app as ``ordinance [DRAFT]`` runs it (bench/bench_app.py builds it here too).

    Without a draft the library loads on a worker thread once the welcome screen is
    drawn, so that the first frame does not wait for it. With one, the drafter waits for
    the library in any case (the draft's interview needs it), so it starts loading on a
    thread now, while Textual is imported and starts, and the app's loader waits for
    that thread. Either way its problems, if any, are shown on the welcome screen.
    """
    import gc

    def loader() -> Library:
        return load(packs, builtin)

    # No cyclic garbage collection while Textual, the library and the first screen are
    # built: nearly every object made then lives on, so each collection (a sixth of the
    # opening's CPU time, bench/RESULTS.md) finds next to nothing. The app turns it back
    # on once its first screen with content is drawn.
    paused = gc.isenabled()
    gc.disable()
    # Started before Textual is imported (the import is a good part of its start).
    loader_now = _loading_now(loader) if draft is not None else loader
    from .tui.app import create_app

    return create_app(library_loader=loader_now, draft_path=draft, gc_paused=paused)


def _loading_now(loader: Callable[[], Library]) -> Callable[[], Library]:
    """Run ``loader`` on a thread now; the function returned waits for its library (or
    raises what it raised)."""
    import threading
    from concurrent.futures import Future

    loading: Future[Library] = Future()

    def run() -> None:
        try:
            loading.set_result(loader())
        except BaseException as exc:  # handed to whoever waits, who reports it
            loading.set_exception(exc)

    threading.Thread(target=run, name="library", daemon=True).start()
    return loading.result


def _print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    for problem in problems:
        print(problem, file=stream or sys.stderr)


def entry() -> None:
    """The ``ordinance`` command: run ``main`` and exit with its code, normally."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
