"""Records: the part of ``dataclasses`` this project uses, at a fraction of the start-up cost.

``dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis`` and
``tokenize``) and compiles every generated method on its own; with the
project's forty-odd record classes that was a fifth of a one-shot command's run
time. ``record`` writes the same methods as one source per class and compiles
it once. It supports what the code uses and nothing more:

- fields from annotations, in order, with a default or ``field(default=...,
  default_factory=..., repr=...)``; a field without a default may not follow
  one with a default;
- ``frozen`` (assignment raises ``FrozenInstanceError``) and ``slots``;
- ``__init__``, ``__repr__`` and value ``__eq__`` (same class, equal fields);
  frozen records hash by their fields, mutable ones are unhashable;
- ``replace``, ``fields`` and ``asdict``, as their ``dataclasses`` namesakes.

Records do not inherit fields from base classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_MISSING: Any = object()
_FIELDS = "__record_fields__"


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """One field: its name, default (or default factory) and whether ``repr`` shows it."""

    __slots__ = ("name", "type", "default", "default_factory", "repr")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING,
                 repr: bool = True) -> None:  # noqa: A002 - the dataclasses spelling
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("a field cannot have both a default and a default factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | Any = _MISSING,
          repr: bool = True) -> Any:  # noqa: A002
    """A field with a default factory or hidden from ``repr`` (as ``dataclasses.field``)."""
    return Field(default, default_factory, repr)


@dataclass_transform(field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, frozen: bool = False,
           slots: bool = False) -> Any:
    """Class decorator: make ``cls`` a record (see the module docstring)."""

    def wrap(cls: type[_T]) -> type[_T]:
        return _make(cls, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[_T], frozen: bool, slots: bool) -> type[_T]:
    if any(hasattr(base, _FIELDS) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: records do not inherit fields")
    annotations = cls.__dict__.get("__annotations__", {})
    fields: list[Field] = []
    for name, kind in annotations.items():
        if isinstance(kind, str) and kind.replace("typing.", "").startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        if isinstance(spec.default, (list, dict, set)):
            raise ValueError(f"{cls.__name__}.{name}: mutable default; use default_factory")
        if fields and not _has_default(spec) and _has_default(fields[-1]):
            raise TypeError(f"{cls.__name__}: field {name!r} without a default follows "
                            "one with a default")
        spec.name, spec.type = name, kind
        fields.append(spec)

    namespace: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__,
                                 "_Frozen": FrozenInstanceError}
    params, body = ["self"], []
    for f in fields:
        if f.default_factory is not _MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            if f.default is not _MISSING:
                namespace[f"_default_{f.name}"] = f.default
                params.append(f"{f.name}=_default_{f.name}")
            else:
                params.append(f.name)
            value = f.name
        body.append(f"    _set(self, {f.name!r}, {value})" if frozen
                    else f"    self.{f.name} = {value}")
    own = "(" + "".join(f"self.{f.name}, " for f in fields) + ")"
    other = "(" + "".join(f"other.{f.name}, " for f in fields) + ")"
    shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
    lines = [
        f"def __init__({', '.join(params)}):",
        *(body or ["    pass"]),
        "def __repr__(self):",
        f"    return f'{{self.__class__.__qualname__}}({shown})'",
        "def __eq__(self, other):",
        "    if other.__class__ is self.__class__:",
        f"        return {own} == {other}",
        "    return NotImplemented",
    ]
    methods = ["__init__", "__repr__", "__eq__"]
    if frozen:
        lines += [
            "def __hash__(self):",
            f"    return hash({own})",
            "def __setattr__(self, name, value):",
            "    raise _Frozen(f'cannot assign to field {name!r}')",
            "def __delattr__(self, name):",
            "    raise _Frozen(f'cannot delete field {name!r}')",
        ]
        methods += ["__hash__", "__setattr__", "__delattr__"]
    exec(compile("\n".join(lines), f"<record {cls.__qualname__}>", "exec"), namespace)  # noqa: S102

    made: dict[str, Any] = {name: namespace[name] for name in methods}
    for name, function in made.items():
        function.__qualname__ = f"{cls.__qualname__}.{name}"
    if not frozen:
        made["__hash__"] = None
    made[_FIELDS] = tuple(fields)
    made["__match_args__"] = tuple(f.name for f in fields)
    if not slots:
        for name, value in made.items():
            setattr(cls, name, value)
        for f in fields:
            if isinstance(cls.__dict__.get(f.name), Field):
                delattr(cls, f.name)
        return cls
    # __slots__ must be set when the class is made: make it again, without the defaults.
    body = {k: v for k, v in cls.__dict__.items()
            if k not in ("__dict__", "__weakref__") and k not in made["__match_args__"]}
    body.update(made, __slots__=made["__match_args__"])
    if frozen:
        body.update(__getstate__=_getstate, __setstate__=_setstate)
    remade = type(cls)(cls.__name__, cls.__bases__, body)
    remade.__qualname__ = cls.__qualname__
    return remade


def _has_default(f: Field) -> bool:
    return f.default is not _MISSING or f.default_factory is not _MISSING


def _getstate(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, f.name) for f in fields(self))


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for f, value in zip(fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    try:
        return getattr(obj, _FIELDS)
    except AttributeError:
        raise TypeError(f"{obj!r} is not a record") from None


def is_record(obj: Any) -> bool:
    return hasattr(obj, _FIELDS)


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` with the given fields changed (as ``dataclasses.replace``)."""
    names = [f.name for f in fields(obj)]
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    return type(obj)(**{name: changes[name] if name in changes else getattr(obj, name)
                        for name in names})


def asdict(obj: Any) -> dict[str, Any]:
    """A record as nested plain data: records become dicts, containers are copied."""
    if not is_record(obj) or isinstance(obj, type):
        raise TypeError(f"asdict() needs a record instance, not {obj!r}")
    return _plain(obj)


def _plain(value: Any) -> Any:
    if is_record(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return type(value)(_plain(v) for v in value)
    return value
