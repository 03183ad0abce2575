"""msgspec against pydantic for the file models: import, model definition, validation.

Run:  python bench/bench_schemas.py [--runs N]

Both libraries get the same models: this script writes them out, once as
msgspec ``Struct``s and once as pydantic ``BaseModel``s, from the project's
models (``core.models``, ``laws.LawFile``, ``draft.DraftFile``), so each child
process imports only its validation library and its models, nothing of the
project. Each child parses every file of the built-in library with PyYAML's C
loader (not timed against either), then times, in a fresh process:

- importing the library (``import msgspec`` / ``import pydantic``);
- defining the models (importing the written module);
- validating every file of the library once (the first call, what a one-shot
  command pays) and again (the median of further rounds, what a long session pays).

The rows marked ``+`` first import what a build imports anyway (``PRELOAD``), so
they show what the validation library adds to a build.

Times are CPU time (``time.process_time``), so that other work on the machine
does not count; each figure is the median over ``--runs`` processes. pydantic
must be installed (``pip install pydantic``; the project does not depend on it);
its models validate in its default (lax) mode, as its strict mode refuses a YAML
list where a tuple is declared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ordinance_tui.core import models  # noqa: E402
from ordinance_tui.core.draft import DraftFile  # noqa: E402
from ordinance_tui.core.laws import LawFile  # noqa: E402

TOPS = {"parts": models.PartsFile, "step": models.StepFile, "definitions": models.DefinitionsFile,
        "style": models.StyleFile, "clause": models.ClauseFile, "seed": models.SeedFile,
        "law": LawFile, "draft": DraftFile}


# What ``ordinance build`` imports whichever validation library it uses.
PRELOAD = ["argparse", "dataclasses", "datetime", "enum", "inspect", "pathlib", "jinja2"]


def library_files() -> list[tuple[str, str]]:
    """(model name, path) for every file of the built-in library; seeds also as drafts."""
    clauses, seeds = ROOT / "clauses", ROOT / "seeds"
    out = [("parts", str(clauses / "parts.yaml"))]
    out += [("step", str(p)) for p in sorted((clauses / "questions").glob("*.yaml"))]
    out += [("definitions", str(p)) for p in sorted((clauses / "definitions").glob("*.yaml"))]
    out += [("style", str(p)) for p in sorted((clauses / "styles").glob("*.yaml"))]
    out += [("clause", str(p)) for p in sorted((clauses / "provisions").rglob("*.yaml"))]
    for p in sorted((seeds / "drafts").glob("*.yaml")):
        out += [("seed", str(p)), ("draft", str(p))]
    out += [("law", str(p)) for p in sorted((seeds / "laws").glob("*.yaml"))]
    return out


class Writer:
    """Source text of the models, for msgspec or for pydantic."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.done: dict[type, str] = {}
        self.classes: list[str] = []

    def name(self, kind: Any) -> str:
        if kind is Any:
            return "Any"
        if kind in (str, int, float, bool):
            return kind.__name__
        if isinstance(kind, type) and issubclass(kind, str):
            return "str"  # an open enumeration such as QuestionTypeName
        if kind is type(None):
            return "None"
        origin, args = get_origin(kind), get_args(kind)
        if origin is Literal:
            return f"Literal[{', '.join(repr(a) for a in args)}]"
        if origin is Union or origin is types.UnionType:
            return " | ".join(self.name(a) for a in args)
        if origin is typing.Annotated:
            return self.name(args[0])
        if origin in (tuple, list, dict):
            inner = ", ".join("..." if a is Ellipsis else self.name(a) for a in args)
            return f"{origin.__name__}[{inner}]"
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
            return self.struct(kind)
        raise TypeError(kind)

    def struct(self, cls: type[msgspec.Struct]) -> str:
        if cls in self.done:
            return self.done[cls]
        name = self.done[cls] = cls.__name__
        forbid = cls.__struct_config__.forbid_unknown_fields
        lines = []
        for info in msgspec.structs.fields(cls):
            kind = self.name(info.type)
            if info.default is not msgspec.NODEFAULT:
                default = f" = {info.default!r}"
            elif info.default_factory is not msgspec.NODEFAULT:
                factory = info.default_factory
                made = factory.__name__ if isinstance(factory, type) and factory in (
                    dict, list) else self.struct(factory)
                default = (f" = msgspec.field(default_factory={made})" if self.flavour == "msgspec"
                           else f" = Field(default_factory={made})")
            else:
                default = ""
            lines.append(f"    {info.name}: {kind}{default}")
        if self.flavour == "msgspec":
            head = (f"class {name}(msgspec.Struct, frozen=True, kw_only=True, "
                    f"forbid_unknown_fields={forbid}):")
        else:
            extra = "forbid" if forbid else "ignore"
            head = (f"class {name}(BaseModel):\n    model_config = ConfigDict(extra={extra!r}, "
                    "frozen=True)")
        self.classes.append("\n".join([head, *(lines or ["    pass"])]))
        return name

    def module(self) -> str:
        for cls in TOPS.values():
            self.struct(cls)
        head = ("import msgspec\n" if self.flavour == "msgspec" else
                "from pydantic import BaseModel, ConfigDict, Field\n")
        return ("from __future__ import annotations\nfrom typing import Any, Literal\n" + head
                + "\n\n" + "\n\n\n".join(self.classes) + "\n")


CHILD = r"""
import importlib, json, statistics, sys, time
import yaml
files = json.loads(sys.argv[1]); flavour = sys.argv[2]; rounds = int(sys.argv[3])
for name in json.loads(sys.argv[5]):
    importlib.import_module(name)
data = [(kind, yaml.load(open(path, encoding="utf-8"), Loader=yaml.CSafeLoader))
        for kind, path in files]
start = time.process_time()
if flavour == "msgspec":
    import msgspec
else:
    import pydantic
imported = time.process_time()
import written_models as m
defined = time.process_time()
tops = {kind: getattr(m, name) for kind, name in json.loads(sys.argv[4]).items()}
if flavour == "msgspec":
    def check(kind, value):
        msgspec.convert(value, tops[kind])
else:
    def check(kind, value):
        tops[kind].model_validate(value)
def everything():
    for kind, value in data:
        check(kind, value)
t0 = time.process_time(); everything(); first = time.process_time() - t0
again = []
for _ in range(rounds):
    t0 = time.process_time(); everything(); again.append(time.process_time() - t0)
print(json.dumps({"import": (imported - start) * 1000, "define": (defined - imported) * 1000,
                  "first": first * 1000, "again": statistics.median(again) * 1000}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    files = library_files()
    names = {kind: cls.__name__ for kind, cls in TOPS.items()}
    print(f"{len(files)} validations per round ({sum(k != 'draft' for k, _ in files)} files, "
          "seed drafts also as drafts); medians of", args.runs, "processes")
    print(f"{'':10} {'import ms':>10} {'define ms':>10} {'1st round ms':>13} {'later ms':>9}")
    for preload, label in (([], ""), (PRELOAD, " +")):
        for flavour in ("msgspec", "pydantic"):
            with tempfile.TemporaryDirectory() as folder:
                (Path(folder) / "written_models.py").write_text(Writer(flavour).module())
                results = []
                for _ in range(args.runs):
                    out = subprocess.run(
                        [sys.executable, "-c", CHILD, json.dumps(files), flavour, "5",
                         json.dumps(names), json.dumps(preload)], capture_output=True,
                        text=True, cwd=folder, env={"PYTHONPATH": folder, "PATH": ""})
                    if out.returncode:
                        sys.exit(f"{flavour}: {out.stderr[-2000:]}")
                    results.append(json.loads(out.stdout))
            row = {key: statistics.median(r[key] for r in results) for key in results[0]}
            print(f"{flavour + label:10} {row['import']:10.1f} {row['define']:10.1f} "
                  f"{row['first']:13.2f} {row['again']:9.2f}")
    print("+: after importing what a build imports anyway:", ", ".join(PRELOAD))


if __name__ == "__main__":
    main()
