"""Execute notebooks in fresh kernels, in parallel, reporting progress per notebook.

Each notebook runs in its own worker process with nbclient (widget state stored,
the default, because nbclient crashes on Output widgets without it), in a kernel
forked from the worker's warm template (:mod:`course_utils.kernels.template`), which
has imported pandas, matplotlib and the lessons' modules once for all the worker's
notebooks. A failure is returned, not raised, so the parent can stop the build with
the notebook, the cell and the error.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from course_utils.book.pools import process_pool
from course_utils.i18n import ENVIRONMENT_VARIABLE, language
from course_utils.kernels import template

# What the lessons and worked solutions import: most of a fresh kernel's start.
# (The kernel's own modules are every template's: ``template_process.KERNEL_START``.)
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "course_utils.datasets",
           "course_utils.style", "course_utils.exercises.checks", "course_utils.exercises.tryout",
           "course_utils.models.diagnosis", "course_utils.explorers.diagnosis", "course_utils.lessons.tour",
           "course_utils.lessons.content", "course_utils.lessons.hub", "course_utils.lessons.commerce",
           "course_utils.lessons.diagnosis")


def kernel_template(lang: str) -> template.Kind:
    """The template the book's kernels in ``lang`` are forked from: modules imported in that language,
    with the matplotlib backend a kernel started now would have (matplotlib reads it when imported)."""
    backend = os.environ.get("MPLBACKEND") or template.INLINE_BACKEND
    return template.Kind(f"book-{lang}", PRELOAD, (("MPLBACKEND", backend), (ENVIRONMENT_VARIABLE, lang)))


@dataclass
class ExecutionResult:
    name: str
    ok: bool
    notebook_json: str = ""
    seconds: float = 0.0
    cell_index: int | None = None
    cell_source: str = ""
    error_name: str = ""
    error_value: str = ""


def execute_one(name: str, path: str, timeout: int, lang: str | None = None, notebook=None, *,
                warm: bool = True) -> ExecutionResult:
    """Run the notebook at ``path`` top to bottom in a fresh ``python3`` kernel, in the course language ``lang``.

    ``notebook``: the notebook as the caller read it from ``path`` (a copy runs), else it is read now.
    ``warm``: fork the kernel from the warm template; else start it as ``python -m ipykernel_launcher``.
    """
    import copy

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from course_utils.kernels.warm import WarmKernelManager

    started = time.perf_counter()
    nb = copy.deepcopy(notebook) if notebook is not None else nbformat.read(path, as_version=4)
    sockets = tempfile.mkdtemp(prefix="course-kernel-")
    # IPC sockets in a folder of its own: kernels started at the same moment (two builds, a
    # test run) cannot race for the same TCP port.
    lang = lang or language()
    manager = WarmKernelManager(kind=kernel_template(lang) if warm else None, kernel_name="python3",
                                transport="ipc", ip=os.path.join(sockets, "kernel"))
    client = NotebookClient(nb, km=manager, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    try:
        # The kernel is another process: the language of the build reaches it through the environment.
        client.execute(env={**os.environ, ENVIRONMENT_VARIABLE: lang})
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index, source, ename, evalue = _failed_cell(nb, error)
        return ExecutionResult(name, False, seconds=time.perf_counter() - started, cell_index=index,
                               cell_source=source, error_name=ename, error_value=evalue)
    finally:
        # The client does not own a kernel manager it was given: stop the kernel here.
        if client.kc is not None:
            client.kc.stop_channels()
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
        if multiprocessing.parent_process() is not None:
            # In a pool's worker, Ctrl-C is the build's to handle (see pools.py); nbclient's
            # event loop turned it back on.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    return ExecutionResult(name, True, nbformat.writes(nb), time.perf_counter() - started)


def _failed_cell(nb, error) -> tuple[int | None, str, str, str]:
    # nbclient leaves the error output on the failing cell; find it there.
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, cell.source, output.get("ename", ""), output.get("evalue", "")
    return None, "", type(error).__name__, str(error).strip().splitlines()[-1] if str(error) else ""


def execute_all(jobs: list[tuple[str, Path]], *, workers: int, timeout: int, progress,
                notebooks: dict | None = None) -> list[ExecutionResult]:
    """Execute ``jobs`` (name, path) with ``workers`` processes; ``progress(result, done, total)``.

    ``notebooks``: name → the notebook as the caller read it, and keyed its result by: that is
    what runs, even if its file is saved again meanwhile (an author saving while the book builds).
    """
    notebooks = notebooks or {}
    results = []
    lang = language()  # a worker process does not see the parent's using_language()
    if not jobs:
        return results
    if workers <= 1 or len(jobs) == 1:
        for done, (name, path) in enumerate(jobs, start=1):
            result = execute_one(name, str(path), timeout, lang, notebooks.get(name))
            progress(result, done, len(jobs))
            results.append(result)
            if not result.ok:
                break
        return results
    pool = process_pool(min(workers, len(jobs)))
    try:
        futures = [pool.submit(execute_one, name, str(path), timeout, lang, notebooks.get(name)) for name, path in jobs]
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            progress(result, done, len(jobs))
            results.append(result)
            if not result.ok:
                for other in futures:
                    other.cancel()
                break
    except BaseException:  # Ctrl-C, or the build stopping: do not wait for the notebooks still running
        _stop_workers(pool)
        raise
    pool.shutdown()
    return results


def _stop_workers(pool) -> None:
    """End ``pool`` now, its running notebooks with it (each kernel exits when its worker does:
    ipykernel watches the process that started it)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # the executor has no public list
        if process.is_alive():
            process.kill()  # nbclient handles SIGTERM while a notebook runs, and would finish it first
    pool.shutdown(wait=False, cancel_futures=True)
