"""The council packet: every file opens with its own reader; written all or nothing."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt

from ordinance_tui.cli import main
from ordinance_tui.core.draft import save_draft
from ordinance_tui.core.library import Library
from ordinance_tui.export.packet import packet_files, write_packet

from .conftest import TODAY, seed_draft

needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) not on PATH: apt-get install libreoffice-writer-nogui")


def _two_versions(builtin: Library, tmp_path: Path) -> Path:
    draft = seed_draft(builtin, "ccops").with_version("as introduced", "2026-11-01")
    draft = draft.with_answer("notice_days", 45)  # the redline has a change to show
    path = tmp_path / "ccops.yaml"
    save_draft(draft, path)
    return path


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]


@needs_office
def test_a_packet_from_a_draft_with_two_versions(builtin: Library, tmp_path: Path) -> None:
    import pikepdf

    path = _two_versions(builtin, tmp_path)
    out = tmp_path / "packet"
    assert main(["packet", str(path), "-o", str(out), "--date", TODAY.isoformat()]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["ordinance.docx", "ordinance.pdf", "redline.docx", "summary.docx",
                            "coverage.md", "open-items.md", "index.html"])
    for name in ("ordinance.docx", "redline.docx", "summary.docx"):
        assert docx.Document(str(out / name)).paragraphs, name
    with pikepdf.open(out / "ordinance.pdf") as pdf:
        assert len(pdf.pages) > 1 and "/StructTreeRoot" in pdf.Root
    md = MarkdownIt("commonmark").enable("table")
    for name in ("coverage.md", "open-items.md"):
        kinds = [t.type for t in md.parse((out / name).read_text(encoding="utf-8"))]
        assert "heading_open" in kinds and "code_block" not in kinds, name
    items = (out / "open-items.md").read_text(encoding="utf-8")
    assert "Placeholders left for the clerk" in items and "Questions for counsel" in items
    links = _Links()
    links.feed((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(links.links) == sorted(n for n in names if n != "index.html")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".packet.")]


def test_a_draft_without_versions_has_no_redline(builtin: Library,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ordinance_tui.export.pdf.docx_to_pdf", lambda data: b"%PDF-1.7 stub")
    names = [f.name for f in packet_files(builtin, seed_draft(builtin, "face-ban"),
                                          today=TODAY)]
    assert "redline.docx" not in names and names[-1] == "index.html"


def test_a_failed_packet_leaves_no_folder_and_an_old_one_intact(
        builtin: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ordinance_tui.export.pdf.docx_to_pdf", lambda data: b"%PDF-1.7 stub")
    files = packet_files(builtin, seed_draft(builtin, "face-ban"), today=TODAY)
    target = tmp_path / "packet"
    real_open = open
    calls = {"n": 0}

    def failing_open(path: object, mode: str = "r", *args: object, **kw: object) -> object:
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        write_packet(files, target)
    monkeypatch.setattr("builtins.open", real_open)
    assert list(tmp_path.iterdir()) == []  # neither the packet nor its staging folder
    write_packet(files, target)
    (target / "keep.txt").write_text("old packet")
    with pytest.raises(FileExistsError):
        write_packet(files, target)
    monkeypatch.setattr("builtins.open", failing_open)
    calls["n"] = 0
    with pytest.raises(OSError):
        write_packet(files, target, force=True)
    monkeypatch.setattr("builtins.open", real_open)
    assert (target / "keep.txt").read_text() == "old packet"  # the old one is untouched
    write_packet(files, target, force=True)
    assert not (target / "keep.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet"]


def test_the_packet_command_refuses_an_existing_folder(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    (tmp_path / "packet").mkdir()
    assert main(["packet", "--seed", "ccops", "-o", str(tmp_path / "packet")]) == 2
    assert "add --force" in capsys.readouterr().err


@pytest.mark.asyncio
async def test_the_packet_from_the_apps_palette(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+P, "Packet", Enter; Tab to the folder box, Enter: the folder is written."""
    from textual.widgets import Input, Static

    from ordinance_tui.tui.screens.export import PacketDialog

    from .test_app_support import make_app, seed_file, settle

    monkeypatch.setattr("ordinance_tui.export.pdf.docx_to_pdf", lambda data: b"%PDF-1.7 stub")
    app = make_app(tmp_path, seed_file(tmp_path, "ban"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Packet")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PacketDialog)
        folder = Path(app.screen.query_one("#export-path", Input).value)
        assert folder.name.endswith("-packet") and not folder.suffix
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#export-path", Input)
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        status = str(app.screen.query_one("#export-status", Static).render())
        assert "files" in status, status
    assert (folder / "index.html").is_file() and (folder / "ordinance.docx").is_file()
