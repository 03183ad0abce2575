"""Fields: cross-references (REF to a bookmark) and page numbers (PAGE, NUMPAGES).

A field is begin, instruction, separate, the cached result, end. Word shows the
cached result until fields are updated, LibreOffice recomputes REF fields when it
opens the file, so the cached result must already be right. ``\\w`` prints the
target's number in full context ("Section 3(b)"), ``\\n`` its own level alone
("(b)"); ``\\h`` makes it a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .xml import esc, run

__all__ = ["field_runs", "ref_field", "page_number_runs", "bookmark_names", "find_token"]


def field_runs(instr: str, result: str, rpr: str = "") -> str:
    """A complex field: its instruction and its cached result."""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {esc(instr)} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result, rpr)}"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def ref_field(bookmark: str, switch: str, result: str) -> str:
    """A REF field to ``bookmark`` (``switch`` is ``\\w`` or ``\\n``), a link too."""
    return field_runs(f"REF {bookmark} {switch} \\h", result)


def page_number_runs() -> str:
    """ "Page N of M" with PAGE and NUMPAGES fields."""
    return (run("Page ") + field_runs("PAGE \\* Arabic", "1") + run(" of ")
            + field_runs("NUMPAGES \\* Arabic", "1"))


def bookmark_names(anchors: Iterable[str]) -> dict[str, str]:
    """A hidden bookmark name (``_Ref_...``, at most 36 characters, unique) per anchor."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for anchor in sorted(anchors):
        base = "_Ref_" + (re.sub(r"[^A-Za-z0-9]+", "_", anchor).strip("_") or "x")
        base = base[:36]
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base[: 36 - len(str(n)) - 1]}_{n}"
        taken.add(name.lower())
        names[anchor] = name
    return names


def find_token(text: str, token: str) -> int:
    """Position of ``token`` in ``text`` not glued to letters or digits, or -1."""
    if not token:
        return -1
    start = 0
    while True:
        at = text.find(token, start)
        if at < 0:
            return -1
        before = text[at - 1] if at else " "
        end = at + len(token)
        after = text[end] if end < len(text) else " "
        glued_before = before.isalnum() and token[0].isalnum()
        glued_after = after.isalnum() and token[-1].isalnum()
        if not glued_before and not glued_after:
            return at
        start = at + 1
