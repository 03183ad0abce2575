"""Command palette entries: jump to any question or clause."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import OrdinanceApp


class JumpProvider(Provider):
    """'Step: …', 'Question: …' and 'Clause: …' entries for every step (the jurisdiction
    form too), question and clause."""

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("OrdinanceApp", self.app)  # the provider is registered by OrdinanceApp
        library = app.library
        steps = {s.id: s.title for s in library.steps}
        from .screens.interview import JURISDICTION

        out: list[tuple[str, str, Callable[[], object]]] = [
            ("Step: Jurisdiction", "Who enacts the law and how it is titled",
             partial(app.open_step, JURISDICTION))]
        out += [(f"Step: {step.title}", "Step of the interview", partial(app.open_step, step.id))
                for step in library.ordered_steps()]
        for step in library.ordered_steps():
            for qid in step.questions:
                q = library.questions.get(qid)
                if q is not None:
                    # Awaited by the palette, so keys typed next reach the question's box.
                    out.append((f"Question: {q.prompt}", f"{steps.get(q.step, q.step)} · {qid}",
                                partial(app.open_question, qid)))
        for clause in library.ordered_clauses():
            out.append((f"Clause: {clause.title}", clause.id,
                        partial(app.show_clause, clause.id)))
        return out

    async def discover(self) -> Hits:
        if getattr(self.app, "session", None) is None:
            return
        for name, help_text, callback in self._entries():
            yield DiscoveryHit(name, callback, help=help_text)

    def _explanations(self) -> dict[str, str]:
        """Each question entry's help text, lower-cased: the words a drafter may search by
        ("annual report" finds "Require a periodic public surveillance report?")."""
        app = cast("OrdinanceApp", self.app)
        return {f"Question: {q.prompt}": " ".join(q.help.split()).lower()
                for q in app.library.questions.values() if q.help}

    async def search(self, query: str) -> Hits:
        if getattr(self.app, "session", None) is None:
            return
        matcher = self.matcher(query)
        words = query.lower().split()
        explanations = self._explanations() if words else {}
        for name, help_text, callback in self._entries():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if not score and all(w in explanations.get(name, "") for w in words):
                score = 0.5  # every word is in the question's explanation
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
