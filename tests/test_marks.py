"""The choice widgets print their mark only when chosen (state readable without colour)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import RadioSet

from ordinance_tui.tui.widgets.marks import MarkedRadioButton

pytestmark = pytest.mark.asyncio


class _Radios(App[None]):
    def compose(self) -> ComposeResult:
        with RadioSet():
            yield MarkedRadioButton("Ban", value=True, id="ban")
            yield MarkedRadioButton("Approval", id="approval")


def _inner(button: MarkedRadioButton) -> str:
    """The character inside the button as drawn: the second cell of its line."""
    return button.render().plain[1]


async def test_radio_mark_follows_the_value() -> None:
    app = _Radios()
    async with app.run_test() as pilot:
        ban = app.query_one("#ban", MarkedRadioButton)
        approval = app.query_one("#approval", MarkedRadioButton)
        assert (_inner(ban), _inner(approval)) == ("\u25cf", " ")
        approval.value = True
        await pilot.pause()
        assert not ban.value
        assert (_inner(ban), _inner(approval)) == (" ", "\u25cf")
