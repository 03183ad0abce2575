"""Lists of section references read as lawyers write them.

"Section 9, Section 10, and Section 11" becomes "Sections 9 through 11";
"Section 4 and Section 7" becomes "Sections 4 and 7", "Section 4, Section 7 or
Section 9" becomes "Sections 4, 7 or 9" (a list names several sections, whichever
word joins it, and takes no serial comma, as the library's prose does), and
"Section 4 through Section 7" (as a drafter's plain text writes a range)
"Sections 4 through 7". Only whole-section
references of the same kind (code sections with code sections) are merged, and
only when the words between them are exactly a list's separators. Each number
stays a ``Ref`` (its text is the bare number), so exporters keep the links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .document import Inline, Ref, Text
from .numbering import NBSP

_LAST = {" and ": "and", ", and ": "and", " or ": "or", ", or ": "or"}


@dataclass(frozen=True, slots=True)
class SectionName:
    """How one section is cited: "Section" + "9", its reading position and kind.

    ``space`` is what stands between prefix and number: a space, or the
    non-breaking space that binds "§" and "Sec." to their numbers.
    """

    prefix: str
    number: str
    position: int
    group: bool
    space: str = " "

    @property
    def text(self) -> str:
        return f"{self.prefix}{self.space}{self.number}"


def split_ref_label(ref_label: str) -> tuple[str, str, str]:
    """("Section", " ", "9") from "Section 9"; ("§", NBSP, "4") from "§ 4" (non-breaking)."""
    at = max(ref_label.rfind(" "), ref_label.rfind(NBSP))
    if at < 0:
        return "", " ", ref_label
    return ref_label[:at], ref_label[at], ref_label[at + 1:]


def plural(prefix: str) -> str:
    if prefix == "§":
        return "§§"
    s = "S" if prefix.isupper() else "s"  # "SEC." -> "SECS."
    if prefix.endswith("."):
        return prefix[:-1] + s + "."
    return prefix + s


def merge_section_lists(spans: list[Inline], names: dict[str, SectionName]) -> list[Inline]:
    """Rewrite runs of whole-section references in ``spans`` (see the module docstring)."""
    out: list[Inline] = []
    i = 0
    while i < len(spans):
        run, conj, end = _run_at(spans, i, names)
        if len(run) < 2:
            out.append(spans[i])
            i += 1
            continue
        first = names[run[0].anchor]
        items = [replace(r, text=names[r.anchor].number) for r in run]
        positions = [names[r.anchor].position for r in run]
        # "Sections 4 and 7", and "Sections 4 or 7" too: the list names more than one.
        out.append(Text(plural(first.prefix) + first.space))
        consecutive = all(b == a + 1 for a, b in zip(positions, positions[1:], strict=False))
        if conj == "through" or (len(run) >= 3 and consecutive and conj == "and"):
            out += [items[0], Text(" through "), items[-1]]
        else:
            for k, item in enumerate(items):
                if k:
                    last = k == len(items) - 1
                    out.append(Text(f" {conj} " if last else ", "))
                out.append(item)
        i = end
    return _merge_texts(out)


def _run_at(spans: list[Inline], i: int, names: dict[str, SectionName]
            ) -> tuple[list[Ref], str, int]:
    """The longest list of mergeable references starting at ``spans[i]``."""
    def usable(span: Inline) -> tuple[Ref, SectionName] | None:
        if isinstance(span, Ref) and span.resolved and span.anchor in names:
            name = names[span.anchor]
            if span.text == name.text:
                return span, name
        return None

    found = usable(spans[i])
    if found is None:
        return [], "", i + 1
    first, head = found
    run = [first]
    j = i + 1
    conj = ""
    while j + 1 < len(spans):
        between = spans[j]
        if not isinstance(between, Text):
            break
        sep = between.text
        found = usable(spans[j + 1])
        if found is None or found[1].prefix != head.prefix or found[1].group != head.group:
            break
        if sep == ", ":
            run.append(found[0])
            j += 2
            continue
        if sep == " through " and len(run) == 1:
            run.append(found[0])
            conj = "through"
            j += 2
            break
        if sep in _LAST:
            run.append(found[0])
            conj = _LAST[sep]
            j += 2
        break
    if not conj:
        # A list must end with "and"/"or"; drop trailing comma-joined items.
        return [], "", i + 1
    return run, conj, j


def _merge_texts(spans: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for span in spans:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged
