"""Kernels forked from a warm template run a notebook exactly as a kernel started afresh does."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from course_utils.book.execute import execute_one, kernel_template
from course_utils.kernels import template
from course_utils.kernels.warm import ForkedProcess

pytestmark = pytest.mark.notebook

# What a library decides from its surroundings: the folder, the import path, the environment,
# pandas' display settings (read when pandas is imported), matplotlib's backend, a figure, the comm targets
# ipywidgets registers when imported in a kernel, a variable debugpy sets when imported.
PROBE = """\
import os, sys
import comm, ipywidgets, matplotlib, pandas as pd
import matplotlib.pyplot as plt
print(os.getcwd(), sys.path[0], os.environ.get("COURSE_LANG"), os.environ.get("BOOK_PROBE"))
print(sorted(comm.get_comm_manager().targets), os.environ.get("PYDEVD_USE_FRAME_EVAL"))
print(pd.get_option("display.max_columns"), pd.get_option("display.width"), matplotlib.get_backend())
print(pd.DataFrame({f"column {i}": range(3) for i in range(12)}))
fig, ax = plt.subplots(figsize=(2, 1)); ax.plot([0, 1], [1, 0]); plt.show()
"""


def _run(tmp_path: Path, warm: bool, source: str = PROBE):
    path = tmp_path / "probe.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    result = execute_one("probe", str(path), 60, "en", warm=warm)
    assert result.ok, (result.error_name, result.error_value)
    return nbformat.reads(result.notebook_json, as_version=4).cells[0].outputs


def test_a_forked_kernel_gives_the_outputs_of_a_fresh_one(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOK_PROBE", "passed on")
    monkeypatch.delenv("MPLBACKEND", raising=False)  # as an author's shell has it: figures drawn inline
    warm, cold = _run(tmp_path, True), _run(tmp_path, False)
    assert [output.get("text") for output in warm] == [output.get("text") for output in cold]
    assert warm[0]["text"].splitlines()[1] == "['jupyter.widget', 'jupyter.widget.control'] NO"
    assert str(tmp_path) in warm[0]["text"] and "passed on" in warm[0]["text"]
    assert "..." not in warm[0]["text"]  # all twelve columns, as in a kernel: not cut to a terminal's width
    figures = [output for output in warm if "image/png" in output.get("data", {})]
    assert len(figures) == 1  # the inline backend drew the figure
    template.stop()


def test_a_kernel_told_another_backend_gets_it_from_its_template_too(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    assert _run(tmp_path, True) == _run(tmp_path, False)  # no figure shown in either
    template.stop()


def test_the_kernel_is_forked_from_the_template_and_ends_with_it(tmp_path):
    source = "import os; print(os.getppid(), os.getpid())"
    parent, pid = (int(word) for word in _run(tmp_path, True, source)[0]["text"].split())
    assert b"course_utils.kernels.template_process" in Path(f"/proc/{parent}/cmdline").read_bytes()
    kind = kernel_template("en")
    # A kernel left running (its manager gone without a shutdown) ends when its template stops.
    connection = tmp_path / "kernel.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(connection), transport="ipc", ip=str(tmp_path / "k"))
    orphan = template.spawn(kind, str(connection), str(tmp_path), dict(os.environ), [])
    assert orphan is not None and ForkedProcess(orphan).poll() is None
    template.stop(kind)
    assert template.template_pid(kind) is None
    process = ForkedProcess(orphan)
    deadline = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.poll() is not None
    assert ForkedProcess(pid).poll() is not None  # the notebook's own kernel was shut down after its run


def test_without_a_template_the_kernel_starts_as_usual(tmp_path, monkeypatch):
    monkeypatch.setattr(template, "spawn", lambda *args, **kwargs: None)
    source = "import os; print(os.getppid())"
    assert int(_run(tmp_path, True, source)[0]["text"]) == os.getpid()


def test_a_template_that_cannot_start_is_not_tried_again(tmp_path, monkeypatch):
    broken = template.Kind("broken", ("pandas",), (("PYTHONHOME", str(tmp_path / "no-python-here")),))
    connection = str(tmp_path / "kernel.json")
    assert template.spawn(broken, connection, str(tmp_path), dict(os.environ), []) is None

    def started(kind):
        raise AssertionError("a failed template was started again")

    monkeypatch.setattr(template, "_start", started)
    assert template.spawn(broken, connection, str(tmp_path), dict(os.environ), []) is None
    assert template.template_pid(broken) is None


def test_the_template_has_imported_what_a_kernel_imports_as_it_starts(tmp_path):
    """The debugger, the shell's history (sqlite3) and the rest of ``KERNEL_START`` are imported in the
    template, whatever its kind, so a forked kernel does not import them again as it starts."""
    kind = template.Kind("bare", ())
    connection = tmp_path / "kernel.json"
    from jupyter_client.connect import write_connection_file

    write_connection_file(str(connection), transport="ipc", ip=str(tmp_path / "k"))
    try:
        assert template.spawn(kind, str(connection), str(tmp_path), dict(os.environ), []) is not None
        maps = Path(f"/proc/{template.template_pid(kind)}/maps").read_text()
        assert "_sqlite3" in maps and "psutil" in maps  # extension modules, mapped once imported
    finally:
        template.stop(kind)


def test_a_forked_kernel_shut_down_runs_its_exit_handlers_and_uses_its_own_temporary_folder(tmp_path):
    """As a kernel started directly: a shut-down request ends it through its exit handlers (the app removes
    a visitor's upload folder in one), and ``tempfile`` answers from the kernel's TMPDIR, even where the
    template's imports had already asked it under the template's own."""
    from course_utils.kernels.warm import WarmKernelManager

    # A module the template imports: it asks tempfile, and leaves the template something to do at exit.
    template_exit = tmp_path / "template-exit-handler-ran"
    (tmp_path / "asks_for_tempdir.py").write_text(
        "import atexit, pathlib, tempfile\ntempfile.gettempdir()\n"
        f"atexit.register(pathlib.Path({str(template_exit)!r}).write_text, 'ran')\n")
    (tmp_path / "template-tmp").mkdir()
    (tmp_path / "kernel-tmp").mkdir()
    kind = template.Kind("exit-probe", ("asks_for_tempdir",),
                         (("PYTHONPATH", str(tmp_path)), ("TMPDIR", str(tmp_path / "template-tmp"))))
    manager = WarmKernelManager(kind=kind, kernel_name="python3", transport="ipc", ip=str(tmp_path / "k"))
    marker = tmp_path / "exit-handler-ran"
    try:
        manager.start_kernel(env={**os.environ, "TMPDIR": str(tmp_path / "kernel-tmp")}, cwd=str(tmp_path))
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            "import atexit, os, pathlib, tempfile\n"
            f"atexit.register(pathlib.Path({str(marker)!r}).write_text, f'{{os.getppid()}} {{tempfile.gettempdir()}}')",
            timeout=30)
        assert reply["content"]["status"] == "ok"
        client.stop_channels()
        manager.shutdown_kernel(now=False)
        parent, folder = marker.read_text().split(" ", 1)
        assert b"course_utils.kernels.template_process" in Path(f"/proc/{parent}/cmdline").read_bytes()  # it was forked
        assert folder == str(tmp_path / "kernel-tmp")
        assert not template_exit.exists()  # the template's handler is the template's, not the kernel's
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
        template.stop()  # every kind: the kernel's is ``kind`` with the kernel command's interpreter options
    assert template_exit.read_text() == "ran"  # run once, when the template itself ended


def test_an_app_visitors_kernel_starts_with_the_case_businesses_loaded_and_the_fonts_looked_up(tmp_path):
    """The app's template runs ``charts.warm_up`` (``module:function`` in its preload list) before it forks:
    a visitor's kernel starts with the three case businesses read and matplotlib's font look-ups made, which
    a kernel started afresh does itself, about half a second into its first page."""
    from course_utils.app.kernels import app_template
    from course_utils.kernels.warm import WarmKernelManager

    probe = ("from course_utils.app import results\nfrom matplotlib import font_manager\n"
             "print(results.case.cache_info().currsize, font_manager.FontManager._findfont_cached.cache_info().currsize)")
    found = []
    for kind in (app_template(), None):
        manager = WarmKernelManager(kind=kind, kernel_name="python3", transport="ipc", ip=str(tmp_path / "k"))
        try:
            manager.start_kernel(env=dict(os.environ), cwd=str(tmp_path))
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            printed = []
            client.execute_interactive(probe, timeout=60, output_hook=lambda message: printed.append(
                message["content"].get("text", "")) if message["msg_type"] == "stream" else None)
            client.stop_channels()
            found.append([int(number) for number in "".join(printed).split()])
        finally:
            manager.shutdown_kernel(now=True)
    template.stop()
    warm, fresh = found
    assert warm[0] == 3 and warm[1] >= 2  # the cases; a Latin and a CJK face looked up at least
    assert fresh == [0, 0]


def test_each_forked_kernel_draws_its_own_numpy_randomness(tmp_path):
    """numpy does not reseed itself in a forked process; each kernel is given fresh entropy as a kernel
    started directly has (the course's models seed their own generators)."""
    source = "import numpy; print(numpy.random.randint(2**62))"
    first, second = (_run(tmp_path, True, source)[0]["text"] for _ in range(2))
    assert first != second
    template.stop()


def test_a_template_that_does_not_answer_is_not_used_again_but_its_kernels_live_on(tmp_path, monkeypatch,
                                                                                  child_processes):
    kind = template.Kind("stalls", ())
    from jupyter_client.connect import write_connection_file

    def connection(name: str) -> str:
        path = tmp_path / f"{name}.json"
        write_connection_file(str(path), transport="ipc", ip=str(tmp_path / name))
        return str(path)

    first = template.spawn(kind, connection("first"), str(tmp_path), dict(os.environ), [])
    assert first is not None
    stalled = template.template_pid(kind)
    monkeypatch.setattr(template, "SPAWN_TIMEOUT", 0.5)
    monkeypatch.setattr(template, "ANSWER_GRACE", 0.5)
    os.kill(stalled, signal.SIGSTOP)  # a template too busy to answer
    try:
        assert template.spawn(kind, connection("second"), str(tmp_path), dict(os.environ), []) is None
        assert template.template_pid(kind) is None  # not used again ...
        time.sleep(1.5)  # longer than a kernel takes to notice its template is gone (it looks every second)
        assert template.running(stalled) and ForkedProcess(first).poll() is None  # ... but not stopped
    finally:
        os.kill(stalled, signal.SIGCONT)
    # Awake, it comes to the request its caller gave up on (and started that kernel itself): it forks none.
    time.sleep(1)
    assert list(child_processes(stalled)) == [first]
    os.kill(first, signal.SIGKILL)


class _ScriptedClient:
    """What ``ReadyClient.wait_for_ready`` asks of a client, answering from a script; it records each wait."""

    def __init__(self, iopub: list):
        self.iopub, self.waits, self.handled = iopub, [], None

    def kernel_info(self):
        return "request"

    def get_shell_msg(self, timeout):
        return {"msg_type": "kernel_info_reply", "content": {"protocol_version": "5.3"}}

    def get_iopub_msg(self, timeout):
        from queue import Empty

        self.waits.append(timeout)
        if not self.iopub:
            raise Empty
        return self.iopub.pop(0)

    def is_alive(self):
        return True

    def _handle_kernel_info_reply(self, reply):
        self.handled = reply


def test_a_client_is_ready_without_waiting_for_the_kernel_to_fall_quiet():
    from course_utils.kernels.warm import ReadyClient

    client = _ScriptedClient(["status busy", "status idle", "stream"])
    ReadyClient.wait_for_ready(client, timeout=5)
    # One wait for the broadcast channel to speak, then what is there is read without waiting:
    # jupyter_client's own client waits 0.2 s more after the last message.
    assert client.waits == [0.2, 0, 0, 0] and client.iopub == [] and client.handled["msg_type"] == "kernel_info_reply"
