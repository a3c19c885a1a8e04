"""Time sealing every quiz bank (both languages), as ``course release`` does, one key at a time
and in threads, in the same run; the sealed banks must be the same bytes either way.

Run: .venv/bin/python benchmarks/bench_seal.py
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import time
from importlib import resources

import yaml

from course_utils.quiz.seal import seal_bank

RUNS = 3


def plain_banks() -> list[dict]:
    folder = resources.files("course_utils") / "quizbanks"
    files = sorted(folder.iterdir(), key=lambda p: p.name) + sorted((folder / "zh").iterdir(), key=lambda p: p.name)
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files if path.name.endswith(".yaml")]


def seal_all(banks: list[dict], workers: int | None) -> tuple[float, str]:
    started = time.perf_counter()
    sealed = [seal_bank(bank, workers=workers) for bank in banks]
    seconds = time.perf_counter() - started
    return seconds, hashlib.sha256(json.dumps(sealed, sort_keys=True).encode()).hexdigest()


def main() -> None:
    banks = plain_banks()
    questions = sum(len(bank["questions"]) for bank in banks)
    print(f"{len(banks)} banks, {questions} questions, {os.cpu_count()} cores, {RUNS} runs each")
    rows, digests = {}, set()
    for label, workers in (("one key at a time", 1), ("threads, one per core", None)):
        times = []
        for _ in range(RUNS):
            seconds, digest = seal_all(banks, workers)
            times.append(seconds)
            digests.add(digest)
        rows[label] = statistics.median(times)
    if len(digests) != 1:
        raise SystemExit("the sealed banks differ between the two ways of sealing")
    print(f"{'sealing':<24} {'median s':>9}")
    for label, seconds in rows.items():
        print(f"{label:<24} {seconds:>9.2f}")
    base = rows["one key at a time"]
    print(f"speed-up {base / rows['threads, one per core']:.2f}x; same sealed bytes either way")


if __name__ == "__main__":
    main()
