"""A ``when:`` condition said in words, for people who never read template code.

``explain(library, "tech_scope == 'all' or approach_face in ['approval', 'permit']")``
gives "“What does the law cover?” is “All surveillance technology”, or “How does the
law treat face recognition?” is “Approval before acquisition” or “Permits”". The
condition is parsed with Jinja2's own parser (the language it is written in) and each
node is put into words from the questions' prompts and their options' labels; a
question type says how its bare answer reads (``QuestionType.truthy`` and ``falsy``).

A form the explainer does not know (a pack's filter call, arithmetic) is not guessed
at: :func:`explain` falls back to "a condition of the clause library" with the names
of the questions it reads, and :func:`unexplained` lists such conditions (a test keeps
the built-in library free of them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jinja2 import nodes

from .jinja_env import environment
from .qtypes import qtype

if TYPE_CHECKING:
    from .library import Library, Question

__all__ = ["explain", "unexplained"]

_ORDER = ("lt", "lteq", "gt", "gteq")  # the order of QuestionType.order_words
_DEFAULT_ORDER_WORDS = ("is less than", "is at most", "is more than", "is at least")
_KIND_WORDS = {"city": "a city", "town": "a town", "village": "a village",
               "county": "a county", "city-county": "a consolidated city-county",
               "state": "a state"}


class _Unknown(Exception):
    """A node the explainer has no words for."""


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _or_list(items: list[str], word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


class _Words:
    def __init__(self, library: Library) -> None:
        self.library = library

    # -- names and values ------------------------------------------------------------
    def question(self, node: nodes.Node) -> Question | None:
        if isinstance(node, nodes.Name):
            return self.library.questions.get(node.name)
        return None

    def subject(self, node: nodes.Node) -> str:
        """What a comparison is about: a question's prompt, or a jurisdiction field."""
        question = self.question(node)
        if question is not None:
            return _quote(question.prompt)
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and \
                node.node.name == "jurisdiction":
            return "the jurisdiction" if node.attr == "kind" else \
                f"the jurisdiction's {node.attr.replace('_', ' ')}"
        if isinstance(node, nodes.Const) and isinstance(node.value, (int, float)):
            return str(node.value)
        raise _Unknown(node)

    def value(self, about: nodes.Node, node: nodes.Node) -> str:
        """A literal as the drafter saw it: the option's label, a kind's name, a number."""
        if not isinstance(node, nodes.Const):
            return self.subject(node)  # another question: "less than “How many days …”"
        question = self.question(about)
        if question is not None and isinstance(node.value, str):
            choice = question.choice(node.value)
            return _quote(choice.label if choice is not None else node.value)
        if isinstance(about, nodes.Getattr) and about.attr == "kind" and \
                isinstance(node.value, str):
            return _KIND_WORDS.get(node.value, _quote(node.value))
        if isinstance(node.value, bool):
            return "yes" if node.value else "no"
        return str(node.value) if isinstance(node.value, (int, float)) else _quote(
            str(node.value))

    def values(self, about: nodes.Node, node: nodes.Node) -> str:
        if isinstance(node, (nodes.List, nodes.Tuple)):
            return _or_list([self.value(about, item) for item in node.items])
        return self.value(about, node)

    # -- the expression --------------------------------------------------------------
    def words(self, node: nodes.Node, inside: str = "") -> str:
        if isinstance(node, nodes.And):
            parts = [self.words(n, "and") for n in _flatten(node, nodes.And)]
            if any(", " in part for part in parts):  # a part with its own list: semicolons
                return "; and ".join(parts)
            return _or_list(parts, "and") if len(parts) > 2 else " and ".join(parts)
        if isinstance(node, nodes.Or):
            parts = [self.words(n, "or") for n in _flatten(node, nodes.Or)]
            text = ", or ".join(parts)
            return f"either {text}" if inside == "and" else text
        if isinstance(node, nodes.Not):
            return self.negated(node.node)
        if isinstance(node, nodes.Compare):
            return self.compare(node)
        if isinstance(node, nodes.Name):
            question = self.question(node)
            if question is None:
                raise _Unknown(node)
            return f"{_quote(question.prompt)} {qtype(question).truthy}"
        if isinstance(node, nodes.Const) and isinstance(node.value, bool):
            return "always" if node.value else "never"
        raise _Unknown(node)

    def negated(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            question = self.question(node)
            if question is None:
                raise _Unknown(node)
            return f"{_quote(question.prompt)} {qtype(question).falsy}"
        if isinstance(node, nodes.Compare) and len(node.ops) == 1 and \
                node.ops[0].op in ("in", "eq"):
            flipped = "notin" if node.ops[0].op == "in" else "ne"
            return self.compare(nodes.Compare(node.expr, [nodes.Operand(flipped,
                                                                        node.ops[0].expr)]))
        return f"it is not the case that {self.words(node)}"

    def compare(self, node: nodes.Compare) -> str:
        parts, left = [], node.expr
        for operand in node.ops:
            parts.append(self.one_compare(left, operand.op, operand.expr))
            left = operand.expr
        return " and ".join(parts)

    def one_compare(self, left: nodes.Node, op: str, right: nodes.Node) -> str:
        if op in ("in", "notin"):
            if isinstance(left, nodes.Const) and self.question(right) is not None:
                question = self.question(right)  # 'damages' in remedies: a multi's option
                assert question is not None
                verb = "includes" if op == "in" else "does not include"
                return f"{_quote(question.prompt)} {verb} {self.value(right, left)}"
            verb = "is" if op == "in" else "is not"
            return f"{self.subject(left)} {verb} {self.values(left, right)}"
        if op not in ("eq", "ne", *_ORDER):
            raise _Unknown(op)
        if isinstance(left, nodes.Const) and not isinstance(right, nodes.Const):
            left, right = right, left  # 30 < notice_days: say it from the question's side
            op = {"lt": "gt", "gt": "lt", "lteq": "gteq", "gteq": "lteq"}.get(op, op)
        question = self.question(left)
        order = qtype(question).order_words if question is not None else _DEFAULT_ORDER_WORDS
        words = {"eq": "is", "ne": "is not", **dict(zip(_ORDER, order, strict=True))}
        return f"{self.subject(left)} {words[op]} {self.value(left, right)}"


def _flatten(node: nodes.Node, kind: type[nodes.BinExpr]) -> Iterator[nodes.Node]:
    """``a and b and c`` as its three operands (Jinja nests them two at a time)."""
    if isinstance(node, kind):
        yield from _flatten(node.left, kind)
        yield from _flatten(node.right, kind)
    else:
        yield node


def _parse(expression: str) -> nodes.Expr:
    template = environment().parse(f"{{{{ {expression} }}}}")
    output = template.body[0]
    assert isinstance(output, nodes.Output) and len(output.nodes) == 1
    expr = output.nodes[0]
    assert isinstance(expr, nodes.Expr)
    return expr


def _names(node: nodes.Node) -> list[str]:
    return sorted({n.name for n in node.find_all(nodes.Name)})


def explain(library: Library, expression: str) -> str:
    """``expression`` (a ``when:`` condition) in words; "" for an empty condition."""
    if not expression.strip():
        return ""
    try:
        node = _parse(expression)
    except Exception:  # a condition that does not parse: the library check reports it
        return "a condition of the clause library that could not be read"
    try:
        return _Words(library).words(node)
    except _Unknown:
        asked = [_quote(library.questions[n].prompt) for n in _names(node)
                 if n in library.questions]
        return ("a condition of the clause library on " + _or_list(asked, "and") if asked
                else "a condition of the clause library")


def unexplained(library: Library) -> list[tuple[str, str]]:
    """Every (where, condition) of ``library`` that :func:`explain` has no words for."""
    found: list[tuple[str, str]] = []
    conditions: list[tuple[str, str]] = [
        *((f"question {q.id}", q.when) for q in library.questions.values()),
        *((f"clause {c.id}", c.when) for c in library.clauses.values())]
    words = _Words(library)
    for where, expression in conditions:
        if not expression.strip():
            continue
        try:
            words.words(_parse(expression))
        except Exception:
            found.append((where, expression))
    return found
