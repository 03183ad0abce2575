"""An independent reader for tracked-changes .docx files, for the redline tests.

``resolve(data, accept=True)`` applies every tracked change the way Word's
"Accept All" does (insertions kept, deletions removed, a paragraph whose mark is
deleted joins the next one, new paragraph properties kept); ``accept=False`` is
"Reject All" (old paragraph properties restored from ``w:pPrChange``). ``lines(data)``
then prints each paragraph as Word shows it after updating fields: its list
number (counters per list, deeper levels restarting under a higher one, each
level's ``lvlText`` in its own format), then its text, with every REF field
recomputed from the bookmarked paragraph's number (``\\w`` the number in full
context, ``\\n`` the paragraph's own level), not its cached result.

It uses zipfile and lxml only, never the exporter's code.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from lxml import etree

from .docx_text import W, number_text

PARTS_WITH_TEXT = "word/document.xml"


def _pkg(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _repack(package: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in package.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(index, child)
    parent.remove(element)


def resolve(data: bytes, accept: bool = True) -> bytes:
    """The package with every tracked change accepted (or rejected)."""
    package = _pkg(data)
    root = etree.fromstring(package[PARTS_WITH_TEXT])
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    body = root.find(f"{W}body")
    for p in list(body.iter(f"{W}p")):
        mark = p.find(f"{W}pPr/{W}rPr/{W}{drop}")
        for gone in p.findall(f".//{W}{drop}"):
            if gone.getparent().tag != f"{W}rPr":
                gone.getparent().remove(gone)
        for kept in p.findall(f".//{W}{keep}"):
            if kept.getparent().tag == f"{W}rPr":
                kept.getparent().remove(kept)
            else:
                _unwrap(kept)
        for tag, plain in (("delText", "t"), ("delInstrText", "instrText")):
            for node in p.iter(f"{W}{tag}"):
                node.tag = f"{W}{plain}"
        change = p.find(f"{W}pPr/{W}pPrChange")
        if change is not None:  # accepting drops the old properties, rejecting restores them
            ppr = change.getparent()
            ppr.remove(change)
            if not accept:
                for child in [c for c in ppr if c.tag != f"{W}rPr"]:
                    ppr.remove(child)
                for index, child in enumerate(change.find(f"{W}pPr")):
                    ppr.insert(index, child)
        if mark is not None:  # the paragraph mark goes: what is left joins the next paragraph
            mark.getparent().remove(mark)
            rest = [c for c in p if c.tag != f"{W}pPr"]
            following = p.getnext()
            if rest and following is not None and following.tag == f"{W}p":
                at = 1 if following.find(f"{W}pPr") is not None else 0
                for child in reversed(rest):
                    following.insert(at, child)
            p.getparent().remove(p)
    package[PARTS_WITH_TEXT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    return _repack(package)


def revisions(data: bytes) -> list[tuple[str, str, str, str]]:
    """(kind, author, date, text) of every w:ins / w:del, in document order."""
    root = etree.fromstring(_pkg(data)[PARTS_WITH_TEXT])
    found = []
    for node in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in node.iter(f"{W}t", f"{W}delText"))
        found.append((etree.QName(node).localname, node.get(f"{W}author"),
                      node.get(f"{W}date"), text))
    return found


class _Numbering:
    def __init__(self, package: dict[str, bytes]) -> None:
        styles = etree.fromstring(package["word/styles.xml"])
        numbering = etree.fromstring(package["word/numbering.xml"])
        self.style_num: dict[str, tuple[str, int]] = {}
        self.based: dict[str, str] = {}
        for style in styles.iter(f"{W}style"):
            sid = style.get(f"{W}styleId")
            base = style.find(f"{W}basedOn")
            if base is not None:
                self.based[sid] = base.get(f"{W}val")
            num = style.find(f"{W}pPr/{W}numPr")
            if num is not None:
                ilvl = num.find(f"{W}ilvl")
                self.style_num[sid] = (num.find(f"{W}numId").get(f"{W}val"),
                                       int(ilvl.get(f"{W}val")) if ilvl is not None else 0)
        abstracts = {a.get(f"{W}abstractNumId"): a for a in numbering.iter(f"{W}abstractNum")}
        self.levels: dict[str, dict[int, tuple[str, str, str]]] = {}
        for num in numbering.iter(f"{W}num"):
            abstract = abstracts[num.find(f"{W}abstractNumId").get(f"{W}val")]
            table = {}
            for lvl in abstract.iter(f"{W}lvl"):
                suff = lvl.find(f"{W}suff")
                table[int(lvl.get(f"{W}ilvl"))] = (
                    lvl.find(f"{W}numFmt").get(f"{W}val"),
                    lvl.find(f"{W}lvlText").get(f"{W}val"),
                    suff.get(f"{W}val") if suff is not None else "tab")
            self.levels[num.get(f"{W}numId")] = table
        self.counters: dict[str, list[int]] = {}

    def numpr(self, p: etree._Element) -> tuple[str, int] | None:
        direct = p.find(f"{W}pPr/{W}numPr")
        if direct is not None:
            ilvl = direct.find(f"{W}ilvl")
            return (direct.find(f"{W}numId").get(f"{W}val"),
                    int(ilvl.get(f"{W}val")) if ilvl is not None else 0)
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        sid = pstyle.get(f"{W}val") if pstyle is not None else "Normal"
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_num:
                return self.style_num[sid]
            sid = self.based.get(sid, "")
        return None

    def advance(self, p: etree._Element) -> tuple[str, int, list[int]] | None:
        """Count the paragraph; its list, level and the counters as they stand."""
        numpr = self.numpr(p)
        if numpr is None or numpr[0] == "0":
            return None
        num_id, ilvl = numpr
        count = self.counters.setdefault(num_id, [0] * 9)
        count[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            count[deeper] = 0
        return num_id, ilvl, list(count)

    def text(self, num_id: str, ilvl: int, count: list[int], levels: range) -> str:
        table = self.levels[num_id]
        out = ""
        for level in levels:
            out += re.sub(r"%([1-9])", lambda m: number_text(
                count[int(m.group(1)) - 1], table[int(m.group(1)) - 1][0]), table[level][1])
        return out


def lines(data: bytes, *, update_fields: bool = True) -> list[tuple[str, str]]:
    """(style, printed line) of every paragraph; REF fields recomputed unless told not to."""
    package = _pkg(data)
    root = etree.fromstring(package[PARTS_WITH_TEXT])
    numbering = _Numbering(package)
    paragraphs = list(root.iter(f"{W}p"))
    numbers: list[tuple[str, int, list[int]] | None] = [numbering.advance(p) for p in paragraphs]
    bookmark_at: dict[str, int] = {}
    for index, p in enumerate(paragraphs):
        for start in p.iter(f"{W}bookmarkStart"):
            bookmark_at[start.get(f"{W}name")] = index

    def ref_text(instr: str) -> str | None:
        match = re.match(r"\s*REF\s+(\S+)(.*)$", instr)
        if not match or match.group(1) not in bookmark_at:
            return None
        found = numbers[bookmark_at[match.group(1)]]
        if found is None:
            return None
        num_id, ilvl, count = found
        switches = match.group(2)
        if "\\w" in switches:
            return numbering.text(num_id, ilvl, count, range(ilvl + 1))
        if "\\n" in switches or "\\r" in switches:
            return numbering.text(num_id, ilvl, count, range(ilvl, ilvl + 1))
        return None

    out = []
    for p, found in zip(paragraphs, numbers, strict=True):
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        style = pstyle.get(f"{W}val") if pstyle is not None else "Normal"
        number = ""
        if found is not None:
            num_id, ilvl, count = found
            suffix = numbering.levels[num_id][ilvl][2]
            number = numbering.text(num_id, ilvl, count, range(ilvl, ilvl + 1))
            number += {"tab": "\t", "space": " ", "nothing": ""}[suffix]
        chunks: list[str] = []
        state = "text"  # text | instr | result
        instr = ""
        result: list[str] = []
        for node in p.iter(f"{W}t", f"{W}tab", f"{W}fldChar", f"{W}instrText"):
            tag = etree.QName(node).localname
            if tag == "fldChar":
                kind = node.get(f"{W}fldCharType")
                if kind == "begin":
                    state, instr, result = "instr", "", []
                elif kind == "separate":
                    state = "result"
                else:
                    computed = ref_text(instr) if update_fields else None
                    chunks.append(computed if computed is not None else "".join(result))
                    state = "text"
            elif tag == "instrText":
                instr += node.text or ""
            elif tag == "t" or node.getparent().tag == f"{W}r":
                text = (node.text or "") if tag == "t" else "\t"
                (result if state == "result" else chunks).append(text)
        out.append((style, " ".join(f"{number}{''.join(chunks)}".split())))
    return out

