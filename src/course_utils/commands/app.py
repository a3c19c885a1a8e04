"""``course app``: serve the business diagnosis (生意问诊) to merchants with Voilà."""

from __future__ import annotations

import argparse
import signal
import subprocess

from course_utils.i18n import Translator

tr = Translator("cli")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
STOP_SECONDS = 20

HELP = tr.gettext("serve the business diagnosis app (生意问诊) with Voilà at http://127.0.0.1:8866/")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from course_utils.app.server import DEFAULT_PORT

    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=tr.gettext("port to listen on (default 8866)"))
    parser.add_argument("--ip", default="127.0.0.1", help=tr.gettext("address to listen on (default 127.0.0.1: this "
                                                                     "computer only)"))


class _Stop(Exception):
    """SIGTERM or SIGHUP reached ``course app``: stop Voilà as Ctrl-C does."""


def _raise_stop(signum, frame):
    raise _Stop(signum)


def run(args: argparse.Namespace) -> int:
    from course_utils.app import applog
    from course_utils.app.server import check_port, voila_command, voila_environment
    from course_utils.errors import CourseInputError

    if not 1 <= args.port <= 65535:
        raise CourseInputError(tr.gettext("--port should be between 1 and 65535; got {port}.", port=args.port), "port")
    check_port(args.ip, args.port)
    address = f"http://{args.ip}:{args.port}/"
    # Voilà runs in a session of its own (below), so a signal meant for this command never reaches it:
    # this command stops it, for Ctrl-C and for SIGTERM or SIGHUP (a service manager, a closed terminal).
    previous = {number: signal.getsignal(number) for number in (*STOP_SIGNALS, signal.SIGINT)}
    for number in STOP_SIGNALS:
        signal.signal(number, _raise_stop)
    process = None
    try:
        environment = voila_environment()
        print(tr.gettext("Business diagnosis app (生意问诊): open {address} in a browser. Press Ctrl-C to stop.",
                         address=address), flush=True)
        print(tr.gettext("What goes wrong on a visitor's page is written to {path}.",
                         path=environment[applog.VARIABLE]), flush=True)
        # Its own session: Ctrl-C reaches this command only, which stops Voilà in order (Voilà then
        # shuts its kernels down) instead of interrupting every kernel mid-start.
        process = subprocess.Popen(voila_command(port=args.port, ip=args.ip), env=environment,
                                   start_new_session=True)
        return process.wait()
    except (KeyboardInterrupt, _Stop):
        for number in previous:  # a second signal while Voilà stops must not cut the stop short
            signal.signal(number, signal.SIG_IGN)
        if process is not None:
            _stop(process)
        print(tr.gettext("The app has stopped."), flush=True)
        return 0
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to Voilà (it shuts its kernels down), then SIGKILL if it has not ended in STOP_SECONDS."""
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
