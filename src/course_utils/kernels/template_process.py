"""A warm kernel template: the process :mod:`course_utils.kernels.template` starts and asks for kernels.

``python -m course_utils.kernels.template_process MODULE...`` imports the modules (and
what every kernel imports as it starts) once, runs the warm-ups named ``module:function``
among them, never runs
notebook code, and for each request on stdin (a JSON line) forks a child that becomes
the kernel, answering the child's pid on stdout ("late" for a request whose caller has
already given up). It exits when its stdin closes; each kernel exits when it does.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import tempfile
import time

PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
# What ipykernel imports as a kernel starts, whatever the kind: the kernel application and class, its
# debugger (debugpy), the shell's history (sqlite3), help and post-mortem (pydoc, pdb) and psutil. Imported
# in the template, a forked kernel is ready in 0.03 s instead of 0.17 s. None of them starts a thread on import.
KERNEL_START = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "sqlite3", "pdb", "pydoc", "psutil")
# Modules that hook themselves into the kernel they are imported in, and the function that does it. The
# template imports them outside a kernel, so each forked kernel hooks them in itself: ipywidgets registers
# the comm targets a page's widget manager opens (without them a page falls back to asking widget by widget).
KERNEL_HOOKS = (("ipywidgets", "load_ipython_extension"),)


def _reap(signum, frame) -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def subreaper() -> None:
    """Make this process adopt its orphaned descendants, so the caller can still find and kill them."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the process group kill still applies
        pass


def _become_kernel(request: dict, set_by_imports: dict[str, str]) -> None:
    """In the forked child: limits, session, folder, environment, then run the kernel until it ends.

    ``set_by_imports``: the variables the template's imports set in its environment.
    """
    template = os.getppid()
    subreaper()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()
    if request.get("max_file_mb") is not None:
        from course_utils.kernels import limits

        limits.apply(int(request["max_file_mb"]))
    # What the template's imports left to do at exit is the template's (a folder of its own, say): the
    # kernel registers its own handlers as it starts. logging's is every interpreter's.
    atexit._clear()
    if "logging" in sys.modules:
        atexit.register(sys.modules["logging"].shutdown)
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()  # fresh entropy, as in a kernel started directly (``random`` reseeds itself)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for name, value in set_by_imports.items():  # as the imports would set them in the kernel (unless already set)
        os.environ.setdefault(name, value)
    tempfile.tempdir = None  # found again from the kernel's own TMPDIR, not the template's
    # What ``python -m ipykernel_launcher -f CONNECTION ARGUMENTS...`` started by its template would see.
    os.environ["JPY_PARENT_PID"] = str(template)
    import ipykernel
    from ipykernel.kernelapp import IPKernelApp

    arguments = ["-f", request["connection"], *request["arguments"]]
    sys.argv = [os.path.join(os.path.dirname(os.path.dirname(ipykernel.__file__)), "ipykernel_launcher.py"), *arguments]
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))  # as Python reads it at start
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    app = IPKernelApp.instance()
    # The kernel watches its template, as a kernel started directly watches its starter.
    app.initialize([*arguments, f"--IPKernelApp.parent_handle={template}"])
    for module, hook in KERNEL_HOOKS:
        if module in sys.modules:
            try:
                getattr(sys.modules[module], hook)(app.shell)
            except Exception:  # noqa: BLE001 - a kernel without the hook still runs code, as one dead would not
                continue
    app.start()


class _KernelShell:
    """What ``get_ipython()`` answers in a kernel, as far as a library asks at import time."""

    kernel = True


def _preload(names: list[str]) -> None:
    """Import ``names`` as a kernel would: where a library asks at import whether it runs in a
    Jupyter kernel (pandas sets its display width and columns so), the answer is yes. A name
    ``module:function`` also calls the function, once, with no arguments (a warm-up, such as
    :func:`course_utils.app.charts.warm_up`)."""
    import builtins
    import importlib

    builtins.get_ipython = _KernelShell
    try:
        for name in names:
            module, _, function = name.partition(":")
            try:
                loaded = importlib.import_module(module)
                if function:
                    getattr(loaded, function)()
            except Exception:  # noqa: BLE001 - a module that fails here is imported (or not) by the kernel itself
                continue
    finally:
        del builtins.get_ipython


def serve(preload: list[str]) -> None:
    # As ipykernel's launcher does: the folder this started in is not where a kernel imports from.
    if sys.path[0] == "" or os.path.abspath(sys.path[0]) == os.getcwd():
        del sys.path[0]
    before = dict(os.environ)
    _preload([*preload, *KERNEL_START])
    set_by_imports = {name: value for name, value in os.environ.items() if before.get(name) != value}
    subreaper()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if time.monotonic() > request["deadline"]:  # the caller has given up and starts this kernel itself
            print("late", flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request, set_by_imports)
                # A kernel that ends normally (shut down, not killed) runs the exit handlers it registered,
                # as a kernel started directly does at interpreter exit: the app removes an upload folder in one.
                atexit._run_exitfuncs()
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    serve(sys.argv[1:])
