"""The open draft: its file, undo and redo history, and atomic autosave.

Plain Python (no Textual) so that it can be tested on its own. Every change
goes through ``DraftSession.change``, which records the previous draft for undo
and saves the new one to disk at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.draft import Draft, save_draft

HISTORY_LIMIT = 200


@dataclass
class DraftSession:
    """A draft being edited, saved to ``path`` after every change."""

    draft: Draft
    path: Path | None = None
    undo_stack: list[Draft] = field(default_factory=list)
    redo_stack: list[Draft] = field(default_factory=list)
    save_error: str = ""
    _last_key: str | None = None

    def change(self, draft: Draft, key: str | None = None) -> bool:
        """Make ``draft`` current; return False if nothing changed.

        Consecutive changes with the same ``key`` (keystrokes in one field) make
        one undo step.
        """
        if draft == self.draft:
            return False
        if key is None or key != self._last_key or not self.undo_stack:
            self.undo_stack.append(self.draft)
            del self.undo_stack[:-HISTORY_LIMIT]
        self._last_key = key
        self.redo_stack.clear()
        self.draft = draft
        self.save()
        return True

    def undo(self) -> bool:
        """Go back one change; return False when there is nothing to undo."""
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.draft)
        self.draft = self.undo_stack.pop()
        self._last_key = None
        self.save()
        return True

    def redo(self) -> bool:
        """Re-apply the last undone change; return False when there is none."""
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.draft)
        self.draft = self.redo_stack.pop()
        self._last_key = None
        self.save()
        return True

    def save(self) -> bool:
        """Write the draft atomically; on failure keep the message in ``save_error``."""
        if self.path is None:
            return True
        try:
            save_draft(self.draft, self.path)
        except OSError as exc:
            self.save_error = f"could not save {self.path}: {exc.strerror or exc}"
            return False
        self.save_error = ""
        return True
