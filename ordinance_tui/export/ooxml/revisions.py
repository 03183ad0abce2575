"""Tracked changes (``w:ins``/``w:del``, ``w:pPrChange``) or their look as formatting."""

from __future__ import annotations

import re

from ..common import clean
from .xml import attr

__all__ = ["ChangeMarks"]

_RUN_SEQUENCE = re.compile(r"(?:<w:r>.*?</w:r>)+", re.S)
_RUN_PROPS = re.compile(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?", re.S)
_STRIKE, _UNDERLINE = "<w:strike/>", '<w:u w:val="single"/>'
_DELETED_TEXT = (("<w:t ", "<w:delText "), ("</w:t>", "</w:delText>"),
                 ("<w:instrText ", "<w:delInstrText "), ("</w:instrText>", "</w:delInstrText>"))


class ChangeMarks:
    """Marks runs (XML from ``xml.run``, ``fields.field_runs``, hyperlinks) as changes.

    Tracked: runs go inside ``w:ins`` or ``w:del`` (deleted text becomes
    ``w:delText``) with the author and date, so Word and LibreOffice can accept or
    reject them; ``paragraph`` marks a whole paragraph's mark (and its number).
    Otherwise the marks are formatting: insertions underlined, deletions struck
    through. Revision ids count up from ``first_id``; output is deterministic.
    """

    def __init__(self, tracked: bool, author: str, date: str, first_id: int = 1) -> None:
        self.tracked = tracked
        self._attrs = f'w:author="{attr(clean(author))}" w:date="{attr(clean(date))}"'
        self._next = first_id

    def _id(self) -> int:
        self._next += 1
        return self._next - 1

    def runs(self, runs: str, kind: str) -> str:
        """``runs`` marked ``ins`` or ``del``."""
        if self.tracked:
            if kind == "del":
                for plain, deleted in _DELETED_TEXT:
                    runs = runs.replace(plain, deleted)
            return _RUN_SEQUENCE.sub(
                lambda m: f'<w:{kind} w:id="{self._id()}" {self._attrs}>{m.group()}</w:{kind}>',
                runs)
        return _RUN_PROPS.sub(lambda m: f"<w:r><w:rPr>{_add_mark(m.group(1) or '', kind)}"
                                        "</w:rPr>", runs)

    def paragraph(self, kind: str) -> str:
        """The ``w:rPr`` (inside ``w:pPr``) marking a whole paragraph ``ins`` or ``del``."""
        if self.tracked:
            return f'<w:rPr><w:{kind} w:id="{self._id()}" {self._attrs}/></w:rPr>'
        return f"<w:rPr>{_add_mark('', kind)}</w:rPr>"

    def properties(self, old_ppr: str) -> str:
        """A tracked change of paragraph properties from ``old_ppr`` (last in ``w:pPr``).

        Rejecting it restores the old style and numbering; formatting marks nothing.
        """
        if not self.tracked:
            return ""
        return (f'<w:pPrChange w:id="{self._id()}" {self._attrs}><w:pPr>{old_ppr}</w:pPr>'
                "</w:pPrChange>")


def _add_mark(rpr: str, kind: str) -> str:
    """Run properties with strike (after any rStyle) or underline (last), in schema order."""
    if kind == "ins":
        return rpr + _UNDERLINE
    if rpr.startswith("<w:rStyle"):
        end = rpr.index("/>") + 2
        return rpr[:end] + _STRIKE + rpr[end:]
    return _STRIKE + rpr
