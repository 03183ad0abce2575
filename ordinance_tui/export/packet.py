"""The council packet: every document a staffer hands the clerk, in one folder.

``packet_files(...)`` builds, in memory: the clean Word file, the accessible PDF, the
redline against the draft's last named version (when it has one), the plain-language
summary, the coverage table against the enacted laws of the draft's family, the
open-items checklist, and an index page linking them. ``write_packet`` writes them into
a new folder atomically: everything goes into a hidden temporary folder beside the
target, which is renamed into place only when every file is written, so a failure
leaves no half packet (and an existing packet is replaced only with ``force``).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ordinance_tui.export.common import NOTICE, clean
from ordinance_tui.export.markdown import escape_inline

if TYPE_CHECKING:
    from ordinance_tui.core.document import Ordinance
    from ordinance_tui.core.draft import Draft
    from ordinance_tui.core.library import Library
    from ordinance_tui.core.summary import Summary

__all__ = ["PacketFile", "open_items", "packet_files", "write_packet"]


@dataclass(frozen=True, slots=True)
class PacketFile:
    name: str
    title: str  # what the index page calls it
    data: bytes


def open_items(library: Library, draft: Draft, ordinance: Ordinance,
               summary: Summary) -> dict[str, list[str]]:
    """What is still to do before introduction, by heading (empty headings left out)."""
    from ordinance_tui.core.answers import visible_questions
    from ordinance_tui.core.assemble import build_context

    jur = draft.jurisdiction
    blanks = []
    if not jur.number:
        blanks.append(f"The {ordinance.instrument}'s number (a line in the caption).")
    if not jur.introduced:
        blanks.append("The date of introduction.")
    if not jur.sponsors:
        blanks.append("The sponsors.")
    blanks += [f"The blank in the signature block: {line}" for line in ordinance.signature
               if "____" in line][:1]
    context, _ = build_context(library, draft)
    defaults = [f"{library.questions[q].prompt} (left at the default: "
                f"{_answer(library, q, context.get(q))})"
                for q in visible_questions(library, context) if q not in draft.answers]
    unverified = []
    for section in ordinance.all_sections():
        cited = [*section.sources, *(s for note in section.notes for s in note.sources)]
        unverified += [f"{section.ref_label} ({section.heading}): {source.cite}"
                       for source in cited if not source.verified]
    unverified += [f"Recital ({r.note.subject}): {source.cite}" for r in ordinance.recitals
                   if r.note is not None for source in r.note.sources if not source.verified]
    from ordinance_tui.core.lint import lint

    warnings = [f"{d.code} ({d.severity}): {d.message}" + (f" {d.hint}" if d.hint else "")
                for d in lint(library, draft, ordinance) if d.severity in ("error", "warning")]
    items = {"Placeholders left for the clerk": blanks,
             "Answers left at their defaults (check each was meant)": defaults,
             "Sources not verified (check the citation before relying on it)":
                 list(dict.fromkeys(unverified)),
             "Lint warnings": warnings,
             "Questions for counsel": [c for c in summary.counsel
                                      if not c.startswith("Lint ")]}
    return {heading: lines for heading, lines in items.items() if lines}


def _answer(library: Library, qid: str, value: object) -> str:
    question = library.questions[qid]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        labels = [question.choice(v).label if question.choice(v) else str(v)  # type: ignore
                  for v in value]
        return ", ".join(labels) or "none"
    choice = question.choice(value) if isinstance(value, str) else None
    return choice.label if choice is not None else str(value) or "blank"


def _checklist(items: dict[str, list[str]], title: str) -> bytes:
    out = [f"# {escape_inline(title)}", "", escape_inline(NOTICE), ""]
    for heading, lines in items.items():
        out += [f"## {escape_inline(heading)}", ""]
        out += [f"- [ ] {escape_inline(line)}" for line in lines] + [""]
    if not items:
        out.append("Nothing is left open.")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


def _index(files: list[PacketFile], title: str, subtitle: str) -> bytes:
    e: Callable[[str], str] = lambda text: html.escape(clean(text), quote=True)  # noqa: E731
    items = "".join(f'<li><a href="{e(f.name)}">{e(f.title)}</a> ({e(f.name)})</li>'
                    for f in files)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(title)}</title>\n</head>\n<body>\n<h1>{e(title)}</h1>\n"
            f"<p>{e(subtitle)}</p>\n<ul>{items}</ul>\n<p><em>{e(NOTICE)}</em></p>\n"
            "</body>\n</html>\n").encode()


def packet_files(library: Library, draft: Draft, *, today: dt.date | None = None
                 ) -> list[PacketFile]:
    """Every file of the packet, the index page last. Raises ExportError without soffice."""
    from ordinance_tui.core.assemble import assemble
    from ordinance_tui.core.coverage import coverage, format_markdown, pick_laws
    from ordinance_tui.core.summary import summarize
    from ordinance_tui.export.docx import render_docx
    from ordinance_tui.export.pdf import docx_to_pdf
    from ordinance_tui.export.summary import SUMMARY_FORMATS

    ordinance = assemble(library, draft, today=today)
    word = render_docx(ordinance)
    summary = summarize(library, draft, ordinance)
    files = [PacketFile("ordinance.docx", f"The {ordinance.instrument} (Word)", word),
             PacketFile("ordinance.pdf", f"The {ordinance.instrument} (accessible PDF)",
                        docx_to_pdf(word))]
    if draft.versions:
        from ordinance_tui.core.redline import compare
        from ordinance_tui.export.redline_docx import render_redline_docx

        last = draft.versions[-1]
        old = assemble(library, draft.at_version(last.name), today=today)
        redline = compare(old, ordinance)
        files.append(PacketFile("redline.docx", f"Changes since \u201c{last.name}\u201d "
                                "(Word, tracked changes)", render_redline_docx(
                                    redline, tracked=True, author="ordinance-tui",
                                    date=ordinance.date, old_name=last.name,
                                    new_name="this draft")))
    files.append(PacketFile("summary.docx", "Summary and calendar (Word)",
                            SUMMARY_FORMATS["docx"].render(summary)))
    if library.laws:
        laws, how = pick_laws(library, draft, None)
        table = format_markdown(coverage(library, draft, laws, how=how),
                                title=ordinance.short_title)
        files.append(PacketFile("coverage.md", "Coverage against enacted laws (Markdown)",
                                table.encode("utf-8")))
    files.append(PacketFile("open-items.md", "Open items before introduction (checklist)",
                            _checklist(open_items(library, draft, ordinance, summary),
                                       f"Open items: {ordinance.short_title}")))
    files.append(PacketFile("index.html", "The index of the packet", _index(
        files, f"Council packet: {ordinance.short_title}", summary.subtitle)))
    return files


def write_packet(files: list[PacketFile], folder: Path, *, force: bool = False) -> None:
    """Write ``files`` as the folder ``folder``, all or nothing.

    FileExistsError if ``folder`` exists and ``force`` is not given; an existing packet is
    replaced only once the new one is complete.
    """
    folder = Path(folder)
    if folder.exists() and not force:
        raise FileExistsError(17, "exists; add --force to replace it", str(folder))
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "is not a folder", str(folder))
    parent = folder.parent
    if not parent.is_dir():
        raise FileNotFoundError(2, "its folder does not exist", str(folder))
    # os.mkdir applies the user's umask, as a new export's file gets it.
    staging = parent / f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    os.mkdir(staging)
    try:
        for file in files:
            with open(staging / file.name, "wb") as out:
                out.write(file.data)
                out.flush()
                os.fsync(out.fileno())
        if folder.exists():
            old = parent / f".{folder.name}.{os.getpid()}.{secrets.token_hex(4)}.old"
            os.rename(folder, old)
            os.rename(staging, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
