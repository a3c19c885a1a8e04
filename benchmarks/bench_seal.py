"""Time sealing every quiz bank (both languages), as ``course release`` does: one key at a time,
in threads, and in threads with each key derived once (a key both languages need is derived for the
first and remembered), in the same run; the sealed banks must be the same bytes every way.

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

from course_utils.quiz import lock, seal
from course_utils.quiz.seal import seal_bank

RUNS = 3


def plain_banks() -> list[dict]:
    folder = resources.files("course_utils") / "quizbanks"
    files = sorted(folder.iterdir(), key=lambda p: p.name) + sorted((folder / "zh").iterdir(), key=lambda p: p.name)
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files if path.name.endswith(".yaml")]


def seal_all(banks: list[dict], workers: int | None, remember: bool) -> tuple[float, str]:
    """Seal ``banks`` from no remembered key; ``remember=False`` derives every key, repeats included."""
    lock.derive.cache_clear()
    seal.derive = lock.derive if remember else lock.derive.__wrapped__
    try:
        started = time.perf_counter()
        sealed = [seal_bank(bank, workers=workers) for bank in banks]
        seconds = time.perf_counter() - started
    finally:
        seal.derive = lock.derive
    return seconds, hashlib.sha256(json.dumps(sealed, sort_keys=True).encode()).hexdigest()


def main() -> None:
    banks = plain_banks()
    questions = sum(len(bank["questions"]) for bank in banks)
    print(f"{len(banks)} banks, {questions} questions, {os.cpu_count()} cores, {RUNS} runs each")
    rows, digests = {}, set()
    ways = (("one key at a time", 1, False), ("threads, one per core", None, False),
            ("threads, each key once", None, True))
    for label, workers, remember in ways:
        times = []
        for _ in range(RUNS):
            seconds, digest = seal_all(banks, workers, remember)
            times.append(seconds)
            digests.add(digest)
        rows[label] = statistics.median(times)
    if len(digests) != 1:
        raise SystemExit("the sealed banks differ between the ways of sealing")
    print(f"{'sealing':<24} {'median s':>9}")
    for label, seconds in rows.items():
        print(f"{label:<24} {seconds:>9.2f}")
    base = rows["one key at a time"]
    print(f"speed-up {base / rows['threads, one per core']:.2f}x in threads, {base / rows['threads, each key once']:.2f}x "
          "with each key once; the same sealed bytes every way")


if __name__ == "__main__":
    main()
