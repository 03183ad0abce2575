"""An independent reader for exported .docx files, for the tests.

It reads the package with zipfile and lxml (not with the exporter's code) and
rebuilds each paragraph's printed text the way Word does: the list number from
numbering.xml (style-linked ``numPr`` through ``basedOn``, or direct ``numPr``;
counters per list, deeper levels restarting under a higher one; ``lvlText``
placeholders in each level's own format; the level's suffix), then the runs'
text, with each field's cached result and not its instruction.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def _roman(n: int) -> str:
    table = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
             (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, digits in table:
        while n >= value:
            out += digits
            n -= value
    return out


def number_text(n: int, fmt: str) -> str:
    if fmt == "decimal":
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    raise AssertionError(f"format {fmt} not expected")


@dataclass
class Para:
    style: str
    number: str
    text: str

    @property
    def line(self) -> str:
        return " ".join(f"{self.number}{self.text}".split())


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read(data: bytes) -> list[Para]:
    package = parts(data)
    styles = etree.fromstring(package["word/styles.xml"])
    numbering = etree.fromstring(package["word/numbering.xml"])
    document = etree.fromstring(package["word/document.xml"])

    style_num: dict[str, tuple[str, int] | None] = {}
    based: dict[str, str] = {}
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId")
        base = style.find(f"{W}basedOn")
        if base is not None:
            based[sid] = base.get(f"{W}val")
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None and num.find(f"{W}numId") is not None:
            ilvl = num.find(f"{W}ilvl")
            style_num[sid] = (
                num.find(f"{W}numId").get(f"{W}val"),
                int(ilvl.get(f"{W}val")) if ilvl is not None else 0,
            )

    def numpr_of_style(sid: str) -> tuple[str, int] | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in style_num:
                return style_num[sid]
            sid = based.get(sid, "")
        return None

    abstracts = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
    levels: dict[str, dict[int, tuple[str, str, str, int]]] = {}
    for num in numbering.iter(f"{W}num"):
        abstract = abstracts[num.find(f"{W}abstractNumId").get(f"{W}val")]
        table = {}
        for lvl in abstract.iter(f"{W}lvl"):
            suff = lvl.find(f"{W}suff")
            start = lvl.find(f"{W}start")
            table[int(lvl.get(f"{W}ilvl"))] = (
                lvl.find(f"{W}numFmt").get(f"{W}val"),
                lvl.find(f"{W}lvlText").get(f"{W}val"),
                suff.get(f"{W}val") if suff is not None else "tab",
                int(start.get(f"{W}val")) if start is not None else 0,
            )
        levels[num.get(f"{W}numId")] = table

    counters: dict[str, list[int]] = {}
    out = []
    for p in document.iter(f"{W}p"):
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        sid = pstyle.get(f"{W}val") if pstyle is not None else "Normal"
        direct = p.find(f"{W}pPr/{W}numPr")
        numpr = numpr_of_style(sid)
        if direct is not None:
            ilvl = direct.find(f"{W}ilvl")
            numpr = (
                direct.find(f"{W}numId").get(f"{W}val"),
                int(ilvl.get(f"{W}val")) if ilvl is not None else 0,
            )
        number = ""
        if numpr is not None and numpr[0] != "0":
            num_id, ilvl = numpr
            table = levels[num_id]
            count = counters.setdefault(num_id, [0] * 9)
            count[ilvl] = (count[ilvl] + 1) if count[ilvl] else table[ilvl][3]
            for deeper in range(ilvl + 1, 9):
                count[deeper] = 0
            fmt, text, suff, _ = table[ilvl]
            number = re.sub(
                r"%([1-9])",
                lambda m, c=count, t=table: number_text(
                    c[int(m.group(1)) - 1], t[int(m.group(1)) - 1][0]
                ),
                text,
            )
            number += {"tab": "\t", "space": " ", "nothing": ""}[suff]
            del fmt
        chunks = []
        for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
            if node.tag == f"{W}t":
                chunks.append(node.text or "")
            elif node.getparent().tag == f"{W}r":
                chunks.append("\t" if node.tag == f"{W}tab" else "\n")
        out.append(Para(sid, number, "".join(chunks)))
    return out


def field_instructions(data: bytes) -> list[str]:
    document = etree.fromstring(parts(data)["word/document.xml"])
    return [" ".join((t.text or "").split()) for t in document.iter(f"{W}instrText")]


def bookmarks(data: bytes) -> dict[str, str]:
    """Bookmark name -> the printed text of the paragraph that holds it."""
    document = etree.fromstring(parts(data)["word/document.xml"])
    found = {}
    paragraphs = read(data)
    for index, p in enumerate(document.iter(f"{W}p")):
        for start in p.iter(f"{W}bookmarkStart"):
            found[start.get(f"{W}name")] = paragraphs[index].line
    return found


def normalised(xml: bytes) -> str:
    """A part's XML, parsed and pretty-printed, for golden comparisons."""
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(xml, parser)
    return etree.tostring(root, pretty_print=True, encoding="unicode")
