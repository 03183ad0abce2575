"""What every screen that shows the open draft needs: the app, its session, the draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...core.draft import Draft
    from ..app import OrdinanceApp
    from ..session import DraftSession


class SessionView:
    """Mixin for screens that exist only while a draft is open."""

    app: Any

    @property
    def oapp(self) -> OrdinanceApp:
        return self.app  # type: ignore[no-any-return]

    @property
    def session(self) -> DraftSession:
        """The open draft's session (these screens exist only while one is open)."""
        session = self.oapp.session
        assert session is not None
        return session

    @property
    def draft(self) -> Draft:
        return self.session.draft
