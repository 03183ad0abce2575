"""The open draft: its file, undo and redo history, and atomic autosave.

Plain Python (no Textual) so that it can be tested on its own. Every change
goes through ``DraftSession.change``, which records the previous draft for undo
and saves the new one atomically: inline, or (``background``, as the app does)
on one writer thread, so the event loop never waits for the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.draft import Draft, save_draft
from ..core.incremental import RenderMemo

HISTORY_LIMIT = 200


@dataclass
class DraftSession:
    """A draft being edited, saved to ``path`` after every change."""

    draft: Draft
    path: Path | None = None
    undo_stack: list[Draft] = field(default_factory=list)
    redo_stack: list[Draft] = field(default_factory=list)
    save_error: str = ""
    background: bool = False  # save on a writer thread (the app); tests may save inline
    _last_key: str | None = None
    _saved: Draft | None = None  # the draft last written to ``path`` (None: not yet)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _writer: ThreadPoolExecutor | None = field(default=None, repr=False)
    on_error: Callable[[str], None] | None = field(default=None, repr=False)
    # What the session's assemblies rendered, reused while their inputs are unchanged.
    renders: RenderMemo = field(default_factory=RenderMemo, repr=False)

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
        """Write the draft atomically; on failure keep the message in ``save_error``.

        With ``background`` set, the write happens on one writer thread and this
        returns at once; every write saves the newest draft, so the file never goes
        back to an older one. ``flush`` waits for the writes.
        """
        if self.path is None:
            return True
        if not self.background:
            return self.write_now()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="draft-save")
        self._writer.submit(self.write_now)
        return True

    def write_now(self) -> bool:
        """Write the newest draft on this thread; False (and ``save_error``) on failure."""
        assert self.path is not None
        with self._lock:
            draft = self.draft  # the newest, even if this write was queued earlier
            try:
                save_draft(draft, self.path)
            except OSError as exc:
                self.save_error = f"could not save {self.path}: {exc.strerror or exc}"
                if self.on_error is not None:
                    self.on_error(self.save_error)
                return False
            self.save_error = ""
            self._saved = draft
            return True

    @property
    def unsaved(self) -> bool:
        """Whether the current draft is not on disk: its last save failed or is pending."""
        return self.path is not None and bool(self.save_error) and self._saved is not self.draft

    def flush(self) -> None:
        """Wait until every queued save is on disk."""
        if self._writer is not None:
            self._writer.submit(lambda: None).result()


def describe_change(old: Draft, new: Draft) -> list[str]:
    """What differs between two drafts, as short phrases (answer and field ids)."""
    out = [f"answer {qid}" for qid in sorted(set(old.answers) | set(new.answers))
           if old.answers.get(qid) != new.answers.get(qid)]
    if old.jurisdiction != new.jurisdiction:
        out.append("jurisdiction details")
    for cid in sorted(set(old.exclude) ^ set(new.exclude)):
        out.append(f"{'inclusion' if cid in old.exclude else 'exclusion'} of {cid}")
    for cid in sorted(set(old.override) | set(new.override)):
        if old.override.get(cid) != new.override.get(cid):
            out.append(f"edited text of {cid}")
    before = {s.id: s for s in old.added}
    after = {s.id: s for s in new.added}
    for sid in [s.id for s in old.added] + [s for s in after if s not in before]:
        if before.get(sid) != after.get(sid):
            what = "removal" if sid not in after else "addition" if sid not in before \
                else "edit"
            out.append(f"{what} of your section {sid}")
    if old.defined != new.defined:
        out.append("your definitions")
    if old.versions != new.versions:
        out.append("versions")
    return out
