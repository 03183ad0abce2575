"""What every screen that shows the open draft needs: the app, its session, the draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.app import App

    from ...core.draft import Draft
    from ..app import OrdinanceApp
    from ..session import DraftSession


class SessionView:
    """Mixin for screens that exist only while a draft is open."""

    app: App[object]  # provided by the screen this is mixed into

    @property
    def oapp(self) -> OrdinanceApp:
        """The app as the drafting app (only ``OrdinanceApp`` pushes these screens)."""
        return cast("OrdinanceApp", self.app)

    @property
    def session(self) -> DraftSession:
        """The open draft's session (these screens exist only while one is open)."""
        session = self.oapp.session
        assert session is not None
        return session

    @property
    def draft(self) -> Draft:
        return self.session.draft
