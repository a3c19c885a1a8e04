"""How long `course grade` takes for 100 submissions (run: .venv/bin/python benchmarks/bench_grading.py).

Makes 100 learner folders in a temporary directory, each holding one exercise
notebook in one of four states (the worked solution, the untouched exercise,
half done, cells reversed), cycling through the four lessons, then times the
`course grade` command end to end (process pool, one kernel per notebook).
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["01-content-engine.ipynb", "02-ecosystem-hub.ipynb", "03-commerce-loop.ipynb", "04-capstone-diagnosis.ipynb"]


def variant(name: str, kind: int):
    solution = nbformat.read(ROOT / "solutions" / name, as_version=4)
    exercise = nbformat.read(ROOT / "exercises" / name, as_version=4)
    if kind == 0:
        return solution
    if kind == 1:
        return exercise
    if kind == 2:  # the first half of the cells from the solution, the rest untouched
        half = copy.deepcopy(exercise)
        cut = len(half.cells) // 2
        half.cells[:cut] = copy.deepcopy(solution.cells[:cut])
        return half
    reordered = copy.deepcopy(solution)
    reordered.cells = list(reversed(reordered.cells))
    return reordered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as temp:
        base = Path(temp) / "submissions"
        for number in range(args.submissions):
            name = NAMES[number % len(NAMES)]
            folder = base / f"learner{number:03d}"
            folder.mkdir(parents=True)
            nbformat.write(variant(name, (number // len(NAMES)) % 4), folder / name)
        load = os.getloadavg()
        command = [str(Path(sys.executable).parent / "course"), "grade", str(base),
                   "--out", str(Path(temp) / "gradebook.csv"), "--hidden", str(ROOT / "solutions" / "hidden_checks.py")]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        seconds = time.perf_counter() - started
    # The load average says how busy the machine was: on a shared machine the wall clock depends on it.
    print(f"course grade: {args.submissions} submissions in {seconds:.1f} s "
          f"({seconds / args.submissions:.2f} s each, wall clock); load average before {load[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
