"""Opening a draft draws a screenful first: the preview's first fill and the jurisdiction
form mount in two batches, and end up exactly as when mounted at once (bench/RESULTS.md,
"## App": what opening a draft costs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select

from ordinance_tui.core.assemble import assemble
from ordinance_tui.core.document import Ordinance
from ordinance_tui.core.draft import Jurisdiction, draft_from_data
from ordinance_tui.core.library import Library
from ordinance_tui.tui.widgets.jurisdiction import CODE_FIELDS, TEXT_FIELDS, JurisdictionForm
from ordinance_tui.tui.widgets.preview import FIRST_SECTIONS, Preview, SectionView
from tests.test_app_support import TODAY, fixture_library, make_app, seed_file, settle

pytestmark = pytest.mark.asyncio

STYLES = {"city": "City", "county": "County"}


def largest(library: Library) -> tuple[str, Ordinance]:
    """The fixture seed with the most sections, and its ordinance."""
    trees = []
    for seed in library.seeds.values():
        draft, _ = draft_from_data(seed.data, seed.id)
        trees.append((seed.id, assemble(library, draft, today=TODAY)))
    return max(trees, key=lambda t: len(list(t[1].all_sections())))


class PreviewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Preview(id="preview")


async def test_preview_first_fill_mounts_a_screenful_then_the_rest_in_order() -> None:
    _, ordinance = largest(fixture_library())
    keys = [s.clause_id for s in ordinance.all_sections()]
    assert len(keys) > FIRST_SECTIONS  # else there is nothing to defer
    app = PreviewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        preview.show(ordinance, highlight=False)
        mounted = list(preview.query(SectionView))
        assert [v.key_id for v in mounted] == keys[:FIRST_SECTIONS]
        assert [v.key_id for v in preview.pending] == keys[FIRST_SECTIONS:]
        assert set(preview.views) == set(keys)  # every section is known from the start
        await pilot.pause()
        await pilot.pause()
        assert not preview.pending
        order = [w for w in preview.children]
        assert order[0] is preview.front and order[-1] is preview.back
        assert [w.key_id for w in order[1:-1]] == keys  # type: ignore[attr-defined]


async def test_preview_update_while_sections_are_pending_mounts_them_first() -> None:
    """A second assembly arriving before the rest is mounted finds every section in place
    (a changed one updated, none lost or doubled)."""
    library = fixture_library()
    _, ordinance = largest(library)
    keys = [s.clause_id for s in ordinance.all_sections()]
    app = PreviewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        preview = app.query_one(Preview)
        preview.show(ordinance, highlight=False)
        assert preview.pending
        changed = preview.show(ordinance, highlight=False)  # the same text: nothing changed
        assert changed == [] and not preview.pending
        await pilot.pause()
        assert [v.key_id for v in preview.query(SectionView)] == keys


def field_ids(form: JurisdictionForm) -> list[str]:
    return [w.id for w in form.walk_children() if w.id]


class FormsApp(App[None]):
    """A deferred and an undeferred form side by side."""

    def __init__(self, jurisdiction: Jurisdiction) -> None:
        super().__init__()
        self.jurisdiction = jurisdiction

    def compose(self) -> ComposeResult:
        with Vertical(id="a"):
            yield JurisdictionForm(self.jurisdiction, STYLES, defer=True)
        with Vertical(id="b"):
            yield JurisdictionForm(self.jurisdiction, STYLES)


async def test_deferred_form_ends_up_as_the_whole_form_and_keeps_a_kind_chosen_meanwhile(
) -> None:
    jurisdiction = Jurisdiction(name="Riverton", kind="city")
    app = FormsApp(jurisdiction)
    async with app.run_test(size=(100, 60)) as pilot:
        deferred = app.query_one("#a > JurisdictionForm", JurisdictionForm)
        whole = app.query_one("#b > JurisdictionForm", JurisdictionForm)
        assert not deferred.complete and whole.complete
        assert not deferred.query("#j-recitals") and not deferred.query("#county-fields")
        # The kind changes before the rest is mounted: the fields that come later follow it.
        deferred.query_one("#j-kind", Select).value = "county"
        await pilot.pause()
        assert deferred.jurisdiction.kind == "county"
        deferred.mount_rest()
        await pilot.pause()
        assert deferred.complete
        assert field_ids(deferred) == field_ids(whole)  # same fields, same (focus) order
        assert not deferred.query_one("#county-fields").has_class("hidden")
        for name in ("clerk", "counsel", "chief_executive"):
            box = deferred.query_one(f"#j-{name}", Input)
            assert box.placeholder == JurisdictionForm.kind_placeholder(name, "county")
        deferred.mount_rest()  # a second call adds nothing
        await pilot.pause()
        assert field_ids(deferred) == field_ids(whole)


async def test_opening_a_draft_ends_with_every_field_and_section(tmp_path: Path) -> None:
    """Through the app: the form shown before the first preview is completed once it is
    drawn, and Tab walks the same fields in the same order as a form mounted at once."""
    seed_id, ordinance = largest(fixture_library())
    app = make_app(tmp_path, seed_file(tmp_path, seed_id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        form = app.screen.query_one(JurisdictionForm)
        preview = app.screen.query_one(Preview)
        assert form.complete and not preview.pending
        assert [v.key_id for v in preview.query(SectionView)] == [
            s.clause_id for s in ordinance.all_sections()]
        chain = [w.id for w in app.screen.focus_chain if w.id and w.id.startswith("j-")]
        j = form.jurisdiction
        expected = ["kind", "style", *(name for name, _, _ in TEXT_FIELDS), "codified",
                    *((name for name, _, _ in CODE_FIELDS) if j.codified else ()),
                    "recitals", *(("unincorporated_only",) if j.kind == "county" else ()),
                    "page_size", "line_numbers"]
        assert chain == [f"j-{name}" for name in expected]
