"""Time imports of the library in fresh interpreters (median of several runs).

Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

MODULES = ["course_utils", "course_utils.style", "course_utils.datasets", "course_utils.quiz",
           "course_utils.explorer", "nbformat"]
RUNS = 7


def time_import(module: str) -> float:
    code = ("import time; t = time.perf_counter(); import {m}; "
            "print(time.perf_counter() - t)").format(m=module)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> None:
    print(f"{'module':<28} {'median ms':>10} {'max ms':>8}")
    for module in MODULES:
        samples = [time_import(module) * 1000 for _ in range(RUNS)]
        print(f"{module:<28} {statistics.median(samples):>10.1f} {max(samples):>8.1f}")


if __name__ == "__main__":
    main()
