"""Notebooks graded in worker processes: a submission that kills its worker costs only itself.

A learner's kernel runs as the same user as the grader, so a cell can SIGKILL
the worker process grading it; a process pool then fails every job it holds.
:func:`graded` notes which jobs each worker had started (a queue the kernels
cannot reach), grades the jobs not started in a fresh pool, and grades each job
that was running again alone, in a pool of its own: a job that kills its worker
when alone is the culprit, and gets :data:`lost` rows; the innocent ones are
graded as usual.

:func:`run_processes` wraps the whole run: every process it starts carries the
run's folder in its environment (``sandbox.RUN``) and every kernel makes its
folders in it, so kernels and templates left behind by a killed worker are
killed and their folders removed, after each round and at the end. While it
lasts, the grading processes are not dumpable, so a kernel of an unprivileged
user cannot read their memory (the hidden checks), working folder or
environment through ``/proc`` (root still can).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from course_utils.instructor.grading import sandbox

PR_SET_DUMPABLE, PR_GET_DUMPABLE = 4, 3  # from <linux/prctl.h>
MAX_BARREN_BREAKS = 3  # pools that die with no job running: something outside the submissions; stop retrying

_started = None  # in a worker: the queue it announces each job on


def _dumpable(value: int | None = None) -> int | None:
    """Set this process's dumpable flag (None: only read it); the flag before, or None off Linux."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        before = libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
        if value is not None:
            libc.prctl(PR_SET_DUMPABLE, value, 0, 0, 0)
        return before if before >= 0 else None
    except (OSError, AttributeError):
        return None


def clear(folder: Path) -> None:
    """Kill every process left under the run and remove the kernels' folders (nothing of the run is running)."""
    sandbox.kill_run(str(folder))
    for entry in Path(folder).iterdir() if Path(folder).is_dir() else []:
        shutil.rmtree(entry, ignore_errors=True)


@contextmanager
def run_processes() -> Iterator[Path]:
    """The class run's folder, marked in the environment of everything started while it lasts."""
    folder = Path(tempfile.mkdtemp(prefix="course-grade-run-"))
    before = os.environ.get(sandbox.RUN)
    dumpable = _dumpable(0)
    os.environ[sandbox.RUN] = str(folder)
    try:
        yield folder
    finally:
        clear(folder)
        shutil.rmtree(folder, ignore_errors=True)
        if dumpable:
            _dumpable(dumpable)
        if before is None:
            os.environ.pop(sandbox.RUN, None)
        else:
            os.environ[sandbox.RUN] = before


def _announce(queue) -> None:
    global _started
    _started = queue


def _run(grade: Callable, index: int, job):
    _started.put(index)  # before any learner code: the run knows which jobs this worker holds
    return grade(job)


def _drain(queue, started: set) -> None:
    while not queue.empty():
        started.add(queue.get())


def _round(batch: list, grade: Callable, workers: int, folder: Path):
    """Grade ``batch`` (index, job pairs) in one pool; yield ``(job, rows)``; return the jobs a broken pool
    held, as (started, not started)."""
    context = multiprocessing.get_context()
    queue = context.SimpleQueue()
    broken, finished, started = [], set(), set()
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(batch)), mp_context=context, initializer=_announce,
                                 initargs=(queue,)) as pool:
            futures = {pool.submit(_run, grade, index, job): (index, job) for index, job in batch}
            for future in as_completed(futures):
                _drain(queue, started)  # as it goes, so the pipe never fills
                if isinstance(future.exception(), BrokenProcessPool):
                    broken.append(futures[future])
                    continue
                finished.add(futures[future][0])
                yield futures[future][1], future.result()
    finally:
        clear(folder)  # kernels of a killed worker, and their folders
    _drain(queue, started)
    started -= finished
    return [item for item in broken if item[0] in started], [item for item in broken if item[0] not in started]


def graded_alone(jobs: list, grade: Callable, lost: Callable, folder: Path) -> Iterator[tuple]:
    """Yield ``(job, rows)`` for each job graded in a worker of its own, one after another (nothing else
    runs beside it); ``lost(job)`` for one that kills its worker."""
    for index, job in enumerate(jobs):
        running, rest = yield from _round([(index, job)], grade, 1, folder)
        if running or rest:
            yield job, lost(job)


def graded(jobs: list, grade: Callable, workers: int, lost: Callable, folder: Path) -> Iterator[tuple]:
    """Yield ``(job, rows)`` for every job as it finishes; ``lost(job)`` for a job that kills its worker alone.

    ``grade(job)`` runs in a worker (it must be picklable); with one worker it runs in this process,
    where a submission that kills it stops the run (it can always reach this process too).
    """
    if workers == 1:
        for job in jobs:
            yield job, grade(job)
        return
    pending, alone, barren = list(enumerate(jobs)), [], 0
    while pending or alone:
        if alone:
            item = alone.pop(0)
            running, _rest = yield from _round([item], grade, 1, folder)
            if running or _rest:  # it killed its worker again, with nothing else running: it did
                yield item[1], lost(item[1])
            continue
        running, rest = yield from _round(pending, grade, workers, folder)
        barren = barren + 1 if rest and not running else 0
        if barren >= MAX_BARREN_BREAKS:
            for item in rest:
                yield item[1], lost(item[1])
            return
        alone, pending = running, rest
