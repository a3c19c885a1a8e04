"""Kernel managers whose kernels are forked from a warm template (:mod:`template`): for nbclient, and a
mixin for a server's (the app's, :mod:`course_utils.app.kernels`).

jupyter_client starts a kernel through a provisioner; :class:`WarmProvisioner` is the
local one with a different launch: it asks the template for a fork instead of starting
``python -m ipykernel_launcher``, and falls back to exactly that launch when the
template cannot be used. The forked kernel is the template's child, not ours, so
:class:`ForkedProcess` stands in for the ``Popen`` the local provisioner would keep.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from queue import Empty

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import default

from course_utils.kernels import template

POLL = 0.02  # seconds between looks at a forked kernel that is being waited for


class ForkedProcess:
    """The part of ``Popen``'s interface the local provisioner uses, for a process we did not start."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not template.running(self.pid):
            self.returncode = 0  # the template reaped it and keeps its status: none to report
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        until = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if until is not None and time.monotonic() > until:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(POLL)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:  # it ended just now
                self.returncode = 0

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


_executor: tuple[int, ThreadPoolExecutor] | None = None


def _forks() -> ThreadPoolExecutor:
    """This process's one thread that asks templates for kernels (they answer one at a time anyway)."""
    global _executor
    if _executor is None or _executor[0] != os.getpid():  # a forked process has the object, not the thread
        _executor = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="kernel-fork"))
    return _executor[1]


def template_for(kind: template.Kind, command: list[str]) -> template.Kind | None:
    """The template a kernel started by ``command`` can be forked from: ``kind`` with the command's
    interpreter options, or None when ``command`` is not this Python's ipykernel.

    Only this Python's own ipykernel can be forked from a template this Python started, and with the
    options the command gives (ipykernel's spec asks for ``-Xfrozen_modules=off``).

    >>> kind = template.Kind("probe", ("pandas",))
    >>> template_for(kind, [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]).options
    ('-Xfrozen_modules=off',)
    >>> template_for(kind, ["/opt/another/python", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
    True
    """
    module = command.index("-m") if "-m" in command else len(command)
    if command[:1] != [sys.executable] or command[module + 1:module + 2] != ["ipykernel_launcher"]:
        return None
    return dataclasses.replace(kind, options=tuple(command[1:module]))


class WarmProvisioner(LocalProvisioner):
    """The local provisioner, launching by a fork of ``kind``'s template where it can."""

    kind: template.Kind | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        env, cwd = kwargs.get("env") or dict(os.environ), str(kwargs.get("cwd") or os.getcwd())
        pid = None
        kind = template_for(self.kind, cmd) if self.kind is not None else None
        arguments = cmd[cmd.index("-m") + 2:] if kind is not None else []  # after ``-m ipykernel_launcher``
        if "-f" in arguments[:-1]:
            at = arguments.index("-f")
            # In a thread of its own: a server's event loop goes on while the template starts or forks.
            pid = await asyncio.get_running_loop().run_in_executor(_forks(), functools.partial(
                template.spawn, kind, arguments[at + 1], cwd, dict(env), arguments[:at] + arguments[at + 2:]))
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid  # the fork started its own session: its group is its pid
        self.cwd = cwd
        return self.connection_info


class ReadyClient(BlockingKernelClient):
    """A kernel client that is ready once its kernel has answered on the request channel and spoken on
    the broadcast one.

    jupyter_client's client then goes on reading the broadcast channel until it has been quiet for
    0.2 s: a fifth of a second of every kernel start spent waiting, more than a warm kernel takes to
    start. nbclient matches each broadcast message to the request it answers and drops the others, so
    here the messages already there are read and the wait ends.
    """

    def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = self.get_shell_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    self.get_iopub_msg(timeout=0.2)  # the broadcast channel is connected once a message comes
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")  # i18n: not translated (as jupyter_client words it)
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")  # i18n: not translated (as jupyter_client words it)
        while True:  # what the kernel has said so far, without waiting for more
            try:
                self.get_iopub_msg(timeout=0)
            except Empty:
                break


class WarmStart:
    """For a jupyter_client kernel manager (blocking or asynchronous): its kernels come from the template
    of :meth:`kernel_kind` (None: started as usual)."""

    def kernel_kind(self) -> template.Kind | None:
        return None

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            provisioner.kind = self.kernel_kind()
            self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)


class WarmKernelManager(WarmStart, KernelManager):
    """A kernel manager whose kernels come from ``kind``'s template (``kind=None``: started as usual),
    with clients that do not idle once the kernel is ready (:class:`ReadyClient`)."""

    def __init__(self, *args, kind: template.Kind | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._kind = kind

    def kernel_kind(self) -> template.Kind | None:
        return self._kind

    @default("client_factory")
    def _ready_client(self):
        return ReadyClient
