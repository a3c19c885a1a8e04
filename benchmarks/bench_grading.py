"""How long `course grade` takes for 100 submissions (run: .venv/bin/python benchmarks/bench_grading.py).

Makes 100 learner folders in a temporary directory, each holding one exercise
notebook in one of four states (the worked solution, the untouched exercise,
half done, cells reversed), cycling through the four lessons, then times the
`course grade` command end to end (process pool, one kernel per notebook). Then
grades a sample again in this process to measure the CPU time per submission,
which unlike the wall clock does not depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
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
    parser.add_argument("--cpu-sample", type=int, default=16, help="submissions graded again to measure CPU time")
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
                   "--out", str(Path(temp) / "grades"), "--hidden", str(ROOT / "solutions" / "hidden_checks.py")]
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        seconds = time.perf_counter() - started
        after = os.getloadavg()
        sample = sorted(base.iterdir())[:args.cpu_sample]
        cpu = cpu_seconds(sample)
    # The load average says how busy the machine was: on a shared machine the wall clock depends on it.
    print(f"course grade: {args.submissions} submissions in {seconds:.1f} s "
          f"({seconds / args.submissions:.2f} s each, wall clock); load average before {load[0]:.1f}, "
          f"after {after[0]:.1f}")
    # CPU time does not depend on the other load: with 2 idle cores the run needs at least half of it.
    per = cpu / len(sample)
    print(f"CPU per submission (grading process, its kernels and their template; {len(sample)} graded one "
          f"after another): {per:.2f} s; for {args.submissions} on 2 idle cores: at least "
          f"{per * args.submissions / 2:.0f} s")
    return 0


def cpu_seconds(folders: list[Path]) -> float:
    """CPU seconds (user + system) to grade the notebooks in ``folders`` in this process, kernels included."""
    from course_utils.kernels import template
    from course_utils.instructor.grading.notebook import grade_notebook

    def used() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    hidden = str(ROOT / "solutions" / "hidden_checks.py")
    start = used()
    for folder in folders:
        for path in folder.glob("*.ipynb"):
            grade_notebook(path, folder.name, path.name, hidden=hidden)
    template.stop()  # the template reaps the kernels: wait for it so their time is counted
    return used() - start


if __name__ == "__main__":
    sys.exit(main())
