"""A text box that handles every key in the order it was typed.

Textual's ``Input`` inserts a printable key as soon as it reaches the box, but a key
bound to one of its actions (Ctrl+U, Backspace, Home, Enter...) first bubbles up to
the app, which then runs the binding. When keys arrive together (fast typing, a paste
of keystrokes, or keys queued while the app was busy, e.g. just after a palette jump
or a style change re-rendered the preview), Ctrl+U then "Lakeshore" inserted the
letters first and then deleted them all with Ctrl+U. ``InOrderInput`` runs its own
bindings when the key reaches it, so keys take effect in the order typed. Priority
bindings of the app and screens (Ctrl+E, Ctrl+K...) are still handled before any key
reaches the box.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class InOrderInput(Input):
    """An ``Input`` whose own key bindings run in the order the keys arrive."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
