"""Where the drafter left off in each draft: the step, the question and the undo history.

Kept in the user's state folder (platformdirs' ``user_state_dir``, or
``ORDINANCE_STATE_DIR``), one JSON file per draft, named by a hash of the draft's
resolved path; never in the draft file. The draft is the drafter's document, shared
with the clerk and counsel and often kept in git: a history of up to ``KEEP`` earlier
states (wording that was dropped on purpose among them) and a cursor position do
not belong in it, and writing them there would change the file on every move.

A state records the draft as it was when written (``current``); history is restored
only if the file still reads as that draft, so an edit made outside the app never
gets undone into. Writes are atomic; a state file that cannot be read is ignored
with a notice, and opening the draft goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.draft import Draft, draft_text, parse_draft
from ..core.fileio import atomic_write
from ..core.problems import InputError

FORMAT = "ordinance-session/1"
KEEP = 50  # undo (and redo) steps kept across a restart


def state_dir() -> Path:
    """The folder of the per-draft state files (``ORDINANCE_STATE_DIR`` overrides it)."""
    override = os.environ.get("ORDINANCE_STATE_DIR")
    if override:
        return Path(override)
    import platformdirs

    from ..core.paths import APP

    return Path(platformdirs.user_state_dir(APP)) / "drafts"


def state_file(draft_path: Path, folder: Path | None = None) -> Path:
    """Where the state of the draft at ``draft_path`` is kept."""
    key = hashlib.sha256(str(draft_path.resolve()).encode("utf-8")).hexdigest()[:32]
    return (folder or state_dir()) / f"{key}.json"


@dataclass
class ResumeState:
    """The step and question last visited ("" for none) and the history, oldest first."""

    step: str = ""
    question: str = ""  # a question id, or "#j-..." for a jurisdiction field
    undo: list[Draft] = field(default_factory=list)
    redo: list[Draft] = field(default_factory=list)


def _text(draft: Draft) -> str:
    return draft_text(dataclasses.replace(draft, source=None))


def write_state(path: Path, draft_path: Path, current: Draft, state: ResumeState) -> None:
    """Write ``state`` for the draft at ``draft_path`` (now ``current``), atomically.

    Raises OSError if it cannot be written.
    """
    data = {"format": FORMAT, "draft": str(draft_path.resolve()), "step": state.step,
            "question": state.question, "current": _text(current),
            "undo": [_text(d) for d in state.undo[-KEEP:]],
            "redo": [_text(d) for d in state.redo[-KEEP:]]}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, ensure_ascii=False), private=True)


def read_position(path: Path, draft_path: Path) -> tuple[dict[str, Any] | None, str]:
    """The state file's data (None if there is none) and a notice if it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"Could not read where you left off ({exc.strerror or exc}); ignored."
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a session state")
        if data.get("draft") != str(draft_path.resolve()):
            raise ValueError("it belongs to another draft")
        for name in ("step", "question", "current"):
            if not isinstance(data.get(name, ""), str):
                raise ValueError(f"{name} is not text")
        for name in ("undo", "redo"):
            if not isinstance(data.get(name, []), list):
                raise ValueError(f"{name} is not a list")
    except ValueError as exc:
        return None, (f"Where you left off in {draft_path.name} could not be read ({exc}); "
                      "the draft opens at the start, without its undo history.")
    return data, ""


def read_history(data: dict[str, Any], draft: Draft) -> tuple[list[Draft], list[Draft], str]:
    """The undo and redo drafts of a state read by ``read_position`` for ``draft`` as
    opened, and a notice when the history is not restored (the file changed since)."""
    try:
        current, _ = parse_draft(data.get("current", ""), "session state")
        if current != draft:
            return [], [], ("The draft was changed outside the app since it was last open; "
                            "its undo history starts afresh.")
        stacks: list[list[Draft]] = [[], []]
        for stack, name in zip(stacks, ("undo", "redo"), strict=True):
            for text in data.get(name, []):
                if not isinstance(text, str):
                    raise ValueError(f"an entry of {name} is not text")
                old, _ = parse_draft(text, "session state")
                stack.append(dataclasses.replace(old, source=draft.source))
    except (InputError, ValueError) as exc:
        detail = "; ".join(p.message for p in exc.problems) if isinstance(exc, InputError) \
            else str(exc)
        return [], [], f"The undo history could not be read ({detail}); it starts afresh."
    return stacks[0], stacks[1], ""
