"""Where a one-shot ``ordinance build --seed sf-combo -f docx`` spends its CPU (a profile).

Run:  python bench/profile_build.py [--runs N]

Each run is a fresh process (imports included) that runs the command line's build with
its steps timed in CPU milliseconds (``time.process_time``): the floor's imports (done
first, so that every later step is the build's own cost), the imports before the
command, loading the library, reading the seed, assembling, the lint's warning, the
Word export, the accessibility check and saving the compiled code. A step's time
includes the imports it triggers. Prints the medians of ``N`` runs and, beside them,
a process that only imports the build's dependencies (the floor), measured in turn.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import json, sys, time
marks = {}
import jinja2, jinja2.sandbox, yaml, msgspec, docx
marks["floor imports"] = time.process_time()
t0 = time.process_time()
def timed(module, name, label):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            marks[label] = marks.get(label, 0.0) + time.process_time() - start
    setattr(module, name, wrapper)
from ordinance_tui import cli
marks["import cli"] = time.process_time() - t0
timed(cli, "load", "load library")
timed(cli, "_draft", "read the seed")
timed(cli, "_warn_lint", "lint warning")
start = time.process_time()
import ordinance_tui.core.assemble
marks["import assemble"] = time.process_time() - start
timed(ordinance_tui.core.assemble, "assemble", "assemble")
start = time.process_time()
import ordinance_tui.export.accessibility as acc
marks["import accessibility"] = time.process_time() - start
timed(acc, "check_docx", "accessibility check")
from ordinance_tui.export import registry
timed(registry.ExportFormat, "render", "export (docx)")
start = time.process_time()
from ordinance_tui.core import library as lib_mod
marks["import library"] = time.process_time() - start
timed(lib_mod.Library, "save_compiled", "save compiled")
cli.main(["build", "--seed", "sf-combo", "-f", "docx", "-o", sys.argv[1], "--force"])
marks["total"] = time.process_time()
print(json.dumps(marks), file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs: list[dict[str, float]] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "x.docx")
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, "-c", CHILD, out], env=env, cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
            done = subprocess.run([sys.executable, "-c", "import time, jinja2, jinja2.sandbox, "
                                   "yaml, msgspec, docx; print(time.process_time())"],
                                  env=env, capture_output=True, text=True, check=True)
            floor.append(float(done.stdout))
    for label in runs[0]:
        print(f"{label:22} {statistics.median(r.get(label, 0.0) for r in runs) * 1000:7.0f} ms")
    print(f"{'floor (imports only)':22} {statistics.median(floor) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
