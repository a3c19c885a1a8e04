"""A learner's kernel, run at arm's length: limits, time limits and a hard deadline.

The kernel is a separate process in its own session and process group, under
the limits of :mod:`course_utils.kernels.limits`, in a temporary working
folder; it is forked from a warm template (:mod:`course_utils.kernels.template`) when one is running.
The grader talks to it over the shell channel only and reads nothing but
replies to its own requests. Every wait has a time limit; a request that runs past its limit is
interrupted, and a kernel that does not answer the interrupt is killed. A timer
thread kills the whole process group when the notebook's deadline passes,
whatever the kernel is doing, so no submission can hold up the run.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.i18n import ENVIRONMENT_VARIABLE, language
from course_utils.kernels import template

INTERRUPT_GRACE = 2.0  # seconds a kernel gets to answer after an interrupt
KILL_WAIT = 5.0  # seconds to wait for killed processes to be gone
MAX_MESSAGE = 64 * 1024 * 1024  # bytes in one message from the kernel
POLL = 0.1
MARKER = "COURSE_GRADE_KERNEL"  # environment variable naming this kernel: found again to kill escaped children
# A class run's own folder (set by the run): kernels make their folders in it, and every process started
# under the run carries it, so the run can kill and remove all of them when a grading process dies.
RUN = "COURSE_GRADE_RUN"
# The grader's kernels draw nothing on screen; the template preloads what a graded notebook and its checks import.
TEMPLATE = template.Kind("grading", ("numpy", "pandas", "matplotlib", "matplotlib.pyplot",
                                     "course_utils.instructor.grading.probe", "course_utils.exercises.checks",
                                     "course_utils.datasets", "course_utils.style"),
                         (("MPLBACKEND", "Agg"),))


class KernelLost(BaseException):
    """The kernel is gone or past its deadline; ``reason`` is one line for the feedback.

    A BaseException, so the checks (which catch ``Exception`` from learner code)
    let it through and grading of this notebook stops with the reason.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Reply:
    """The kernel's answer to one request: ``status`` is ok, error, timeout."""

    status: str
    content: dict = field(default_factory=dict)


class Kernel:
    """One kernel for one notebook; use as a context manager so it is always killed."""

    def __init__(self, deadline: float, *, max_file_mb: int, reasons: dict, warm: bool = True):
        self.deadline = deadline
        self.warm = warm  # fork from the warm template (:mod:`course_utils.kernels.template`) when it is available
        self.max_file_mb = max_file_mb
        self.reasons = reasons  # messages for KernelLost, formatted by the caller's locale
        self.tag = uuid.uuid4().hex
        self.lost: str | None = None
        self.process: subprocess.Popen | None = None  # set when started directly, not forked
        self.pid: int | None = None
        self.client = None
        self._folders: list[Path] = []
        self._timer: threading.Timer | None = None

    # -- life cycle ---------------------------------------------------------------------
    def __enter__(self) -> "Kernel":
        try:
            self._start()
        except BaseException:  # a kernel half started is still killed and its folders removed
            self.__exit__()
            raise
        return self

    def _start(self) -> None:
        import zmq
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.connect import write_connection_file

        run = os.environ.get(RUN)
        parent = run if run and Path(run).is_dir() else None
        home = Path(tempfile.mkdtemp(prefix="course-grade-conn-", dir=parent))
        work = Path(tempfile.mkdtemp(prefix="course-grade-", dir=parent))
        self._folders = [home, work]
        connection, info = write_connection_file(str(home / "kernel.json"), transport="ipc", ip=str(home / "k"))
        env = {**os.environ, ENVIRONMENT_VARIABLE: language(), MARKER: self.tag, "PYTHONDONTWRITEBYTECODE": "1",
               "MPLBACKEND": "Agg",
               **template.SINGLE_THREAD}
        arguments = ["--HistoryManager.enabled=False", "--IPKernelApp.log_level=CRITICAL"]
        self.pid = template.spawn(TEMPLATE, connection, str(work), env, arguments, self.max_file_mb) if self.warm else None
        if self.pid is None:
            command = [sys.executable, "-m", "course_utils.kernels.limits", f"--max-file-mb={self.max_file_mb}",
                       "--", sys.executable, "-m", "ipykernel_launcher", "-f", connection, *arguments]
            self.process = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                            start_new_session=True)
            self.pid = self.process.pid
        _ACTIVE.add(self.pid)
        self._timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._at_deadline)
        self._timer.daemon = True
        self._timer.start()
        self.client = BlockingKernelClient()
        self.client.load_connection_info(info)
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        # A reply larger than this drops the connection (then the request times out) instead of filling memory.
        self.client.shell_channel.socket.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.kill()
        if self.client is not None:
            self.client.stop_channels()
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)

    def _at_deadline(self) -> None:
        if self.lost is None:
            self.lost = self.reasons["deadline"]
        self.kill()

    def kill(self) -> None:
        """SIGKILL the kernel, everything it started (even in a new session), and tagged strays."""
        if self.pid is None:
            return
        with _KILLING:
            targets = _descendants({self.pid})
            if self.process is None:  # orphans of a forked kernel are adopted by the kernel or its template
                others = set().union(*[_descendants({pid}) for pid in _ACTIVE - {self.pid}])
                warm = template.template_pid(TEMPLATE)
                targets |= _descendants({warm or self.pid}) - others - {warm}
            targets |= set(_tagged_processes(self.tag))
            for pid in targets:  # stop first: a stopped process cannot fork away
                _signal(os.kill, pid, signal.SIGSTOP)
            _signal(os.killpg, self.pid, signal.SIGKILL)
            for pid in targets:
                _signal(os.kill, pid, signal.SIGKILL)
            _ACTIVE.discard(self.pid)
            # SIGKILL is delivered when the process is next scheduled: wait, so none outlives the grading.
            until = time.monotonic() + KILL_WAIT
            while time.monotonic() < until and any(template.running(pid) for pid in targets):
                time.sleep(0.02)
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # in uninterruptible sleep: it dies when the call returns
                pass

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        return template.running(self.pid)  # a forked kernel is the template's child: read its state

    def interrupt(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGINT)
        except (ProcessLookupError, PermissionError):
            pass

    # -- requests -------------------------------------------------------------------------
    def _check(self) -> None:
        if self.lost is None and not self.alive():
            self.lost = self.reasons["exited"]
        if self.lost is None and time.monotonic() >= self.deadline:
            self._at_deadline()
        if self.lost is not None:
            self.kill()
            raise KernelLost(self.lost)

    def _wait(self, msg_id: str, until: float) -> dict | None:
        """The reply to ``msg_id``, or None when ``until`` passes first."""
        while True:
            self._check()
            left = min(until, self.deadline) - time.monotonic()
            if left <= 0:
                return None
            try:
                message = self.client.get_shell_msg(timeout=min(POLL, left))
            except queue.Empty:
                continue
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                return message

    def ready(self, timeout: float) -> None:
        """Wait until the kernel answers; :class:`KernelLost` if it does not start in time."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            self._check()
            msg_id = self.client.kernel_info()
            if self._wait(msg_id, min(until, time.monotonic() + 2)) is not None:
                return
        self.lost = self.reasons["no_start"]
        self._check()

    def execute(self, code: str, timeout: float, *, silent: bool = False, expressions: dict | None = None) -> Reply:
        """Run ``code``; past ``timeout`` interrupt it, and kill the kernel if it does not give control back."""
        msg_id = self.client.execute(code, silent=silent, store_history=not silent, allow_stdin=False,
                                     stop_on_error=False, user_expressions=expressions or {})
        message = self._wait(msg_id, time.monotonic() + timeout)
        if message is None:
            self.interrupt()
            if self._wait(msg_id, time.monotonic() + INTERRUPT_GRACE) is None:
                self.lost = self.reasons["unresponsive"]
                self._check()
            return Reply("timeout")
        content = message.get("content", {})
        return Reply("ok" if content.get("status") == "ok" else "error", content)


_ACTIVE: set = set()  # pids of this process's kernels still running
_KILLING = threading.Lock()


def _signal(send, pid: int, signum: int) -> None:
    try:
        send(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _descendants(roots: set) -> set:
    """``roots`` and every process below them, from the parent pids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, pending = set(), [pid for pid in roots if pid]
    while pending:
        pid = pending.pop()
        if pid not in found:
            found.add(pid)
            pending += children.get(pid, [])
    return found


def kill_run(folder: str) -> int:
    """SIGKILL every process started under the class run whose folder is ``folder``; how many there were.

    For kernels and templates left behind by a grading process that was killed before it could stop them,
    and what they started (a child that cleared its environment is still below a template, a subreaper).
    """
    with _KILLING:
        targets = _descendants(set(_tagged_processes(folder, RUN)))
        for pid in targets:
            _signal(os.kill, pid, signal.SIGSTOP)
        for pid in targets:
            _signal(os.kill, pid, signal.SIGKILL)
        until = time.monotonic() + KILL_WAIT
        while time.monotonic() < until and any(template.running(pid) for pid in targets):
            time.sleep(0.02)
    return len(targets)


def _tagged_processes(tag: str, marker: str = MARKER) -> list[int]:
    """Processes whose environment carries ``marker=tag`` (children that started their own session)."""
    needle = f"{marker}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found
